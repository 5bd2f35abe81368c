#pragma once

#include <string>

#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>

#include "connection_limiter.hpp"
#include "traffpunkt/config/settings.hpp"
#include "traffpunkt/service/application.hpp"
#include "traffpunkt/service/principal.hpp"
#include "transport.hpp"

namespace traffpunkt::net {

class session_registry;

/**
 * Accepts the WebSocket upgrade `upgrade` on `stream` and runs a websocket_session on it,
 * answering with `subprotocol` when non-empty (defined in websocket_session.cpp, so that the
 * HTTP session compiles without Beast's WebSocket code).
 */
void start_websocket_session(transport&& stream, const config::settings& settings,
                             service::application& app, session_registry& registry,
                             connection_ticket ticket, service::principal who, std::string remote,
                             boost::beast::http::request<boost::beast::http::empty_body>&& upgrade,
                             std::string subprotocol);

}  // namespace traffpunkt::net
