// Minutes (PROTOCOL.md "Minutes"): versions with optimistic concurrency, draft -> for review ->
// approved, every version kept, who may do what, draft text for staff only, and the link to the
// previous meeting's minutes. Every refusal leaves the minutes and the server as they were.
#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

class Minutes : public integration_fixture {};

/** A published meeting of a network of its own, a facilitator, a second one, a participant. */
struct setup {
    std::int64_t network_id = 0;
    std::int64_t meeting_id = 0;
    person_with_token facilitator;
    person_with_token second_facilitator;
    person_with_token participant;
    std::string topic;
};

std::int64_t published_meeting(ws_client& coordinator, std::int64_t network_id,
                               std::string_view starts, std::string_view ends) {
    auto args = meeting_args(network_id, unique_name("Träff"));
    args["starts_at"] = starts;
    args["ends_at"] = ends;
    return create_published(coordinator, std::move(args));
}

setup make_meeting(ws_client& coordinator) {
    setup s;
    s.network_id = create_network(coordinator);
    s.meeting_id = published_meeting(coordinator, s.network_id, "2030-03-12T09:00:00+01:00",
                                     "2030-03-12T15:00:00+01:00");
    const auto org = member_organisation(coordinator);
    s.facilitator = make_person(coordinator, org);
    s.second_facilitator = make_person(coordinator, org);
    s.participant = make_person(coordinator, org);
    for (const auto* p : {&s.facilitator, &s.second_facilitator}) {
        result_of(coordinator.call("meeting.add_facilitator",
                                   {{"meeting_id", s.meeting_id}, {"person_id", p->person_id}}));
    }
    s.topic = "meeting:" + std::to_string(s.meeting_id);
    return s;
}

json::object edit(ws_client& client, std::int64_t meeting_id, std::int64_t base,
                  std::string_view text) {
    return client.call("minutes.edit",
                       {{"meeting_id", meeting_id}, {"base_version", base}, {"text", text}});
}

json::object step(ws_client& client, std::string_view op, std::int64_t meeting_id,
                  std::int64_t version) {
    return client.call(op, {{"meeting_id", meeting_id}, {"version", version}});
}

json::object minutes_of(ws_client& client, std::int64_t meeting_id) {
    return result_of(client.call("minutes.get", {{"meeting_id", meeting_id}}))
        .at("minutes")
        .as_object();
}

TEST_F(Minutes, edit_submit_approve_keeps_every_version) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator);
    auto facilitator = connect_with(s.facilitator.token);

    auto m = minutes_of(*facilitator, s.meeting_id);
    EXPECT_EQ(int_at(m, "version"), 0);
    EXPECT_EQ(string_at(m, "status"), "draft");
    EXPECT_EQ(string_at(m, "text"), "");

    auto answer = result_of(edit(*facilitator, s.meeting_id, 0, "# Anteckningar\r\n\r\n- Start"));
    EXPECT_EQ(int_at(answer, "minutes.version"), 1);
    EXPECT_EQ(string_at(answer, "minutes.text"), "# Anteckningar\n\n- Start");
    answer = result_of(edit(*facilitator, s.meeting_id, 1, "# Anteckningar\n\n- Start\n- Fika"));
    EXPECT_EQ(int_at(answer, "minutes.version"), 2);
    answer = result_of(step(*facilitator, "minutes.submit", s.meeting_id, 2));
    EXPECT_EQ(string_at(answer, "minutes.status"), "for_review");
    EXPECT_EQ(int_at(answer, "minutes.version"), 3);
    answer = result_of(step(*coordinator, "minutes.approve", s.meeting_id, 3));
    EXPECT_EQ(string_at(answer, "minutes.status"), "approved");
    EXPECT_EQ(int_at(answer, "minutes.version"), 4);

    const auto history =
        result_of(facilitator->call("minutes.history", {{"meeting_id", s.meeting_id}}));
    const auto& versions = history.at("versions").as_array();
    ASSERT_EQ(versions.size(), 4u) << json::serialize(history);
    const std::vector<std::string> actions{"edit", "edit", "submit", "approve"};
    for (std::size_t i = 0; i < versions.size(); ++i) {
        const auto& v = versions[i].as_object();
        EXPECT_EQ(int_at(v, "version"), static_cast<std::int64_t>(i + 1));
        EXPECT_EQ(string_at(v, "action"), actions[i]);
        EXPECT_FALSE(v.contains("text")) << "the list leaves texts out";
    }
    EXPECT_EQ(int_at(versions[0].as_object(), "changed_by.person_id"), s.facilitator.person_id);
    EXPECT_TRUE(versions[3].as_object().at("changed_by").as_object().at("person_id").is_null())
        << "approved with a coordinator token";
    EXPECT_EQ(int_at(versions[0].as_object(), "length"), 23);

    const auto first = result_of(
        facilitator->call("minutes.version", {{"meeting_id", s.meeting_id}, {"version", 1}}));
    EXPECT_EQ(string_at(first, "version.text"), "# Anteckningar\n\n- Start");
    EXPECT_EQ(error_code(facilitator->call("minutes.version",
                                           {{"meeting_id", s.meeting_id}, {"version", 9}})),
              "not_found");
}

TEST_F(Minutes, a_stale_edit_is_a_conflict_with_the_current_minutes) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator);
    auto anna = connect_with(s.facilitator.token);
    auto erik = connect_with(s.second_facilitator.token);
    result_of(edit(*anna, s.meeting_id, 0, "Version ett"));

    // Both start from version 1; Anna saves first.
    result_of(edit(*anna, s.meeting_id, 1, "Annas text"));
    const auto stale = edit(*erik, s.meeting_id, 1, "Eriks text");
    EXPECT_EQ(error_code(stale), "conflict") << json::serialize(stale);
    EXPECT_EQ(error_field(stale), "base_version");
    EXPECT_EQ(int_at(stale, "error.details.minutes.version"), 2);
    EXPECT_EQ(string_at(stale, "error.details.minutes.text"), "Annas text");
    EXPECT_NE(string_at(stale, "error.message").find("current version is 2"), std::string::npos);

    // Nothing was overwritten; Erik merges and saves on top of version 2.
    EXPECT_EQ(string_at(minutes_of(*erik, s.meeting_id), "text"), "Annas text");
    result_of(edit(*erik, s.meeting_id, 2, "Annas text\nEriks rad"));
    EXPECT_EQ(int_at(minutes_of(*anna, s.meeting_id), "version"), 3);

    // A stale status step is refused the same way.
    const auto submit = step(*anna, "minutes.submit", s.meeting_id, 2);
    EXPECT_EQ(error_code(submit), "conflict");
    EXPECT_EQ(error_field(submit), "version");
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(Minutes, two_edits_from_one_version_at_once_give_one_success) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator);
    auto anna = connect_with(s.facilitator.token);
    auto erik = connect_with(s.second_facilitator.token);
    // Sent before either answer is read: the room decides one after the other.
    const auto a_id = static_cast<std::int64_t>(anna->next_id());
    const auto e_id = static_cast<std::int64_t>(erik->next_id());
    anna->send_text(request_frame(
        a_id, "minutes.edit", {{"meeting_id", s.meeting_id}, {"base_version", 0}, {"text", "A"}}));
    erik->send_text(request_frame(
        e_id, "minutes.edit", {{"meeting_id", s.meeting_id}, {"base_version", 0}, {"text", "E"}}));
    const auto a = answer_to(*anna, a_id);
    const auto e = answer_to(*erik, e_id);
    EXPECT_EQ(error_code(a).empty() + error_code(e).empty(), 1)
        << json::serialize(a) << json::serialize(e);
    const auto& lost = error_code(a).empty() ? e : a;
    EXPECT_EQ(error_code(lost), "conflict");
    EXPECT_EQ(int_at(minutes_of(*coordinator, s.meeting_id), "version"), 1);
}

TEST_F(Minutes, approved_minutes_are_read_only) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator);
    auto facilitator = connect_with(s.facilitator.token);
    result_of(edit(*facilitator, s.meeting_id, 0, "Slutlig text"));
    result_of(step(*facilitator, "minutes.submit", s.meeting_id, 1));
    result_of(step(*coordinator, "minutes.approve", s.meeting_id, 2));

    for (const auto& answer : {edit(*facilitator, s.meeting_id, 3, "Ändrad"),
                               edit(*coordinator, s.meeting_id, 3, "Ändrad"),
                               step(*facilitator, "minutes.reopen", s.meeting_id, 3),
                               step(*facilitator, "minutes.submit", s.meeting_id, 3),
                               step(*coordinator, "minutes.approve", s.meeting_id, 3)}) {
        EXPECT_EQ(error_code(answer), "conflict") << json::serialize(answer);
        EXPECT_EQ(int_at(answer, "error.details.minutes.version"), 3);
    }
    const auto m = minutes_of(*facilitator, s.meeting_id);
    EXPECT_EQ(string_at(m, "text"), "Slutlig text");
    EXPECT_EQ(string_at(m, "status"), "approved");
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(Minutes, review_can_send_minutes_back_and_an_edit_does_too) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator);
    auto facilitator = connect_with(s.facilitator.token);
    result_of(edit(*facilitator, s.meeting_id, 0, "Text"));
    result_of(step(*facilitator, "minutes.submit", s.meeting_id, 1));
    EXPECT_EQ(string_at(result_of(step(*coordinator, "minutes.reopen", s.meeting_id, 2)),
                        "minutes.status"),
              "draft");
    result_of(step(*facilitator, "minutes.submit", s.meeting_id, 3));
    EXPECT_EQ(string_at(result_of(edit(*facilitator, s.meeting_id, 4, "Rättad")), "minutes.status"),
              "draft");
    // Nothing to approve now, and empty minutes cannot be submitted.
    EXPECT_EQ(error_code(step(*coordinator, "minutes.approve", s.meeting_id, 5)), "conflict");
    result_of(edit(*facilitator, s.meeting_id, 5, ""));
    EXPECT_EQ(error_code(step(*facilitator, "minutes.submit", s.meeting_id, 6)), "conflict");
}

TEST_F(Minutes, wrong_roles_are_refused_and_change_nothing) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator);
    auto facilitator = connect_with(s.facilitator.token);
    auto participant = connect_with(s.participant.token);
    auto anonymous = connect_public();
    result_of(edit(*facilitator, s.meeting_id, 0, "Utkast med interna anteckningar"));
    result_of(step(*facilitator, "minutes.submit", s.meeting_id, 1));

    for (auto* client : {participant.get(), anonymous.get()}) {
        EXPECT_EQ(error_code(edit(*client, s.meeting_id, 2, "Nej")), "forbidden");
        EXPECT_EQ(error_code(step(*client, "minutes.reopen", s.meeting_id, 2)), "forbidden");
        EXPECT_EQ(error_code(step(*client, "minutes.approve", s.meeting_id, 2)), "forbidden");
        EXPECT_EQ(error_code(client->call("minutes.history", {{"meeting_id", s.meeting_id}})),
                  "forbidden");
        EXPECT_EQ(error_code(step(*client, "minutes.version", s.meeting_id, 1)), "forbidden");
        // They see that minutes exist, not the draft text.
        const auto m = minutes_of(*client, s.meeting_id);
        EXPECT_EQ(string_at(m, "status"), "for_review");
        EXPECT_FALSE(m.contains("text"));
    }
    // Facilitators write minutes; approving is for coordinators.
    const auto approve = step(*facilitator, "minutes.approve", s.meeting_id, 2);
    EXPECT_EQ(error_code(approve), "forbidden");
    EXPECT_FALSE(string_at(approve, "error.message").empty());
    const auto m = minutes_of(*coordinator, s.meeting_id);
    EXPECT_EQ(int_at(m, "version"), 2);
    EXPECT_EQ(string_at(m, "status"), "for_review");
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(Minutes, events_carry_no_draft_text_and_approved_text_for_everyone) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator);
    auto facilitator = connect_with(s.facilitator.token);
    auto watcher = connect_public();
    result_of(watcher->call("subscribe", {{"topic", s.topic}}));

    result_of(edit(*facilitator, s.meeting_id, 0, "Hemligt utkast"));
    auto event = wait_event(*watcher, "minutes.changed", s.topic);
    ASSERT_TRUE(event);
    EXPECT_EQ(int_at(*event, "data.minutes.version"), 1);
    EXPECT_FALSE(find_path(*event, "data.minutes")->as_object().contains("text"));
    EXPECT_EQ(json::serialize(*event).find("Hemligt"), std::string::npos);

    result_of(step(*facilitator, "minutes.submit", s.meeting_id, 1));
    ASSERT_TRUE(wait_event(*watcher, "minutes.changed", s.topic));
    result_of(step(*coordinator, "minutes.approve", s.meeting_id, 2));
    event = wait_event(*watcher, "minutes.changed", s.topic);
    ASSERT_TRUE(event);
    EXPECT_EQ(string_at(*event, "data.minutes.status"), "approved");
    EXPECT_EQ(string_at(*event, "data.minutes.text"), "Hemligt utkast");
    // Now everyone reads it, the approved version too.
    auto anonymous = connect_public();
    EXPECT_EQ(string_at(minutes_of(*anonymous, s.meeting_id), "text"), "Hemligt utkast");
    EXPECT_EQ(
        string_at(result_of(step(*anonymous, "minutes.version", s.meeting_id, 3)), "version.text"),
        "Hemligt utkast");
}

TEST_F(Minutes, minutes_link_to_the_previous_meetings_minutes) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto first = published_meeting(*coordinator, network_id, "2030-02-01T09:00:00+01:00",
                                         "2030-02-01T12:00:00+01:00");
    // A cancelled meeting in between is no meeting to follow up.
    const auto cancelled = published_meeting(*coordinator, network_id, "2030-02-15T09:00:00+01:00",
                                             "2030-02-15T12:00:00+01:00");
    result_of(coordinator->call("meeting.cancel", {{"meeting_id", cancelled}}));
    const auto second = published_meeting(*coordinator, network_id, "2030-03-01T09:00:00+01:00",
                                          "2030-03-01T12:00:00+01:00");

    EXPECT_TRUE(minutes_of(*coordinator, first).at("previous").is_null());
    auto m = minutes_of(*coordinator, second);
    EXPECT_EQ(int_at(m, "previous.meeting_id"), first);
    EXPECT_EQ(string_at(m, "previous.starts_at"), "2030-02-01T08:00:00Z");
    EXPECT_TRUE(find_path(m, "previous.minutes")->is_null()) << "none written yet";

    result_of(edit(*coordinator, first, 0, "Första träffens anteckningar"));
    result_of(step(*coordinator, "minutes.submit", first, 1));
    result_of(step(*coordinator, "minutes.approve", first, 2));
    m = minutes_of(*connect_public(), second);
    EXPECT_EQ(int_at(m, "previous.meeting_id"), first);
    EXPECT_EQ(string_at(m, "previous.minutes.status"), "approved");
    EXPECT_EQ(int_at(m, "previous.minutes.version"), 3);
    // The link leads to text everyone may read.
    EXPECT_EQ(string_at(minutes_of(*connect_public(), first), "text"),
              "Första träffens anteckningar");
}

TEST_F(Minutes, drafts_cancelled_meetings_and_bad_text_are_refused) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto draft =
        int_at(create_meeting(*coordinator, network_id, unique_name("Utkast")), "meeting_id");
    EXPECT_EQ(error_code(edit(*coordinator, draft, 0, "x")), "meeting_not_published");
    EXPECT_EQ(error_code(edit(*connect_public(), draft, 0, "x")), "not_found");

    const auto s = make_meeting(*coordinator);
    const auto bad = edit(*coordinator, s.meeting_id, 0, "kontroll\x07tecken");
    EXPECT_EQ(error_code(bad), "invalid_args");
    EXPECT_EQ(error_field(bad), "text");
    const auto long_text = edit(*coordinator, s.meeting_id, 0, std::string(40001, 'x'));
    EXPECT_EQ(error_field(long_text), "text");
    EXPECT_EQ(error_field(coordinator->call("minutes.edit",
                                            {{"meeting_id", s.meeting_id}, {"base_version", 0}})),
              "text");
    EXPECT_EQ(error_code(edit(*coordinator, 999999999, 0, "x")), "not_found");

    result_of(coordinator->call("meeting.cancel", {{"meeting_id", s.meeting_id}}));
    EXPECT_EQ(error_code(edit(*coordinator, s.meeting_id, 0, "x")), "meeting_cancelled");
    EXPECT_EQ(int_at(minutes_of(*coordinator, s.meeting_id), "version"), 0);
    EXPECT_TRUE(still_serving(server()));
}

}  // namespace
}  // namespace traffpunkt::integration
