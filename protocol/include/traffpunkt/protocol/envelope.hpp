#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "traffpunkt/protocol/errc.hpp"
#include "traffpunkt/protocol/limits.hpp"

namespace traffpunkt::protocol {

/** A client request: `{"id":7,"op":"meeting.get","args":{...},"idem":"k-123"}`. */
struct request {
    std::int64_t id = 0;              ///< 0..2^53-1, echoed as `re`
    std::string op;                   ///< shape-checked only; see `is_known_op`
    boost::json::object args;         ///< empty when absent
    std::optional<std::string> idem;  ///< idempotency key, 1..128 of [A-Za-z0-9._:-]
};

/** Parse limits of `decode_request` (the byte limit is the transport's `read_message_max`). */
struct decode_limits {
    std::size_t max_depth = limits::max_depth;  ///< nesting of objects and arrays, envelope = 1
};

/**
 * The outcome of `decode_request`: exactly one of `req` and `err` is set. `id` is set whenever
 * the id could be read, even if decoding failed elsewhere, so the error answer can carry `re`.
 */
struct decoded_request {
    std::optional<request> req;
    std::optional<error> err;
    std::optional<std::int64_t> id;
};

/**
 * Strictly decodes one request frame. Refuses (with `bad_request`) anything that is not
 * well-formed UTF-8 JSON, not an object, nested deeper than `limits.max_depth`, has a duplicate
 * key at any level, an integer outside int64, a number that overflows a double, a missing or
 * ill-formed id/op, non-object args, an ill-formed idem, or any other top-level member.
 * Whether the op exists is not checked here (see `is_known_op`). Never throws.
 */
decoded_request decode_request(std::string_view text, const decode_limits& limits = {}) noexcept;

/** `{"re":re,"result":result}`. */
std::string encode_result(std::int64_t re, const boost::json::value& result);

/** `{"re":re|null,"error":{"code":...,"message":...,"details":{...}}}`; details omitted if empty.
 */
std::string encode_error(std::optional<std::int64_t> re, const error& e);

/** `{"ev":ev,"topic":topic,"seq":seq,"epoch":epoch,"data":data}`. */
std::string encode_event(std::string_view ev, std::string_view topic, std::uint64_t seq,
                         std::string_view epoch, const boost::json::value& data);

/** `{"id":id,"op":op,"args":{...},"idem":idem}` for clients; idem omitted when absent. */
std::string encode_request(std::int64_t id, std::string_view op, const boost::json::object& args,
                           std::optional<std::string_view> idem = {});

}  // namespace traffpunkt::protocol
