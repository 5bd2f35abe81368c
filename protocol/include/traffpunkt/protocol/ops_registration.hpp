#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "traffpunkt/protocol/args_reader.hpp"

namespace traffpunkt::protocol {

// Registration ops, invitations and attendance statistics. Texts (needs, names) are checked by
// the server's domain rules; the codec checks shapes, types, enum values and which fields may
// appear together.

/** A person who registers themself with an invitation: {name, email, role}. */
struct new_person_input {
    std::string name;
    std::string email;
    std::string role;                     ///< official | elected
    std::optional<std::string> language;  ///< sv | en: the language of their mail (default sv)
};

/**
 * registration.create {meeting_id, mode, dietary_needs?, accessibility_needs?, and either
 * person_id? (someone already known) or invitation + person (self-registration)}.
 * `invitation` and `person` come together or not at all, and never with `person_id`.
 */
struct registration_create_args {
    std::int64_t meeting_id = 0;
    std::string mode;  ///< in_person | remote
    std::string dietary_needs;
    std::string accessibility_needs;
    std::optional<std::int64_t> person_id;
    std::optional<std::string> invitation;
    std::optional<new_person_input> person;
};
/** Decodes the args of `registration.create`. */
registration_create_args decode_registration_create(const boost::json::object& args);

/**
 * registration.get {registration_id} or {meeting_id, person_id?}: one registration by id, or the
 * active registration of a person (default: the caller) for a meeting.
 */
struct registration_get_args {
    std::optional<std::int64_t> registration_id;
    std::optional<std::int64_t> meeting_id;
    std::optional<std::int64_t> person_id;
};
/** Decodes the args of `registration.get`: exactly one of registration_id and meeting_id. */
registration_get_args decode_registration_get(const boost::json::object& args);

/**
 * registration.list {meeting_id?, person_id?, status?}: a meeting's registrations, or a
 * person's (default: the caller). `status` filters; absent means the active ones (confirmed and
 * waitlisted).
 */
struct registration_list_args {
    std::optional<std::int64_t> meeting_id;
    std::optional<std::int64_t> person_id;
    std::optional<std::string> status;  ///< confirmed | waitlisted | cancelled
    /** Coordinators: each registration gets `last_mail`, its newest mail and how it went. */
    bool mail = false;
};
/** Decodes the args of `registration.list`. */
registration_list_args decode_registration_list(const boost::json::object& args);

/**
 * registration.update {registration_id, mode?, dietary_needs?, accessibility_needs?}. Null
 * clears a needs text; mode cannot be null. At least one field besides the id.
 */
struct registration_update_args {
    std::int64_t registration_id = 0;
    args_reader::patch<std::string> mode;
    args_reader::patch<std::string> dietary_needs;
    args_reader::patch<std::string> accessibility_needs;
};
/** Decodes the args of `registration.update`. */
registration_update_args decode_registration_update(const boost::json::object& args);

/** registration.cancel {registration_id} */
struct registration_cancel_args {
    std::int64_t registration_id = 0;
};
/** Decodes the args of `registration.cancel`. */
registration_cancel_args decode_registration_cancel(const boost::json::object& args);

/**
 * registration.checkin {meeting_id, and exactly one of registration_id, person_id,
 * checkin_code; checked_in? (default true; false takes a check-in back)}.
 */
struct registration_checkin_args {
    std::int64_t meeting_id = 0;
    std::optional<std::int64_t> registration_id;
    std::optional<std::int64_t> person_id;
    std::optional<std::string> checkin_code;
    bool checked_in = true;
};
/** Decodes the args of `registration.checkin`. */
registration_checkin_args decode_registration_checkin(const boost::json::object& args);

/** meeting.stats {meeting_id} */
struct meeting_stats_args {
    std::int64_t meeting_id = 0;
};
/** Decodes the args of `meeting.stats`. */
meeting_stats_args decode_meeting_stats(const boost::json::object& args);

/** network.stats {network_id} */
struct network_stats_args {
    std::int64_t network_id = 0;
};
/** Decodes the args of `network.stats`. */
network_stats_args decode_network_stats(const boost::json::object& args);

/** {organisation_id}: the args of org.invitation.create, .rotate and .revoke. */
struct org_invitation_args {
    std::int64_t organisation_id = 0;
};
/** Decodes the args of `org.invitation.create`, `org.invitation.rotate`, `org.invitation.revoke`.
 */
org_invitation_args decode_org_invitation(const boost::json::object& args);

}  // namespace traffpunkt::protocol
