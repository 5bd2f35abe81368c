#include "traffpunkt/protocol/ops_agenda.hpp"

#include "field_readers.hpp"

namespace traffpunkt::protocol {
namespace {

namespace json = boost::json;

std::string item_element(std::string_view key, std::size_t i) {
    return std::string(key) + "[" + std::to_string(i) + "]";
}

const json::array& bounded_array(args_reader& r, std::string_view key) {
    const auto& arr = r.array(key);
    if (arr.size() > limits::agenda_list_max) {
        r.fail(key, "has more than " + std::to_string(limits::agenda_list_max) + " elements");
    }
    return arr;
}

/** A list of ids; each must be an integer 1..2^53-1 (repeats are the domain's to refuse). */
std::vector<std::int64_t> read_item_ids(args_reader& r, std::string_view key) {
    const auto& arr = bounded_array(r, key);
    std::vector<std::int64_t> ids;
    ids.reserve(arr.size());
    for (std::size_t i = 0; i < arr.size(); ++i) {
        // A one-member object lets the reader check the element with its usual integer rules.
        const json::object holder{{"id", arr[i]}};
        args_reader e(holder);
        try {
            ids.push_back(detail::read_id(e, "id"));
        } catch (const protocol_error&) {
            r.fail(item_element(key, i), "must be an id (an integer from 1 to 2^53-1)");
        }
    }
    return ids;
}

std::vector<presenter_input> read_presenters(args_reader& r) {
    const auto& arr = bounded_array(r, "presenters");
    std::vector<presenter_input> out;
    out.reserve(arr.size());
    for (std::size_t i = 0; i < arr.size(); ++i) {
        const std::string name = item_element("presenters", i);
        if (!arr[i].is_object()) {
            r.fail(name, "must be an object");
        }
        args_reader p(arr[i].get_object(), name + ".");
        presenter_input in;
        in.name = p.string("name");
        in.organisation = p.opt_string("organisation").value_or("");
        p.finish();
        out.push_back(std::move(in));
    }
    return out;
}

bool item_present(const args_reader& r, std::string_view key) {
    return r.has(key);
}

/**
 * True when `key` holds something other than null. A null counts as absent; it is still asked
 * about (opt_string of a null reads nothing), so finish() does not call it unknown.
 */
bool given(args_reader& r, std::string_view key) {
    if (r.is_null(key)) {
        r.opt_string(key);
        return false;
    }
    return r.has(key);
}

agenda_meeting_args read_agenda_meeting(const json::object& args) {
    args_reader r(args);
    agenda_meeting_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    r.finish();
    return a;
}

}  // namespace

agenda_meeting_args decode_agenda_get(const json::object& args) {
    return read_agenda_meeting(args);
}

agenda_meeting_args decode_agenda_history(const json::object& args) {
    return read_agenda_meeting(args);
}

agenda_meeting_args decode_agenda_start(const json::object& args) {
    return read_agenda_meeting(args);
}

agenda_meeting_args decode_agenda_end(const json::object& args) {
    return read_agenda_meeting(args);
}

agenda_add_args decode_agenda_add(const json::object& args) {
    args_reader r(args);
    agenda_add_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    a.title = r.string("title");
    a.description = r.opt_string("description").value_or("");
    a.kind = r.one_of("kind", enum_values::agenda_item_kind);
    a.starts_at = r.string("starts_at");
    a.duration_minutes = r.integer("duration_minutes", 1, limits::agenda_duration_max);
    if (given(r, "presenters")) {
        a.presenters = read_presenters(r);
    }
    if (given(r, "document_ids")) {
        a.document_ids = read_item_ids(r, "document_ids");
    }
    if (given(r, "poll_ids")) {
        a.poll_ids = read_item_ids(r, "poll_ids");
    }
    a.position = r.opt_integer("position", 1, limits::agenda_position_max);
    r.finish();
    return a;
}

agenda_update_args decode_agenda_update(const json::object& args) {
    using detail::not_null;
    args_reader r(args);
    agenda_update_args a;
    a.item_id = detail::read_id(r, "item_id");
    a.title = not_null(r, "title", r.string_patch("title"));
    a.description = r.string_patch("description");
    a.kind = not_null(r, "kind", r.one_of_patch("kind", enum_values::agenda_item_kind));
    a.starts_at = not_null(r, "starts_at", r.string_patch("starts_at"));
    a.duration_minutes = not_null(
        r, "duration_minutes", r.integer_patch("duration_minutes", 1, limits::agenda_duration_max));
    if (item_present(r, "presenters")) {
        a.presenters = read_presenters(r);
    }
    if (item_present(r, "document_ids")) {
        a.document_ids = read_item_ids(r, "document_ids");
    }
    if (item_present(r, "poll_ids")) {
        a.poll_ids = read_item_ids(r, "poll_ids");
    }
    r.finish();
    if (!a.title.present && !a.description.present && !a.kind.present && !a.starts_at.present &&
        !a.duration_minutes.present && !a.presenters && !a.document_ids && !a.poll_ids) {
        r.fail("item_id", "needs at least one field to change beside it");
    }
    return a;
}

agenda_move_args decode_agenda_move(const json::object& args) {
    args_reader r(args);
    agenda_move_args a;
    a.item_id = detail::read_id(r, "item_id");
    a.position = r.integer("position", 1, limits::agenda_position_max);
    r.finish();
    return a;
}

agenda_remove_args decode_agenda_remove(const json::object& args) {
    args_reader r(args);
    agenda_remove_args a;
    a.item_id = detail::read_id(r, "item_id");
    r.finish();
    return a;
}

agenda_set_current_args decode_agenda_set_current(const json::object& args) {
    args_reader r(args);
    agenda_set_current_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    if (!r.has("item_id")) {
        r.fail("item_id", "is required (null for no current item)");
    }
    a.item_id = detail::read_opt_id(r, "item_id");
    a.start = r.opt_boolean("start").value_or(true);
    r.finish();
    return a;
}

}  // namespace traffpunkt::protocol
