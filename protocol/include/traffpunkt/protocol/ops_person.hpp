#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

namespace traffpunkt::protocol {

// Person ops.

/** person.create {name, email, organisation_id, role} */
struct person_create_args {
    std::string name;
    std::string email;
    std::int64_t organisation_id = 0;
    std::string role;  ///< official | elected
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

}  // namespace traffpunkt::protocol
