// Slow consumers and clients that reconnect mid-stream, on one busy `meeting:M` topic
// (PROTOCOL.md "Close codes", "Limits", "Subscribing and resuming"). Every change to the
// agenda of a draft meeting is exactly one `agenda.changed` event on `meeting:M` (drafts keep
// no change record and no calendar `sequence`), so the n-th change is the event with seq
// start + n, and its description tells which change it carries.
#include "integration_fixture.hpp"

#include <atomic>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

namespace traffpunkt::integration {
namespace {

using clock_type = std::chrono::steady_clock;

/** VmRSS of process `pid` in KiB, from /proc/<pid>/status; 0 when it cannot be read. */
std::int64_t rss_kib(pid_t pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("VmRSS:")) {
            return std::stoll(line.substr(6));
        }
    }
    return 0;
}

/** A draft meeting of a network of its own, with one agenda item to change over and over. */
struct busy_meeting {
    std::int64_t meeting_id = 0;
    std::int64_t item_id = 0;
    std::string topic;
};

busy_meeting make_busy_meeting(ws_client& coordinator) {
    busy_meeting m;
    const auto network_id = create_network(coordinator);
    m.meeting_id = int_at(create_meeting(coordinator, network_id, "Upptagen"), "meeting_id");
    m.topic = "meeting:" + std::to_string(m.meeting_id);
    m.item_id =
        int_at(result_of(coordinator.call("agenda.add", {{"meeting_id", m.meeting_id},
                                                         {"title", "Välkommen"},
                                                         {"kind", "talk"},
                                                         {"starts_at", "2030-03-12T09:00:00+01:00"},
                                                         {"duration_minutes", 15}})),
               "item.item_id");
    return m;
}

/** Sets the item's description: one `agenda.changed` event on the meeting's topic. */
void change_agenda(ws_client& coordinator, const busy_meeting& m, const std::string& description) {
    result_of(coordinator.call("agenda.update",
                               {{"item_id", m.item_id}, {"description", description}}, {}, 10s));
}

/** The description of the (only) agenda item an `agenda.changed` event carries. */
std::string description_in(const json::object& event) {
    const auto* items = find_path(event, "data.agenda.items");
    if (items == nullptr || !items->is_array() || items->as_array().size() != 1) {
        return "<no single item: " + json::serialize(event) + ">";
    }
    return string_at(items->as_array().front().as_object(), "description");
}

std::string step_text(std::int64_t n, const std::string& padding = {}) {
    return "steg " + std::to_string(n) + padding;
}

TEST(SlowConsumer, a_stalled_reader_of_a_busy_topic_is_closed_without_growing_memory) {
    // A small queue (16 messages / 128 KiB) so the limit is reached quickly; no rate limit and
    // no fsync per change in the way. This test is about the outgoing queue.
    auto server = start_server({{"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "100000"},
                                {"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "100000"},
                                {"TRAFFPUNKT_WEBSOCKET_QUEUE_MAX_MESSAGES", "16"},
                                {"TRAFFPUNKT_WEBSOCKET_QUEUE_MAX_BYTES", "131072"},
                                {"TRAFFPUNKT_STORE_SYNCHRONOUS", "NORMAL"}});
    const auto began = clock_type::now();
    const auto token = server->create_token("coordinator");
    auto coordinator = connect_to(*server, bearer(token));
    const auto m = make_busy_meeting(*coordinator);

    auto reader = connect_to(*server, bearer(token));
    const auto start = int_at(result_of(reader->call("subscribe", {{"topic", m.topic}})), "seq");

    // Clients that subscribe and then never read again, with a 4 KiB receive window: the
    // server's writes to them stall after a few events and their queues fill up.
    constexpr int stalled_count = 4;
    std::vector<std::unique_ptr<ws_client>> stalled;
    for (int i = 0; i < stalled_count; ++i) {
        auto options = bearer(token);
        options.receive_buffer = 4096;
        stalled.push_back(connect_to(*server, options));
        const auto subscribed = result_of(stalled.back()->call("subscribe", {{"topic", m.topic}}));
        ASSERT_EQ(int_at(subscribed, "seq"), start);
    }
    const auto rss_before = rss_kib(server->pid());
    ASSERT_GT(rss_before, 0) << "cannot read VmRSS of the server";

    // ~15 KB per event (4900 three-byte characters): 400 of them are 6 MB per stalled client,
    // far more than its socket buffers (the server's send buffer grows to a few MB on
    // loopback) plus a queue of 128 KiB.
    std::string padding;
    for (int i = 0; i < 4900; ++i) {
        padding += "€";
    }
    constexpr int changes = 400;
    std::int64_t rss_peak = rss_before;
    for (int n = 1; n <= changes; ++n) {
        change_agenda(*coordinator, m, step_text(n, padding));
        // The reading subscriber gets every event, in order, without a gap, while the others
        // stall.
        auto event = reader->next_event(5s);
        ASSERT_TRUE(event) << "the reading subscriber missed event " << n;
        ASSERT_EQ(string_at(*event, "ev"), "agenda.changed") << json::serialize(*event);
        ASSERT_EQ(int_at(*event, "seq"), start + n);
        ASSERT_EQ(description_in(*event), step_text(n, padding));
        if (n % 50 == 0) {
            rss_peak = std::max(rss_peak, rss_kib(server->pid()));
        }
    }
    EXPECT_FALSE(reader->next_event(100ms)) << "one change, one event";

    // Each stalled client was closed: 1013 when the close frame got through once it read
    // again, else the connection was dropped (1006) after the stalled write's grace period.
    // What it did get is the start of the stream, in order, without a gap.
    for (auto& slow : stalled) {
        const auto closed = slow->wait_closed(10s);
        ASSERT_TRUE(closed) << "a subscriber that stopped reading was not closed";
        EXPECT_TRUE(closed->code == 1013 || closed->code == 1006)
            << closed->code << " " << closed->reason;
        std::int64_t last = start;
        while (auto event = slow->next_event(10ms)) {
            ASSERT_EQ(int_at(*event, "seq"), last + 1) << "a gap in what the slow client got";
            last = int_at(*event, "seq");
        }
        EXPECT_LT(last - start, changes) << "the slow subscriber was closed only after everything";
        ::testing::Test::RecordProperty("stalled_received", std::to_string(last - start));
        ::testing::Test::RecordProperty("stalled_close_code", std::to_string(closed->code));
    }
    rss_peak = std::max(rss_peak, rss_kib(server->pid()));
    // Generous: the history (512 events of ~15 KB per topic) and allocator slack fit easily;
    // queues that grew with the backlog (4 clients x 400 events) would not be caught by
    // this alone, since events are shared, but copies or leaks of them would.
    ::testing::Test::RecordProperty("rss_before_kib", std::to_string(rss_before));
    ::testing::Test::RecordProperty("rss_peak_kib", std::to_string(rss_peak));
    EXPECT_LT(rss_peak - rss_before, 64 * 1024)
        << "server RSS grew from " << rss_before << " KiB to " << rss_peak << " KiB";

    // The reading subscriber is unaffected and the server goes on.
    change_agenda(*coordinator, m, "efter");
    auto event = reader->next_event(5s);
    ASSERT_TRUE(event);
    EXPECT_EQ(int_at(*event, "seq"), start + changes + 1);
    EXPECT_TRUE(still_serving(*server));
    EXPECT_LT(clock_type::now() - began, 20s);
}

TEST(Reconnect, a_client_dropped_mid_stream_resumes_every_event_exactly_once) {
    // A backlog larger than half the outgoing queue is answered with a resync, not replayed
    // (the next test). Here the queue is large enough for a replay of the whole history (512
    // events), so every resume replays and the test is about exactly-once resuming.
    auto server = start_server({{"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "100000"},
                                {"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "100000"},
                                {"TRAFFPUNKT_WEBSOCKET_QUEUE_MAX_MESSAGES", "1024"},
                                {"TRAFFPUNKT_WEBSOCKET_QUEUE_MAX_BYTES", "16777216"},
                                {"TRAFFPUNKT_STORE_SYNCHRONOUS", "NORMAL"}});
    const auto began = clock_type::now();
    const auto token = server->create_token("coordinator");
    auto coordinator = connect_to(*server, bearer(token));
    const auto m = make_busy_meeting(*coordinator);

    auto client = connect_to(*server, bearer(token));
    const auto subscribed = result_of(client->call("subscribe", {{"topic", m.topic}}));
    const auto epoch = string_at(subscribed, "epoch");
    const auto start = int_at(subscribed, "seq");

    // Changes flow from another connection, on another thread, until the drops are done.
    std::atomic<bool> stop{false};
    std::atomic<std::int64_t> produced{0};
    std::mutex failure_mutex;
    std::string failure;
    std::thread producer([&] {
        try {
            for (std::int64_t n = 1; n <= 3000 && !stop; ++n) {
                change_agenda(*coordinator, m, step_text(n));
                produced = n;
            }
        } catch (const std::exception& e) {
            std::lock_guard lock(failure_mutex);
            failure = e.what();
        }
    });
    struct join_on_exit {
        std::thread& t;
        std::atomic<bool>& stop;
        ~join_on_exit() {
            stop = true;
            if (t.joinable()) {
                t.join();
            }
        }
    } joiner{producer, stop};

    std::int64_t last = start;
    // Reads one event and checks it is the next one; false on timeout or close.
    const auto read_next = [&](std::chrono::milliseconds timeout) {
        auto event = client->next_event(timeout);
        if (!event) {
            return false;
        }
        EXPECT_EQ(string_at(*event, "topic"), m.topic);
        EXPECT_EQ(int_at(*event, "seq"), last + 1) << "a gap or a repeat";
        EXPECT_EQ(description_in(*event), step_text(int_at(*event, "seq") - start));
        last = int_at(*event, "seq");
        return true;
    };

    int resumed_with_replay = 0;
    // Reconnects and resumes after `last`, as a client does after any drop.
    const auto resume = [&] {
        client = connect_to(*server, bearer(token));
        const auto resumed = result_of(
            client->call("subscribe", {{"topic", m.topic}, {"since", last}, {"epoch", epoch}}));
        EXPECT_FALSE(find_path(resumed, "resync") && find_path(resumed, "resync")->as_bool())
            << json::serialize(resumed);
        EXPECT_EQ(string_at(resumed, "epoch"), epoch);
        EXPECT_GE(int_at(resumed, "seq"), last);
        EXPECT_EQ(int_at(resumed, "replayed"), int_at(resumed, "seq") - last);
        if (int_at(resumed, "replayed") > 0) {
            ++resumed_with_replay;
        }
    };
    // On a busy machine this reader can fall behind the producer far enough for the server to
    // close it as a slow consumer (1013); a client resumes from there too, so the test does.
    int closed_as_slow = 0;
    const auto next_or_resume = [&](std::chrono::milliseconds timeout) {
        for (int attempt = 0; attempt < 5; ++attempt) {
            if (read_next(timeout)) {
                return true;
            }
            const auto closed = client->wait_closed(0ms);
            if (!closed) {
                return false;  // a timeout, not a close
            }
            EXPECT_TRUE(closed->code == 1013 || closed->code == 1006) << closed->code;
            ++closed_as_slow;
            resume();
        }
        return false;
    };

    constexpr int drops = 6;
    for (int d = 0; d < drops; ++d) {
        // Read a stretch of the stream, then drop the connection while events keep coming.
        const int stretch = 20 + 13 * d;
        for (int i = 0; i < stretch; ++i) {
            ASSERT_TRUE(next_or_resume(5s)) << "no event after seq " << last;
        }
        ASSERT_FALSE(::testing::Test::HasFailure());
        client->drop();
        // Let some events pass while nobody listens.
        std::this_thread::sleep_for(20ms);
        resume();
        ASSERT_FALSE(::testing::Test::HasFailure());
    }
    stop = true;
    producer.join();
    {
        std::lock_guard lock(failure_mutex);
        ASSERT_TRUE(failure.empty()) << "the producer failed: " << failure;
    }
    const auto final_seq = start + produced.load();
    // Every drop happened while events flowed, so resuming had something to replay.
    EXPECT_GT(resumed_with_replay, 0);
    while (last < final_seq) {
        ASSERT_TRUE(next_or_resume(5s)) << "stuck at seq " << last << " of " << final_seq;
    }
    ::testing::Test::RecordProperty("closed_as_slow", std::to_string(closed_as_slow));
    EXPECT_FALSE(client->next_event(200ms)) << "an event after the last change";
    EXPECT_EQ(last, final_seq);
    EXPECT_LT(clock_type::now() - began, 20s);
}

TEST(Reconnect, a_backlog_larger_than_the_queue_takes_is_a_resync_not_a_second_close) {
    // Default queue (64 messages / 1 MiB): a replay may take half of it. 40 missed events are
    // over the 32 messages; 5 are under. (The byte half is checked in the hub's unit tests.)
    auto server = start_server({{"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "100000"},
                                {"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "100000"},
                                {"TRAFFPUNKT_STORE_SYNCHRONOUS", "NORMAL"}});
    const auto token = server->create_token("coordinator");
    auto coordinator = connect_to(*server, bearer(token));
    const auto m = make_busy_meeting(*coordinator);
    const std::string padding(4000, '.');

    auto client = connect_to(*server, bearer(token));
    const auto subscribed = result_of(client->call("subscribe", {{"topic", m.topic}}));
    const auto epoch = string_at(subscribed, "epoch");
    const auto start = int_at(subscribed, "seq");

    // A short absence: replayed, exactly the missed events.
    client->drop();
    for (int n = 1; n <= 5; ++n) {
        change_agenda(*coordinator, m, step_text(n, padding));
    }
    client = connect_to(*server, bearer(token));
    auto resumed = result_of(
        client->call("subscribe", {{"topic", m.topic}, {"since", start}, {"epoch", epoch}}));
    EXPECT_EQ(int_at(resumed, "replayed"), 5) << json::serialize(resumed);
    EXPECT_EQ(find_path(resumed, "snapshot"), nullptr);
    for (int n = 1; n <= 5; ++n) {
        auto event = client->next_event(5s);
        ASSERT_TRUE(event) << "replayed event " << n;
        EXPECT_EQ(int_at(*event, "seq"), start + n);
    }

    // A long one: a resync with the current state, and the connection stays open.
    client->drop();
    for (int n = 6; n <= 45; ++n) {
        change_agenda(*coordinator, m, step_text(n, padding));
    }
    client = connect_to(*server, bearer(token));
    resumed = result_of(
        client->call("subscribe", {{"topic", m.topic}, {"since", start + 5}, {"epoch", epoch}}));
    ASSERT_NE(find_path(resumed, "resync"), nullptr) << json::serialize(resumed).substr(0, 300);
    EXPECT_TRUE(find_path(resumed, "resync")->as_bool());
    EXPECT_EQ(int_at(resumed, "replayed"), 0);
    EXPECT_EQ(int_at(resumed, "seq"), start + 45);
    const auto* items = find_path(resumed, "snapshot.agenda.items");
    ASSERT_TRUE(items && items->is_array() && items->as_array().size() == 1);
    EXPECT_EQ(string_at(items->as_array().front().as_object(), "description"),
              step_text(45, padding));
    // Live events follow the snapshot, from the next seq on.
    change_agenda(*coordinator, m, step_text(46, padding));
    auto event = client->next_event(5s);
    ASSERT_TRUE(event) << "closed: " << (client->wait_closed(0ms) ? "yes" : "no");
    EXPECT_EQ(int_at(*event, "seq"), start + 46);
    EXPECT_FALSE(client->wait_closed(200ms));
}

}  // namespace
}  // namespace traffpunkt::integration
