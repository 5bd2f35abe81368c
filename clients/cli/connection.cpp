#include "connection.hpp"

#include <algorithm>

namespace traffpunkt::cli {

namespace {

constexpr const char* subprotocol = "traffpunkt.v1";

}  // namespace

connection::connection(boost::asio::io_context& ioc, settings config)
    : settings_(std::move(config)), ws_(ioc) {}

void connection::open(open_handler opened, frame_handler on_frame, closed_handler on_closed) {
    on_open_ = std::move(opened);
    on_frame_ = std::move(on_frame);
    on_closed_ = std::move(on_closed);
    ws::open_options options;
    options.host = settings_.url.host;
    options.port = settings_.url.port;
    options.target = settings_.url.target;
    options.timeout = settings_.connect_timeout;
    options.headers = {{"User-Agent", "traffpunkt-cli"}, {"Sec-WebSocket-Protocol", subprotocol}};
    if (settings_.token) {
        options.headers.emplace_back("Authorization", "Bearer " + *settings_.token);
    }
    if (settings_.origin) {
        options.headers.emplace_back("Origin", *settings_.origin);
    }
    ws_.async_open(std::move(options), [this](ws::connection::error_code ec) { on_open(ec); });
}

void connection::fail_open(std::string message) {
    ended_ = true;
    ws_.drop();
    if (on_open_) {
        on_open_(std::move(message));
    }
}

void connection::on_open(ws::connection::error_code ec) {
    if (close_requested_ && ec) {
        return fail_open("interrupted");
    }
    if (ws::connection::is_upgrade_declined(ec)) {
        std::string message = "upgrade refused: HTTP " + std::to_string(ws_.http_status());
        if (const auto reason = ws_.http_reason(); !reason.empty()) {
            message += " " + reason;
        }
        // The body usually explains the refusal; one line of it is enough here.
        const std::string body = ws_.response_body();
        if (!body.empty()) {
            message += ": " + body.substr(0, std::min(body.find('\n'), std::size_t{200}));
        }
        return fail_open(message);
    }
    if (ec) {
        switch (ws_.failed_step()) {
            case ws::open_step::resolve:
                return fail_open("cannot resolve " + settings_.url.host + ": " + ec.message());
            case ws::open_step::connect:
                return fail_open("cannot connect to " + settings_.url.authority() + ": " +
                                 ec.message());
            case ws::open_step::handshake:
                return fail_open("WebSocket handshake failed: " + ec.message());
        }
    }
    const std::string chosen = ws_.response_header("Sec-WebSocket-Protocol");
    if (chosen != subprotocol) {
        return fail_open("server did not accept subprotocol " + std::string(subprotocol) +
                         (chosen.empty() ? "" : " (chose '" + chosen + "')"));
    }
    // Ping when idle, give up when even the pong does not come: a dead server is noticed.
    ws_.set_timeouts({std::chrono::seconds(10), std::chrono::seconds(60), true});
    open_ = true;
    if (on_open_) {
        on_open_(std::nullopt);
    }
    ws_.read_continuously(
        [this](std::string_view frame, bool) {
            if (on_frame_ && !ended_) {
                on_frame_(std::string(frame));
            }
        },
        [this](ws::connection::error_code end) {
            ended_ = true;
            int code = 1006;
            std::string reason = end.message();
            if (ws::connection::is_closed(end)) {
                const auto why = ws_.peer_close().value_or(ws::close_frame{});
                code = why.code;
                reason = why.reason;
            }
            if (on_closed_) {
                on_closed_(code, std::move(reason));
            }
        });
    if (close_requested_ && unwritten_ == 0) {
        do_close();
    }
}

void connection::send(std::string text) {
    if (ended_) {
        return;
    }
    ++unwritten_;
    ws_.async_write(std::move(text), true, [this](ws::connection::error_code ec) { on_write(ec); });
}

void connection::on_write(ws::connection::error_code ec) {
    --unwritten_;
    if (ec) {
        return;  // the read side reports the end of the connection
    }
    if (close_requested_ && unwritten_ == 0) {
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
        ws_.drop();
        return;
    }
    if (unwritten_ == 0 && !ended_) {
        do_close();
    }
}

void connection::do_close() {
    if (closing_ || ended_) {
        return;
    }
    closing_ = true;
    ws_.async_close(1000, [this](ws::connection::error_code ec) {
        if (ec) {
            ws_.drop();
        }
    });
}

}  // namespace traffpunkt::cli
