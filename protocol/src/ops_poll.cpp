#include "traffpunkt/protocol/ops_poll.hpp"

#include <array>
#include <string_view>

#include "field_readers.hpp"
#include "traffpunkt/protocol/enum_values.hpp"

namespace traffpunkt::protocol {
namespace {

namespace json = boost::json;

/** More options than anyone can read on a phone; the domain's limit is lower still. */
constexpr std::size_t options_max = 100;
/** A PB poll's projects; real citizen budgets have tens to a few hundred. */
constexpr std::size_t projects_max = 1000;
/** A text answer in bytes; the poll's own limit (in characters) is checked by the server. */
constexpr std::size_t text_max_bytes = 8000;
/** Poll link codes the server issues are 22 characters. */
constexpr std::size_t code_max = 128;

std::int64_t element_id(const args_reader& r, std::string_view key, std::size_t i,
                        const json::value& v) {
    const std::string name = std::string(key) + "[" + std::to_string(i) + "]";
    if (v.is_int64() && v.get_int64() >= 1 && v.get_int64() <= limits::max_safe_integer) {
        return v.get_int64();
    }
    if (v.is_uint64() && v.get_uint64() <= static_cast<std::uint64_t>(limits::max_safe_integer) &&
        v.get_uint64() >= 1) {
        return static_cast<std::int64_t>(v.get_uint64());
    }
    if (v.is_double() && v.get_double() >= 1 && v.get_double() <= 9.0e15 &&
        static_cast<double>(static_cast<std::int64_t>(v.get_double())) == v.get_double()) {
        return static_cast<std::int64_t>(v.get_double());
    }
    r.fail(name, "must be an id (a positive integer)");
}

std::vector<std::int64_t> id_list(args_reader& r, std::string_view key, std::size_t max) {
    const auto& arr = r.array(key);
    if (arr.size() > max) {
        r.fail(key, "has more than " + std::to_string(max) + " elements");
    }
    std::vector<std::int64_t> ids;
    ids.reserve(arr.size());
    for (std::size_t i = 0; i < arr.size(); ++i) {
        ids.push_back(element_id(r, key, i, arr[i]));
    }
    return ids;
}

std::vector<std::string> string_list(args_reader& r, std::string_view key, std::size_t max) {
    const auto& arr = r.array(key);
    if (arr.size() > max) {
        r.fail(key, "has more than " + std::to_string(max) + " elements");
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < arr.size(); ++i) {
        if (!arr[i].is_string()) {
            r.fail(std::string(key) + "[" + std::to_string(i) + "]", "must be a string");
        }
        out.emplace_back(arr[i].get_string());
    }
    return out;
}

poll_scale_input read_scale(const json::object& obj, std::string prefix) {
    args_reader r(obj, std::move(prefix));
    poll_scale_input s;
    s.max = r.integer("max", 2, 10);
    s.min_label = r.opt_string("min_label").value_or("");
    s.max_label = r.opt_string("max_label").value_or("");
    r.finish();
    return s;
}

/** An optional array of strings `key` (each 1..max characters is the domain's to check). */
std::vector<std::string> opt_strings(args_reader& r, std::string_view key, std::size_t max) {
    std::vector<std::string> out;
    if (!r.has(key) || r.is_null(key)) {
        (void)r.opt_object(key);  // counts as asked (null), so finish() does not refuse it
        return out;
    }
    const auto& arr = r.array(key);
    if (arr.size() > max) {
        r.fail(key, "has more than " + std::to_string(max) + " elements");
    }
    for (std::size_t i = 0; i < arr.size(); ++i) {
        if (!arr[i].is_string()) {
            r.fail(std::string(key) + "[" + std::to_string(i) + "]", "must be a string");
        }
        out.emplace_back(arr[i].get_string());
    }
    return out;
}

poll_pb_input read_pb(const json::object& obj, std::string prefix) {
    args_reader r(obj, prefix);
    poll_pb_input pb;
    pb.pabulib = r.opt_string("pabulib");
    pb.rule = r.opt_string("rule").value_or("");
    pb.min_support = r.opt_integer("min_support", 0, limits::max_safe_integer);
    pb.utility = r.opt_one_of("utility", enum_values::pb_utility).value_or("");
    if (pb.pabulib) {
        // An import: what the file says is not given again.
        static constexpr std::string_view ballots_values[] = {"none", "count"};
        pb.ballots = r.opt_one_of("ballots", ballots_values).value_or("none");
        pb.ballot = r.opt_one_of("ballot", enum_values::pb_ballot).value_or("");
        r.finish();
        return pb;
    }
    pb.budget = r.integer("budget", 1, limits::max_safe_integer);
    pb.currency = r.opt_string("currency").value_or("SEK");
    pb.ballot = r.one_of("ballot", enum_values::pb_ballot);
    pb.max_choices = r.opt_integer("max_choices", 1, static_cast<std::int64_t>(projects_max));
    pb.points_total = r.opt_integer("points_total", 1, 1'000'000);
    pb.decimals = r.opt_integer("decimals", 0, 2).value_or(0);
    if (r.has("districts") && !r.is_null("districts")) {
        const auto& districts = r.array("districts");
        if (districts.size() > projects_max) {
            r.fail("districts", "has more than " + std::to_string(projects_max) + " elements");
        }
        for (std::size_t i = 0; i < districts.size(); ++i) {
            const std::string name = "districts[" + std::to_string(i) + "]";
            if (!districts[i].is_object()) {
                r.fail(name, "must be an object {name, budget}");
            }
            args_reader d(districts[i].get_object(), prefix + name + ".");
            pb_district_input in;
            in.name = d.string("name");
            in.budget = d.integer("budget", 1, limits::max_safe_integer);
            d.finish();
            pb.districts.push_back(std::move(in));
        }
    } else {
        (void)r.opt_object("districts");
    }
    const auto& projects = r.array("projects");
    if (projects.size() > projects_max) {
        r.fail("projects", "has more than " + std::to_string(projects_max) + " elements");
    }
    for (std::size_t i = 0; i < projects.size(); ++i) {
        const std::string name = "projects[" + std::to_string(i) + "]";
        if (!projects[i].is_object()) {
            r.fail(name, "must be an object");
        }
        args_reader p(projects[i].get_object(), prefix + name + ".");
        pb_project_input in;
        in.title = p.string("title");
        in.description = p.opt_string("description").value_or("");
        in.cost = p.integer("cost", 1, limits::max_safe_integer);
        in.organisation_id = p.opt_integer("organisation_id", 1, limits::max_safe_integer);
        in.district = p.opt_string("district").value_or("");
        in.categories = opt_strings(p, "categories", 100);
        in.latitude = p.opt_string("latitude");
        in.longitude = p.opt_string("longitude");
        p.finish();
        pb.projects.push_back(std::move(in));
    }
    r.finish();
    if (pb.ballot == "points" && !pb.points_total) {
        r.fail("points_total", "is required for points ballots");
    }
    if (pb.ballot != "points" && pb.points_total) {
        r.fail("points_total", "is only for points ballots");
    }
    if (pb.ballot == "points" && !pb.utility.empty()) {
        r.fail("utility", "is not chosen for points ballots: the points are the utilities");
    }
    if (pb.ballot != "approval" && pb.max_choices) {
        r.fail("max_choices", "is only for approval ballots");
    }
    return pb;
}

bool poll_present(const args_reader& r, std::string_view key) {
    return r.has(key) && !r.is_null(key);
}

}  // namespace

poll_create_args decode_poll_create(const json::object& args) {
    args_reader r(args);
    poll_create_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    a.kind = r.one_of("kind", enum_values::poll_kind);
    a.question = r.string("question");
    a.description = r.opt_string("description").value_or("");
    if (poll_present(r, "options")) {
        a.options = string_list(r, "options", options_max);
    }
    a.max_choices = r.opt_integer("max_choices", 1, static_cast<std::int64_t>(options_max));
    if (const auto* s = r.opt_object("scale")) {
        a.scale = read_scale(*s, "scale.");
    }
    a.text_max_length = r.opt_integer("text_max_length", 1, 100'000);
    if (const auto* pb = r.opt_object("pb")) {
        a.pb = read_pb(*pb, "pb.");
    }
    a.anonymous = r.opt_boolean("anonymous").value_or(false);
    a.audience = r.opt_one_of("audience", enum_values::poll_audience).value_or("registered");
    a.results = r.opt_one_of("results", enum_values::results_visibility).value_or("live");
    a.auto_close_at = r.opt_string("auto_close_at");
    a.agenda_item_id = detail::read_opt_id(r, "agenda_item_id");
    r.finish();
    if (a.kind == "pb" && !a.pb) {
        r.fail("pb", "is required for kind pb");
    }
    if (a.kind != "pb" && a.pb) {
        r.fail("pb", "is only for kind pb");
    }
    if (a.kind == "scale" && !a.scale) {
        a.scale = poll_scale_input{};
    }
    return a;
}

poll_update_args decode_poll_update(const json::object& args) {
    args_reader r(args);
    poll_update_args a;
    a.poll_id = detail::read_id(r, "poll_id");
    a.question = detail::not_null(r, "question", r.string_patch("question"));
    a.description = r.string_patch("description");
    if (poll_present(r, "options")) {
        a.options = string_list(r, "options", options_max);
    }
    a.max_choices = r.integer_patch("max_choices", 1, static_cast<std::int64_t>(options_max));
    if (const auto* s = r.opt_object("scale")) {
        a.scale = read_scale(*s, "scale.");
    }
    a.text_max_length = r.integer_patch("text_max_length", 1, 100'000);
    if (const auto* pb = r.opt_object("pb")) {
        a.pb = read_pb(*pb, "pb.");
    }
    a.anonymous = r.opt_boolean("anonymous");
    a.audience = r.opt_one_of("audience", enum_values::poll_audience);
    a.results = r.opt_one_of("results", enum_values::results_visibility);
    a.auto_close_at = r.string_patch("auto_close_at");
    a.agenda_item_id = r.integer_patch("agenda_item_id", 1, limits::max_safe_integer);
    r.finish();
    const bool any = a.question.present || a.description.present || a.options || a.scale ||
                     a.max_choices.present || a.text_max_length.present || a.pb || a.anonymous ||
                     a.audience || a.results || a.auto_close_at.present || a.agenda_item_id.present;
    if (!any) {
        r.fail("question", "is required (or another field to change): nothing to change");
    }
    return a;
}

poll_open_args decode_poll_open(const json::object& args) {
    args_reader r(args);
    poll_open_args a;
    a.poll_id = detail::read_id(r, "poll_id");
    a.auto_close_at = r.opt_string("auto_close_at");
    r.finish();
    return a;
}

poll_ref_args decode_poll_ref(const json::object& args) {
    args_reader r(args);
    poll_ref_args a;
    a.poll_id = detail::read_id(r, "poll_id");
    r.finish();
    return a;
}

poll_list_args decode_poll_list(const json::object& args) {
    args_reader r(args);
    poll_list_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    r.finish();
    return a;
}

ballot_input decode_ballot(const json::object& ballot, std::string prefix) {
    args_reader b(ballot, prefix);
    ballot_input in;
    static constexpr std::array<std::string_view, 7> forms{"option", "options",  "value", "ranking",
                                                           "text",   "projects", "points"};
    for (const auto form : forms) {
        if (!b.has(form)) {
            continue;
        }
        if (!in.form.empty()) {
            b.fail(form, "cannot be given with '" + in.form +
                             "': a ballot has exactly one of option, options, value, ranking, "
                             "text, projects, points");
        }
        in.form = std::string(form);
    }
    if (in.form.empty()) {
        // Named as the ballot itself: "ballot." without the dot.
        const std::string name = prefix.empty() ? "ballot" : prefix.substr(0, prefix.size() - 1);
        throw invalid_field(name, "field '" + name +
                                      "' must have one of option, options, value, ranking, "
                                      "text, projects, points");
    }
    const auto& form = in.form;
    if (form == "option") {
        in.ids.push_back(detail::read_id(b, "option"));
    } else if (form == "options" || form == "ranking" || form == "projects") {
        in.ids = id_list(b, form, projects_max);
    } else if (form == "value") {
        in.value = b.integer("value", -1'000'000, 1'000'000);
    } else if (form == "text") {
        in.text = b.string("text");
        if (in.text.size() > text_max_bytes) {
            b.fail("text", "is too long");
        }
    } else {
        const auto& arr = b.array("points");
        if (arr.size() > projects_max) {
            b.fail("points", "has more than " + std::to_string(projects_max) + " elements");
        }
        for (std::size_t i = 0; i < arr.size(); ++i) {
            const std::string name = "points[" + std::to_string(i) + "]";
            if (!arr[i].is_object()) {
                b.fail(name, "must be an object {project_id, points}");
            }
            args_reader p(arr[i].get_object(), prefix + name + ".");
            const auto project = detail::read_id(p, "project_id");
            const auto points = p.integer("points", 0, 1'000'000);
            p.finish();
            in.points.emplace_back(project, points);
        }
    }
    b.finish();
    return in;
}

poll_vote_args decode_poll_vote(const json::object& args) {
    args_reader r(args);
    poll_vote_args a;
    a.poll_id = detail::read_id(r, "poll_id");
    const auto& ballot = r.object("ballot");
    r.finish();
    a.ballot = decode_ballot(ballot);
    return a;
}

poll_link_args decode_poll_link(const json::object& args) {
    args_reader r(args);
    poll_link_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    a.rotate = r.opt_boolean("rotate").value_or(false);
    r.finish();
    return a;
}

audience_join_args decode_audience_join(const json::object& args) {
    args_reader r(args);
    audience_join_args a;
    a.code = r.string("code");
    r.finish();
    if (a.code.size() > code_max) {
        r.fail("code", "is not a poll link code");
    }
    return a;
}

audience_list_args decode_audience_list(const json::object& args) {
    args_reader r(args);
    audience_list_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    a.after = r.opt_integer("after", 0, limits::max_safe_integer).value_or(0);
    a.limit = r.opt_integer("limit", 1, 500).value_or(200);
    r.finish();
    return a;
}

audience_revoke_args decode_audience_revoke(const json::object& args) {
    args_reader r(args);
    audience_revoke_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    const bool has_ids = r.has("token_ids");
    const auto all = r.opt_boolean("all");
    if (has_ids == all.has_value()) {
        r.fail("token_ids", "or 'all' must be given, not both");
    }
    if (all && !*all) {
        r.fail("all", "must be true when given");
    }
    a.all = all.value_or(false);
    if (has_ids) {
        a.token_ids = id_list(r, "token_ids", 500);
        if (a.token_ids.empty()) {
            r.fail("token_ids", "must name at least one device");
        }
    }
    r.finish();
    return a;
}

}  // namespace traffpunkt::protocol
