#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <cstdint>
#include <string>

#include "frame_scan.hpp"
#include "traffpunkt/ws/connection.hpp"

namespace traffpunkt::loadgen {

class device;

/** Receives what happens to devices; all calls come from the io_context's one thread. */
class device_observer {
  public:
    virtual ~device_observer() = default;
    /** The device joined, authenticated and subscribed to polls:M. */
    virtual void on_ready(device& d) = 0;
    /** Setup failed, or the connection ended; the device does nothing more. */
    virtual void on_failed(device& d, const std::string& why) = 0;
    /** A frame after the device was ready; `now_us` is when it was read. */
    virtual void on_frame(device& d, const frame_summary& frame, std::int64_t now_us) = 0;
};

/** Microseconds on the steady clock: the one time base of every measurement. */
std::int64_t now_us();

/**
 * One simulated audience device (a phone that scanned the poll link): its own WebSocket
 * connection from a chosen 127.0.0.x source address, then audience.join, auth and subscribe
 * to polls:M, as PROTOCOL.md describes; after that it sends what the scenario gives it and
 * reports every frame. The WebSocket is the shared client library's (traffpunkt/ws). Driven by a
 * single-threaded io_context, so it needs no strand; its handlers capture `this`, so it must
 * outlive the io_context's run (the fleet owns it).
 */
class device {
  public:
    struct settings {
        boost::asio::ip::tcp::endpoint server;
        boost::asio::ip::address_v4 source;
        std::string join_code;
        std::int64_t meeting_id = 0;
    };

    device(boost::asio::io_context& ioc, settings config, device_observer& observer, int index);
    device(const device&) = delete;
    device& operator=(const device&) = delete;

    /** Connects and runs the setup exchange; on_ready or on_failed follows. */
    void start();

    /** Queues one text frame (one write in flight at a time); a failed write ends the device. */
    void send(std::string frame);

    int index() const { return index_; }
    bool ready() const { return state_ == state::ready; }

  private:
    enum class state { connecting, joining, authenticating, subscribing, ready, ended };

    void on_open(ws::connection::error_code ec);
    void on_message(std::string_view frame);
    void on_end(ws::connection::error_code ec);
    void on_setup_answer(std::string_view frame);
    void fail(const std::string& why);

    settings settings_;
    device_observer& observer_;
    int index_;
    ws::connection ws_;
    state state_ = state::connecting;
};

}  // namespace traffpunkt::loadgen
