#include "calendar/calendar_route.hpp"

#include <algorithm>
#include <cstdint>

namespace traffpunkt::service {

namespace {

constexpr std::string_view ics_suffix = ".ics";
// Ids on the wire are at most 2^53-1 (PROTOCOL.md "Values"), 16 digits.
constexpr std::int64_t id_max = (std::int64_t{1} << 53) - 1;
// Tokens we issue are 43 characters; a longer one is not worth hashing.
constexpr std::size_t token_max = 256;

std::optional<domain::id> parse_id(std::string_view text) {
    if (text.empty() || text.size() > 16 || text.front() == '0') {
        return std::nullopt;
    }
    std::int64_t value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        value = value * 10 + (c - '0');
    }
    if (value > id_max) {
        return std::nullopt;
    }
    return value;
}

bool is_calendar_token(std::string_view text) {
    return !text.empty() && text.size() <= token_max &&
           std::all_of(text.begin(), text.end(), [](char c) {
               return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
           });
}

/** The `{x}` of `{prefix}{x}.ics`, or empty when `path` is not of that shape. */
std::optional<std::string_view> between(std::string_view path, std::string_view prefix) {
    if (!path.starts_with(prefix) || !path.ends_with(ics_suffix) ||
        path.size() <= prefix.size() + ics_suffix.size()) {
        return std::nullopt;
    }
    return path.substr(prefix.size(), path.size() - prefix.size() - ics_suffix.size());
}

}  // namespace

std::optional<calendar_route> parse_calendar_route(std::string_view path) {
    if (auto part = between(path, "/calendar/network/")) {
        if (auto id = parse_id(*part)) {
            return calendar_route{calendar_route::feed::network, *id, {}};
        }
        return std::nullopt;
    }
    if (auto part = between(path, "/calendar/meetings/")) {
        if (auto id = parse_id(*part)) {
            return calendar_route{calendar_route::feed::meeting, *id, {}};
        }
        return std::nullopt;
    }
    if (auto part = between(path, "/calendar/person/")) {
        if (is_calendar_token(*part)) {
            return calendar_route{calendar_route::feed::person, 0, std::string(*part)};
        }
    }
    return std::nullopt;
}

}  // namespace traffpunkt::service
