#include "listener.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>

#include "make_transport.hpp"
#include "start_http_session.hpp"

namespace traffpunkt::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;

listener::listener(asio::io_context& ioc, tcp::endpoint endpoint, const config::settings& settings,
                   service::application& app, session_registry& registry,
                   std::shared_ptr<asio::ssl::context> tls)
    : ioc_(ioc),
      acceptor_(asio::make_strand(ioc)),
      settings_(settings),
      app_(app),
      registry_(registry),
      limiter_(std::make_shared<connection_limiter>(settings.connections.max_connections,
                                                    settings.connections.max_per_address)),
      tls_(std::move(tls)) {
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
        beast::error_code ignored;
        self->acceptor_.close(ignored);
    });
}

void listener::do_accept() {
    // Each connection gets its own strand.
    acceptor_.async_accept(asio::make_strand(ioc_),
                           beast::bind_front_handler(&listener::on_accept, shared_from_this()));
}

void listener::on_accept(beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor_.is_open()) {
        return;  // stopped
    }
    if (ec) {
        // EMFILE and friends: keep accepting; the limiter should prevent most of these.
        spdlog::warn("accept failed: {}", ec.message());
    } else {
        beast::error_code addr_ec;
        const auto remote = socket.remote_endpoint(addr_ec);
        auto ticket = addr_ec ? nullptr : limiter_->acquire(remote.address().to_string());
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

void listener::refuse(tcp::socket socket) {
    // Over the connection limit: a short 503 and close, instead of an unexplained reset.
    static const std::string response =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 20\r\n"
        "Connection: close\r\nRetry-After: 5\r\n\r\ntoo many connections";
    auto s = std::make_shared<tcp::socket>(std::move(socket));
    asio::async_write(*s, asio::buffer(response), [s](beast::error_code, std::size_t) {
        beast::error_code ignored;
        s->shutdown(tcp::socket::shutdown_both, ignored);
    });
}

}  // namespace traffpunkt::net
