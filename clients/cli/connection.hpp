#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/websocket/stream.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <optional>
#include <string>

#include "ws_url.hpp"

namespace traffpunkt::cli {

/**
 * One WebSocket connection of the CLI, driven by a single-threaded io_context: open it, send
 * text frames (queued, one write in flight), receive every frame through a callback.
 * Callbacks capture `this`, so the connection must outlive the io_context's run().
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
    using stream_type = boost::beast::websocket::stream<boost::beast::tcp_stream>;

    void on_resolve(boost::beast::error_code ec,
                    const boost::asio::ip::tcp::resolver::results_type& results);
    void on_connect(boost::beast::error_code ec);
    void on_handshake(boost::beast::error_code ec);
    void do_read();
    void on_read(boost::beast::error_code ec);
    void do_write();
    void on_write(boost::beast::error_code ec);
    void do_close();
    void fail_open(std::string message);

    settings settings_;
    boost::asio::ip::tcp::resolver resolver_;
    stream_type ws_;
    boost::beast::websocket::response_type response_;
    boost::beast::flat_buffer buffer_;
    std::deque<std::string> queue_;
    open_handler on_open_;
    frame_handler on_frame_;
    closed_handler on_closed_;
    bool open_ = false;
    bool ended_ = false;
    bool writing_ = false;
    bool close_requested_ = false;
    bool closing_ = false;
};

}  // namespace traffpunkt::cli
