#pragma once

#include <exception>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

#include <boost/json/object.hpp>

namespace traffpunkt::protocol {

/**
 * The closed set of error codes a client can receive. The strings returned by `to_string` are
 * part of the wire contract: never rename one, only add.
 */
enum class errc {
    bad_request,            ///< the frame is not a valid request envelope
    unknown_op,             ///< op is not one of the documented ops
    invalid_args,           ///< args fail validation (details.field names the field)
    unauthorized,           ///< the token is unknown or revoked
    forbidden,              ///< the caller's role may not do this
    not_found,              ///< the object does not exist or is not visible to the caller
    conflict,               ///< the object's state does not allow it, or idem reuse
    rate_limited,           ///< too many requests on this connection
    unavailable,            ///< the store cannot take writes right now; retry with the same idem
    internal,               ///< a bug; the message says nothing more
    registration_closed,    ///< the meeting's registration window is not open
    meeting_cancelled,      ///< the meeting was cancelled
    meeting_not_published,  ///< the meeting is still a draft
    invalid_invitation,     ///< the invitation is unknown, used or expired
    poll_closed,            ///< the poll does not take votes (any more)
    invalid_ballot,         ///< the ballot does not fit the poll
};

/** The stable wire string of `code`, e.g. "invalid_args". */
std::string_view to_string(errc code) noexcept;

/** The code whose wire string is `text`, or nothing for an unknown string. */
std::optional<errc> parse_errc(std::string_view text) noexcept;

/** Every code, in declaration order (for documentation and exhaustive tests). */
std::span<const errc> all_errcs() noexcept;

/** The `std::error_category` of protocol codes; its `name()` is "traffpunkt.protocol". */
const std::error_category& protocol_category() noexcept;

/** Lets `errc` be used as a `std::error_code`. */
std::error_code make_error_code(errc code) noexcept;

/** An error as it travels in an answer: `{"code":..., "message":..., "details":{...}}`. */
struct error {
    errc code = errc::internal;
    std::string message;          ///< English, for people; never contains the request payload
    boost::json::object details;  ///< optional machine-readable context, e.g. {"field":"title"}
};

/**
 * Thrown by the argument decoders (and usable by the service) to abort a request with a
 * protocol error; the dispatcher turns it into an error answer.
 */
class protocol_error : public std::exception {
  public:
    /** Wraps `e`. */
    explicit protocol_error(error e) : error_(std::move(e)) {}
    /** Builds the error from its parts. */
    protocol_error(errc code, std::string message, boost::json::object details = {})
        : error_{code, std::move(message), std::move(details)} {}

    /** The error's message. */
    const char* what() const noexcept override { return error_.message.c_str(); }
    /** The error carried. */
    const error& err() const noexcept { return error_; }
    /** The code carried. */
    errc code() const noexcept { return error_.code; }

  private:
    error error_;
};

/** An `invalid_args` error about one field: details are `{"field": field}`. */
protocol_error invalid_field(std::string field, std::string message);

}  // namespace traffpunkt::protocol

template <>
struct std::is_error_code_enum<traffpunkt::protocol::errc> : std::true_type {};
