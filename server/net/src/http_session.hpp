#pragma once

#include <memory>
#include <optional>
#include <string>

#include "beast.hpp"
#include "connection_limiter.hpp"
#include "traffpunkt/config/settings.hpp"
#include "traffpunkt/service/application.hpp"

namespace traffpunkt::net {

class session_registry;

/**
 * A plain HTTP connection (keep-alive). Serves the service's routes and the static web client,
 * and hands WebSocket upgrades on `/ws` to a websocket_session after checking Origin, token
 * and subprotocol. Every read has a deadline and a size limit.
 */
class http_session : public std::enable_shared_from_this<http_session> {
  public:
    http_session(tcp::socket&& socket, const config::settings& settings, service::application& app,
                 session_registry& registry, connection_ticket ticket);

    void run();

  private:
    void do_read();
    void on_read(beast::error_code ec, std::size_t bytes);
    void handle_request();
    void try_upgrade(http::request<http::string_body>&& req);
    void send(http::response<http::string_body>&& res);
    void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
    http::response<http::string_body> error_response(http::status status, std::string_view message,
                                                     unsigned version, bool keep_alive) const;

    beast::tcp_stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<http::response<http::string_body>> response_;
    const config::settings& settings_;
    service::application& app_;
    session_registry& registry_;
    connection_ticket ticket_;
    std::string remote_;
    std::vector<std::string> origins_;
};

}  // namespace traffpunkt::net
