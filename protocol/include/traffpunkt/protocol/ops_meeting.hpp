#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "traffpunkt/protocol/args_reader.hpp"

namespace traffpunkt::protocol {

// Meeting ops. Instants are strings (RFC 3339 with an offset), checked by the server's domain
// parsers; capacities are 0..100000.

/** meeting.list {network_id, status?} */
struct meeting_list_args {
    std::int64_t network_id = 0;
    std::optional<std::string> status;  ///< draft | published | cancelled
};
/** Decodes the args of `meeting.list`. */
meeting_list_args decode_meeting_list(const boost::json::object& args);

/** {meeting_id}: the args of meeting.get, meeting.publish and meeting.cancel. */
struct meeting_ref_args {
    std::int64_t meeting_id = 0;
};
using meeting_get_args = meeting_ref_args;
using meeting_publish_args = meeting_ref_args;
using meeting_cancel_args = meeting_ref_args;
/** Decodes the args of `meeting.get`. */
meeting_get_args decode_meeting_get(const boost::json::object& args);
/** Decodes the args of `meeting.publish`. */
meeting_publish_args decode_meeting_publish(const boost::json::object& args);
/** Decodes the args of `meeting.cancel`. */
meeting_cancel_args decode_meeting_cancel(const boost::json::object& args);

/** meeting.create; optional text fields are empty when absent or null. */
struct meeting_create_args {
    std::int64_t network_id = 0;
    std::string title;
    std::string description;
    std::string starts_at;
    std::string ends_at;
    std::optional<std::string> zone;  ///< absent: the server's default zone
    std::string format;               ///< in_person | digital | hybrid
    std::string venue;
    std::string address;
    std::string online_url;
    std::optional<std::int64_t> capacity_in_person;       ///< absent: no limit
    std::optional<std::int64_t> capacity_remote;          ///< absent: no limit
    std::optional<std::int64_t> in_person_quota_per_org;  ///< absent: no quota; 1..100000
    std::optional<std::string> registration_opens;
    std::optional<std::string> registration_closes;
    std::string cost_note;
    std::string contact_name;
    std::string contact_email;
};
/** Decodes the args of `meeting.create`. */
meeting_create_args decode_meeting_create(const boost::json::object& args);

/**
 * meeting.update {meeting_id, any field of create except network_id}. Null clears an optional
 * field (zone: back to the default); null for title, starts_at, ends_at or format is refused, so
 * for those `present` implies a value.
 */
struct meeting_update_args {
    std::int64_t meeting_id = 0;
    args_reader::patch<std::string> title;
    args_reader::patch<std::string> description;
    args_reader::patch<std::string> starts_at;
    args_reader::patch<std::string> ends_at;
    args_reader::patch<std::string> zone;
    args_reader::patch<std::string> format;
    args_reader::patch<std::string> venue;
    args_reader::patch<std::string> address;
    args_reader::patch<std::string> online_url;
    args_reader::patch<std::int64_t> capacity_in_person;
    args_reader::patch<std::int64_t> capacity_remote;
    args_reader::patch<std::int64_t> in_person_quota_per_org;
    args_reader::patch<std::string> registration_opens;
    args_reader::patch<std::string> registration_closes;
    args_reader::patch<std::string> cost_note;
    args_reader::patch<std::string> contact_name;
    args_reader::patch<std::string> contact_email;
};
/** Decodes the args of `meeting.update`. */
meeting_update_args decode_meeting_update(const boost::json::object& args);

/** {meeting_id, person_id}: the args of meeting.add_facilitator and meeting.remove_facilitator. */
struct meeting_facilitator_args {
    std::int64_t meeting_id = 0;
    std::int64_t person_id = 0;
};
/** Decodes the args of `meeting.add_facilitator`. */
meeting_facilitator_args decode_meeting_add_facilitator(const boost::json::object& args);
/** Decodes the args of `meeting.remove_facilitator`. */
meeting_facilitator_args decode_meeting_remove_facilitator(const boost::json::object& args);

}  // namespace traffpunkt::protocol
