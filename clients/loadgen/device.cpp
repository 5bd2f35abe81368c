#include "device.hpp"

#include <boost/json.hpp>

#include <chrono>

namespace traffpunkt::loadgen {

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

device::device(boost::asio::io_context& ioc, settings config, device_observer& observer, int index)
    : settings_(std::move(config)), observer_(observer), index_(index), ws_(ioc) {}

void device::start() {
    ws::open_options options;
    options.host = settings_.server.address().to_string();
    options.port = settings_.server.port();
    // Each device from one of 127.0.0.x, so the server's per-address limit sees several.
    options.source_address = settings_.source.to_string();
    options.headers = {{"User-Agent", "traffpunkt-loadgen"},
                       {"Sec-WebSocket-Protocol", "traffpunkt.v1"}};
    options.read_message_max = 4 * 1024 * 1024;
    options.timeout = std::chrono::seconds(30);
    ws_.async_open(std::move(options), [this](ws::connection::error_code ec) { on_open(ec); });
}

void device::on_open(ws::connection::error_code ec) {
    if (ec) {
        switch (ws_.failed_step()) {
            case ws::open_step::resolve:
            case ws::open_step::connect:
                return fail("connect: " + ec.message());
            case ws::open_step::handshake:
                return fail("handshake: " + ec.message());
        }
    }
    // A bound closing handshake, no idle timeout of our own: the server pings idle connections
    // and the client answers (Beast's suggested client settings).
    ws_.set_timeouts({std::chrono::seconds(30), std::nullopt, false});
    state_ = state::joining;
    ws_.read_continuously([this](std::string_view frame, bool) { on_message(frame); },
                          [this](ws::connection::error_code e) { on_end(e); });
    send(request(join_id, "audience.join", {{"code", settings_.join_code}}));
}

void device::on_message(std::string_view frame) {
    const auto received = now_us();
    if (state_ == state::ready) {
        observer_.on_frame(*this, scan_frame(frame), received);
    } else if (state_ != state::ended) {
        on_setup_answer(frame);
    }
}

void device::on_end(ws::connection::error_code ec) {
    if (ws::connection::is_closed(ec)) {
        const auto why = ws_.peer_close().value_or(ws::close_frame{});
        return fail("closed by the server (" + std::to_string(why.code) + ")");
    }
    fail("read: " + ec.message());
}

void device::on_setup_answer(std::string_view frame) {
    const auto summary = scan_frame(frame);
    if (summary.what != frame_summary::kind::answer) {
        return;  // an event before the subscription answer (poll.opened): nothing to do
    }
    if (!summary.ok) {
        return fail("setup answer " + std::string(frame.substr(0, 200)));
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
    ws_.async_write(std::move(frame), true, [this](ws::connection::error_code ec) {
        if (ec && state_ != state::ended) {
            fail("write: " + ec.message());
        }
    });
}

void device::fail(const std::string& why) {
    if (state_ == state::ended) {
        return;
    }
    state_ = state::ended;
    ws_.drop();
    observer_.on_failed(*this, why);
}

}  // namespace traffpunkt::loadgen
