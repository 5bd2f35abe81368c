#pragma once

// Validators and conditional requests (RFC 9110 sections 8.8 and 13) for GET/HEAD resources
// whose body is known: calendar feeds. Pure functions, testable without a socket.

#include <optional>
#include <string>
#include <string_view>

#include "traffpunkt/domain/time.hpp"
#include "traffpunkt/service/http_exchange.hpp"

namespace traffpunkt::service {

/** A strong entity tag for `body`: the SHA-256 of the bytes, lowercase hex, in quotes. */
std::string strong_etag(std::string_view body);

/** `t` as an IMF-fixdate, e.g. `Fri, 25 Nov 2022 09:00:00 GMT`. */
std::string http_date(domain::instant t);

/**
 * Parses an IMF-fixdate. The obsolete RFC 850 and asctime forms are not accepted; a date that
 * does not parse counts as absent, which RFC 9110 asks of If-Modified-Since anyway.
 */
std::optional<domain::instant> parse_http_date(std::string_view text);

/**
 * True when a GET/HEAD for a resource with `etag` and `last_modified` should answer 304.
 * If-None-Match wins when present: `*` or any listed tag equal to `etag` under the weak
 * comparison (a `W/` prefix is ignored on both sides). Only without it is If-Modified-Since
 * used: 304 when the resource is not newer than the given date.
 */
bool is_not_modified(const http_request& request, std::string_view etag,
                     std::optional<domain::instant> last_modified);

}  // namespace traffpunkt::service
