#include "setup_client.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <stdexcept>

namespace traffpunkt::loadgen {

namespace json = boost::json;

setup_client::setup_client(const std::string& host, unsigned short port, const std::string& token)
    : ws_(ioc_) {
    ws::open_options options;
    options.host = host;
    options.port = port;
    options.headers = {{"User-Agent", "traffpunkt-loadgen"},
                       {"Sec-WebSocket-Protocol", "traffpunkt.v1"},
                       {"Authorization", "Bearer " + token}};
    options.read_message_max = 16 * 1024 * 1024;
    options.timeout = std::chrono::seconds(10);
    ws::connection::error_code result;
    bool done = false;
    ws_.async_open(std::move(options), [&](ws::connection::error_code ec) {
        result = ec;
        done = true;
    });
    run_until([&] { return done; });
    if (result) {
        throw std::runtime_error("cannot open ws://" + host + ":" + std::to_string(port) +
                                 "/ws: " + result.message());
    }
}

void setup_client::run_until(const std::function<bool()>& done) {
    while (!done()) {
        ioc_.restart();
        if (ioc_.run_one() == 0 && !done()) {
            throw std::runtime_error("setup connection: nothing left to wait for");
        }
    }
}

json::object setup_client::call(const std::string& op, json::object args) {
    const std::int64_t id = next_id_++;
    json::object request{{"id", id}, {"op", op}, {"args", std::move(args)}};
    ws::connection::error_code ec;
    bool written = false;
    ws_.async_write(json::serialize(request), true, [&](ws::connection::error_code e) {
        ec = e;
        written = true;
    });
    run_until([&] { return written; });
    if (ec) {
        throw std::runtime_error(op + ": cannot send: " + ec.message());
    }
    for (;;) {
        std::string text;
        bool read = false;
        ws_.async_read([&](ws::connection::error_code e, std::string message, bool) {
            ec = e;
            text = std::move(message);
            read = true;
        });
        run_until([&] { return read; });
        if (ec) {
            throw std::runtime_error(op + ": connection ended: " + ec.message());
        }
        auto frame = json::parse(text).as_object();
        const auto* re = frame.if_contains("re");
        if (re == nullptr || !re->is_int64() || re->as_int64() != id) {
            continue;  // an event, or an answer to someone else: not ours
        }
        if (auto* result = frame.if_contains("result"); result != nullptr && result->is_object()) {
            return std::move(result->as_object());
        }
        throw std::runtime_error(op + " failed: " + json::serialize(frame));
    }
}

namespace {

json::object meeting_args(std::int64_t network_id, int index) {
    // Meetings a month apart from 2030 on, each a working day 09:00-15:00 Swedish time.
    char day[32];
    std::snprintf(day, sizeof day, "%04d-%02d-12", 2030 + index / 12, 1 + index % 12);
    return {{"network_id", network_id},
            {"title", "Nätverksträff " + std::to_string(index + 1) + ": medborgarbudget"},
            {"description", "Program, erfarenhetsutbyte och fika. Anmälan senast en vecka före."},
            {"starts_at", std::string(day) + "T09:00:00+01:00"},
            {"ends_at", std::string(day) + "T15:00:00+01:00"},
            {"format", "hybrid"},
            {"venue", "Sveriges Kommuner och Regioner"},
            {"address", "Hornsgatan 20, 118 82 Stockholm"},
            {"online_url", "https://meet.example.se/rum-17"},
            {"capacity_in_person", 60},
            {"capacity_remote", 100},
            {"cost_note", "Deltagarna står för sina egna kostnader."}};
}

std::int64_t create_network(setup_client& coordinator) {
    const auto stamp = std::chrono::system_clock::now().time_since_epoch().count();
    auto result = coordinator.call("network.create", {{"name", "Lasttest " + std::to_string(stamp)},
                                                      {"starts_on", "2030-01-01"},
                                                      {"ends_on", "2049-12-31"}});
    return result.at("network").at("network_id").to_number<std::int64_t>();
}

std::int64_t create_published_meeting(setup_client& coordinator, std::int64_t network_id,
                                      int index) {
    auto created = coordinator.call("meeting.create", meeting_args(network_id, index));
    const auto id = created.at("meeting").at("meeting_id").to_number<std::int64_t>();
    coordinator.call("meeting.publish", {{"meeting_id", id}});
    return id;
}

}  // namespace

bench_poll create_bench_poll(setup_client& coordinator, bool anonymous) {
    bench_poll out;
    out.meeting_id = create_published_meeting(coordinator, create_network(coordinator), 0);
    auto poll = coordinator.call("poll.create",
                                 {{"meeting_id", out.meeting_id},
                                  {"kind", "single"},
                                  {"question", "Ska nätverket ses i Malmö i vår?"},
                                  {"options", json::array{"Ja", "Nej", "Vet inte", "Kanske"}},
                                  {"anonymous", anonymous},
                                  {"audience", "link"}});
    out.poll_id = poll.at("poll").at("poll_id").to_number<std::int64_t>();
    coordinator.call("poll.open", {{"poll_id", out.poll_id}});
    auto link = coordinator.call("poll.link", {{"meeting_id", out.meeting_id}});
    out.join_code = std::string(link.at("code").as_string());
    return out;
}

std::int64_t create_calendar_network(setup_client& coordinator, int meetings) {
    const auto network_id = create_network(coordinator);
    for (int i = 0; i < meetings; ++i) {
        create_published_meeting(coordinator, network_id, i);
    }
    return network_id;
}

}  // namespace traffpunkt::loadgen
