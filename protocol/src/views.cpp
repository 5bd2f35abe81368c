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
    return o;
}

json::object to_json(const meeting_view& v) {
    json::object o;
    o.reserve(21);
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
    o["registration_opens"] = nullable(v.registration_opens);
    o["registration_closes"] = nullable(v.registration_closes);
    o["cost_note"] = v.cost_note;
    o["status"] = v.status;
    o["sequence"] = v.sequence;
    o["created_at"] = v.created_at;
    o["updated_at"] = v.updated_at;
    return o;
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
    v.registration_opens = r.opt_string("registration_opens");
    v.registration_closes = r.opt_string("registration_closes");
    v.cost_note = r.string("cost_note");
    v.status = r.one_of("status", enum_values::meeting_status);
    v.sequence = r.integer("sequence", 0, limits::max_safe_integer);
    v.created_at = r.string("created_at");
    v.updated_at = r.string("updated_at");
    r.finish();
    return v;
}

}  // namespace traffpunkt::protocol
