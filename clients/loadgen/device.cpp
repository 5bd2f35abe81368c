#include "device.hpp"

#include <netinet/in.h>
#include <sys/socket.h>

#include <boost/beast/core/buffers_to_string.hpp>
#include <boost/beast/http/field.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <chrono>

namespace traffpunkt::loadgen {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;

namespace {

// Setup requests use fixed ids; the scenario's own requests start above them.
constexpr std::int64_t join_id = 1;
constexpr std::int64_t auth_id = 2;
constexpr std::int64_t subscribe_id = 3;

std::string request(std::int64_t id, const char* op, json::object args) {
    return json::serialize(json::object{{"id", id}, {"op", op}, {"args", std::move(args)}});
}

}  // namespace

std::int64_t now_us() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

device::device(net::io_context& ioc, settings config, device_observer& observer, int index)
    : settings_(std::move(config)), observer_(observer), index_(index), ws_(ioc) {}

void device::start() {
    auto& socket = beast::get_lowest_layer(ws_).socket();
    beast::error_code ec;
    socket.open(net::ip::tcp::v4(), ec);
    if (!ec) {
        // Choose the port at connect time, per (source, destination): with bind() alone the
        // kernel would give each source address only one ephemeral range for all peers.
        const int one = 1;
        ::setsockopt(socket.native_handle(), IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
        socket.bind(net::ip::tcp::endpoint(settings_.source, 0), ec);
    }
    if (ec) {
        return fail("bind " + settings_.source.to_string() + ": " + ec.message());
    }
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(30));
    beast::get_lowest_layer(ws_).async_connect(settings_.server,
                                               [this](beast::error_code e) { on_connect(e); });
}

void device::on_connect(beast::error_code ec) {
    if (ec) {
        return fail("connect: " + ec.message());
    }
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().set_option(net::ip::tcp::no_delay(true), ignored);
    ws_.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
        req.set(http::field::user_agent, "traffpunkt-loadgen");
        req.set(http::field::sec_websocket_protocol, "traffpunkt.v1");
    }));
    ws_.read_message_max(4 * 1024 * 1024);
    const std::string host =
        settings_.server.address().to_string() + ":" + std::to_string(settings_.server.port());
    ws_.async_handshake(host, "/ws", [this](beast::error_code e) { on_handshake(e); });
}

void device::on_handshake(beast::error_code ec) {
    if (ec) {
        return fail("handshake: " + ec.message());
    }
    beast::get_lowest_layer(ws_).expires_never();
    // No idle timeout of our own: the server pings idle connections and Beast answers.
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
    ws_.text(true);
    state_ = state::joining;
    do_read();
    send(request(join_id, "audience.join", {{"code", settings_.join_code}}));
}

void device::do_read() {
    ws_.async_read(buffer_, [this](beast::error_code ec, std::size_t) { on_read(ec); });
}

void device::on_read(beast::error_code ec) {
    if (ec) {
        return fail(ec == websocket::error::closed
                        ? "closed by the server (" + std::to_string(ws_.reason().code) + ")"
                        : "read: " + ec.message());
    }
    const auto received = now_us();
    const auto data = buffer_.cdata();
    const std::string_view frame(static_cast<const char*>(data.data()), data.size());
    if (state_ == state::ready) {
        observer_.on_frame(*this, scan_frame(frame), received);
    } else {
        on_setup_answer(std::string(frame));
    }
    buffer_.consume(buffer_.size());
    if (state_ != state::ended) {
        do_read();
    }
}

void device::on_setup_answer(const std::string& frame) {
    const auto summary = scan_frame(frame);
    if (summary.what != frame_summary::kind::answer) {
        return;  // an event before the subscription answer (poll.opened): nothing to do
    }
    if (!summary.ok) {
        return fail("setup answer " + frame.substr(0, 200));
    }
    switch (state_) {
        case state::joining: {
            const auto answer = json::parse(frame).as_object();
            const auto token = answer.at("result").at("token").as_string();
            state_ = state::authenticating;
            send(request(auth_id, "auth", {{"token", token}}));
            break;
        }
        case state::authenticating:
            state_ = state::subscribing;
            send(request(subscribe_id, "subscribe",
                         {{"topic", "polls:" + std::to_string(settings_.meeting_id)}}));
            break;
        case state::subscribing:
            state_ = state::ready;
            observer_.on_ready(*this);
            break;
        default:
            break;
    }
}

void device::send(std::string frame) {
    if (state_ == state::ended) {
        return;
    }
    queue_.push_back(std::move(frame));
    if (!writing_) {
        do_write();
    }
}

void device::do_write() {
    writing_ = true;
    ws_.async_write(net::buffer(queue_.front()),
                    [this](beast::error_code ec, std::size_t) { on_write(ec); });
}

void device::on_write(beast::error_code ec) {
    writing_ = false;
    if (state_ == state::ended) {
        return;  // fail() already dropped the queue
    }
    queue_.pop_front();
    if (ec) {
        return fail("write: " + ec.message());
    }
    if (!queue_.empty()) {
        do_write();
    }
}

void device::fail(const std::string& why) {
    if (state_ == state::ended) {
        return;
    }
    state_ = state::ended;
    queue_.clear();
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().close(ignored);
    observer_.on_failed(*this, why);
}

}  // namespace traffpunkt::loadgen
