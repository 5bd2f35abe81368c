#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "traffpunkt/domain/ids.hpp"

namespace traffpunkt::service {

/** Which feed a /calendar/ path asks for. */
struct calendar_route {
    enum class feed { network, meeting, person };
    feed kind = feed::network;
    domain::id id = 0;  ///< network or meeting id
    std::string token;  ///< personal token (person feeds)
};

/**
 * Parses `/calendar/network/{id}.ics`, `/calendar/meetings/{id}.ics` and
 * `/calendar/person/{token}.ics`, strictly: ids are positive integers up to 2^53-1 without
 * leading zeros or signs; tokens are 1-256 base64url characters. Anything else is empty (404).
 */
std::optional<calendar_route> parse_calendar_route(std::string_view path);

}  // namespace traffpunkt::service
