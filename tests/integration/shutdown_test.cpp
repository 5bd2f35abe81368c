// Graceful shutdown and what survives a restart (PROTOCOL.md "Close codes", "Idempotency",
// "Subscribing and resuming").
#include "integration_fixture.hpp"

#include <signal.h>

namespace traffpunkt::integration {
namespace {

TEST(Shutdown, sigterm_closes_with_1001_exits_0_and_keeps_acknowledged_writes) {
    auto server = start_server();
    const auto token = server->create_token("coordinator");
    auto coordinator = connect_to(*server, bearer(token));
    auto subscriber = connect_to(*server);

    const auto key = unique_name("survivor");
    const json::object args{{"name", unique_name("Nätverk som överlever")},
                            {"starts_on", "2030-01-01"},
                            {"ends_on", "2031-12-31"}};
    const auto created = result_of(coordinator->call("network.create", args, key));
    const auto network_id = int_at(created, "network.network_id");
    const auto subscribed = result_of(subscriber->call("subscribe", {{"topic", "network:1"}}));
    const auto epoch = string_at(subscribed, "epoch");

    ASSERT_EQ(kill(server->pid(), SIGTERM), 0);
    const auto subscriber_closed = subscriber->wait_closed(10s);
    ASSERT_TRUE(subscriber_closed) << "no close after SIGTERM";
    EXPECT_EQ(subscriber_closed->code, 1001);
    const auto coordinator_closed = coordinator->wait_closed(10s);
    ASSERT_TRUE(coordinator_closed);
    EXPECT_EQ(coordinator_closed->code, 1001);
    // Signal 0 sends nothing: stop() only waits for the exit the SIGTERM started.
    EXPECT_EQ(server->stop(0, 10s), 0) << server->log();

    server->restart();
    auto after = connect_to(*server, bearer(token));
    const auto seen = result_of(after->call("network.get", {{"network_id", network_id}}));
    EXPECT_EQ(json::serialize(seen.at("network")), json::serialize(created.at("network")));
    // The idem key survived too: a retry answers the first result and creates nothing.
    const auto retry = result_of(after->call("network.create", args, key));
    EXPECT_EQ(json::serialize(retry), json::serialize(created));
    std::size_t named = 0;
    const auto networks = result_of(after->call("network.list"));
    for (const auto& network : networks.at("networks").as_array()) {
        named += network.as_object().at("name") == args.at("name") ? 1 : 0;
    }
    EXPECT_EQ(named, 1u);

    // History is not kept across restarts: the old epoch gets a resync.
    const auto resumed = result_of(after->call(
        "subscribe",
        {{"topic", "network:1"}, {"since", int_at(subscribed, "seq")}, {"epoch", epoch}}));
    ASSERT_TRUE(resumed.contains("resync")) << json::serialize(resumed);
    EXPECT_TRUE(resumed.at("resync").is_bool() && resumed.at("resync").get_bool());
    EXPECT_NE(string_at(resumed, "epoch"), epoch);
    EXPECT_TRUE(find_path(resumed, "snapshot.network"));
}

TEST(Shutdown, sigterm_without_clients_exits_0) {
    auto server = start_server();
    EXPECT_TRUE(still_serving(*server));
    EXPECT_EQ(server->stop(SIGTERM, 10s), 0) << server->log();
}

}  // namespace
}  // namespace traffpunkt::integration
