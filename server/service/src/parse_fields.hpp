#pragma once

#include <chrono>

// Wire strings -> domain values, with invalid_args naming the field on failure.

#include <optional>
#include <string>
#include <string_view>

#include "traffpunkt/domain/time.hpp"
#include "traffpunkt/protocol/errc.hpp"

namespace traffpunkt::service {

inline domain::instant instant_field(std::string_view field, std::string_view text) {
    auto t = domain::parse_instant(text);
    if (!t) {
        throw protocol::invalid_field(std::string(field),
                                      "field '" + std::string(field) +
                                          "' must be an RFC 3339 time with an offset, e.g. "
                                          "2022-11-25T10:00:00+01:00");
    }
    return *t;
}

inline domain::date date_field(std::string_view field, std::string_view text) {
    auto d = domain::parse_date(text);
    if (!d) {
        throw protocol::invalid_field(
            std::string(field), "field '" + std::string(field) + "' must be a date YYYY-MM-DD");
    }
    return *d;
}

inline std::optional<domain::instant> opt_instant_field(std::string_view field,
                                                        const std::optional<std::string>& text) {
    if (!text) {
        return std::nullopt;
    }
    return instant_field(field, *text);
}

[[noreturn]] inline void throw_not_found(std::string what) {
    throw protocol::protocol_error(protocol::error{protocol::errc::not_found, std::move(what), {}});
}

[[noreturn]] inline void throw_forbidden(std::string what) {
    throw protocol::protocol_error(protocol::error{protocol::errc::forbidden, std::move(what), {}});
}

/** `rate_limited` with `details.retry_after_ms`: how long until the next one is allowed. */
[[noreturn]] inline void throw_rate_limited(std::string what, std::chrono::milliseconds wait) {
    throw protocol::protocol_error(protocol::error{
        protocol::errc::rate_limited, std::move(what),
        boost::json::object{{"retry_after_ms", static_cast<std::int64_t>(wait.count())}}});
}

}  // namespace traffpunkt::service
