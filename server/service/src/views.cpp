#include "views.hpp"

#include "traffpunkt/protocol/views.hpp"

namespace traffpunkt::service {

namespace {
std::optional<std::string> opt_instant(const std::optional<domain::instant>& t) {
    if (!t) {
        return std::nullopt;
    }
    return domain::format_instant(*t);
}
}  // namespace

boost::json::object to_json(const domain::network& n) {
    protocol::network_view v;
    v.network_id = n.network_id;
    v.name = n.name;
    v.description = n.description;
    v.starts_on = domain::format_date(n.starts_on);
    v.ends_on = domain::format_date(n.ends_on);
    if (n.extended_until) {
        v.extended_until = domain::format_date(*n.extended_until);
    }
    return protocol::to_json(v);
}

boost::json::object to_json(const domain::organisation& o) {
    protocol::organisation_view v;
    v.organisation_id = o.organisation_id;
    v.name = o.name;
    v.kind = std::string(domain::to_string(o.kind));
    return protocol::to_json(v);
}

boost::json::object to_json(const domain::membership& m) {
    protocol::membership_view v;
    v.network_id = m.network_id;
    v.organisation_id = m.organisation_id;
    v.decision.deciding_body = m.basis.deciding_body;
    v.decision.diary_number = m.basis.diary_number;
    v.decision.decided_on = domain::format_date(m.basis.decided_on);
    v.admitted_at = domain::format_instant(m.admitted_at);
    return protocol::to_json(v);
}

boost::json::object member_json(const domain::organisation& o, const domain::membership& m) {
    boost::json::object out;
    out["organisation"] = to_json(o);
    out["membership"] = to_json(m);
    return out;
}

boost::json::object to_json(const domain::person& p, bool with_email) {
    protocol::person_view v;
    v.person_id = p.person_id;
    v.name = p.name;
    if (with_email) {
        v.email = p.email;
    }
    v.organisation_id = p.organisation_id;
    v.role = std::string(domain::to_string(p.role));
    return protocol::to_json(v);
}

boost::json::object to_json(const domain::meeting& m, bool with_private) {
    protocol::meeting_view v;
    v.meeting_id = m.meeting_id;
    v.network_id = m.network_id;
    v.title = m.title;
    v.description = m.description;
    v.starts_at = domain::format_instant(m.starts_at);
    v.ends_at = domain::format_instant(m.ends_at);
    v.zone = m.zone;
    v.format = std::string(domain::to_string(m.format));
    v.venue = m.venue;
    v.address = m.address;
    if (with_private) {
        v.online_url = m.online_url;
    }
    if (m.capacity_in_person) {
        v.capacity_in_person = *m.capacity_in_person;
    }
    if (m.capacity_remote) {
        v.capacity_remote = *m.capacity_remote;
    }
    v.registration_opens = opt_instant(m.registration_opens);
    v.registration_closes = opt_instant(m.registration_closes);
    v.cost_note = m.cost_note;
    v.status = std::string(domain::to_string(m.status));
    v.sequence = m.sequence;
    v.created_at = domain::format_instant(m.created_at);
    v.updated_at = domain::format_instant(m.updated_at);
    return protocol::to_json(v);
}

}  // namespace traffpunkt::service
