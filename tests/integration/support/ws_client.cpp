#include "ws_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json.hpp>

#include <stdexcept>

#include "traffpunkt/ws/connection.hpp"

namespace traffpunkt::testing {

namespace json = boost::json;
using clock = std::chrono::steady_clock;
using error_code = ws::connection::error_code;

struct ws_client::impl {
    boost::asio::io_context ioc{1};
    ws::connection ws{ioc};
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

    void mark_closed(error_code ec) {
        if (closed) {
            return;
        }
        // A close frame that arrived counts even when the reply to it could not be sent (the
        // server may reset the connection right after its close frame, e.g. after 1009).
        const auto frame = ws.peer_close();
        if (ws::connection::is_closed(ec) || frame) {
            const auto why = frame.value_or(ws::close_frame{});
            closed = close_info{why.code, why.reason};
        } else {
            closed = close_info{1006, ec.message()};
        }
    }

    void start_read() {
        if (read_pending || read_frame || closed) {
            return;
        }
        read_pending = true;
        ws.async_read([this](error_code ec, std::string message, bool) {
            read_pending = false;
            if (ec) {
                mark_closed(ec);
                return;
            }
            read_frame = std::move(message);
        });
    }

    /** Closes the socket and lets every pending handler finish, so none outlives us. */
    void drop() {
        ws.drop();
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
    ws::open_options open;
    open.host = host;
    open.port = port;
    open.target = options.target;
    // The library's own timeout bounds resolve, connect and handshake; the pump deadline is a
    // safety net.
    open.timeout = options.timeout;
    open.receive_buffer = options.receive_buffer;
    open.source_address = options.local_address;
    open.read_message_max = 64 * 1024 * 1024;
    open.headers = {{"User-Agent", "traffpunkt-test-support"}};
    if (options.bearer_token) {
        open.headers.emplace_back("Authorization", "Bearer " + *options.bearer_token);
    }
    if (options.origin) {
        open.headers.emplace_back("Origin", *options.origin);
    }
    if (!options.subprotocol.empty()) {
        open.headers.emplace_back("Sec-WebSocket-Protocol", options.subprotocol);
    }
    const auto deadline = clock::now() + options.timeout + std::chrono::seconds(1);
    error_code ec;
    bool done = false;
    state->ws.async_open(std::move(open), [&](error_code e) {
        ec = e;
        done = true;
    });
    const std::string where = describe(host, port, options.target);
    if (!state->pump(deadline, [&] { return done; })) {
        state->drop();
        throw std::runtime_error("timeout connecting to " + where);
    }
    if (ws::connection::is_upgrade_declined(ec)) {
        throw upgrade_refused(state->ws.http_status(), state->ws.response_body());
    }
    if (ec) {
        switch (state->ws.failed_step()) {
            case ws::open_step::resolve:
                throw std::runtime_error("cannot resolve " + host + ": " + ec.message());
            case ws::open_step::connect:
                throw std::runtime_error((ws::connection::is_timeout(ec)
                                              ? "timeout connecting to " + where
                                              : "cannot connect to " + where) +
                                         ": " + ec.message());
            case ws::open_step::handshake:
                throw std::runtime_error((ws::connection::is_timeout(ec)
                                              ? "timeout in WebSocket handshake with " + where
                                              : "WebSocket handshake with " + where + " failed") +
                                         ": " + ec.message());
        }
    }
    state->subprotocol = state->ws.response_header("Sec-WebSocket-Protocol");
    return std::unique_ptr<ws_client>(new ws_client(std::move(state)));
}

void ws_client::write(std::string_view data, bool text) {
    if (impl_->closed) {
        throw std::runtime_error("cannot send: connection closed (" +
                                 std::to_string(impl_->closed->code) + " " + impl_->closed->reason +
                                 ")");
    }
    error_code ec;
    bool done = false;
    impl_->write_pending = true;
    impl_->ws.async_write(std::string(data), text, [&](error_code e) {
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
    error_code ec;
    bool done = false;
    impl_->write_pending = true;
    impl_->ws.async_close(1000, [&](error_code e) {
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
    // Our close frame went out and the server's came back.
    const auto frame = impl_->ws.peer_close().value_or(ws::close_frame{});
    impl_->closed = close_info{frame.code, frame.reason};
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
