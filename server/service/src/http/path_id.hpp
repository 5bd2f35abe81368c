#pragma once

// The id segment of an HTTP route (/meetings/{id}/..., /polls/{id}/...): one rule for every route.

#include <charconv>
#include <cstdint>
#include <optional>
#include <string_view>
#include <system_error>

namespace traffpunkt::service {

/** Ids are 1..2^53-1 (PROTOCOL.md). */
inline constexpr std::int64_t max_path_id = 9'007'199'254'740'991;

/** `digits` as a number of a path: decimal, no sign, no leading zero, 1..`max`; else nothing. */
inline std::optional<std::int64_t> path_number(std::string_view digits, std::int64_t max) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() ||
        digits.front() == '0' || value < 1 || value > max) {
        return std::nullopt;
    }
    return value;
}

/** `digits` as an id (1..max_path_id); else nothing. */
inline std::optional<std::int64_t> path_id(std::string_view digits) {
    return path_number(digits, max_path_id);
}

}  // namespace traffpunkt::service
