#include "traffpunkt/ws/connection.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <deque>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket/error.hpp>
#include <boost/beast/websocket/stream.hpp>

namespace traffpunkt::ws {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct connection::impl {
    explicit impl(asio::io_context& ioc) : resolver(ioc), ws(ioc) {}

    tcp::resolver resolver;
    websocket::stream<beast::tcp_stream> ws;
    websocket::response_type response;
    beast::flat_buffer buffer;
    open_options options;
    open_handler on_open;
    bool opening = false;  // between async_open and its handler
    bool dropped = false;  // drop() was called
    open_step step = open_step::resolve;

    // Writes, in order, one in flight.
    struct outgoing {
        std::string message;
        bool text;
        write_handler done;
    };
    std::deque<outgoing> queue;
    bool writing = false;

    // Continuous reading.
    message_handler on_message;
    end_handler on_end;

    void fail_open(error_code ec) {
        opening = false;
        beast::error_code ignored;
        beast::get_lowest_layer(ws).socket().close(ignored);
        // Messages queued for after the handshake will never go out.
        for (auto& o : queue) {
            if (o.done) {
                asio::post(ws.get_executor(), [done = std::move(o.done), ec] { done(ec); });
            }
        }
        queue.clear();
        auto handler = std::move(on_open);
        handler(ec);
    }

    /** After drop(), a step of async_open that completed anyway must not go on. */
    bool abandoned(beast::error_code& ec) const {
        if (dropped && !ec) {
            ec = asio::error::operation_aborted;
        }
        return dropped;
    }

    void connect(const tcp::endpoint& endpoint) {
        step = open_step::connect;
        auto& socket = beast::get_lowest_layer(ws).socket();
        beast::error_code ec;
        socket.open(endpoint.protocol(), ec);
        if (!ec && options.source_address) {
            const auto source = asio::ip::make_address(*options.source_address, ec);
            if (!ec) {
                // Choose the port at connect time, per (source, destination): with bind() alone
                // the kernel would give each source address only one ephemeral range for all.
                const int one = 1;
                ::setsockopt(socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one,
                             sizeof one);
                socket.bind(tcp::endpoint(source, 0), ec);
            }
        }
        if (!ec && options.receive_buffer) {
            // Before connect: the window scale is fixed by the SYN.
            socket.set_option(asio::socket_base::receive_buffer_size(*options.receive_buffer), ec);
        }
        if (ec) {
            return fail_open(ec);
        }
        beast::get_lowest_layer(ws).async_connect(endpoint,
                                                  [this](beast::error_code e) { on_connect(e); });
    }

    void on_resolve(beast::error_code ec, const tcp::resolver::results_type& results) {
        if (abandoned(ec) || ec) {
            return fail_open(ec);
        }
        if (results.empty()) {
            return fail_open(asio::error::host_not_found);
        }
        if (options.source_address || options.receive_buffer) {
            // The socket is set up before connecting: one address only.
            return connect(*results.begin());
        }
        step = open_step::connect;
        beast::get_lowest_layer(ws).async_connect(
            results, [this](beast::error_code e, const tcp::endpoint&) { on_connect(e); });
    }

    void on_connect(beast::error_code ec) {
        if (abandoned(ec) || ec) {
            return fail_open(ec);
        }
        step = open_step::handshake;
        // Small frames must not wait for Nagle's algorithm.
        beast::error_code ignored;
        beast::get_lowest_layer(ws).socket().set_option(tcp::no_delay(true), ignored);
        ws.set_option(websocket::stream_base::decorator(
            [headers = options.headers](websocket::request_type& req) {
                for (const auto& [name, value] : headers) {
                    req.set(name, value);
                }
            }));
        ws.read_message_max(options.read_message_max);
        const std::string host = options.host + ":" + std::to_string(options.port);
        ws.async_handshake(response, host, options.target,
                           [this](beast::error_code e) { on_handshake(e); });
    }

    void on_handshake(beast::error_code ec) {
        if (abandoned(ec) || ec) {
            return fail_open(ec);
        }
        // From here on websocket::stream keeps its own timers; the tcp_stream one must be off.
        beast::get_lowest_layer(ws).expires_never();
        opening = false;
        auto handler = std::move(on_open);
        handler({});
        if (!queue.empty() && !writing) {
            do_write();
        }
    }

    void do_write() {
        writing = true;
        ws.text(queue.front().text);
        ws.async_write(asio::buffer(queue.front().message),
                       [this](beast::error_code ec, std::size_t) { on_write(ec); });
    }

    void on_write(beast::error_code ec) {
        writing = false;
        auto done = std::move(queue.front().done);
        queue.pop_front();
        if (ec) {
            // Every queued message fails the same way; the read side reports the end.
            auto failed = std::move(queue);
            queue.clear();
            if (done) {
                done(ec);
            }
            for (auto& o : failed) {
                if (o.done) {
                    o.done(ec);
                }
            }
            return;
        }
        if (!queue.empty()) {
            do_write();
        }
        if (done) {
            done({});
        }
    }

    void do_read_continuously() {
        ws.async_read(buffer, [this](beast::error_code ec, std::size_t) {
            if (ec) {
                auto end = std::move(on_end);
                on_message = nullptr;
                if (end) {
                    end(ec);
                }
                return;
            }
            const auto data = buffer.cdata();
            on_message(std::string_view(static_cast<const char*>(data.data()), data.size()),
                       ws.got_text());
            buffer.consume(buffer.size());
            if (on_message) {
                do_read_continuously();
            }
        });
    }
};

connection::connection(asio::io_context& ioc) : impl_(std::make_unique<impl>(ioc)) {}

connection::~connection() = default;

void connection::async_open(open_options options, open_handler handler) {
    auto& s = *impl_;
    s.options = std::move(options);
    s.on_open = std::move(handler);
    s.opening = true;
    s.dropped = false;
    s.step = open_step::resolve;
    beast::get_lowest_layer(s.ws).expires_after(s.options.timeout);
    beast::error_code ec;
    const auto address = asio::ip::make_address(s.options.host, ec);
    if (!ec) {
        s.connect(tcp::endpoint(address, s.options.port));
        return;
    }
    s.resolver.async_resolve(s.options.host, std::to_string(s.options.port),
                             [&s](beast::error_code e, const tcp::resolver::results_type& results) {
                                 s.on_resolve(e, results);
                             });
}

open_step connection::failed_step() const {
    return impl_->step;
}

void connection::set_timeouts(const timeouts& t) {
    websocket::stream_base::timeout opt{};
    opt.handshake_timeout =
        t.close ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(*t.close)
                : websocket::stream_base::none();
    opt.idle_timeout =
        t.idle ? std::chrono::duration_cast<std::chrono::steady_clock::duration>(*t.idle)
               : websocket::stream_base::none();
    opt.keep_alive_pings = t.keep_alive_pings;
    impl_->ws.set_option(opt);
}

int connection::http_status() const {
    return static_cast<int>(impl_->response.result_int());
}

std::string connection::http_reason() const {
    return std::string(impl_->response.reason());
}

std::string connection::response_header(std::string_view name) const {
    const auto it = impl_->response.find(beast::string_view(name.data(), name.size()));
    return it == impl_->response.end() ? std::string() : std::string(it->value());
}

std::string connection::response_body() const {
    return impl_->response.body();
}

void connection::async_read(read_handler handler) {
    auto& s = *impl_;
    s.ws.async_read(s.buffer,
                    [&s, handler = std::move(handler)](beast::error_code ec, std::size_t) mutable {
                        std::string message;
                        if (!ec) {
                            message = beast::buffers_to_string(s.buffer.cdata());
                            s.buffer.consume(s.buffer.size());
                        }
                        handler(ec, std::move(message), s.ws.got_text());
                    });
}

void connection::read_continuously(message_handler on_message, end_handler on_end) {
    impl_->on_message = std::move(on_message);
    impl_->on_end = std::move(on_end);
    impl_->do_read_continuously();
}

void connection::async_write(std::string message, bool text, write_handler handler) {
    auto& s = *impl_;
    if (!s.ws.is_open() && !s.opening) {
        // Never opened, or over: fail now (from the io_context, like any completion).
        if (handler) {
            asio::post(s.ws.get_executor(),
                       [handler = std::move(handler)] { handler(asio::error::not_connected); });
        }
        return;
    }
    s.queue.push_back({std::move(message), text, std::move(handler)});
    // Before the handshake finished, on_handshake starts the writes.
    if (!s.writing && s.ws.is_open()) {
        s.do_write();
    }
}

void connection::async_close(int code, write_handler handler) {
    impl_->ws.async_close(static_cast<websocket::close_code>(code),
                          [handler = std::move(handler)](beast::error_code ec) {
                              if (handler) {
                                  handler(ec);
                              }
                          });
}

void connection::drop() {
    auto& s = *impl_;
    s.dropped = true;
    s.resolver.cancel();
    beast::error_code ignored;
    auto& socket = beast::get_lowest_layer(s.ws).socket();
    socket.shutdown(tcp::socket::shutdown_both, ignored);
    socket.close(ignored);
}

bool connection::is_open() const {
    return impl_->ws.is_open();
}

std::optional<close_frame> connection::peer_close() const {
    const auto& reason = impl_->ws.reason();
    if (reason.code == websocket::close_code::none && reason.reason.empty()) {
        return std::nullopt;
    }
    return close_frame{reason.code == websocket::close_code::none ? 1005 : reason.code,
                       std::string(reason.reason.c_str())};
}

bool connection::is_closed(error_code ec) {
    return ec == websocket::error::closed;
}

bool connection::is_upgrade_declined(error_code ec) {
    return ec == websocket::error::upgrade_declined;
}

bool connection::is_timeout(error_code ec) {
    return ec == beast::error::timeout;
}

bool connection::is_aborted(error_code ec) {
    return ec == asio::error::operation_aborted;
}

}  // namespace traffpunkt::ws
