#include "traffpunkt/protocol/views.hpp"

#include "field_readers.hpp"
#include "traffpunkt/protocol/enum_values.hpp"

namespace traffpunkt::protocol {
namespace json = boost::json;

namespace {

json::value nullable(const std::optional<std::string>& s) {
    return s ? json::value(*s) : json::value(nullptr);
}

json::value nullable(const std::optional<std::int64_t>& i) {
    return i ? json::value(*i) : json::value(nullptr);
}

network_view read_network(const json::object& obj, std::string prefix) {
    args_reader r(obj, std::move(prefix));
    network_view v;
    v.network_id = detail::read_id(r, "network_id");
    v.name = r.string("name");
    v.description = r.string("description");
    v.starts_on = r.string("starts_on");
    v.ends_on = r.string("ends_on");
    v.extended_until = r.opt_string("extended_until");
    r.finish();
    return v;
}

membership_view read_membership(const json::object& obj, std::string prefix) {
    args_reader r(obj, prefix);
    membership_view v;
    v.network_id = detail::read_id(r, "network_id");
    v.organisation_id = detail::read_id(r, "organisation_id");
    v.decision = detail::read_decision(r.object("decision"), prefix + "decision.");
    v.admitted_at = r.string("admitted_at");
    r.finish();
    return v;
}

/** Counts are never negative and far below 2^53. */
std::int64_t read_count(args_reader& r, std::string_view key) {
    return r.integer(key, 0, limits::max_safe_integer);
}

seat_counts_view read_seats(const json::object& obj, std::string prefix) {
    args_reader r(obj, std::move(prefix));
    seat_counts_view v;
    v.offered = r.boolean("offered");
    v.capacity = r.opt_integer("capacity", 0, limits::capacity_max);
    v.confirmed = read_count(r, "confirmed");
    v.waitlisted = read_count(r, "waitlisted");
    v.checked_in = read_count(r, "checked_in");
    r.finish();
    return v;
}

/** The figures' members, read from `r` (the caller finishes it). */
attendance_figures_view read_figures(args_reader& r) {
    attendance_figures_view v;
    v.registered = read_count(r, "registered");
    v.confirmed = read_count(r, "confirmed");
    v.waitlisted = read_count(r, "waitlisted");
    v.attended = read_count(r, "attended");
    v.in_person = read_count(r, "in_person");
    v.remote = read_count(r, "remote");
    v.officials = read_count(r, "officials");
    v.elected = read_count(r, "elected");
    return v;
}

void write_figures(json::object& o, const attendance_figures_view& v) {
    o["registered"] = v.registered;
    o["confirmed"] = v.confirmed;
    o["waitlisted"] = v.waitlisted;
    o["attended"] = v.attended;
    o["in_person"] = v.in_person;
    o["remote"] = v.remote;
    o["officials"] = v.officials;
    o["elected"] = v.elected;
}

person_view read_person(const json::object& obj, std::string prefix) {
    args_reader r(obj, std::move(prefix));
    person_view v;
    v.person_id = detail::read_id(r, "person_id");
    v.name = r.string("name");
    v.email = r.opt_string("email");
    v.organisation_id = detail::read_id(r, "organisation_id");
    v.role = r.one_of("role", enum_values::person_role);
    v.language = r.opt_one_of("language", enum_values::person_language);
    r.finish();
    return v;
}

}  // namespace

namespace detail {

decision_view read_decision(const json::object& obj, std::string prefix) {
    args_reader r(obj, std::move(prefix));
    decision_view v;
    v.deciding_body = r.string("deciding_body");
    v.diary_number = r.string("diary_number");
    v.decided_on = r.string("decided_on");
    r.finish();
    return v;
}

organisation_view read_organisation(const json::object& obj, std::string prefix) {
    args_reader r(obj, std::move(prefix));
    organisation_view v;
    v.organisation_id = read_id(r, "organisation_id");
    v.name = r.string("name");
    v.kind = r.one_of("kind", enum_values::org_kind);
    r.finish();
    return v;
}

}  // namespace detail

json::object to_json(const network_view& v) {
    return {{"network_id", v.network_id},   {"name", v.name},
            {"description", v.description}, {"starts_on", v.starts_on},
            {"ends_on", v.ends_on},         {"extended_until", nullable(v.extended_until)}};
}

json::object to_json(const organisation_view& v) {
    return {{"organisation_id", v.organisation_id}, {"name", v.name}, {"kind", v.kind}};
}

json::object to_json(const decision_view& v) {
    return {{"deciding_body", v.deciding_body},
            {"diary_number", v.diary_number},
            {"decided_on", v.decided_on}};
}

json::object to_json(const membership_view& v) {
    return {{"network_id", v.network_id},
            {"organisation_id", v.organisation_id},
            {"decision", to_json(v.decision)},
            {"admitted_at", v.admitted_at}};
}

json::object to_json(const member_view& v) {
    return {{"organisation", to_json(v.organisation)}, {"membership", to_json(v.membership)}};
}

json::object to_json(const person_view& v) {
    json::object o;
    o["person_id"] = v.person_id;
    o["name"] = v.name;
    // Omitted rather than null: the caller may not see it, which is not the same as "no e-mail".
    if (v.email) {
        o["email"] = *v.email;
    }
    o["organisation_id"] = v.organisation_id;
    o["role"] = v.role;
    if (v.language) {
        o["language"] = *v.language;
    }
    return o;
}

json::object to_json(const meeting_view& v) {
    json::object o;
    o.reserve(22);
    o["meeting_id"] = v.meeting_id;
    o["network_id"] = v.network_id;
    o["title"] = v.title;
    o["description"] = v.description;
    o["starts_at"] = v.starts_at;
    o["ends_at"] = v.ends_at;
    o["zone"] = v.zone;
    o["format"] = v.format;
    o["venue"] = v.venue;
    o["address"] = v.address;
    // Omitted for callers who may not see it (see PROTOCOL.md), so absent != empty link.
    if (v.online_url) {
        o["online_url"] = *v.online_url;
    }
    o["capacity_in_person"] = nullable(v.capacity_in_person);
    o["capacity_remote"] = nullable(v.capacity_remote);
    o["in_person_quota_per_org"] = nullable(v.in_person_quota_per_org);
    o["registration_opens"] = nullable(v.registration_opens);
    o["registration_closes"] = nullable(v.registration_closes);
    o["cost_note"] = v.cost_note;
    o["contact_name"] = v.contact_name;
    o["contact_email"] = v.contact_email;
    o["status"] = v.status;
    o["sequence"] = v.sequence;
    o["created_at"] = v.created_at;
    o["updated_at"] = v.updated_at;
    return o;
}

json::object to_json(const registration_view& v) {
    json::object o;
    o.reserve(15);
    o["registration_id"] = v.registration_id;
    o["meeting_id"] = v.meeting_id;
    o["person_id"] = v.person_id;
    o["organisation_id"] = v.organisation_id;
    o["mode"] = v.mode;
    o["status"] = v.status;
    o["waitlist_position"] = nullable(v.waitlist_position);
    o["registered_at"] = v.registered_at;
    o["updated_at"] = v.updated_at;
    o["checked_in_at"] = nullable(v.checked_in_at);
    // Personal members are omitted, not null, for callers who may not see them.
    if (v.dietary_needs) {
        o["dietary_needs"] = *v.dietary_needs;
    }
    if (v.accessibility_needs) {
        o["accessibility_needs"] = *v.accessibility_needs;
    }
    if (v.checkin_code) {
        o["checkin_code"] = *v.checkin_code;
    }
    if (v.person) {
        o["person"] = to_json(*v.person);
    }
    if (v.organisation) {
        o["organisation"] = to_json(*v.organisation);
    }
    return o;
}

json::object to_json(const seat_counts_view& v) {
    return {{"offered", v.offered},
            {"capacity", nullable(v.capacity)},
            {"confirmed", v.confirmed},
            {"waitlisted", v.waitlisted},
            {"checked_in", v.checked_in}};
}

json::object to_json(const counts_view& v) {
    return {{"meeting_id", v.meeting_id},
            {"in_person", to_json(v.in_person)},
            {"remote", to_json(v.remote)}};
}

json::object to_json(const attendance_figures_view& v) {
    json::object o;
    write_figures(o, v);
    return o;
}

json::object to_json(const organisation_statistics_view& v) {
    json::object o;
    o["organisation"] = to_json(v.organisation);
    write_figures(o, v.figures);
    return o;
}

json::object to_json(const invitation_view& v) {
    return {{"organisation_id", v.organisation_id}, {"created_at", v.created_at}};
}

network_view network_view_from_json(const json::object& obj) {
    return read_network(obj, {});
}

organisation_view organisation_view_from_json(const json::object& obj) {
    return detail::read_organisation(obj, {});
}

decision_view decision_view_from_json(const json::object& obj) {
    return detail::read_decision(obj, {});
}

membership_view membership_view_from_json(const json::object& obj) {
    return read_membership(obj, {});
}

member_view member_view_from_json(const json::object& obj) {
    args_reader r(obj);
    member_view v;
    v.organisation = detail::read_organisation(r.object("organisation"), "organisation.");
    v.membership = read_membership(r.object("membership"), "membership.");
    r.finish();
    return v;
}

person_view person_view_from_json(const json::object& obj) {
    args_reader r(obj);
    person_view v;
    v.person_id = detail::read_id(r, "person_id");
    v.name = r.string("name");
    v.email = r.opt_string("email");
    v.organisation_id = detail::read_id(r, "organisation_id");
    v.role = r.one_of("role", enum_values::person_role);
    v.language = r.opt_one_of("language", enum_values::person_language);
    r.finish();
    return v;
}

meeting_view meeting_view_from_json(const json::object& obj) {
    args_reader r(obj);
    meeting_view v;
    v.meeting_id = detail::read_id(r, "meeting_id");
    v.network_id = detail::read_id(r, "network_id");
    v.title = r.string("title");
    v.description = r.string("description");
    v.starts_at = r.string("starts_at");
    v.ends_at = r.string("ends_at");
    v.zone = r.string("zone");
    v.format = r.one_of("format", enum_values::meeting_format);
    v.venue = r.string("venue");
    v.address = r.string("address");
    v.online_url = r.opt_string("online_url");
    v.capacity_in_person = r.opt_integer("capacity_in_person", 0, limits::capacity_max);
    v.capacity_remote = r.opt_integer("capacity_remote", 0, limits::capacity_max);
    v.in_person_quota_per_org = r.opt_integer("in_person_quota_per_org", 1, limits::capacity_max);
    v.registration_opens = r.opt_string("registration_opens");
    v.registration_closes = r.opt_string("registration_closes");
    v.cost_note = r.string("cost_note");
    // Added in issue 18: a view from an older server has none.
    v.contact_name = r.opt_string("contact_name").value_or("");
    v.contact_email = r.opt_string("contact_email").value_or("");
    v.status = r.one_of("status", enum_values::meeting_status);
    v.sequence = r.integer("sequence", 0, limits::max_safe_integer);
    v.created_at = r.string("created_at");
    v.updated_at = r.string("updated_at");
    r.finish();
    return v;
}

registration_view registration_view_from_json(const json::object& obj) {
    args_reader r(obj);
    registration_view v;
    v.registration_id = detail::read_id(r, "registration_id");
    v.meeting_id = detail::read_id(r, "meeting_id");
    v.person_id = detail::read_id(r, "person_id");
    v.organisation_id = detail::read_id(r, "organisation_id");
    v.mode = r.one_of("mode", enum_values::attendance_mode);
    v.status = r.one_of("status", enum_values::registration_status);
    v.waitlist_position = detail::read_opt_id(r, "waitlist_position");
    v.registered_at = r.string("registered_at");
    v.updated_at = r.string("updated_at");
    v.checked_in_at = r.opt_string("checked_in_at");
    v.dietary_needs = r.opt_string("dietary_needs");
    v.accessibility_needs = r.opt_string("accessibility_needs");
    v.checkin_code = r.opt_string("checkin_code");
    if (const auto* p = r.opt_object("person")) {
        v.person = read_person(*p, "person.");
    }
    if (const auto* o = r.opt_object("organisation")) {
        v.organisation = detail::read_organisation(*o, "organisation.");
    }
    r.finish();
    return v;
}

counts_view counts_view_from_json(const json::object& obj) {
    args_reader r(obj);
    counts_view v;
    v.meeting_id = detail::read_id(r, "meeting_id");
    v.in_person = read_seats(r.object("in_person"), "in_person.");
    v.remote = read_seats(r.object("remote"), "remote.");
    r.finish();
    return v;
}

attendance_figures_view attendance_figures_view_from_json(const json::object& obj) {
    args_reader r(obj);
    auto v = read_figures(r);
    r.finish();
    return v;
}

organisation_statistics_view organisation_statistics_view_from_json(const json::object& obj) {
    args_reader r(obj);
    organisation_statistics_view v;
    v.organisation = detail::read_organisation(r.object("organisation"), "organisation.");
    v.figures = read_figures(r);
    r.finish();
    return v;
}

invitation_view invitation_view_from_json(const json::object& obj) {
    args_reader r(obj);
    invitation_view v;
    v.organisation_id = detail::read_id(r, "organisation_id");
    v.created_at = r.string("created_at");
    r.finish();
    return v;
}

}  // namespace traffpunkt::protocol
