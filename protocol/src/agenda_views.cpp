#include "traffpunkt/protocol/agenda_views.hpp"

#include "field_readers.hpp"
#include "traffpunkt/protocol/ops_agenda.hpp"
#include "traffpunkt/protocol/ops_minutes.hpp"

namespace traffpunkt::protocol {
namespace json = boost::json;

namespace {

json::value agenda_nullable(const std::optional<std::string>& s) {
    return s ? json::value(*s) : json::value(nullptr);
}

json::value agenda_nullable(const std::optional<std::int64_t>& i) {
    return i ? json::value(*i) : json::value(nullptr);
}

json::array id_array(const std::vector<std::int64_t>& ids) {
    json::array out;
    out.reserve(ids.size());
    for (const auto id : ids) {
        out.push_back(id);
    }
    return out;
}

std::string agenda_element(std::string_view key, std::size_t i) {
    return std::string(key) + "[" + std::to_string(i) + "]";
}

/** The objects of array `key`, each read by `read(object, prefix)`. */
template <class Read>
auto read_objects(args_reader& r, std::string_view key, const std::string& prefix, Read read) {
    std::vector<decltype(read(json::object{}, std::string{}))> out;
    const auto& arr = r.array(key);
    for (std::size_t i = 0; i < arr.size(); ++i) {
        if (!arr[i].is_object()) {
            r.fail(agenda_element(key, i), "must be an object");
        }
        out.push_back(read(arr[i].get_object(), prefix + agenda_element(key, i) + "."));
    }
    return out;
}

std::vector<std::int64_t> agenda_read_ids(args_reader& r, std::string_view key) {
    std::vector<std::int64_t> out;
    const auto& arr = r.array(key);
    for (std::size_t i = 0; i < arr.size(); ++i) {
        if (!arr[i].is_int64() || arr[i].get_int64() < 1 ||
            arr[i].get_int64() > limits::max_safe_integer) {
            r.fail(agenda_element(key, i), "must be an id");
        }
        out.push_back(arr[i].get_int64());
    }
    return out;
}

presenter_view read_presenter(const json::object& obj, const std::string& prefix) {
    args_reader r(obj, prefix);
    presenter_view v;
    v.name = r.string("name");
    v.organisation = r.string("organisation");
    r.finish();
    return v;
}

agenda_item_view read_item(const json::object& obj, const std::string& prefix) {
    args_reader r(obj, prefix);
    agenda_item_view v;
    v.item_id = detail::read_id(r, "item_id");
    v.meeting_id = detail::read_id(r, "meeting_id");
    v.position = r.integer("position", 1, limits::agenda_position_max);
    v.title = r.string("title");
    v.description = r.string("description");
    v.kind = r.one_of("kind", enum_values::agenda_item_kind);
    v.starts_at = r.string("starts_at");
    v.ends_at = r.string("ends_at");
    v.duration_minutes = r.integer("duration_minutes", 1, limits::agenda_duration_max);
    v.presenters = read_objects(r, "presenters", prefix, read_presenter);
    v.document_ids = agenda_read_ids(r, "document_ids");
    v.poll_ids = agenda_read_ids(r, "poll_ids");
    v.updated_at = r.string("updated_at");
    r.finish();
    return v;
}

agenda_warning_view read_warning(const json::object& obj, const std::string& prefix) {
    args_reader r(obj, prefix);
    agenda_warning_view v;
    v.code = r.one_of("code", enum_values::agenda_warning_code);
    v.item_ids = agenda_read_ids(r, "item_ids");
    v.message = r.string("message");
    r.finish();
    return v;
}

minutes_link_view read_link(const json::object& obj, const std::string& prefix) {
    args_reader r(obj, prefix);
    minutes_link_view v;
    v.meeting_id = detail::read_id(r, "meeting_id");
    v.title = r.string("title");
    v.starts_at = r.string("starts_at");
    if (const auto* m = r.opt_object("minutes")) {
        args_reader mr(*m, prefix + "minutes.");
        v.minutes_version = mr.integer("version", 1, limits::max_safe_integer);
        v.minutes_status = mr.one_of("status", enum_values::minutes_status);
        mr.finish();
    }
    r.finish();
    return v;
}

}  // namespace

json::object to_json(const agenda_item_view& v) {
    json::array presenters;
    for (const auto& p : v.presenters) {
        presenters.push_back(json::object{{"name", p.name}, {"organisation", p.organisation}});
    }
    json::object o;
    o.reserve(13);
    o["item_id"] = v.item_id;
    o["meeting_id"] = v.meeting_id;
    o["position"] = v.position;
    o["title"] = v.title;
    o["description"] = v.description;
    o["kind"] = v.kind;
    o["starts_at"] = v.starts_at;
    o["ends_at"] = v.ends_at;
    o["duration_minutes"] = v.duration_minutes;
    o["presenters"] = std::move(presenters);
    o["document_ids"] = id_array(v.document_ids);
    o["poll_ids"] = id_array(v.poll_ids);
    o["updated_at"] = v.updated_at;
    return o;
}

json::object to_json(const agenda_warning_view& v) {
    return {{"code", v.code}, {"item_ids", id_array(v.item_ids)}, {"message", v.message}};
}

json::object to_json(const agenda_view& v) {
    json::array items;
    for (const auto& i : v.items) {
        items.push_back(to_json(i));
    }
    json::array warnings;
    for (const auto& w : v.warnings) {
        warnings.push_back(to_json(w));
    }
    return {{"meeting_id", v.meeting_id},
            {"revision", v.revision},
            {"items", std::move(items)},
            {"warnings", std::move(warnings)}};
}

json::object to_json(const agenda_now_view& v) {
    return {{"meeting_id", v.meeting_id},
            {"item_id", agenda_nullable(v.item_id)},
            {"state", v.state},
            {"started_at", agenda_nullable(v.started_at)},
            {"ended_at", agenda_nullable(v.ended_at)},
            {"server_time", v.server_time}};
}

json::object to_json(const actor_view& v) {
    return {{"person_id", agenda_nullable(v.person_id)}, {"name", v.name}};
}

json::object to_json(const agenda_change_view& v) {
    json::object o;
    o.reserve(10);
    o["change_id"] = v.change_id;
    o["revision"] = v.revision;
    o["changed_at"] = v.changed_at;
    o["changed_by"] = to_json(v.changed_by);
    o["action"] = v.action;
    o["item_id"] = v.item_id;
    o["summary"] = v.summary;
    o["before"] = v.before ? json::value(*v.before) : json::value(nullptr);
    o["after"] = v.after ? json::value(*v.after) : json::value(nullptr);
    o["sequence"] = agenda_nullable(v.sequence);
    return o;
}

json::object to_json(const minutes_link_view& v) {
    json::value minutes = nullptr;
    if (v.minutes_version && v.minutes_status) {
        minutes = json::object{{"version", *v.minutes_version}, {"status", *v.minutes_status}};
    }
    return {{"meeting_id", v.meeting_id},
            {"title", v.title},
            {"starts_at", v.starts_at},
            {"minutes", std::move(minutes)}};
}

json::object to_json(const minutes_view& v) {
    json::object o;
    o.reserve(6);
    o["meeting_id"] = v.meeting_id;
    o["version"] = v.version;
    o["status"] = v.status;
    // Omitted, not empty, for callers who may not read unapproved minutes.
    if (v.text) {
        o["text"] = *v.text;
    }
    o["updated_at"] = agenda_nullable(v.updated_at);
    o["previous"] = v.previous ? json::value(to_json(*v.previous)) : json::value(nullptr);
    return o;
}

json::object to_json(const minutes_version_view& v) {
    json::object o;
    o.reserve(7);
    o["version"] = v.version;
    o["action"] = v.action;
    o["status"] = v.status;
    o["changed_at"] = v.changed_at;
    o["changed_by"] = to_json(v.changed_by);
    o["length"] = v.length;
    if (v.text) {
        o["text"] = *v.text;
    }
    return o;
}

agenda_item_view agenda_item_view_from_json(const json::object& obj) {
    return read_item(obj, {});
}

agenda_view agenda_view_from_json(const json::object& obj) {
    args_reader r(obj);
    agenda_view v;
    v.meeting_id = detail::read_id(r, "meeting_id");
    v.revision = r.integer("revision", 0, limits::max_safe_integer);
    v.items = read_objects(r, "items", {}, read_item);
    v.warnings = read_objects(r, "warnings", {}, read_warning);
    r.finish();
    return v;
}

agenda_now_view agenda_now_view_from_json(const json::object& obj) {
    args_reader r(obj);
    agenda_now_view v;
    v.meeting_id = detail::read_id(r, "meeting_id");
    v.item_id = detail::read_opt_id(r, "item_id");
    v.state = r.one_of("state", enum_values::agenda_live_state);
    v.started_at = r.opt_string("started_at");
    v.ended_at = r.opt_string("ended_at");
    v.server_time = r.string("server_time");
    r.finish();
    return v;
}

minutes_view minutes_view_from_json(const json::object& obj) {
    args_reader r(obj);
    minutes_view v;
    v.meeting_id = detail::read_id(r, "meeting_id");
    v.version = r.integer("version", 0, limits::max_safe_integer);
    v.status = r.one_of("status", enum_values::minutes_status);
    v.text = r.opt_string("text");
    v.updated_at = r.opt_string("updated_at");
    if (const auto* p = r.opt_object("previous")) {
        v.previous = read_link(*p, "previous.");
    }
    r.finish();
    return v;
}

}  // namespace traffpunkt::protocol
