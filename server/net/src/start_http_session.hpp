#pragma once

#include "connection_limiter.hpp"
#include "traffpunkt/config/settings.hpp"
#include "traffpunkt/service/application.hpp"
#include "transport.hpp"

namespace traffpunkt::net {

class session_registry;

/**
 * Starts an http_session on a freshly accepted connection (defined in http_session.cpp, so
 * that the listener compiles without Beast's HTTP code).
 */
void start_http_session(transport&& stream, const config::settings& settings,
                        service::application& app, session_registry& registry,
                        connection_ticket ticket);

}  // namespace traffpunkt::net
