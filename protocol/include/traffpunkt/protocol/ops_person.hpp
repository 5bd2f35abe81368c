#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "traffpunkt/protocol/args_reader.hpp"

namespace traffpunkt::protocol {

// Person ops.

/** person.create {name, email, organisation_id, role} */
struct person_create_args {
    std::string name;
    std::string email;
    std::int64_t organisation_id = 0;
    std::string role;                     ///< official | elected
    std::optional<std::string> language;  ///< sv | en (default sv)
    /** Mail the person their personal link (a new token) in the same transaction (default). */
    bool send_link = true;
};
/** Decodes the args of `person.create`. */
person_create_args decode_person_create(const boost::json::object& args);

/** person.get {person_id} */
struct person_get_args {
    std::int64_t person_id = 0;
};
/** Decodes the args of `person.get`. */
person_get_args decode_person_get(const boost::json::object& args);

/** Most people one `person.list` page holds (`limit`). */
inline constexpr std::int64_t person_list_limit_max = 200;
/** `limit` when none is given. */
inline constexpr std::int64_t person_list_limit_default = 50;

/** person.list {organisation_id?, query?, limit?, offset?} */
struct person_list_args {
    std::optional<std::int64_t> organisation_id;
    std::string query;  ///< "" matches everyone
    std::int64_t limit = person_list_limit_default;
    std::int64_t offset = 0;
};
/** Decodes the args of `person.list`. */
person_list_args decode_person_list(const boost::json::object& args);

/** person.update {person_id, name?, email?, organisation_id?, role?}: at least one field. */
struct person_update_args {
    std::int64_t person_id = 0;
    args_reader::patch<std::string> name;
    args_reader::patch<std::string> email;
    args_reader::patch<std::int64_t> organisation_id;
    args_reader::patch<std::string> role;
};
/** Decodes the args of `person.update`. */
person_update_args decode_person_update(const boost::json::object& args);

/** person.link / person.link.revoke {person_id} */
struct person_link_args {
    std::int64_t person_id = 0;
};
/** Decodes the args of `person.link` and `person.link.revoke`. */
person_link_args decode_person_link(const boost::json::object& args);

}  // namespace traffpunkt::protocol
