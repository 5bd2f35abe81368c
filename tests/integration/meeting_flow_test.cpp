// A meeting's life as subscribers see it: admit, create (draft), publish, update, cancel; and
// what a facilitator may do (PROTOCOL.md "Ops", "Topics").
#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

class MeetingFlow : public integration_fixture {};

/** Subscribes `client` to `topic` without `since`; returns the answer's result. */
json::object subscribe(ws_client& client, std::string_view topic) {
    return result_of(client.call("subscribe", {{"topic", topic}}));
}

/** Checks the envelope of an event that should follow `seq` on `topic` in `epoch`. */
void expect_next(const json::object& event, std::string_view topic, std::int64_t seq,
                 const std::string& epoch) {
    EXPECT_EQ(string_at(event, "topic"), topic);
    EXPECT_EQ(int_at(event, "seq"), seq + 1) << json::serialize(event);
    EXPECT_EQ(string_at(event, "epoch"), epoch);
}

TEST_F(MeetingFlow, admit_create_publish_update_cancel_reach_the_right_subscribers) {
    auto coordinator = connect_coordinator();
    auto anonymous = connect_public();
    auto staff = connect_coordinator();

    const auto public_sub = subscribe(*anonymous, "network:1");
    const std::string epoch = string_at(public_sub, "epoch");
    std::int64_t public_seq = int_at(public_sub, "seq");
    const auto staff_sub = subscribe(*staff, "staff:1");
    std::int64_t staff_seq = int_at(staff_sub, "seq");
    EXPECT_EQ(string_at(staff_sub, "epoch"), epoch) << "one epoch for the server's history";

    // org.admit: a member's board decision is an event on network:1.
    const std::string org_name = unique_name("Kalmar kommun");
    const auto admitted = result_of(
        coordinator->call("org.admit",
                          {{"network_id", 1},
                           {"organisation", {{"name", org_name}, {"kind", "municipality"}}},
                           {"decision",
                            {{"deciding_body", "Södermöre kommundelsnämnd"},
                             {"diary_number", "SKDN 2022/0104"},
                             {"decided_on", "2022-08-22"}}}},
                          unique_name("admit")));
    EXPECT_EQ(string_at(admitted, "member.organisation.name"), org_name);
    EXPECT_EQ(string_at(admitted, "member.membership.decision.diary_number"), "SKDN 2022/0104");
    EXPECT_EQ(string_at(admitted, "member.membership.decision.decided_on"), "2022-08-22");
    {
        auto event = anonymous->next_event(5s);
        ASSERT_TRUE(event) << "no org.admitted on network:1";
        EXPECT_EQ(string_at(*event, "ev"), "org.admitted");
        expect_next(*event, "network:1", public_seq, epoch);
        public_seq = int_at(*event, "seq");
        EXPECT_EQ(string_at(*event, "data.member.organisation.name"), org_name);
    }

    // meeting.create: a draft, seen on staff:1 (with online_url) but not on network:1.
    const auto draft = create_meeting(*coordinator, 1, "Första nätverksträffen");
    const auto meeting_id = int_at(draft, "meeting_id");
    EXPECT_EQ(string_at(draft, "status"), "draft");
    EXPECT_EQ(string_at(draft, "starts_at"), "2030-03-12T08:00:00Z") << "output is UTC";
    EXPECT_EQ(string_at(draft, "zone"), "Europe/Stockholm");
    EXPECT_EQ(string_at(draft, "online_url"), "https://meet.example.se/secret-room");
    {
        auto event = staff->next_event(5s);
        ASSERT_TRUE(event) << "no meeting.created on staff:1";
        EXPECT_EQ(string_at(*event, "ev"), "meeting.created");
        expect_next(*event, "staff:1", staff_seq, epoch);
        staff_seq = int_at(*event, "seq");
        EXPECT_EQ(int_at(*event, "data.meeting.meeting_id"), meeting_id);
        EXPECT_EQ(string_at(*event, "data.meeting.online_url"),
                  "https://meet.example.se/secret-room");
    }
    EXPECT_EQ(error_code(anonymous->call("meeting.get", {{"meeting_id", meeting_id}})),
              "not_found");
    EXPECT_EQ(error_code(anonymous->call("subscribe",
                                         {{"topic", "meeting:" + std::to_string(meeting_id)}})),
              "not_found");

    // Editing the draft is news for staff:1 only.
    result_of(coordinator->call("meeting.update",
                                {{"meeting_id", meeting_id}, {"description", "Utkast, ändrat"}}));
    {
        auto event = staff->next_event(5s);
        ASSERT_TRUE(event) << "no meeting.updated for the draft on staff:1";
        EXPECT_EQ(string_at(*event, "ev"), "meeting.updated");
        expect_next(*event, "staff:1", staff_seq, epoch);
        staff_seq = int_at(*event, "seq");
        EXPECT_EQ(string_at(*event, "data.meeting.status"), "draft");
    }

    // The coordinator may follow the draft on its own topic.
    auto watcher = connect_coordinator();
    const auto meeting_topic = "meeting:" + std::to_string(meeting_id);
    const auto meeting_sub = subscribe(*watcher, meeting_topic);
    EXPECT_EQ(int_at(meeting_sub, "snapshot.meeting.meeting_id"), meeting_id);

    // meeting.publish: the public subscriber's next event is the publication, not the draft.
    const auto published =
        result_of(coordinator->call("meeting.publish", {{"meeting_id", meeting_id}}));
    EXPECT_EQ(string_at(published, "meeting.status"), "published");
    const auto published_sequence = int_at(published, "meeting.sequence");
    {
        auto event = anonymous->next_event(5s);
        ASSERT_TRUE(event) << "no meeting.published on network:1";
        EXPECT_EQ(string_at(*event, "ev"), "meeting.published") << json::serialize(*event);
        expect_next(*event, "network:1", public_seq, epoch);
        public_seq = int_at(*event, "seq");
        EXPECT_EQ(int_at(*event, "data.meeting.meeting_id"), meeting_id);
        EXPECT_EQ(string_at(*event, "data.meeting.status"), "published");
        EXPECT_FALSE(find_path(*event, "data.meeting.online_url"))
            << "network:N events carry no online_url: " << json::serialize(*event);
    }
    {
        auto event = staff->next_event(5s);
        ASSERT_TRUE(event) << "no meeting.published on staff:1";
        EXPECT_EQ(string_at(*event, "ev"), "meeting.published");
        expect_next(*event, "staff:1", staff_seq, epoch);
        staff_seq = int_at(*event, "seq");
        EXPECT_EQ(string_at(*event, "data.meeting.online_url"),
                  "https://meet.example.se/secret-room");
    }
    {
        auto event = wait_event(*watcher, "meeting.published", meeting_topic);
        ASSERT_TRUE(event) << "no meeting.published on " << meeting_topic;
        EXPECT_FALSE(find_path(*event, "data.meeting.online_url"))
            << "meeting:M events carry no online_url: " << json::serialize(*event);
    }
    // Published: now the public sees it, without online_url.
    const auto seen = result_of(anonymous->call("meeting.get", {{"meeting_id", meeting_id}}));
    EXPECT_EQ(string_at(seen, "meeting.status"), "published");
    EXPECT_FALSE(find_path(seen, "meeting.online_url"));

    // meeting.update of the time: SEQUENCE + 1, an event on network:1.
    const auto updated = result_of(coordinator->call(
        "meeting.update", {{"meeting_id", meeting_id}, {"starts_at", "2030-03-12T09:30:00+01:00"}},
        unique_name("time")));
    EXPECT_EQ(string_at(updated, "meeting.starts_at"), "2030-03-12T08:30:00Z");
    EXPECT_EQ(int_at(updated, "meeting.sequence"), published_sequence + 1);
    {
        auto event = anonymous->next_event(5s);
        ASSERT_TRUE(event) << "no meeting.updated on network:1";
        EXPECT_EQ(string_at(*event, "ev"), "meeting.updated");
        expect_next(*event, "network:1", public_seq, epoch);
        public_seq = int_at(*event, "seq");
        EXPECT_EQ(int_at(*event, "data.meeting.sequence"), published_sequence + 1);
        EXPECT_EQ(string_at(*event, "data.meeting.starts_at"), "2030-03-12T08:30:00Z");
        EXPECT_EQ(string_at(*event, "data.meeting.title"), "Första nätverksträffen");
    }

    // meeting.cancel: status cancelled, SEQUENCE + 1; afterwards no more edits.
    const auto cancelled =
        result_of(coordinator->call("meeting.cancel", {{"meeting_id", meeting_id}}));
    EXPECT_EQ(string_at(cancelled, "meeting.status"), "cancelled");
    EXPECT_EQ(int_at(cancelled, "meeting.sequence"), published_sequence + 2);
    {
        auto event = anonymous->next_event(5s);
        ASSERT_TRUE(event) << "no meeting.cancelled on network:1";
        EXPECT_EQ(string_at(*event, "ev"), "meeting.cancelled");
        expect_next(*event, "network:1", public_seq, epoch);
        EXPECT_EQ(string_at(*event, "data.meeting.status"), "cancelled");
    }
    const auto late_edit =
        coordinator->call("meeting.update", {{"meeting_id", meeting_id}, {"title", "Ny titel"}});
    EXPECT_EQ(error_code(late_edit), "conflict") << json::serialize(late_edit);
    EXPECT_EQ(error_code(coordinator->call("meeting.publish", {{"meeting_id", meeting_id}})),
              "conflict");
    EXPECT_EQ(error_code(coordinator->call("meeting.cancel", {{"meeting_id", meeting_id}})),
              "conflict");
    // A cancelled meeting stays visible.
    const auto still = result_of(anonymous->call("meeting.get", {{"meeting_id", meeting_id}}));
    EXPECT_EQ(string_at(still, "meeting.status"), "cancelled");
    EXPECT_EQ(string_at(still, "meeting.title"), "Första nätverksträffen");

    // Nothing else arrived on network:1 (no event for the refused edits).
    EXPECT_FALSE(anonymous->next_event(200ms));
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(MeetingFlow, publish_twice_is_conflict) {
    auto coordinator = connect_coordinator();
    const auto meeting_id = int_at(create_meeting(*coordinator, 1, "Två gånger"), "meeting_id");
    result_of(coordinator->call("meeting.publish", {{"meeting_id", meeting_id}}));
    EXPECT_EQ(error_code(coordinator->call("meeting.publish", {{"meeting_id", meeting_id}})),
              "conflict");
    EXPECT_EQ(error_code(coordinator->call("meeting.publish", {{"meeting_id", 999999999}})),
              "not_found");
}

TEST_F(MeetingFlow, facilitator_edits_own_meeting_only_and_sees_online_url) {
    auto coordinator = connect_coordinator();
    const auto person = create_person(*coordinator, member_organisation(*coordinator));
    const auto own = int_at(create_meeting(*coordinator, 1, "Egen träff"), "meeting_id");
    const auto other = int_at(create_meeting(*coordinator, 1, "Annan träff"), "meeting_id");
    // The other meeting is published, so refusing the edit must be forbidden, not not_found.
    result_of(coordinator->call("meeting.publish", {{"meeting_id", other}}));

    const auto added = result_of(coordinator->call(
        "meeting.add_facilitator", {{"meeting_id", own}, {"person_id", person.person_id}}));
    EXPECT_EQ(int_at(added, "meeting_id"), own);
    const auto& facilitators = added.at("facilitators").as_array();
    ASSERT_EQ(facilitators.size(), 1u);
    EXPECT_EQ(facilitators.front().to_number<std::int64_t>(), person.person_id);

    auto facilitator = connect_with(person.token);
    const auto auth = result_of(facilitator->call("auth", {{"token", person.token}}));
    const auto& facilitates = auth.at("facilitates").as_array();
    ASSERT_EQ(facilitates.size(), 1u);
    EXPECT_EQ(facilitates.front().to_number<std::int64_t>(), own);

    // A draft is visible to its facilitator, with online_url.
    const auto seen = result_of(facilitator->call("meeting.get", {{"meeting_id", own}}));
    EXPECT_EQ(string_at(seen, "meeting.status"), "draft");
    EXPECT_EQ(string_at(seen, "meeting.online_url"), "https://meet.example.se/secret-room");
    // ... and so is its topic.
    const auto subscribed =
        result_of(facilitator->call("subscribe", {{"topic", "meeting:" + std::to_string(own)}}));
    EXPECT_EQ(int_at(subscribed, "snapshot.meeting.meeting_id"), own);

    const auto edited = facilitator->call("meeting.update",
                                          {{"meeting_id", own}, {"title", "Egen träff, ny titel"}});
    EXPECT_EQ(string_at(result_of(edited), "meeting.title"), "Egen träff, ny titel");

    const auto refused =
        facilitator->call("meeting.update", {{"meeting_id", other}, {"title", "Kapad"}});
    EXPECT_EQ(error_code(refused), "forbidden") << json::serialize(refused);
    const auto other_seen = result_of(facilitator->call("meeting.get", {{"meeting_id", other}}));
    EXPECT_EQ(string_at(other_seen, "meeting.title"), "Annan träff");
    EXPECT_FALSE(find_path(other_seen, "meeting.online_url"))
        << "online_url only for the meeting's facilitators";

    // Facilitation does not make the person a coordinator.
    EXPECT_EQ(error_code(facilitator->call("meeting.publish", {{"meeting_id", own}})), "forbidden");

    // After removal the person can no longer edit (the draft is hidden again or forbidden).
    result_of(coordinator->call("meeting.remove_facilitator",
                                {{"meeting_id", own}, {"person_id", person.person_id}}));
    const auto after_removal =
        facilitator->call("meeting.update", {{"meeting_id", own}, {"title", "Igen"}});
    const auto code = error_code(after_removal);
    EXPECT_TRUE(code == "forbidden" || code == "not_found") << json::serialize(after_removal);
    EXPECT_TRUE(facilitator->call("network.list").contains("result"));
}

}  // namespace
}  // namespace traffpunkt::integration
