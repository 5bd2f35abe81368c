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
    std::optional<std::string> online_url;           ///< omitted when absent
    std::optional<std::int64_t> capacity_in_person;  ///< null: no limit
    std::optional<std::int64_t> capacity_remote;     ///< null: no limit
    std::optional<std::string> registration_opens;   ///< RFC 3339 UTC or null
    std::optional<std::string> registration_closes;  ///< RFC 3339 UTC or null
    std::string cost_note;
    std::string status;  ///< draft | published | cancelled
    std::int64_t sequence = 0;
    std::string created_at;  ///< RFC 3339 UTC
    std::string updated_at;  ///< RFC 3339 UTC
    bool operator==(const meeting_view&) const = default;
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

}  // namespace traffpunkt::protocol
