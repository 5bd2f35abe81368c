#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/system/error_code.hpp>

namespace boost::asio {
class io_context;
}

namespace traffpunkt::ws {

/** Where and how async_open connects and upgrades. */
struct open_options {
    /** A host name or an IP address (an address is not resolved). */
    std::string host;
    unsigned short port = 0;
    std::string target = "/ws";
    /** Fields of the upgrade request (User-Agent, Authorization, Origin, Sec-WebSocket-Protocol).
     */
    std::vector<std::pair<std::string, std::string>> headers;
    /**
     * Bind to this local address before connecting (the port is chosen at connect time, per
     * destination, with IP_BIND_ADDRESS_NO_PORT), e.g. one of 127.0.0.x for a load generator.
     */
    std::optional<std::string> source_address;
    /**
     * SO_RCVBUF in bytes, set before connecting so the TCP window stays that small: a peer that
     * stops reading then fills up after a few KiB (a slow consumer, for tests).
     */
    std::optional<int> receive_buffer;
    /** Bound on resolve, connect and the handshake together. */
    std::chrono::milliseconds timeout{10000};
    /** Largest message accepted; a larger one ends the connection. */
    std::size_t read_message_max = 64 * 1024 * 1024;
};

/** Timeouts of an open connection (Beast's websocket timeouts; nullopt = none). */
struct timeouts {
    /** Bound on the closing handshake. */
    std::optional<std::chrono::milliseconds> close;
    /** Silence after which the connection is given up (pinged at half of it with pings on). */
    std::optional<std::chrono::milliseconds> idle;
    bool keep_alive_pings = false;
};

/** The steps of async_open, to say which one failed. */
enum class open_step { resolve, connect, handshake };

/** The close frame the peer sent: its code (1005 when it carried none) and reason. */
struct close_frame {
    int code = 1005;
    std::string reason;
};

/**
 * One client WebSocket connection (RFC 6455 over plain TCP), driven by an io_context that runs
 * on one thread: open it, read messages one at a time or continuously, write messages (queued,
 * one write in flight), close it. Every handler is called from the io_context; handlers may
 * capture the connection, which must outlive its pending operations (drop() and then running
 * the io_context until it has no work ends them).
 *
 * Shared by the command-line client, the load generator and the integration tests' support so
 * that Beast's client code is compiled once; the implementation is behind a pointer, and this
 * header includes no Asio or Beast. It knows nothing of Träffpunkt's protocol.
 */
class connection {
  public:
    using error_code = boost::system::error_code;
    using open_handler = std::function<void(error_code)>;
    using write_handler = std::function<void(error_code)>;
    /** One message; the text is valid only during the call. */
    using message_handler = std::function<void(std::string_view message, bool text)>;
    /** One message read by async_read (moved to the handler). */
    using read_handler = std::function<void(error_code, std::string message, bool text)>;
    /** The end of continuous reading: why the connection ended. */
    using end_handler = std::function<void(error_code)>;

    explicit connection(boost::asio::io_context& ioc);
    ~connection();
    connection(const connection&) = delete;
    connection& operator=(const connection&) = delete;

    /**
     * Resolves (unless `host` is an address), connects and upgrades. On success the handler
     * gets no error; on a refused upgrade is_upgrade_declined(ec) holds and http_status(),
     * response_body() tell why.
     */
    void async_open(open_options options, open_handler handler);

    /** Which step of async_open failed (meaningful once it failed). */
    open_step failed_step() const;

    /** Applies `t` from now on (call after a successful open). */
    void set_timeouts(const timeouts& t);

    /** The status of the handshake answer: 101, or the refusal's status (0 before one came). */
    int http_status() const;
    /** The reason phrase of the handshake answer. */
    std::string http_reason() const;
    /** A field of the handshake answer (empty when absent), e.g. Sec-WebSocket-Protocol. */
    std::string response_header(std::string_view name) const;
    /** The body of a refused handshake's answer. */
    std::string response_body() const;

    /** Reads one message. One read at a time; not together with read_continuously. */
    void async_read(read_handler handler);

    /**
     * Reads every message until the connection ends, handing each to `on_message` without a
     * copy, then calls `on_end` once with the reason (is_closed(ec) for a close frame).
     */
    void read_continuously(message_handler on_message, end_handler on_end);

    /** Queues one message; `handler` (optional) follows once it is written or failed. */
    void async_write(std::string message, bool text = true, write_handler handler = {});

    /** Sends a close frame with `code` and waits for the peer's; `handler` (optional) follows. */
    void async_close(int code, write_handler handler = {});

    /** Closes the socket without a closing handshake; pending operations fail. */
    void drop();

    /** True while the WebSocket is open. */
    bool is_open() const;

    /** The close frame the peer sent, once one arrived. */
    std::optional<close_frame> peer_close() const;

    /** The operation failed because the connection was closed by a close frame. */
    static bool is_closed(error_code ec);
    /** The server answered the upgrade with another status than 101. */
    static bool is_upgrade_declined(error_code ec);
    /** An operation ran into open_options::timeout or a websocket timeout. */
    static bool is_timeout(error_code ec);
    /** The operation was cancelled (drop, close). */
    static bool is_aborted(error_code ec);

  private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace traffpunkt::ws
