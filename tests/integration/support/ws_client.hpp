#pragma once

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "upgrade_refused.hpp"

namespace traffpunkt::testing {

using namespace std::chrono_literals;

/** How ws_client::connect performs the upgrade. */
struct connect_options {
    std::string target = "/ws";
    /** Sent as `Authorization: Bearer <token>` on the upgrade request. */
    std::optional<std::string> bearer_token;
    /** Sent as `Origin` on the upgrade request. */
    std::optional<std::string> origin;
    /** Sent as `Sec-WebSocket-Protocol`; empty = header not sent. */
    std::string subprotocol = "traffpunkt.v1";
    /** Bound on TCP connect + handshake, and on close(). */
    std::chrono::milliseconds timeout{5000};
    /**
     * SO_RCVBUF in bytes, set before connecting (so the TCP window stays small); nullopt = the
     * system's default. With a small buffer, a client that stops calling its methods fills up
     * after a few KiB, and the server's writes to it stall: a slow consumer.
     */
    std::optional<int> receive_buffer;
    /**
     * Local address to connect from (e.g. "127.0.0.2": every 127.x.y.z is loopback on Linux),
     * so a test can be several source addresses; nullopt = the system's choice.
     */
    std::optional<std::string> local_address;
};

/** Close code and reason the server sent (code 1005 = close frame without a code). */
struct close_info {
    int code = 0;
    std::string reason;
};

/**
 * Synchronous WebSocket client for integration tests: every call is bounded by a timeout.
 *
 * Frames are read only while a method runs, so a test that stops calling the client behaves
 * like a peer that does not read. Frames read but not consumed yet (an event that arrived
 * while call() waited for its answer, frames read by wait_closed()) are queued in arrival
 * order and handed out first by next_event() and read_raw(). Not thread-safe.
 */
class ws_client {
  public:
    /** Connects and upgrades; throws upgrade_refused on a non-101 answer, runtime_error else. */
    static std::unique_ptr<ws_client> connect(const std::string& host, unsigned short port,
                                              const connect_options& options = {});

    ~ws_client();
    ws_client(const ws_client&) = delete;
    ws_client& operator=(const ws_client&) = delete;

    /** Sends one text frame; throws runtime_error when it cannot be written in time. */
    void send_text(std::string_view text);

    /** Sends one binary frame; throws runtime_error when it cannot be written in time. */
    void send_binary(std::string_view bytes);

    /**
     * Sends `{"id":N,"op":op,"args":args[,"idem":idem]}` with a fresh increasing id and
     * returns the whole answer object (`re` plus `result` or `error`). Frames that are not
     * the answer are queued for next_event(). Throws runtime_error on timeout or close.
     */
    boost::json::object call(std::string_view op, boost::json::object args = {},
                             std::optional<std::string> idem = {},
                             std::chrono::milliseconds timeout = 5s);

    /**
     * The next frame not consumed yet, parsed as a JSON object (normally an event), or nullopt
     * when none arrives within `timeout` or the connection closes. Throws runtime_error when
     * the frame is not a JSON object.
     */
    std::optional<boost::json::object> next_event(std::chrono::milliseconds timeout);

    /** The next frame not consumed yet, unparsed; nullopt on timeout or close. */
    std::optional<std::string> read_raw(std::chrono::milliseconds timeout);

    /**
     * Reads until the server closes the connection (frames read meanwhile are queued) and
     * returns its close code and reason; nullopt when it stays open for `timeout`.
     * Also returns the close_info when the connection closed earlier. A connection that is
     * dropped without a close frame gives code 1006.
     */
    std::optional<close_info> wait_closed(std::chrono::milliseconds timeout);

    /** Closes with code 1000 and waits (bounded) for the server's close frame. */
    void close();

    /** Drops the TCP connection without a closing handshake. */
    void drop();

    /** True until the connection closed or failed. */
    bool is_open() const;

    /** The Sec-WebSocket-Protocol the server chose; empty when it chose none. */
    std::string negotiated_subprotocol() const;

    /** The id the next call() will use. */
    std::uint64_t next_id() const { return next_id_; }

  private:
    struct impl;
    explicit ws_client(std::unique_ptr<impl> state);

    // Reads one frame from the socket (not the queue) until `deadline`.
    std::optional<std::string> read_wire(std::chrono::steady_clock::time_point deadline);
    void write(std::string_view data, bool text);

    std::unique_ptr<impl> impl_;
    std::deque<std::string> unread_;
    std::uint64_t next_id_ = 1;
};

}  // namespace traffpunkt::testing
