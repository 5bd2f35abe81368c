#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/websocket/stream.hpp>

#include "connection_limiter.hpp"
#include "traffpunkt/config/settings.hpp"
#include "traffpunkt/service/application.hpp"
#include "traffpunkt/service/connection.hpp"
#include "traffpunkt/service/event_sink.hpp"
#include "transport.hpp"

namespace traffpunkt::net {

class session_registry;

/**
 * One WebSocket client, over plain TCP or TLS (the transport hides which, so Beast's WebSocket
 * code is compiled once). Owns itself (every async call holds shared_from_this()); runs on the
 * one thread of its io_context (net::io_pool); one write in flight behind a bounded queue.
 * Frames from other threads arrive through `deliver`, which posts to that context.
 */
class websocket_session : public std::enable_shared_from_this<websocket_session>,
                          public service::event_sink {
  public:
    websocket_session(transport&& stream, const config::settings& settings,
                      service::application& app, session_registry& registry,
                      connection_ticket ticket, service::principal who, std::string remote);
    ~websocket_session() override;

    /** Accepts the upgrade `req`, answering with `subprotocol` when non-empty. */
    void run(boost::beast::http::request<boost::beast::http::empty_body>&& req,
             std::string subprotocol);

    void deliver(service::frame f, std::uint64_t coalesce_key) override;
    void close_with(std::uint16_t code, std::string reason) override;

  private:
    using error_code = boost::system::error_code;

    struct outgoing {
        service::frame f;
        std::uint64_t coalesce_key;
    };

    void on_accept(error_code ec);
    void do_read();
    void on_read(error_code ec, std::size_t bytes);
    void enqueue(service::frame f, std::uint64_t coalesce_key);
    void do_write();
    void on_write(error_code ec, std::size_t bytes);
    void start_close(boost::beast::websocket::close_code code, std::string reason);
    void do_close();
    bool allow_request();  ///< token bucket

    boost::beast::websocket::stream<transport> ws_;
    boost::beast::flat_buffer buffer_;
    const config::settings& settings_;
    service::application& app_;
    session_registry& registry_;
    connection_ticket ticket_;
    std::shared_ptr<service::connection> conn_;

    std::deque<outgoing> queue_;
    std::size_t queued_bytes_ = 0;
    bool writing_ = false;
    bool accepted_ = false;
    bool closing_ = false;
    bool close_sent_ = false;
    boost::beast::websocket::close_reason close_reason_;
    boost::asio::steady_timer close_timer_;

    double tokens_;
    std::chrono::steady_clock::time_point last_refill_;
    int strikes_ = 0;
};

}  // namespace traffpunkt::net
