#include "websocket_session.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/websocket/error.hpp>

#include "session_registry.hpp"
#include "start_websocket_session.hpp"

namespace traffpunkt::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

namespace {

// How long a close waits for an in-flight write (stuck when the peer stopped reading) before
// the socket is closed hard.
constexpr auto close_grace = std::chrono::seconds(5);
/** Bytes asked for per read; a message is assembled from pieces up to read_message_max. */
constexpr std::size_t read_piece = 16 * 1024;

const char* role_name(const service::principal& p) {
    switch (p.who) {
        case service::principal::role::coordinator:
            return "coordinator";
        case service::principal::role::participant:
            return "participant";
        case service::principal::role::audience:
            return "audience";
        default:
            return "public";
    }
}

}  // namespace

void start_websocket_session(transport&& stream, const config::settings& settings,
                             service::application& app, session_registry& registry,
                             connection_ticket ticket, service::principal who, std::string remote,
                             http::request<http::empty_body>&& upgrade, std::string subprotocol) {
    std::make_shared<websocket_session>(std::move(stream), settings, app, registry,
                                        std::move(ticket), std::move(who), std::move(remote))
        ->run(std::move(upgrade), std::move(subprotocol));
}

websocket_session::websocket_session(transport&& stream, const config::settings& settings,
                                     service::application& app, session_registry& registry,
                                     connection_ticket ticket, service::principal who,
                                     std::string remote)
    : ws_(std::move(stream)),
      settings_(settings),
      app_(app),
      registry_(registry),
      ticket_(std::move(ticket)),
      conn_(std::make_shared<service::connection>()),
      close_timer_(ws_.get_executor()),
      tokens_(settings.websocket.rate_burst),
      last_refill_(std::chrono::steady_clock::now()) {
    conn_->who = std::move(who);
    conn_->remote = std::move(remote);
}

websocket_session::~websocket_session() {
    registry_.remove(this);
    if (accepted_) {
        app_.count_connection(-1);
    }
}

void websocket_session::run(http::request<http::empty_body>&& req, std::string subprotocol) {
    conn_->sink = weak_from_this();
    // The tcp_stream's own deadline was for the HTTP read; the websocket timeouts take over.
    ws_.next_layer().expires_never();
    websocket::stream_base::timeout t{};
    t.handshake_timeout = std::chrono::seconds(settings_.websocket.handshake_timeout_s);
    // Beast pings after half the idle timeout and closes when nothing came back by the end.
    t.idle_timeout = std::chrono::seconds(2 * settings_.websocket.idle_ping_s);
    t.keep_alive_pings = true;
    ws_.set_option(t);
    // The message size limit is ours (see on_read), not Beast's: Beast 1.81 answers an
    // oversized message with 1009 and then closes the socket with the rest of the message
    // unread, which resets the connection, and a client still sending sees 1006 instead.
    ws_.read_message_max(0);
    // No permessage-deflate: it costs memory per connection and breaks the shared broadcast buffer.
    ws_.set_option(websocket::permessage_deflate{});
    ws_.set_option(websocket::stream_base::decorator([subprotocol](websocket::response_type& res) {
        res.set(http::field::server, "traffpunkt");
        if (!subprotocol.empty()) {
            res.set(http::field::sec_websocket_protocol, subprotocol);
        }
    }));
    // Beast builds its answer from the request at once; the request need not outlive this call.
    ws_.async_accept(req,
                     beast::bind_front_handler(&websocket_session::on_accept, shared_from_this()));
}

void websocket_session::on_accept(beast::error_code ec) {
    if (ec) {
        spdlog::debug("websocket handshake failed from {}: {}", conn_->remote, ec.message());
        return;
    }
    accepted_ = true;
    app_.count_connection(+1);
    app_.on_open(conn_);
    registry_.add(this->shared_from_this());
    spdlog::info("connection open: {} as {}", conn_->remote, role_name(conn_->who));
    do_read();
    if (!queue_.empty() && !writing_) {
        do_write();
    }
}

void websocket_session::do_read() {
    // A piece at a time, so an oversized message is noticed before it is all in memory.
    ws_.async_read_some(buffer_, read_piece,
                        beast::bind_front_handler(&websocket_session::on_read, shared_from_this()));
}

void websocket_session::on_read(beast::error_code ec, std::size_t) {
    if (ec) {
        // Beast has already answered protocol violations, e.g. 1007 for invalid UTF-8.
        if (ec != websocket::error::closed && ec != asio::error::operation_aborted &&
            ec != asio::error::eof) {
            spdlog::debug("connection {} read ended: {}", conn_->remote, ec.message());
        }
        spdlog::info("connection closed: {}", conn_->remote);
        app_.on_close(conn_);
        close_timer_.cancel();
        return;
    }
    if (closing_) {
        buffer_.consume(buffer_.size());
        do_read();
        return;
    }
    if (buffer_.size() > settings_.websocket.read_message_max) {
        // 1009, then keep reading (and discarding) until the client's close frame: a graceful
        // close handshake instead of a reset while the client is still sending.
        buffer_.consume(buffer_.size());
        start_close(websocket::close_code::too_big,
                    "message larger than " + std::to_string(settings_.websocket.read_message_max) +
                        " bytes");
        do_read();
        return;
    }
    if (!ws_.got_text()) {
        buffer_.consume(buffer_.size());
        start_close(websocket::close_code::unknown_data, "binary frames are not supported");
        do_read();
        return;
    }
    if (!ws_.is_message_done()) {
        do_read();
        return;
    }
    const auto data = buffer_.cdata();
    const std::string_view text(static_cast<const char*>(data.data()), data.size());
    if (allow_request()) {
        app_.on_frame(conn_, text);
    } else {
        // Answer with the request's id when it has one, so the client knows which one failed.
        enqueue(std::make_shared<const std::string>(app_.rate_limited_answer(text)), 0);
        if (++strikes_ > static_cast<int>(settings_.websocket.rate_burst)) {
            spdlog::warn("connection {} closed: request rate limit exceeded", conn_->remote);
            start_close(websocket::close_code::policy_error, "request rate limit exceeded");
        }
    }
    buffer_.consume(buffer_.size());
    do_read();
}

bool websocket_session::allow_request() {
    const auto now = std::chrono::steady_clock::now();
    const double elapsed = std::chrono::duration<double>(now - last_refill_).count();
    last_refill_ = now;
    tokens_ = std::min(settings_.websocket.rate_burst,
                       tokens_ + elapsed * settings_.websocket.rate_per_s);
    if (tokens_ < 1.0) {
        return false;
    }
    tokens_ -= 1.0;
    strikes_ = 0;
    return true;
}

void websocket_session::deliver(service::frame f, std::uint64_t coalesce_key) {
    asio::post(ws_.get_executor(), [self = shared_from_this(), f = std::move(f), coalesce_key] {
        self->enqueue(std::move(f), coalesce_key);
    });
}

void websocket_session::enqueue(service::frame f, std::uint64_t coalesce_key) {
    if (closing_) {
        return;  // nothing new after a close was decided
    }
    if (coalesce_key != 0) {
        // A newer tally supersedes a queued one: keep its place, swap the content.
        for (std::size_t i = writing_ ? 1 : 0; i < queue_.size(); ++i) {
            if (queue_[i].coalesce_key == coalesce_key) {
                queued_bytes_ = queued_bytes_ - queue_[i].f->size() + f->size();
                queue_[i].f = std::move(f);
                app_.count_superseded_event();
                return;
            }
        }
    }
    if (queue_.size() >= settings_.websocket.queue_max_messages ||
        queued_bytes_ + f->size() > settings_.websocket.queue_max_bytes) {
        spdlog::warn("connection {} closed: outgoing queue full (client too slow)", conn_->remote);
        app_.count_slow_consumer_close();
        start_close(websocket::close_code::try_again_later, "client too slow");
        return;
    }
    queued_bytes_ += f->size();
    queue_.push_back({std::move(f), coalesce_key});
    if (accepted_ && !writing_) {
        do_write();
    }
}

void websocket_session::do_write() {
    writing_ = true;
    ws_.text(true);
    ws_.async_write(asio::buffer(*queue_.front().f),
                    beast::bind_front_handler(&websocket_session::on_write, shared_from_this()));
}

void websocket_session::on_write(beast::error_code ec, std::size_t) {
    writing_ = false;
    if (ec) {
        if (ec != asio::error::operation_aborted && ec != websocket::error::closed) {
            spdlog::debug("connection {} write failed: {}", conn_->remote, ec.message());
        }
        queue_.clear();
        queued_bytes_ = 0;
        return;
    }
    queued_bytes_ -= queue_.front().f->size();
    queue_.pop_front();
    if (closing_ && queue_.empty()) {
        do_close();
        return;
    }
    if (!queue_.empty()) {
        do_write();
    }
}

void websocket_session::close_with(std::uint16_t code, std::string reason) {
    asio::post(ws_.get_executor(), [self = shared_from_this(), code, reason = std::move(reason)] {
        self->start_close(static_cast<websocket::close_code>(code), reason);
    });
}

void websocket_session::start_close(websocket::close_code code, std::string reason) {
    if (closing_) {
        return;
    }
    closing_ = true;
    close_reason_ = websocket::close_reason(code, reason);
    // Going away (shutdown) still sends what is queued, so answers to committed writes reach
    // the client; any other close drops what was not sent yet. The frame being written (if any)
    // must finish first either way.
    if (code != websocket::close_code::going_away) {
        while (queue_.size() > (writing_ ? 1u : 0u)) {
            queued_bytes_ -= queue_.back().f->size();
            queue_.pop_back();
        }
    }
    if (!accepted_) {
        return;
    }
    if (!writing_) {
        do_close();
        return;
    }
    close_timer_.expires_after(close_grace);
    close_timer_.async_wait([self = shared_from_this()](beast::error_code ec) {
        if (!ec && !self->close_sent_) {
            // The peer stopped reading and the last write cannot finish: drop the connection.
            self->ws_.next_layer().close();
        }
    });
}

void websocket_session::do_close() {
    if (close_sent_) {
        return;
    }
    close_sent_ = true;
    close_timer_.cancel();
    ws_.async_close(close_reason_, [self = shared_from_this()](beast::error_code) {});
}

}  // namespace traffpunkt::net
