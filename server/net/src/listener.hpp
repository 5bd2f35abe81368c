#pragma once

#include <memory>

#include "beast.hpp"
#include "connection_limiter.hpp"
#include "traffpunkt/config/settings.hpp"
#include "traffpunkt/service/application.hpp"

namespace traffpunkt::net {

class session_registry;

/**
 * Accepts connections and starts an http_session on a fresh strand for each: a TLS one when
 * given a TLS context, a plain one otherwise.
 */
class listener : public std::enable_shared_from_this<listener> {
  public:
    listener(asio::io_context& ioc, tcp::endpoint endpoint, const config::settings& settings,
             service::application& app, session_registry& registry,
             std::shared_ptr<ssl::context> tls);

    void run();
    void stop();
    tcp::endpoint local_endpoint() const;

  private:
    void do_accept();
    void on_accept(beast::error_code ec, tcp::socket socket);
    void refuse(tcp::socket socket);

    asio::io_context& ioc_;
    tcp::acceptor acceptor_;
    const config::settings& settings_;
    service::application& app_;
    session_registry& registry_;
    std::shared_ptr<connection_limiter> limiter_;
    std::shared_ptr<ssl::context> tls_;  ///< null: plain TCP
};

}  // namespace traffpunkt::net
