#pragma once

#include <memory>
#include <string>

#include "traffpunkt/config/settings.hpp"
#include "traffpunkt/net/io_pool.hpp"
#include "traffpunkt/service/application.hpp"

namespace traffpunkt::net {

/**
 * The one port: HTTP (static web client, service routes) and WebSocket upgrades on `/ws`.
 * Owns the listener and knows every live session, so it can close them on shutdown. Accepts on
 * the pool's main context and gives each connection to the next context of the pool.
 */
class server {
  public:
    server(io_pool& pool, const config::settings& settings, service::application& app);
    ~server();

    /** Binds and starts accepting. Throws if the address cannot be bound. */
    void start();

    /** The bound address as HOST:PORT (the real port when configured with port 0). */
    std::string bound_address() const;

    /** Open WebSocket sessions. */
    std::size_t session_count() const;

    /** Stops accepting new connections. */
    void stop_accepting();

    /** Closes every WebSocket with 1001 (going away), after what is queued for it. */
    void close_sessions();

  private:
    struct impl;
    std::shared_ptr<impl> impl_;
};

}  // namespace traffpunkt::net
