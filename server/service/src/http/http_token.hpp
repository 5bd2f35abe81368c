#pragma once

// The one way HTTP routes read a caller's token (PROTOCOL.md "HTTP on the same port"):
// `Authorization: Bearer <token>`, or, without an Authorization header, `?access_token=<token>`
// (links a browser follows: downloads, exports, calendar-free pages). An Authorization header
// that is not Bearer is malformed: routes answer 401, never treat it as no token.

#include <optional>
#include <string>
#include <string_view>

#include "traffpunkt/service/http_exchange.hpp"

namespace traffpunkt::service {

struct presented_token {
    bool malformed = false;                 ///< an Authorization header that is not Bearer
    std::optional<std::string_view> token;  ///< a view into the request
    bool from_query = false;                ///< `?access_token=` (uploads take the header only)
};

/** The token `request` presents, if any. */
presented_token token_of(const http_request& request);

/** The raw value of `name` in a query string (no percent-decoding: tokens and ids are plain). */
std::optional<std::string_view> query_value(std::string_view query, std::string_view name);

/** Adds the `WWW-Authenticate: Bearer` challenge a 401 carries. */
http_response with_bearer_challenge(http_response res);

}  // namespace traffpunkt::service
