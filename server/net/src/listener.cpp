#include "listener.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include "make_transport.hpp"
#include "start_http_session.hpp"

namespace traffpunkt::net {

namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

/** How long accepting stops after running out of descriptors: long enough not to spin. */
constexpr auto accept_pause = std::chrono::milliseconds(100);
/** At most one log line about failing accepts per this interval. */
constexpr auto failure_log_interval = std::chrono::seconds(10);

bool is_resource_shortage(boost::system::error_code ec) {
    return ec == asio::error::no_descriptors ||                         // EMFILE
           ec == boost::system::errc::too_many_files_open_in_system ||  // ENFILE
           ec == asio::error::no_buffer_space || ec == asio::error::no_memory;
}

}  // namespace

std::string address_key(const asio::ip::address& address) {
    if (address.is_v6()) {
        const auto v6 = address.to_v6();
        if (v6.is_v4_mapped()) {
            return asio::ip::make_address_v4(asio::ip::v4_mapped, v6).to_string();
        }
        auto bytes = v6.to_bytes();
        std::fill(bytes.begin() + 8, bytes.end(), 0);
        return asio::ip::address_v6(bytes).to_string() + "/64";
    }
    return address.to_string();
}

listener::listener(io_pool& pool, tcp::endpoint endpoint, const config::settings& settings,
                   service::application& app, session_registry& registry, connection_limits limits,
                   std::shared_ptr<asio::ssl::context> tls)
    : pool_(pool),
      acceptor_(pool.main()),
      settings_(settings),
      app_(app),
      registry_(registry),
      limiter_(std::make_shared<connection_limiter>(limits.total, limits.per_address)),
      tls_(std::move(tls)),
      pause_timer_(acceptor_.get_executor()) {
    acceptor_.open(endpoint.protocol());
    acceptor_.set_option(asio::socket_base::reuse_address(true));
    acceptor_.bind(endpoint);
    acceptor_.listen(asio::socket_base::max_listen_connections);
}

tcp::endpoint listener::local_endpoint() const {
    return acceptor_.local_endpoint();
}

void listener::run() {
    do_accept();
}

void listener::stop() {
    asio::post(acceptor_.get_executor(), [self = shared_from_this()] {
        boost::system::error_code ignored;
        self->acceptor_.close(ignored);
        self->pause_timer_.cancel();
    });
}

void listener::do_accept() {
    // The connection lives on the next context of the pool: its thread runs all its handlers.
    acceptor_.async_accept(
        pool_.next(), boost::beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(boost::system::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) {
        return;  // stopped
    }
    if (ec) {
        if (is_resource_shortage(ec)) {
            pause_accepting(ec);
            return;
        }
        spdlog::warn("accept failed: {}", ec.message());
    } else {
        boost::system::error_code addr_ec;
        const auto remote = socket.remote_endpoint(addr_ec);
        auto ticket = addr_ec ? nullptr : limiter_->acquire(address_key(remote.address()));
        if (!ticket) {
            refuse(std::move(socket));
        } else {
            socket.set_option(tcp::no_delay(true), addr_ec);  // small frames must not wait
            auto stream = tls_ ? make_tls_transport(std::move(socket), *tls_)
                               : make_plain_transport(std::move(socket));
            start_http_session(std::move(stream), settings_, app_, registry_, std::move(ticket));
        }
    }
    do_accept();
}

void listener::pause_accepting(boost::system::error_code ec) {
    // The connection stays in the kernel's backlog; retrying at once would only fail again,
    // at full speed, with a log line each time. Descriptors free up as connections end.
    ++failures_unlogged_;
    const auto now = std::chrono::steady_clock::now();
    if (now - last_failure_log_ >= failure_log_interval) {
        spdlog::warn(
            "accept failed {} time(s) since the last report: {}; pausing {} ms each time "
            "(connections {} in all)",
            failures_unlogged_, ec.message(), accept_pause.count(), limiter_->total());
        failures_unlogged_ = 0;
        last_failure_log_ = now;
    }
    pause_timer_.expires_after(accept_pause);
    pause_timer_.async_wait([self = shared_from_this()](boost::system::error_code wait_ec) {
        if (!wait_ec && self->acceptor_.is_open()) {
            self->do_accept();
        }
    });
}

void listener::refuse(tcp::socket socket) {
    // Over the connection limit: a short 503 and close, instead of an unexplained reset.
    static const std::string response =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n"
        "Connection: close\r\nRetry-After: 5\r\n\r\ntoo many connections";
    auto s = std::make_shared<tcp::socket>(std::move(socket));
    asio::async_write(*s, asio::buffer(response), [s](boost::system::error_code, std::size_t) {
        boost::system::error_code ignored;
        s->shutdown(tcp::socket::shutdown_both, ignored);
    });
}

}  // namespace traffpunkt::net
