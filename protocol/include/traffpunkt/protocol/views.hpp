#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

namespace traffpunkt::protocol {

// Wire forms of the objects carried in results and events. Times are strings the server has
// already formatted (RFC 3339 UTC instants, YYYY-MM-DD dates): the protocol library does not
// parse time. Enumerations are their wire strings (see enum_values.hpp).
//
// `to_json` writes every member in the documented order; `*_from_json` reads strictly (every
// required member, right types, known enum values, no unknown members) and throws
// `protocol_error` (invalid_args, details.field) otherwise.

/** `{network_id, name, description, starts_on, ends_on, extended_until|null}` */
struct network_view {
    std::int64_t network_id = 0;
    std::string name;
    std::string description;
    std::string starts_on;                      ///< YYYY-MM-DD
    std::string ends_on;                        ///< YYYY-MM-DD
    std::optional<std::string> extended_until;  ///< YYYY-MM-DD; null when not extended
    bool operator==(const network_view&) const = default;
};

/** `{organisation_id, name, kind}` */
struct organisation_view {
    std::int64_t organisation_id = 0;
    std::string name;
    std::string kind;  ///< municipality | region | other
    bool operator==(const organisation_view&) const = default;
};

/** `{deciding_body, diary_number, decided_on}`: the board decision behind a membership. */
struct decision_view {
    std::string deciding_body;
    std::string diary_number;
    std::string decided_on;  ///< YYYY-MM-DD
    bool operator==(const decision_view&) const = default;
};

/** `{network_id, organisation_id, decision, admitted_at}` */
struct membership_view {
    std::int64_t network_id = 0;
    std::int64_t organisation_id = 0;
    decision_view decision;
    std::string admitted_at;  ///< RFC 3339 UTC
    bool operator==(const membership_view&) const = default;
};

/** `{organisation, membership}` */
struct member_view {
    organisation_view organisation;
    membership_view membership;
    bool operator==(const member_view&) const = default;
};

/** `{person_id, name, email?, organisation_id, role}`; email omitted when the caller may not see
 * it. */
struct person_view {
    std::int64_t person_id = 0;
    std::string name;
    std::optional<std::string> email;
    std::int64_t organisation_id = 0;
    std::string role;  ///< official | elected
    /** sv | en, the language of the person's mail; shown where `email` is. */
    std::optional<std::string> language = std::nullopt;
    bool operator==(const person_view&) const = default;
};

/** A meeting as documented in PROTOCOL.md; online_url omitted for callers who may not see it. */
struct meeting_view {
    std::int64_t meeting_id = 0;
    std::int64_t network_id = 0;
    std::string title;
    std::string description;
    std::string starts_at;  ///< RFC 3339 UTC
    std::string ends_at;    ///< RFC 3339 UTC
    std::string zone;       ///< IANA zone, e.g. Europe/Stockholm
    std::string format;     ///< in_person | digital | hybrid
    std::string venue;
    std::string address;
    std::optional<std::string> online_url;                ///< omitted when absent
    std::optional<std::int64_t> capacity_in_person;       ///< null: no limit
    std::optional<std::int64_t> capacity_remote;          ///< null: no limit
    std::optional<std::int64_t> in_person_quota_per_org;  ///< null: no quota
    std::optional<std::string> registration_opens;        ///< RFC 3339 UTC or null
    std::optional<std::string> registration_closes;       ///< RFC 3339 UTC or null
    std::string cost_note;
    std::string contact_name;   ///< "" when none
    std::string contact_email;  ///< "" when none
    std::string status;         ///< draft | published | cancelled
    std::int64_t sequence = 0;
    std::string created_at;  ///< RFC 3339 UTC
    std::string updated_at;  ///< RFC 3339 UTC
    bool operator==(const meeting_view&) const = default;
};

/**
 * A registration. The personal members (needs, check-in code, person, organisation) are
 * omitted for callers who may not see them; every other member is always present.
 */
struct registration_view {
    std::int64_t registration_id = 0;
    std::int64_t meeting_id = 0;
    std::int64_t person_id = 0;
    std::int64_t organisation_id = 0;
    std::string mode;                                ///< in_person | remote
    std::string status;                              ///< confirmed | waitlisted | cancelled
    std::optional<std::int64_t> waitlist_position;   ///< 1-based; null unless waitlisted
    std::string registered_at;                       ///< RFC 3339 UTC
    std::string updated_at;                          ///< RFC 3339 UTC
    std::optional<std::string> checked_in_at;        ///< RFC 3339 UTC or null
    std::optional<std::string> dietary_needs;        ///< personal
    std::optional<std::string> accessibility_needs;  ///< personal
    std::optional<std::string> checkin_code;         ///< personal
    std::optional<person_view> person;               ///< personal; with e-mail
    std::optional<organisation_view> organisation;   ///< personal
    bool operator==(const registration_view&) const = default;
};

/** `{offered, capacity|null, confirmed, waitlisted, checked_in}`: seats of one mode. */
struct seat_counts_view {
    bool offered = true;
    std::optional<std::int64_t> capacity;  ///< null: no limit
    std::int64_t confirmed = 0;
    std::int64_t waitlisted = 0;
    std::int64_t checked_in = 0;
    bool operator==(const seat_counts_view&) const = default;
};

/** `{meeting_id, in_person, remote}`: a meeting's seats, without any personal data. */
struct counts_view {
    std::int64_t meeting_id = 0;
    seat_counts_view in_person;
    seat_counts_view remote;
    bool operator==(const counts_view&) const = default;
};

/** Attendance figures: `{registered, confirmed, waitlisted, attended, in_person, remote,
 * officials, elected}`. */
struct attendance_figures_view {
    std::int64_t registered = 0;
    std::int64_t confirmed = 0;
    std::int64_t waitlisted = 0;
    std::int64_t attended = 0;
    std::int64_t in_person = 0;
    std::int64_t remote = 0;
    std::int64_t officials = 0;
    std::int64_t elected = 0;
    bool operator==(const attendance_figures_view&) const = default;
};

/** `{organisation, registered, confirmed, ...}`: one organisation's figures, flattened. */
struct organisation_statistics_view {
    organisation_view organisation;
    attendance_figures_view figures;
    bool operator==(const organisation_statistics_view&) const = default;
};

/** `{organisation_id, created_at}`: an invitation (never its code, which is shown once). */
struct invitation_view {
    std::int64_t organisation_id = 0;
    std::string created_at;  ///< RFC 3339 UTC
    bool operator==(const invitation_view&) const = default;
};

/** Wire form of a network. */
boost::json::object to_json(const network_view& v);
/** Wire form of an organisation. */
boost::json::object to_json(const organisation_view& v);
/** Wire form of a decision. */
boost::json::object to_json(const decision_view& v);
/** Wire form of a membership. */
boost::json::object to_json(const membership_view& v);
/** Wire form of a member. */
boost::json::object to_json(const member_view& v);
/** Wire form of a person. */
boost::json::object to_json(const person_view& v);
/** Wire form of a meeting. */
boost::json::object to_json(const meeting_view& v);

/** Wire form of a registration. */
boost::json::object to_json(const registration_view& v);
/** Wire form of one mode's seats. */
boost::json::object to_json(const seat_counts_view& v);
/** Wire form of a meeting's seat counts. */
boost::json::object to_json(const counts_view& v);
/** Wire form of attendance figures. */
boost::json::object to_json(const attendance_figures_view& v);
/** Wire form of one organisation's statistics (organisation plus flattened figures). */
boost::json::object to_json(const organisation_statistics_view& v);
/** Wire form of an invitation. */
boost::json::object to_json(const invitation_view& v);

/** Strictly reads a network. */
network_view network_view_from_json(const boost::json::object& obj);
/** Strictly reads an organisation. */
organisation_view organisation_view_from_json(const boost::json::object& obj);
/** Strictly reads a decision. */
decision_view decision_view_from_json(const boost::json::object& obj);
/** Strictly reads a membership. */
membership_view membership_view_from_json(const boost::json::object& obj);
/** Strictly reads a member. */
member_view member_view_from_json(const boost::json::object& obj);
/** Strictly reads a person. */
person_view person_view_from_json(const boost::json::object& obj);
/** Strictly reads a meeting. */
meeting_view meeting_view_from_json(const boost::json::object& obj);
/** Strictly reads a registration. */
registration_view registration_view_from_json(const boost::json::object& obj);
/** Strictly reads a meeting's seat counts. */
counts_view counts_view_from_json(const boost::json::object& obj);
/** Strictly reads attendance figures. */
attendance_figures_view attendance_figures_view_from_json(const boost::json::object& obj);
/** Strictly reads one organisation's statistics. */
organisation_statistics_view organisation_statistics_view_from_json(const boost::json::object& obj);
/** Strictly reads an invitation. */
invitation_view invitation_view_from_json(const boost::json::object& obj);

}  // namespace traffpunkt::protocol
