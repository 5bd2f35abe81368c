#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "traffpunkt/protocol/args_reader.hpp"

namespace traffpunkt::protocol {

// Network ops. Dates are YYYY-MM-DD strings, checked by the server's domain parsers.

/** network.list {} */
struct network_list_args {};
/** Decodes the args of `network.list` (which must be empty). */
network_list_args decode_network_list(const boost::json::object& args);

/** network.get {network_id} */
struct network_get_args {
    std::int64_t network_id = 0;
};
/** Decodes the args of `network.get`. */
network_get_args decode_network_get(const boost::json::object& args);

/** network.create {name, description?, starts_on, ends_on, extended_until?} */
struct network_create_args {
    std::string name;
    std::string description;  ///< empty when absent or null
    std::string starts_on;
    std::string ends_on;
    std::optional<std::string> extended_until;
};
/** Decodes the args of `network.create`. */
network_create_args decode_network_create(const boost::json::object& args);

/**
 * network.update {network_id, name?, description?, starts_on?, ends_on?, extended_until?}.
 * Null clears description and extended_until; null for name, starts_on or ends_on is refused,
 * so for those `present` implies a value.
 */
struct network_update_args {
    std::int64_t network_id = 0;
    args_reader::patch<std::string> name;
    args_reader::patch<std::string> description;
    args_reader::patch<std::string> starts_on;
    args_reader::patch<std::string> ends_on;
    args_reader::patch<std::string> extended_until;
};
/** Decodes the args of `network.update`. */
network_update_args decode_network_update(const boost::json::object& args);

}  // namespace traffpunkt::protocol
