#pragma once

// Error answers of the JSON HTTP routes (documents): the same `{"error": {code, message,
// details?}}` object as on the WebSocket, with the HTTP status that fits the code.

#include "traffpunkt/protocol/errc.hpp"
#include "traffpunkt/service/http_exchange.hpp"

namespace traffpunkt::service {

/**
 * The HTTP status of a protocol error: invalid_args 400, unauthorized 401, forbidden 403,
 * not_found 404, conflict and meeting_cancelled 409, unavailable 503, anything else 500.
 */
int http_status_of(protocol::errc code);

/** `{"error": {...}}` with `status` (JSON, `Cache-Control: no-store`). */
http_response json_error(int status, const protocol::error& e);

/** `{"error": {...}}` with the status of its code; 401 also gets `WWW-Authenticate: Bearer`. */
http_response json_error(const protocol::error& e);

}  // namespace traffpunkt::service
