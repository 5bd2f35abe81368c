#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "traffpunkt/ws/connection.hpp"
#include "ws_url.hpp"

namespace boost::asio {
class io_context;
}

namespace traffpunkt::cli {

/**
 * One WebSocket connection of the CLI, driven by a single-threaded io_context: open it, send
 * text frames (queued, one write in flight), receive every frame through a callback. The
 * WebSocket itself is the shared client library's (traffpunkt/ws); this class adds what the CLI
 * needs on top: the traffpunkt.v1 subprotocol check, the token and Origin on the upgrade, and
 * messages for the user. Callbacks capture `this`, so the connection must outlive the
 * io_context's run().
 */
class connection {
  public:
    /** Where to connect and what to send on the upgrade. */
    struct settings {
        ws_url url;
        std::optional<std::string> token;
        std::optional<std::string> origin;
        std::chrono::milliseconds connect_timeout{10000};
    };

    /** Called once: nullopt when open, else a message for the user (never the token). */
    using open_handler = std::function<void(std::optional<std::string> error)>;
    /** Called for each data frame received. */
    using frame_handler = std::function<void(std::string frame)>;
    /** Called once when an open connection ends: close code (1006 = dropped) and reason. */
    using closed_handler = std::function<void(int code, std::string reason)>;

    connection(boost::asio::io_context& ioc, settings config);

    /** Resolves, connects and upgrades (subprotocol traffpunkt.v1), then reads until closed. */
    void open(open_handler on_open, frame_handler on_frame, closed_handler on_closed);

    /** Queues one text frame. */
    void send(std::string text);

    /** Closes with 1000 after the queued frames are written; on_closed follows. */
    void close();

    /** True between a successful open and the end of the connection. */
    bool is_open() const { return open_ && !ended_; }

  private:
    void on_open(ws::connection::error_code ec);
    void on_write(ws::connection::error_code ec);
    void do_close();
    void fail_open(std::string message);

    settings settings_;
    ws::connection ws_;
    std::size_t unwritten_ = 0;  ///< frames queued and not written yet
    open_handler on_open_;
    frame_handler on_frame_;
    closed_handler on_closed_;
    bool open_ = false;
    bool ended_ = false;
    bool close_requested_ = false;
    bool closing_ = false;
};

}  // namespace traffpunkt::cli
