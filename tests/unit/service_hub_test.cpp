#include "hub.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <mutex>
#include <vector>

namespace traffpunkt::service {
namespace {

/** Records every frame it is given. */
class recording_sink : public event_sink {
  public:
    void deliver(frame f, std::uint64_t) override {
        std::lock_guard lock(mutex_);
        frames.push_back(*f);
    }
    void close_with(std::uint16_t, std::string) override {}
    std::vector<std::string> frames;

  private:
    std::mutex mutex_;
};

std::uint64_t seq_of(const std::string& frame) {
    return boost::json::value_to<std::uint64_t>(boost::json::parse(frame).as_object().at("seq"));
}

TEST(Hub, SequenceNumbersGrowPerTopic) {
    hub h(16, "e1");
    EXPECT_EQ(h.publish("network:1", "x", boost::json::object{}), 1u);
    EXPECT_EQ(h.publish("network:1", "x", boost::json::object{}), 2u);
    EXPECT_EQ(h.publish("meeting:1", "x", boost::json::object{}), 1u);
    EXPECT_EQ(h.current_seq("network:1"), 2u);
}

TEST(Hub, EventFrameCarriesEnvelope) {
    hub h(16, "abc");
    auto sink = std::make_shared<recording_sink>();
    h.subscribe("meeting:3", sink, 0, [](const hub::registration&) {});
    h.publish("meeting:3", "meeting.updated", boost::json::object{{"k", 1}});
    ASSERT_EQ(sink->frames.size(), 1u);
    const auto o = boost::json::parse(sink->frames[0]).as_object();
    EXPECT_EQ(o.at("ev").as_string(), "meeting.updated");
    EXPECT_EQ(o.at("topic").as_string(), "meeting:3");
    EXPECT_EQ(o.at("seq").as_int64(), 1);
    EXPECT_EQ(o.at("epoch").as_string(), "abc");
    EXPECT_EQ(o.at("data").as_object().at("k").as_int64(), 1);
}

TEST(Hub, ReplaysExactlyTheMissedEvents) {
    hub h(16, "e");
    for (int i = 0; i < 5; ++i) {
        h.publish("t:1", "x", boost::json::object{});
    }
    auto sink = std::make_shared<recording_sink>();
    hub::registration got;
    h.subscribe("t:1", sink, 2, [&](const hub::registration& r) { got = r; });
    EXPECT_TRUE(got.complete);
    EXPECT_EQ(got.seq, 5u);
    ASSERT_EQ(got.replay.size(), 3u);
    EXPECT_EQ(seq_of(*got.replay[0]), 3u);
    EXPECT_EQ(seq_of(*got.replay[2]), 5u);
    h.publish("t:1", "x", boost::json::object{});
    ASSERT_EQ(sink->frames.size(), 1u);
    EXPECT_EQ(seq_of(sink->frames[0]), 6u);
}

TEST(Hub, IncompleteWhenTheReplayIsLargerThanTheLimit) {
    // 4 missed events, at most 3 at once: the caller must resync instead.
    hub h(16, "e", hub::replay_limit{3, SIZE_MAX});
    for (int i = 0; i < 6; ++i) {
        h.publish("t:1", "x", boost::json::object{});
    }
    auto sink = std::make_shared<recording_sink>();
    hub::registration got;
    h.subscribe("t:1", sink, 2, [&](const hub::registration& r) { got = r; });
    EXPECT_FALSE(got.complete);
    EXPECT_TRUE(got.replay.empty());
    h.publish("t:1", "x", boost::json::object{});
    EXPECT_TRUE(sink->frames.empty()) << "an incomplete subscribe must not register";
    // Exactly at the limit it still replays.
    h.subscribe("t:1", sink, 4, [&](const hub::registration& r) { got = r; });
    EXPECT_TRUE(got.complete);
    EXPECT_EQ(got.replay.size(), 3u);
}

TEST(Hub, IncompleteWhenTheReplayHasMoreBytesThanTheLimit) {
    hub h(16, "e", hub::replay_limit{SIZE_MAX, 1000});
    for (int i = 0; i < 3; ++i) {
        h.publish("t:1", "x", boost::json::object{{"text", std::string(400, 'a')}});
    }
    auto sink = std::make_shared<recording_sink>();
    hub::registration got;
    h.subscribe("t:1", sink, 0, [&](const hub::registration& r) { got = r; });
    EXPECT_FALSE(got.complete) << "3 x 400+ bytes is over 1000";
    h.subscribe("t:1", sink, 1, [&](const hub::registration& r) { got = r; });
    EXPECT_TRUE(got.complete) << "2 x ~450 bytes fit";
    EXPECT_EQ(got.replay.size(), 2u);
}

TEST(Hub, IncompleteWhenHistoryNoLongerReaches) {
    hub h(3, "e");
    for (int i = 0; i < 10; ++i) {
        h.publish("t:1", "x", boost::json::object{});
    }
    auto sink = std::make_shared<recording_sink>();
    bool complete = true;
    h.subscribe("t:1", sink, 5, [&](const hub::registration& r) { complete = r.complete; });
    EXPECT_FALSE(complete);
    // Not registered: nothing is delivered until the caller subscribes again.
    h.publish("t:1", "x", boost::json::object{});
    EXPECT_TRUE(sink->frames.empty());
    // Exactly at the edge of the history (events 8..10 kept; since 7 is reachable).
    auto sink2 = std::make_shared<recording_sink>();
    hub h2(3, "e");
    for (int i = 0; i < 10; ++i) {
        h2.publish("t:1", "x", boost::json::object{});
    }
    hub::registration r7;
    h2.subscribe("t:1", sink2, 7, [&](const hub::registration& r) { r7 = r; });
    EXPECT_TRUE(r7.complete);
    EXPECT_EQ(r7.replay.size(), 3u);
    hub::registration r6;
    h2.subscribe("t:1", std::make_shared<recording_sink>(), 6,
                 [&](const hub::registration& r) { r6 = r; });
    EXPECT_FALSE(r6.complete);
}

TEST(Hub, SeqFromTheFutureIsIncomplete) {
    hub h(8, "e");
    h.publish("t:1", "x", boost::json::object{});
    bool complete = true;
    h.subscribe("t:1", std::make_shared<recording_sink>(), 99,
                [&](const hub::registration& r) { complete = r.complete; });
    EXPECT_FALSE(complete);
}

TEST(Hub, UnsubscribeStopsDelivery) {
    hub h(8, "e");
    auto sink = std::make_shared<recording_sink>();
    h.subscribe("t:1", sink, 0, [](const hub::registration&) {});
    EXPECT_EQ(h.subscriber_count("t:1"), 1u);
    h.unsubscribe("t:1", sink.get());
    h.publish("t:1", "x", boost::json::object{});
    EXPECT_TRUE(sink->frames.empty());
    EXPECT_EQ(h.subscriber_count("t:1"), 0u);
}

TEST(Hub, ExpiredSinksArePruned) {
    hub h(8, "e");
    {
        auto sink = std::make_shared<recording_sink>();
        h.subscribe("t:1", sink, 0, [](const hub::registration&) {});
    }
    h.publish("t:1", "x", boost::json::object{});
    EXPECT_EQ(h.subscriber_count("t:1"), 0u);
}

TEST(Hub, OneBufferSharedByAllSubscribers) {
    hub h(8, "e");
    struct pointer_sink : event_sink {
        void deliver(frame f, std::uint64_t) override { got = f; }
        void close_with(std::uint16_t, std::string) override {}
        frame got;
    };
    auto a = std::make_shared<pointer_sink>();
    auto b = std::make_shared<pointer_sink>();
    h.subscribe("t:1", a, 0, [](const hub::registration&) {});
    h.subscribe("t:1", b, 0, [](const hub::registration&) {});
    h.publish("t:1", "x", boost::json::object{});
    ASSERT_TRUE(a->got);
    EXPECT_EQ(a->got.get(), b->got.get());
}

// --- idle topics (issue 16 item 4) ----------------------------------------------------------

TEST(Hub, LookingAtAnUnknownTopicCreatesNothing) {
    hub h(16, "e");
    EXPECT_EQ(h.current_seq("network:404"), 0u);
    EXPECT_EQ(h.subscriber_count("network:404"), 0u);
    EXPECT_EQ(h.topic_count(), 0u);
}

TEST(Hub, IdleTopicsAreBoundedByCountOldestFirst) {
    hub h(16, "e", {}, hub::idle_limit{3, SIZE_MAX});
    for (int i = 1; i <= 5; ++i) {
        h.publish("meeting:" + std::to_string(i), "x", boost::json::object{});
    }
    EXPECT_EQ(h.topic_count(), 3u);
    EXPECT_EQ(h.idle_topic_count(), 3u);
    EXPECT_EQ(h.evicted_topics(), 2u);
    // The oldest went (meeting:1, then meeting:2, seq 1 each): topics made after an eviction
    // start above every seq an evicted topic had, so meeting:5's first event is 2.
    EXPECT_EQ(h.current_seq("meeting:5"), 2u);
    EXPECT_EQ(h.current_seq("meeting:1"), 1u);
}

TEST(Hub, IdleTopicsAreBoundedByHistoryBytes) {
    hub h(16, "e", {}, hub::idle_limit{SIZE_MAX, 2000});
    const boost::json::object big{{"text", std::string(400, 'x')}};
    for (int i = 0; i < 20; ++i) {
        h.publish("meeting:" + std::to_string(i % 10), "x", big);
    }
    EXPECT_LE(h.idle_history_bytes(), 2000u);
    EXPECT_GT(h.evicted_topics(), 0u);
}

TEST(Hub, TopicsWithSubscribersAreNeverEvicted) {
    hub h(16, "e", {}, hub::idle_limit{1, SIZE_MAX});
    auto sink = std::make_shared<recording_sink>();
    h.subscribe("meeting:1", sink, 0, [](const hub::registration&) {});
    for (int i = 2; i <= 10; ++i) {
        h.publish("meeting:" + std::to_string(i), "x", boost::json::object{});
    }
    h.publish("meeting:1", "x", boost::json::object{});
    ASSERT_EQ(sink->frames.size(), 1u);
    EXPECT_EQ(h.subscriber_count("meeting:1"), 1u);
    EXPECT_EQ(h.idle_topic_count(), 1u);
    // Once it is idle it counts against the limit like the rest.
    h.unsubscribe("meeting:1", sink.get());
    EXPECT_EQ(h.idle_topic_count(), 1u);
}

TEST(Hub, ResumingAnEvictedTopicIsAResyncNotAWrongReplay) {
    hub h(16, "e", {}, hub::idle_limit{1, SIZE_MAX});
    for (int i = 0; i < 5; ++i) {
        h.publish("meeting:1", "x", boost::json::object{});  // seq 1..5
    }
    h.publish("meeting:2", "x", boost::json::object{});  // evicts meeting:1
    h.publish("meeting:1", "x", boost::json::object{});  // a new history for meeting:1
    // A client that saw up to seq 3 of the old history must not get "6" as if nothing else
    // happened in between.
    auto sink = std::make_shared<recording_sink>();
    hub::registration got;
    h.subscribe("meeting:1", sink, 3, [&](const hub::registration& r) { got = r; });
    EXPECT_FALSE(got.complete);
    // One that saw everything of the old history (5) resumes exactly.
    hub::registration exact;
    h.subscribe("meeting:1", sink, h.current_seq("meeting:1") - 1,
                [&](const hub::registration& r) { exact = r; });
    EXPECT_TRUE(exact.complete);
}

TEST(Hub, RestrictedSubscriptionsGetOnlyTheEventsTheRuleLetsThrough) {
    hub h(16, "e");
    // As for audience devices on polls:M: only events marked "link".
    h.set_restriction([](const std::string&, std::string_view, const boost::json::value& data) {
        return data.as_object().contains("link");
    });
    auto everyone = std::make_shared<recording_sink>();
    auto device = std::make_shared<recording_sink>();
    h.subscribe("polls:1", everyone, 0, [](const hub::registration&) {});
    h.subscribe("polls:1", device, 0, true, [](const hub::registration&) {});
    h.publish("polls:1", "poll.tally", boost::json::object{{"link", true}});
    h.publish("polls:1", "poll.tally", boost::json::object{{"registered", true}});
    h.publish("polls:1", "poll.tally", boost::json::object{{"link", true}});
    EXPECT_EQ(everyone->frames.size(), 3u);
    ASSERT_EQ(device->frames.size(), 2u);
    EXPECT_EQ(seq_of(device->frames[0]), 1u);
    EXPECT_EQ(seq_of(device->frames[1]), 3u) << "the seq jumps over what it may not see";

    // A resume replays the same selection.
    auto resumed = std::make_shared<recording_sink>();
    hub::registration got;
    h.subscribe("polls:1", resumed, 0, true, [&](const hub::registration& r) { got = r; });
    ASSERT_TRUE(got.complete);
    ASSERT_EQ(got.replay.size(), 2u);
    EXPECT_EQ(seq_of(*got.replay[1]), 3u);
    hub::registration all;
    h.subscribe("polls:1", std::make_shared<recording_sink>(), 0,
                [&](const hub::registration& r) { all = r; });
    EXPECT_EQ(all.replay.size(), 3u);
}

}  // namespace
}  // namespace traffpunkt::service
