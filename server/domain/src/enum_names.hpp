#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace traffpunkt::domain::detail {

/** A fixed table from enum values to their wire/storage names. */
template <class Enum, std::size_t N>
using name_table = std::array<std::pair<Enum, std::string_view>, N>;

/** The name of `e`, or "unknown" for a value outside the table (a cast gone wrong). */
template <class Enum, std::size_t N>
constexpr std::string_view name_of(const name_table<Enum, N>& names, Enum e) {
    for (const auto& [value, name] : names) {
        if (value == e) {
            return name;
        }
    }
    return "unknown";
}

/** The value named `s`, matched exactly (names are lower case on the wire and on disk). */
template <class Enum, std::size_t N>
constexpr std::optional<Enum> value_of(const name_table<Enum, N>& names, std::string_view s) {
    for (const auto& [value, name] : names) {
        if (name == s) {
            return value;
        }
    }
    return std::nullopt;
}

}  // namespace traffpunkt::domain::detail
