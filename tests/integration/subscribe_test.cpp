// Topics, snapshots, resuming with `since`, resync (PROTOCOL.md "Topics", "Subscribing and
// resuming"). Each test uses a network of its own, so its topics see only its own events.
#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

class Subscribe : public integration_fixture {};

/** True when the subscribe result says `"resync": true`; false when absent or false. */
bool is_resync(const json::object& result) {
    const auto* resync = result.if_contains("resync");
    if (resync == nullptr) {
        return false;
    }
    if (!resync->is_bool()) {
        throw std::runtime_error("resync is not a boolean: " + json::serialize(result));
    }
    return resync->get_bool();
}

std::string network_topic(std::int64_t network_id) {
    return "network:" + std::to_string(network_id);
}

/** Reads the next event and checks it is `network.updated` with `seq` on `topic`. */
void expect_network_updated(ws_client& client, const std::string& topic, std::int64_t seq,
                            const std::string& description) {
    auto event = client.next_event(5s);
    ASSERT_TRUE(event) << "no event with seq " << seq;
    EXPECT_EQ(string_at(*event, "ev"), "network.updated");
    EXPECT_EQ(string_at(*event, "topic"), topic);
    EXPECT_EQ(int_at(*event, "seq"), seq) << json::serialize(*event);
    EXPECT_EQ(string_at(*event, "data.network.description"), description);
}

TEST_F(Subscribe, without_since_answers_a_snapshot) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto draft = int_at(create_meeting(*coordinator, network_id, "Utkast"), "meeting_id");
    const auto published =
        int_at(create_meeting(*coordinator, network_id, "Publicerad"), "meeting_id");
    result_of(coordinator->call("meeting.publish", {{"meeting_id", published}}));

    auto anonymous = connect_public();
    const auto topic = network_topic(network_id);
    const auto result = result_of(anonymous->call("subscribe", {{"topic", topic}}));
    EXPECT_EQ(string_at(result, "topic"), topic);
    EXPECT_FALSE(string_at(result, "epoch").empty());
    EXPECT_GE(int_at(result, "seq"), 0);
    EXPECT_EQ(int_at(result, "replayed"), 0);
    EXPECT_FALSE(is_resync(result));
    EXPECT_EQ(int_at(result, "snapshot.network.network_id"), network_id);
    ASSERT_TRUE(find_path(result, "snapshot.members"));
    EXPECT_TRUE(find_path(result, "snapshot.members")->is_array());
    // Public meetings only, without online_url.
    const auto& meetings = find_path(result, "snapshot.meetings")->as_array();
    ASSERT_EQ(meetings.size(), 1u) << json::serialize(meetings);
    EXPECT_EQ(int_at(meetings.front().as_object(), "meeting_id"), published);
    EXPECT_FALSE(meetings.front().as_object().contains("online_url"));

    // staff:N has the drafts too, with online_url.
    auto staff = connect_coordinator();
    const auto staff_result =
        result_of(staff->call("subscribe", {{"topic", "staff:" + std::to_string(network_id)}}));
    const auto& all = find_path(staff_result, "snapshot.meetings")->as_array();
    ASSERT_EQ(all.size(), 2u);
    for (const auto& meeting : all) {
        EXPECT_TRUE(meeting.as_object().contains("online_url"));
        const auto id = int_at(meeting.as_object(), "meeting_id");
        EXPECT_TRUE(id == draft || id == published);
    }

    // meeting:M and person:P snapshots.
    const auto meeting_result = result_of(
        anonymous->call("subscribe", {{"topic", "meeting:" + std::to_string(published)}}));
    EXPECT_EQ(int_at(meeting_result, "snapshot.meeting.meeting_id"), published);
    const auto person = create_person(*coordinator, member_organisation(*coordinator));
    auto self = connect_with(person.token);
    const auto person_result = result_of(
        self->call("subscribe", {{"topic", "person:" + std::to_string(person.person_id)}}));
    EXPECT_EQ(int_at(person_result, "snapshot.person.person_id"), person.person_id);
}

TEST_F(Subscribe, live_events_follow_the_answer_with_increasing_seq) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto topic = network_topic(network_id);
    auto subscriber = connect_public();
    const auto result = result_of(subscriber->call("subscribe", {{"topic", topic}}));
    const auto seq = int_at(result, "seq");
    for (int i = 1; i <= 3; ++i) {
        touch_network(*coordinator, network_id, "live " + std::to_string(i));
    }
    for (int i = 1; i <= 3; ++i) {
        expect_network_updated(*subscriber, topic, seq + i, "live " + std::to_string(i));
    }
    EXPECT_FALSE(subscriber->next_event(200ms)) << "an event came twice or from elsewhere";
}

TEST_F(Subscribe, resume_with_since_replays_exactly_the_missed_events) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto topic = network_topic(network_id);

    auto first = connect_public();
    const auto subscribed = result_of(first->call("subscribe", {{"topic", topic}}));
    const std::string epoch = string_at(subscribed, "epoch");
    const auto start = int_at(subscribed, "seq");
    touch_network(*coordinator, network_id, "seen");
    expect_network_updated(*first, topic, start + 1, "seen");
    const auto last_seen = start + 1;
    first->drop();

    // Missed while disconnected.
    for (int i = 1; i <= 5; ++i) {
        touch_network(*coordinator, network_id, "missed " + std::to_string(i));
    }

    auto second = connect_public();
    const auto resumed = result_of(
        second->call("subscribe", {{"topic", topic}, {"since", last_seen}, {"epoch", epoch}}));
    EXPECT_EQ(string_at(resumed, "topic"), topic);
    EXPECT_EQ(string_at(resumed, "epoch"), epoch);
    EXPECT_EQ(int_at(resumed, "seq"), last_seen + 5);
    EXPECT_EQ(int_at(resumed, "replayed"), 5);
    EXPECT_FALSE(is_resync(resumed)) << json::serialize(resumed);
    for (int i = 1; i <= 5; ++i) {
        expect_network_updated(*second, topic, last_seen + i, "missed " + std::to_string(i));
    }
    // Then live events, continuing the sequence without a gap or a repeat.
    touch_network(*coordinator, network_id, "live");
    expect_network_updated(*second, topic, last_seen + 6, "live");
    EXPECT_FALSE(second->next_event(200ms));
}

TEST_F(Subscribe, resume_with_nothing_missed_replays_nothing) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto topic = network_topic(network_id);
    auto client = connect_public();
    const auto subscribed = result_of(client->call("subscribe", {{"topic", topic}}));
    const auto resumed =
        result_of(client->call("subscribe", {{"topic", topic},
                                             {"since", int_at(subscribed, "seq")},
                                             {"epoch", string_at(subscribed, "epoch")}}));
    EXPECT_EQ(int_at(resumed, "replayed"), 0);
    EXPECT_EQ(int_at(resumed, "seq"), int_at(subscribed, "seq"));
    EXPECT_FALSE(client->next_event(200ms));
}

TEST_F(Subscribe, since_with_wrong_or_missing_epoch_is_resync_with_snapshot) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto topic = network_topic(network_id);
    touch_network(*coordinator, network_id, "one");
    touch_network(*coordinator, network_id, "two");

    auto client = connect_public();
    const auto wrong = result_of(
        client->call("subscribe", {{"topic", topic}, {"since", 1}, {"epoch", "0000000000000000"}}));
    EXPECT_TRUE(is_resync(wrong)) << json::serialize(wrong);
    EXPECT_EQ(int_at(wrong, "replayed"), 0);
    EXPECT_EQ(string_at(wrong, "snapshot.network.description"), "two");
    EXPECT_NE(string_at(wrong, "epoch"), "0000000000000000");

    const auto missing = result_of(client->call("subscribe", {{"topic", topic}, {"since", 1}}));
    EXPECT_TRUE(is_resync(missing)) << json::serialize(missing);
    EXPECT_TRUE(find_path(missing, "snapshot.network"));
    // No replay follows a resync.
    EXPECT_FALSE(client->next_event(200ms));
    // And live events continue from the answer's seq.
    touch_network(*coordinator, network_id, "three");
    expect_network_updated(*client, topic, int_at(missing, "seq") + 1, "three");
}

TEST_F(Subscribe, staff_topic_is_for_coordinators) {
    auto anonymous = connect_public();
    EXPECT_EQ(error_code(anonymous->call("subscribe", {{"topic", "staff:1"}})), "forbidden");
    auto coordinator = connect_coordinator();
    const auto person = create_person(*coordinator, member_organisation(*coordinator));
    auto participant = connect_with(person.token);
    EXPECT_EQ(error_code(participant->call("subscribe", {{"topic", "staff:1"}})), "forbidden");
    EXPECT_TRUE(coordinator->call("subscribe", {{"topic", "staff:1"}}).contains("result"));
    EXPECT_TRUE(anonymous->call("network.list").contains("result"));
}

TEST_F(Subscribe, person_topic_is_for_the_person_and_coordinators) {
    auto coordinator = connect_coordinator();
    const auto organisation = member_organisation(*coordinator);
    const auto anna = create_person(*coordinator, organisation);
    const auto bertil = create_person(*coordinator, organisation);
    auto as_anna = connect_with(anna.token);
    const auto other =
        as_anna->call("subscribe", {{"topic", "person:" + std::to_string(bertil.person_id)}});
    EXPECT_EQ(error_code(other), "forbidden") << json::serialize(other);
    auto anonymous = connect_public();
    EXPECT_EQ(error_code(anonymous->call("subscribe",
                                         {{"topic", "person:" + std::to_string(anna.person_id)}})),
              "forbidden");
    EXPECT_TRUE(
        coordinator->call("subscribe", {{"topic", "person:" + std::to_string(anna.person_id)}})
            .contains("result"));
    EXPECT_TRUE(as_anna->call("network.list").contains("result"));
}

TEST_F(Subscribe, bad_topics_are_invalid_args_naming_topic) {
    auto client = connect_public();
    for (const char* topic :
         {"", "nope", "network", "network:", "network:0", "network:01", "network:-1", "network:abc",
          "network:1:2", "Network:1", "poll:x", " network:1"}) {
        const auto answer = client->call("subscribe", {{"topic", topic}});
        EXPECT_EQ(error_code(answer), "invalid_args") << "'" << topic << "'";
        EXPECT_EQ(error_field(answer), "topic") << "'" << topic << "'";
    }
    const auto unknown = client->call("subscribe", {{"topic", "network:987654321"}});
    EXPECT_EQ(error_code(unknown), "not_found") << json::serialize(unknown);
    EXPECT_TRUE(client->call("network.list").contains("result"));
}

TEST_F(Subscribe, unsubscribe_stops_events) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto topic = network_topic(network_id);
    auto client = connect_public();
    const auto subscribed = result_of(client->call("subscribe", {{"topic", topic}}));
    const auto done = result_of(client->call("unsubscribe", {{"topic", topic}}));
    EXPECT_EQ(string_at(done, "topic"), topic);
    touch_network(*coordinator, network_id, "unseen");
    EXPECT_FALSE(client->next_event(300ms));
    // Subscribing again continues the same sequence.
    const auto again = result_of(client->call("subscribe", {{"topic", topic}}));
    EXPECT_EQ(int_at(again, "seq"), int_at(subscribed, "seq") + 1);
}

TEST_F(Subscribe, subscribing_again_starts_over_without_doubling_events) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto topic = network_topic(network_id);
    auto client = connect_public();
    result_of(client->call("subscribe", {{"topic", topic}}));
    touch_network(*coordinator, network_id, "first");
    const auto again = result_of(client->call("subscribe", {{"topic", topic}}));
    EXPECT_EQ(string_at(again, "snapshot.network.description"), "first");
    // The event of the first subscription may still be in flight, once; nothing newer may come.
    int earlier = 0;
    while (auto event = client->next_event(200ms)) {
        EXPECT_LE(int_at(*event, "seq"), int_at(again, "seq")) << json::serialize(*event);
        ++earlier;
    }
    EXPECT_LE(earlier, 1);
    touch_network(*coordinator, network_id, "second");
    expect_network_updated(*client, topic, int_at(again, "seq") + 1, "second");
    EXPECT_FALSE(client->next_event(200ms)) << "one subscription, one delivery";
}

TEST_F(Subscribe, auth_drops_subscriptions) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto topic = network_topic(network_id);
    auto client = connect_public();
    result_of(client->call("subscribe", {{"topic", topic}}));
    result_of(client->call("auth", {{"token", coordinator_token()}}));
    touch_network(*coordinator, network_id, "after auth");
    EXPECT_FALSE(client->next_event(300ms)) << "subscriptions made before auth must be dropped";
}

TEST(SubscribeHistory, resume_beyond_a_tiny_history_is_resync) {
    auto server = start_server({{"TRAFFPUNKT_HUB_TOPIC_HISTORY", "4"}});
    auto coordinator = connect_to(*server, bearer(server->create_token("coordinator")));
    const auto network_id = create_network(*coordinator);
    const auto topic = network_topic(network_id);

    auto first = connect_to(*server);
    const auto subscribed = result_of(first->call("subscribe", {{"topic", topic}}));
    const auto epoch = string_at(subscribed, "epoch");
    const auto since = int_at(subscribed, "seq");
    first->drop();

    // Within the history: replayed.
    for (int i = 1; i <= 3; ++i) {
        touch_network(*coordinator, network_id, "kept " + std::to_string(i));
    }
    auto second = connect_to(*server);
    const auto resumed = result_of(
        second->call("subscribe", {{"topic", topic}, {"since", since}, {"epoch", epoch}}));
    EXPECT_EQ(int_at(resumed, "replayed"), 3) << json::serialize(resumed);
    for (int i = 1; i <= 3; ++i) {
        expect_network_updated(*second, topic, since + i, "kept " + std::to_string(i));
    }
    second->drop();

    // Six more: the history of 4 no longer reaches back to `since` + 4.
    for (int i = 1; i <= 6; ++i) {
        touch_network(*coordinator, network_id, "lost " + std::to_string(i));
    }
    auto third = connect_to(*server);
    const auto lost = result_of(
        third->call("subscribe", {{"topic", topic}, {"since", since + 3}, {"epoch", epoch}}));
    EXPECT_TRUE(is_resync(lost)) << json::serialize(lost);
    EXPECT_EQ(int_at(lost, "replayed"), 0);
    EXPECT_EQ(int_at(lost, "seq"), since + 9);
    EXPECT_EQ(string_at(lost, "snapshot.network.description"), "lost 6");
    EXPECT_FALSE(third->next_event(200ms)) << "no replay after a resync";
    touch_network(*coordinator, network_id, "live");
    expect_network_updated(*third, topic, since + 10, "live");
    EXPECT_TRUE(still_serving(*server));
}

}  // namespace
}  // namespace traffpunkt::integration
