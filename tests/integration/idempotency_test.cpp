// `idem` makes retries safe (PROTOCOL.md "Idempotency").
#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

class Idempotency : public integration_fixture {};

// request_frame and answer_to are the fixture's (integration_fixture.hpp).

TEST_F(Idempotency, same_key_twice_gives_the_first_answer_and_one_object) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto key = unique_name("m-kickoff");
    const auto args = meeting_args(network_id, "Kickoff");

    const auto first = result_of(coordinator->call("meeting.create", args, key));
    const auto second = result_of(coordinator->call("meeting.create", args, key));
    EXPECT_EQ(json::serialize(second), json::serialize(first));
    EXPECT_EQ(meeting_count(*coordinator, network_id), 1u);

    // Also from a new connection with the same token (keys belong to the token, not the socket).
    auto again = connect_coordinator();
    const auto third = result_of(again->call("meeting.create", args, key));
    EXPECT_EQ(json::serialize(third), json::serialize(first));
    EXPECT_EQ(meeting_count(*coordinator, network_id), 1u);

    // Without a key, the same request creates another meeting.
    result_of(coordinator->call("meeting.create", args));
    EXPECT_EQ(meeting_count(*coordinator, network_id), 2u);
}

TEST_F(Idempotency, same_key_for_another_op_is_conflict) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto key = unique_name("reused");
    const auto created =
        result_of(coordinator->call("meeting.create", meeting_args(network_id, "Första"), key));
    const auto meeting_id = int_at(created, "meeting.meeting_id");

    const auto reused = coordinator->call("meeting.publish", {{"meeting_id", meeting_id}}, key);
    EXPECT_EQ(error_code(reused), "conflict") << json::serialize(reused);
    // Nothing happened: the meeting is still a draft, and the key still means the create.
    const auto seen = result_of(coordinator->call("meeting.get", {{"meeting_id", meeting_id}}));
    EXPECT_EQ(string_at(seen, "meeting.status"), "draft");
    const auto retry =
        result_of(coordinator->call("meeting.create", meeting_args(network_id, "Första"), key));
    EXPECT_EQ(int_at(retry, "meeting.meeting_id"), meeting_id);
    EXPECT_EQ(meeting_count(*coordinator, network_id), 1u);
}

TEST_F(Idempotency, a_retry_after_an_error_runs_again) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto key = unique_name("after-error");
    auto bad = meeting_args(network_id, "Fel");
    bad["ends_at"] = "2030-03-12T08:00:00+01:00";  // before starts_at
    EXPECT_EQ(error_code(coordinator->call("meeting.create", bad, key)), "invalid_args");
    EXPECT_EQ(meeting_count(*coordinator, network_id), 0u);

    const auto good = coordinator->call("meeting.create", meeting_args(network_id, "Rätt"), key);
    EXPECT_EQ(string_at(result_of(good), "meeting.title"), "Rätt");
    EXPECT_EQ(meeting_count(*coordinator, network_id), 1u);
}

TEST_F(Idempotency, concurrent_retries_on_two_connections_create_once) {
    auto first = connect_coordinator();
    auto second = connect_coordinator();
    const auto network_id = create_network(*first);

    // Several rounds, so that at least some retries really overlap the first request's commit.
    for (int round = 0; round < 5; ++round) {
        const auto key = unique_name("race");
        const auto args = meeting_args(network_id, "Kapplöpning " + std::to_string(round));
        const std::int64_t id = 1000 + round;
        first->send_text(request_frame(id, "meeting.create", args, key));
        second->send_text(request_frame(id, "meeting.create", args, key));
        const auto a = answer_to(*first, id);
        const auto b = answer_to(*second, id);
        EXPECT_EQ(json::serialize(result_of(a)), json::serialize(result_of(b)));
    }
    EXPECT_EQ(meeting_count(*first, network_id), 5u);
}

TEST_F(Idempotency, person_create_retry_returns_null_token) {
    auto coordinator = connect_coordinator();
    const auto organisation = member_organisation(*coordinator);
    const auto key = unique_name("p-anna");
    const std::string email = unique_name("anna") + "@example.se";
    const json::object args{{"name", "Anna Lindqvist"},
                            {"email", email},
                            {"organisation_id", organisation},
                            {"role", "official"}};
    const auto first = result_of(coordinator->call("person.create", args, key));
    EXPECT_EQ(string_at(first, "token").size(), 43u);
    const auto retry = result_of(coordinator->call("person.create", args, key));
    EXPECT_EQ(int_at(retry, "person.person_id"), int_at(first, "person.person_id"));
    ASSERT_TRUE(retry.contains("token"));
    EXPECT_TRUE(retry.at("token").is_null()) << "the token is shown once";

    // Without the key it is a second person with the same e-mail address: conflict.
    const auto duplicate = coordinator->call("person.create", args);
    EXPECT_EQ(error_code(duplicate), "conflict");
    EXPECT_EQ(error_field(duplicate), "email");
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(Idempotency, read_ops_ignore_idem) {
    auto coordinator = connect_coordinator();
    const auto key = unique_name("read");
    EXPECT_TRUE(coordinator->call("network.list", {}, key).contains("result"));
    // The key was not taken by the read: a write may still use it.
    const auto network = coordinator->call(
        "network.create",
        {{"name", unique_name("N")}, {"starts_on", "2030-01-01"}, {"ends_on", "2030-12-31"}}, key);
    EXPECT_TRUE(network.contains("result")) << json::serialize(network);
}

}  // namespace
}  // namespace traffpunkt::integration
