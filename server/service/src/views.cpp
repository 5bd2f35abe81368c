#include "views.hpp"

#include "traffpunkt/protocol/views.hpp"

namespace traffpunkt::service {

namespace {
std::optional<std::string> opt_instant_text(const std::optional<domain::instant>& t) {
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
        v.language = std::string(domain::to_string(p.language));
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
    if (m.in_person_quota_per_org) {
        v.in_person_quota_per_org = *m.in_person_quota_per_org;
    }
    v.registration_opens = opt_instant_text(m.registration_opens);
    v.registration_closes = opt_instant_text(m.registration_closes);
    v.cost_note = m.cost_note;
    v.contact_name = m.contact_name;
    v.contact_email = m.contact_email;
    v.status = std::string(domain::to_string(m.status));
    v.sequence = m.sequence;
    v.created_at = domain::format_instant(m.created_at);
    v.updated_at = domain::format_instant(m.updated_at);
    return protocol::to_json(v);
}

namespace {

protocol::person_view person_view_of(const domain::person& p) {
    return {p.person_id,
            p.name,
            p.email,
            p.organisation_id,
            std::string(domain::to_string(p.role)),
            std::string(domain::to_string(p.language))};
}

protocol::organisation_view organisation_view_of(const domain::organisation& o) {
    return {o.organisation_id, o.name, std::string(domain::to_string(o.kind))};
}

protocol::attendance_figures_view figures_of(const domain::attendance_statistics& s) {
    return {s.registered, s.confirmed, s.waitlisted, s.attended,
            s.in_person,  s.remote,    s.officials,  s.elected};
}

protocol::seat_counts_view seats_of(const domain::seat_counts& s) {
    protocol::seat_counts_view v;
    v.offered = s.offered;
    if (s.capacity) {
        v.capacity = *s.capacity;
    }
    v.confirmed = s.confirmed;
    v.waitlisted = s.waitlisted;
    v.checked_in = s.checked_in;
    return v;
}

}  // namespace

boost::json::object to_json(const domain::registration& r, int waitlist_position,
                            const domain::person* person, const domain::organisation* org) {
    protocol::registration_view v;
    v.registration_id = r.registration_id;
    v.meeting_id = r.meeting_id;
    v.person_id = r.person_id;
    v.organisation_id = r.organisation_id;
    v.mode = std::string(domain::to_string(r.mode));
    v.status = std::string(domain::to_string(r.status));
    if (r.status == domain::registration_status::waitlisted && waitlist_position > 0) {
        v.waitlist_position = waitlist_position;
    }
    v.registered_at = domain::format_instant(r.registered_at);
    v.updated_at = domain::format_instant(r.updated_at);
    v.checked_in_at = opt_instant_text(r.checked_in_at);
    if (person != nullptr) {
        v.dietary_needs = r.dietary_needs;
        v.accessibility_needs = r.accessibility_needs;
        v.checkin_code = r.checkin_code;
        v.person = person_view_of(*person);
        if (org != nullptr) {
            v.organisation = organisation_view_of(*org);
        }
    }
    return protocol::to_json(v);
}

boost::json::object to_json(const domain::registration_counts& c, domain::id meeting_id) {
    protocol::counts_view v;
    v.meeting_id = meeting_id;
    v.in_person = seats_of(c.in_person);
    v.remote = seats_of(c.remote);
    return protocol::to_json(v);
}

boost::json::object figures_json(const domain::attendance_statistics& s) {
    return protocol::to_json(figures_of(s));
}

boost::json::object to_json(const domain::attendance_statistics& s, const domain::organisation& o) {
    return protocol::to_json(
        protocol::organisation_statistics_view{organisation_view_of(o), figures_of(s)});
}

}  // namespace traffpunkt::service
