#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

namespace traffpunkt::protocol {

// Session ops: auth, subscribe, unsubscribe. Each decode_* reads an op's args strictly and
// throws protocol_error (invalid_args, details.field) on a missing, ill-typed or unknown field.

/** auth {token} */
struct auth_args {
    std::string token;
};
/** Decodes the args of `auth`. */
auth_args decode_auth(const boost::json::object& args);

/**
 * subscribe {topic, since?, epoch?}. topic: 1..64 characters of a-z, 0-9, ':', '.', '_', '-'
 * (the hub decides whether it exists); since: 0..2^53-1; epoch: at most 64 characters.
 */
struct subscribe_args {
    std::string topic;
    std::optional<std::int64_t> since;
    std::optional<std::string> epoch;
};
/** Decodes the args of `subscribe`. */
subscribe_args decode_subscribe(const boost::json::object& args);

/** unsubscribe {topic} */
struct unsubscribe_args {
    std::string topic;
};
/** Decodes the args of `unsubscribe`. */
unsubscribe_args decode_unsubscribe(const boost::json::object& args);

}  // namespace traffpunkt::protocol
