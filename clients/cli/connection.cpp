#include "connection.hpp"

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket.hpp>

namespace traffpunkt::cli {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

namespace {

constexpr const char* subprotocol = "traffpunkt.v1";

}  // namespace

connection::connection(net::io_context& ioc, settings config)
    : settings_(std::move(config)), resolver_(ioc), ws_(ioc) {}

void connection::open(open_handler on_open, frame_handler on_frame, closed_handler on_closed) {
    on_open_ = std::move(on_open);
    on_frame_ = std::move(on_frame);
    on_closed_ = std::move(on_closed);
    resolver_.async_resolve(
        settings_.url.host, std::to_string(settings_.url.port),
        [this](beast::error_code ec, const net::ip::tcp::resolver::results_type& results) {
            on_resolve(ec, results);
        });
}

void connection::fail_open(std::string message) {
    ended_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    if (on_open_) {
        on_open_(std::move(message));
    }
}

void connection::on_resolve(beast::error_code ec,
                            const net::ip::tcp::resolver::results_type& results) {
    if (close_requested_) {
        return fail_open("interrupted");
    }
    if (ec) {
        return fail_open("cannot resolve " + settings_.url.host + ": " + ec.message());
    }
    // The stream's expiry bounds connect and handshake together.
    beast::get_lowest_layer(ws_).expires_after(settings_.connect_timeout);
    beast::get_lowest_layer(ws_).async_connect(
        results, [this](beast::error_code e, const net::ip::tcp::endpoint&) { on_connect(e); });
}

void connection::on_connect(beast::error_code ec) {
    if (close_requested_) {
        return fail_open("interrupted");
    }
    if (ec) {
        return fail_open("cannot connect to " + settings_.url.authority() + ": " + ec.message());
    }
    // Requests are small frames that should not wait for Nagle's algorithm.
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().set_option(net::ip::tcp::no_delay(true), ignored);
    ws_.set_option(websocket::stream_base::decorator([this](websocket::request_type& req) {
        req.set(http::field::user_agent, "traffpunkt-cli");
        req.set(http::field::sec_websocket_protocol, subprotocol);
        if (settings_.token) {
            req.set(http::field::authorization, "Bearer " + *settings_.token);
        }
        if (settings_.origin) {
            req.set(http::field::origin, *settings_.origin);
        }
    }));
    ws_.read_message_max(64 * 1024 * 1024);
    ws_.async_handshake(response_, settings_.url.authority(), settings_.url.target,
                        [this](beast::error_code e) { on_handshake(e); });
}

void connection::on_handshake(beast::error_code ec) {
    if (close_requested_ && ec) {
        return fail_open("interrupted");
    }
    if (ec == websocket::error::upgrade_declined) {
        std::string message = "upgrade refused: HTTP " + std::to_string(response_.result_int());
        if (!response_.reason().empty()) {
            message += " " + std::string(response_.reason());
        }
        // The body usually explains the refusal; one line of it is enough here.
        const std::string& body = response_.body();
        if (!body.empty()) {
            message += ": " + body.substr(0, std::min(body.find('\n'), std::size_t{200}));
        }
        return fail_open(message);
    }
    if (ec) {
        return fail_open("WebSocket handshake failed: " + ec.message());
    }
    const std::string chosen(response_[http::field::sec_websocket_protocol]);
    if (chosen != subprotocol) {
        return fail_open("server did not accept subprotocol " + std::string(subprotocol) +
                         (chosen.empty() ? "" : " (chose '" + chosen + "')"));
    }
    // websocket::stream keeps its own timers; the tcp_stream one must be off from here on.
    beast::get_lowest_layer(ws_).expires_never();
    websocket::stream_base::timeout timeouts{};
    timeouts.handshake_timeout = std::chrono::seconds(10);
    // Ping when idle, give up when even the pong does not come: a dead server is noticed.
    timeouts.idle_timeout = std::chrono::seconds(60);
    timeouts.keep_alive_pings = true;
    ws_.set_option(timeouts);
    open_ = true;
    if (on_open_) {
        on_open_(std::nullopt);
    }
    do_read();
    if (!queue_.empty() && !writing_) {
        do_write();
    } else if (close_requested_ && !writing_) {
        do_close();
    }
}

void connection::do_read() {
    ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) { on_read(ec); });
}

void connection::on_read(beast::error_code ec) {
    if (ec) {
        ended_ = true;
        int code = 1006;
        std::string reason = ec.message();
        if (ec == websocket::error::closed) {
            const auto& why = ws_.reason();
            code = why.code == websocket::close_code::none ? 1005 : why.code;
            reason = std::string(why.reason.c_str());
        }
        if (on_closed_) {
            on_closed_(code, std::move(reason));
        }
        return;
    }
    std::string frame = beast::buffers_to_string(buffer_.data());
    buffer_.consume(buffer_.size());
    if (on_frame_) {
        on_frame_(std::move(frame));
    }
    if (!ended_) {
        do_read();
    }
}

void connection::send(std::string text) {
    queue_.push_back(std::move(text));
    if (open_ && !ended_ && !writing_ && !closing_) {
        do_write();
    }
}

void connection::do_write() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(net::buffer(queue_.front()),
                    [this](beast::error_code ec, std::size_t) { on_write(ec); });
}

void connection::on_write(beast::error_code ec) {
    writing_ = false;
    queue_.pop_front();
    if (ec) {
        queue_.clear();  // the pending read reports the end of the connection
        return;
    }
    if (!queue_.empty()) {
        do_write();
    } else if (close_requested_) {
        do_close();
    }
}

void connection::close() {
    if (close_requested_) {
        return;
    }
    close_requested_ = true;
    if (!open_) {
        // Still connecting: abandon the attempt; the pending step reports "interrupted".
        resolver_.cancel();
        beast::error_code ignored;
        beast::get_lowest_layer(ws_).socket().close(ignored);
        return;
    }
    if (!writing_ && !ended_) {
        do_close();
    }
}

void connection::do_close() {
    if (closing_ || ended_) {
        return;
    }
    closing_ = true;
    ws_.async_close(websocket::close_code::normal, [this](beast::error_code ec) {
        if (ec) {
            beast::error_code ignored;
            beast::get_lowest_layer(ws_).socket().close(ignored);
        }
    });
}

}  // namespace traffpunkt::cli
