#include "ws_client.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <stdexcept>

namespace traffpunkt::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = net::ip::tcp;
using clock = std::chrono::steady_clock;

struct ws_client::impl {
    net::io_context ioc{1};
    websocket::stream<beast::tcp_stream> ws{ioc};
    beast::flat_buffer read_buffer;
    bool read_pending = false;
    bool write_pending = false;
    std::optional<std::string> read_frame;  // a completed read not taken yet
    std::optional<close_info> closed;
    std::string subprotocol;
    std::chrono::milliseconds timeout{5000};

    /**
     * Runs handlers until `done()` or `deadline`. Returns done(). Stops early when the
     * io_context runs out of work, since then nothing can make `done()` true.
     */
    template <class Done>
    bool pump(clock::time_point deadline, Done done) {
        while (!done()) {
            if (ioc.stopped()) {
                ioc.restart();
            }
            if (clock::now() >= deadline) {
                return false;
            }
            if (ioc.run_one_until(deadline) == 0 && ioc.stopped()) {
                return done();
            }
        }
        return true;
    }

    void mark_closed(beast::error_code ec) {
        if (closed) {
            return;
        }
        // A close frame that arrived counts even when the reply to it could not be sent (the
        // server may reset the connection right after its close frame, e.g. after 1009).
        if (ec == websocket::error::closed || ws.reason().code != websocket::close_code::none) {
            const auto& reason = ws.reason();
            // A close frame without a payload has no code; RFC 6455 reports that as 1005.
            const int code = reason.code == websocket::close_code::none ? 1005 : reason.code;
            closed = close_info{code, std::string(reason.reason.c_str())};
        } else {
            closed = close_info{1006, ec.message()};
        }
    }

    void start_read() {
        if (read_pending || read_frame || closed) {
            return;
        }
        read_pending = true;
        ws.async_read(read_buffer, [this](beast::error_code ec, std::size_t) {
            read_pending = false;
            if (ec) {
                mark_closed(ec);
                return;
            }
            read_frame = beast::buffers_to_string(read_buffer.data());
            read_buffer.consume(read_buffer.size());
        });
    }

    /** Closes the socket and lets every pending handler finish, so none outlives us. */
    void drop() {
        beast::error_code ignored;
        beast::get_lowest_layer(ws).socket().shutdown(tcp::socket::shutdown_both, ignored);
        beast::get_lowest_layer(ws).socket().close(ignored);
        pump(clock::now() + std::chrono::seconds(5),
             [this] { return !read_pending && !write_pending; });
        if (!closed) {
            closed = close_info{1006, "dropped by the client"};
        }
    }
};

namespace {

std::string describe(const std::string& host, unsigned short port, const std::string& target) {
    return "ws://" + host + ":" + std::to_string(port) + target;
}

bool is_answer_to(const json::object& frame, std::uint64_t id) {
    const auto* re = frame.if_contains("re");
    if (re == nullptr) {
        return false;
    }
    if (const auto* i = re->if_int64()) {
        return *i >= 0 && static_cast<std::uint64_t>(*i) == id;
    }
    if (const auto* u = re->if_uint64()) {
        return *u == id;
    }
    return false;
}

json::object parse_object(const std::string& text) {
    boost::system::error_code ec;
    json::value value = json::parse(text, ec);
    if (ec || !value.is_object()) {
        throw std::runtime_error("frame is not a JSON object: " + text.substr(0, 200));
    }
    return std::move(value.as_object());
}

}  // namespace

ws_client::ws_client(std::unique_ptr<impl> state) : impl_(std::move(state)) {}

ws_client::~ws_client() {
    try {
        if (is_open()) {
            close();
        }
    } catch (...) {
        // A destructor must not throw; drop() below cleans up whatever close() left.
    }
    impl_->drop();
}

std::unique_ptr<ws_client> ws_client::connect(const std::string& host, unsigned short port,
                                              const connect_options& options) {
    auto state = std::make_unique<impl>();
    state->timeout = options.timeout;
    // The stream's own expiry bounds connect + handshake; the pump deadline is a safety net.
    const auto deadline = clock::now() + options.timeout + std::chrono::seconds(1);
    auto& lowest = beast::get_lowest_layer(state->ws);

    tcp::resolver resolver(state->ioc);
    beast::error_code ec;
    const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
    if (ec) {
        throw std::runtime_error("cannot resolve " + host + ": " + ec.message());
    }

    bool done = false;
    lowest.expires_after(options.timeout);
    if (options.receive_buffer || options.local_address) {
        // The buffer size must be set before connect (the window scale is fixed by the SYN),
        // and connecting to a range reopens the socket, so connect to the first address only.
        if (endpoints.empty()) {
            throw std::runtime_error("no address for " + host);
        }
        const tcp::endpoint endpoint = *endpoints.begin();
        lowest.socket().open(endpoint.protocol());
        if (options.receive_buffer) {
            lowest.socket().set_option(
                net::socket_base::receive_buffer_size(*options.receive_buffer));
        }
        if (options.local_address) {
            lowest.socket().bind(tcp::endpoint(net::ip::make_address(*options.local_address), 0),
                                 ec);
            if (ec) {
                throw std::runtime_error("cannot bind to " + *options.local_address + ": " +
                                         ec.message());
            }
        }
        lowest.async_connect(endpoint, [&](beast::error_code e) {
            ec = e;
            done = true;
        });
    } else {
        lowest.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) {
            ec = e;
            done = true;
        });
    }
    if (!state->pump(deadline, [&] { return done; })) {
        state->drop();
        throw std::runtime_error("timeout connecting to " + describe(host, port, options.target));
    }
    if (ec) {
        throw std::runtime_error("cannot connect to " + describe(host, port, options.target) +
                                 ": " + ec.message());
    }

    // Small frames must not wait for Nagle's algorithm; the server sets TCP_NODELAY as well.
    lowest.socket().set_option(tcp::no_delay(true), ec);

    state->ws.set_option(websocket::stream_base::decorator([options](websocket::request_type& req) {
        req.set(http::field::user_agent, "traffpunkt-test-support");
        if (options.bearer_token) {
            req.set(http::field::authorization, "Bearer " + *options.bearer_token);
        }
        if (options.origin) {
            req.set(http::field::origin, *options.origin);
        }
        if (!options.subprotocol.empty()) {
            req.set(http::field::sec_websocket_protocol, options.subprotocol);
        }
    }));
    state->ws.read_message_max(64 * 1024 * 1024);

    websocket::response_type response;
    done = false;
    state->ws.async_handshake(response, host + ":" + std::to_string(port), options.target,
                              [&](beast::error_code e) {
                                  ec = e;
                                  done = true;
                              });
    if (!state->pump(deadline, [&] { return done; })) {
        state->drop();
        throw std::runtime_error("timeout in WebSocket handshake with " +
                                 describe(host, port, options.target));
    }
    if (ec == websocket::error::upgrade_declined) {
        throw upgrade_refused(static_cast<int>(response.result_int()), response.body());
    }
    if (ec) {
        throw std::runtime_error("WebSocket handshake with " +
                                 describe(host, port, options.target) + " failed: " + ec.message());
    }
    // From here on every operation has its own deadline; websocket::stream wants the
    // tcp_stream timer off once it is open.
    lowest.expires_never();
    state->subprotocol = std::string(response[http::field::sec_websocket_protocol]);
    return std::unique_ptr<ws_client>(new ws_client(std::move(state)));
}

void ws_client::write(std::string_view data, bool text) {
    if (impl_->closed) {
        throw std::runtime_error("cannot send: connection closed (" +
                                 std::to_string(impl_->closed->code) + " " + impl_->closed->reason +
                                 ")");
    }
    beast::error_code ec;
    bool done = false;
    impl_->ws.text(text);
    impl_->write_pending = true;
    impl_->ws.async_write(net::buffer(data.data(), data.size()),
                          [&](beast::error_code e, std::size_t) {
                              ec = e;
                              done = true;
                              impl_->write_pending = false;
                          });
    if (!impl_->pump(clock::now() + impl_->timeout, [&] { return done; })) {
        // A write that cannot finish means the peer stopped reading; the stream is unusable.
        impl_->drop();
        throw std::runtime_error("timeout sending a frame");
    }
    if (ec) {
        impl_->mark_closed(ec);
        throw std::runtime_error("cannot send: " + ec.message());
    }
}

void ws_client::send_text(std::string_view text) {
    write(text, true);
}

void ws_client::send_binary(std::string_view bytes) {
    write(bytes, false);
}

std::optional<std::string> ws_client::read_wire(clock::time_point deadline) {
    impl_->start_read();
    impl_->pump(deadline, [this] { return impl_->read_frame.has_value() || impl_->closed; });
    if (!impl_->read_frame) {
        return std::nullopt;
    }
    std::optional<std::string> frame = std::move(impl_->read_frame);
    impl_->read_frame.reset();
    return frame;
}

json::object ws_client::call(std::string_view op, json::object args,
                             std::optional<std::string> idem, std::chrono::milliseconds timeout) {
    const std::uint64_t id = next_id_++;
    json::object request;
    request["id"] = id;
    request["op"] = op;
    request["args"] = std::move(args);
    if (idem) {
        request["idem"] = *idem;
    }
    send_text(json::serialize(request));

    const auto deadline = clock::now() + timeout;
    for (;;) {
        auto frame = read_wire(deadline);
        if (!frame) {
            if (impl_->closed) {
                throw std::runtime_error(
                    "connection closed (" + std::to_string(impl_->closed->code) + " " +
                    impl_->closed->reason + ") before the answer to " + std::string(op));
            }
            throw std::runtime_error("no answer to " + std::string(op) + " within " +
                                     std::to_string(timeout.count()) + " ms");
        }
        boost::system::error_code ec;
        json::value value = json::parse(*frame, ec);
        if (!ec && value.is_object() && is_answer_to(value.as_object(), id)) {
            return std::move(value.as_object());
        }
        unread_.push_back(std::move(*frame));
    }
}

std::optional<json::object> ws_client::next_event(std::chrono::milliseconds timeout) {
    auto frame = read_raw(timeout);
    if (!frame) {
        return std::nullopt;
    }
    return parse_object(*frame);
}

std::optional<std::string> ws_client::read_raw(std::chrono::milliseconds timeout) {
    if (!unread_.empty()) {
        std::string frame = std::move(unread_.front());
        unread_.pop_front();
        return frame;
    }
    return read_wire(clock::now() + timeout);
}

std::optional<close_info> ws_client::wait_closed(std::chrono::milliseconds timeout) {
    const auto deadline = clock::now() + timeout;
    while (!impl_->closed) {
        auto frame = read_wire(deadline);
        if (!frame) {
            break;
        }
        unread_.push_back(std::move(*frame));
    }
    return impl_->closed;
}

void ws_client::close() {
    if (impl_->closed) {
        return;
    }
    beast::error_code ec;
    bool done = false;
    impl_->write_pending = true;
    impl_->ws.async_close(websocket::close_code::normal, [&](beast::error_code e) {
        ec = e;
        done = true;
        impl_->write_pending = false;
    });
    if (!impl_->pump(clock::now() + impl_->timeout, [&] { return done; })) {
        impl_->drop();
        return;
    }
    if (ec) {
        impl_->mark_closed(ec);
        return;
    }
    impl_->mark_closed(websocket::error::closed);
}

void ws_client::drop() {
    impl_->drop();
}

bool ws_client::is_open() const {
    return !impl_->closed && impl_->ws.is_open();
}

std::string ws_client::negotiated_subprotocol() const {
    return impl_->subprotocol;
}

}  // namespace traffpunkt::testing
