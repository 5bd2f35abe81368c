// Malformed frames, envelopes and args each get the documented answer, and the server keeps
// serving (PROTOCOL.md "Envelope", "Error codes", "Close codes", "Values", "Connecting").
#include "integration_fixture.hpp"

#include <string>

namespace traffpunkt::integration {
namespace {

constexpr const char* allowed_origin = "https://traffpunkt.example.se";

class BadInput : public integration_fixture {
  public:
    static void SetUpTestSuite() { start_shared({{"TRAFFPUNKT_ALLOWED_ORIGINS", allowed_origin}}); }

  protected:
    /** Sends `frame` as it is and returns the next frame, parsed; fails when none comes. */
    static json::object send_raw(ws_client& client, std::string_view frame) {
        client.send_text(frame);
        auto answer = client.next_event(5s);
        if (!answer) {
            throw std::runtime_error("no answer to " + std::string(frame.substr(0, 100)));
        }
        return *answer;
    }

    /** The answer's `re` must be null. */
    static void expect_re_null(const json::object& answer) {
        ASSERT_TRUE(answer.contains("re")) << json::serialize(answer);
        EXPECT_TRUE(answer.at("re").is_null()) << json::serialize(answer);
    }

    /** The answer's `re` must be `id`. */
    static void expect_re(const json::object& answer, std::int64_t id) {
        EXPECT_EQ(int_at(answer, "re"), id) << json::serialize(answer);
    }

    /** The same connection still answers a valid request. */
    static void expect_usable(ws_client& client) {
        EXPECT_TRUE(client.call("network.list").contains("result"));
    }
};

TEST_F(BadInput, not_json_is_bad_request_with_re_null) {
    auto client = connect_public();
    const auto answer = send_raw(*client, "this is not json");
    EXPECT_EQ(error_code(answer), "bad_request");
    expect_re_null(answer);
    expect_usable(*client);
}

TEST_F(BadInput, truncated_json_is_bad_request_with_re_null) {
    auto client = connect_public();
    const auto answer = send_raw(*client, R"({"id":5,"op":"network.list")");
    EXPECT_EQ(error_code(answer), "bad_request");
    expect_re_null(answer);
    expect_usable(*client);
}

TEST_F(BadInput, json_that_is_not_an_object_is_bad_request) {
    auto client = connect_public();
    for (const char* frame :
         {R"([{"id":1,"op":"network.list"}])", "42", R"("network.list")", "null"}) {
        const auto answer = send_raw(*client, frame);
        EXPECT_EQ(error_code(answer), "bad_request") << frame;
        expect_re_null(answer);
    }
    expect_usable(*client);
}

TEST_F(BadInput, unknown_op_is_unknown_op_with_re) {
    auto client = connect_public();
    const auto answer = send_raw(*client, R"({"id":41,"op":"meeting.explode","args":{}})");
    EXPECT_EQ(error_code(answer), "unknown_op");
    expect_re(answer, 41);
    expect_usable(*client);
}

TEST_F(BadInput, wrong_field_type_is_invalid_args_naming_the_field) {
    auto client = connect_public();
    const auto answer = client->call("meeting.get", {{"meeting_id", "one"}});
    EXPECT_EQ(error_code(answer), "invalid_args");
    EXPECT_EQ(error_field(answer), "meeting_id");
    expect_usable(*client);

    auto coordinator = connect_coordinator();
    auto args = meeting_args(1, "Fel typ");
    args["capacity_in_person"] = "sextio";
    const auto create = coordinator->call("meeting.create", args);
    EXPECT_EQ(error_code(create), "invalid_args");
    EXPECT_EQ(error_field(create), "capacity_in_person");
}

TEST_F(BadInput, missing_and_out_of_range_fields_are_invalid_args) {
    auto client = connect_public();
    const auto missing = client->call("meeting.get", {});
    EXPECT_EQ(error_code(missing), "invalid_args");
    EXPECT_EQ(error_field(missing), "meeting_id");
    const auto zero = client->call("meeting.get", {{"meeting_id", 0}});
    EXPECT_EQ(error_code(zero), "invalid_args") << "ids are 1 to 2^53-1";
    EXPECT_EQ(error_field(zero), "meeting_id");
    expect_usable(*client);
}

TEST_F(BadInput, unknown_field_in_args_is_invalid_args) {
    auto client = connect_public();
    const auto answer = client->call("meeting.get", {{"meeting_id", 1}, {"extra", true}});
    EXPECT_EQ(error_code(answer), "invalid_args") << json::serialize(answer);
    EXPECT_EQ(error_field(answer), "extra");
    expect_usable(*client);
}

TEST_F(BadInput, unknown_envelope_member_is_bad_request) {
    auto client = connect_public();
    const auto answer = send_raw(*client, R"({"id":42,"op":"network.list","args":{},"x":1})");
    EXPECT_EQ(error_code(answer), "bad_request");
    // The id could be read, so it is echoed.
    expect_re(answer, 42);
    expect_usable(*client);
}

TEST_F(BadInput, malformed_envelopes_are_bad_request) {
    auto client = connect_public();
    const std::pair<const char*, std::optional<std::int64_t>> cases[] = {
        {R"({"id":43,"op":"network.list","op":"network.list"})", 43},      // duplicate key
        {R"({"id":44,"op":7})", 44},                                       // wrong member type
        {R"({"id":45,"op":"network.list","args":[]})", 45},                // args not an object
        {R"({"id":46})", 46},                                              // op missing
        {R"({"op":"network.list"})", std::nullopt},                        // id missing
        {R"({"id":"47","op":"network.list"})", std::nullopt},              // id not an integer
        {R"({"id":-1,"op":"network.list"})", std::nullopt},                // id below 0
        {R"({"id":9007199254740992,"op":"network.list"})", std::nullopt},  // id above 2^53-1
        {R"({"id":1.5,"op":"network.list"})", std::nullopt},               // id not an integer
    };
    for (const auto& [frame, re] : cases) {
        const auto answer = send_raw(*client, frame);
        EXPECT_EQ(error_code(answer), "bad_request") << frame << " -> " << json::serialize(answer);
        if (re) {
            expect_re(answer, *re);
        } else {
            expect_re_null(answer);
        }
    }
    expect_usable(*client);
}

TEST_F(BadInput, nesting_deeper_than_32_is_bad_request) {
    auto client = connect_public();
    std::string deep = R"({"id":48,"op":"meeting.get","args":{"meeting_id":1,"x":)";
    for (int i = 0; i < 40; ++i) {
        deep += "[";
    }
    for (int i = 0; i < 40; ++i) {
        deep += "]";
    }
    deep += "}}";
    const auto answer = send_raw(*client, deep);
    EXPECT_EQ(error_code(answer), "bad_request") << json::serialize(answer);
    expect_usable(*client);
}

TEST_F(BadInput, binary_frame_is_closed_with_1003) {
    auto client = connect_public();
    client->send_binary(R"({"id":1,"op":"network.list"})");
    const auto closed = client->wait_closed(5s);
    ASSERT_TRUE(closed) << "still open after a binary frame";
    EXPECT_EQ(closed->code, 1003);
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(BadInput, invalid_utf8_text_frame_is_closed_with_1007) {
    auto client = connect_public();
    client->send_text("{\"id\":1,\"op\":\"network.list\",\"args\":{},\"idem\":\"\xC3\x28\"}");
    const auto closed = client->wait_closed(5s);
    ASSERT_TRUE(closed) << "still open after invalid UTF-8";
    EXPECT_EQ(closed->code, 1007);
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(BadInput, oversized_frame_is_closed_with_1009) {
    auto client = connect_public();
    // Valid JSON, just over the 64 KiB limit.
    std::string frame = R"({"id":1,"op":"meeting.get","args":{"meeting_id":1,"pad":")";
    frame += std::string(64 * 1024 + 16, 'x');
    frame += R"("}})";
    EXPECT_NO_THROW(client->send_text(frame));
    const auto closed = client->wait_closed(5s);
    ASSERT_TRUE(closed) << "still open after an oversized frame";
    EXPECT_EQ(closed->code, 1009);
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(BadInput, a_frame_far_larger_than_the_socket_buffers_still_gets_a_clean_1009) {
    // 8 MiB: the client is still sending long after the server has decided. The server reads
    // and discards the rest, so the client's send completes and it reads the close frame,
    // instead of a reset (1006) in the middle of its send.
    auto client = connect_public();
    std::string frame = R"({"id":1,"op":"network.list","args":{},"pad":")";
    frame += std::string(8 * 1024 * 1024, 'x');
    frame += R"("})";
    EXPECT_NO_THROW(client->send_text(frame));
    const auto closed = client->wait_closed(10s);
    ASSERT_TRUE(closed) << "still open after an oversized frame";
    EXPECT_EQ(closed->code, 1009);
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(BadInput, frame_of_exactly_the_limit_is_served) {
    auto client = connect_public();
    std::string head = R"({"id":7,"op":"network.list","args":{},"idem":"k"})";
    // Pad with insignificant whitespace up to 64 KiB: a valid request of exactly the limit.
    std::string frame = head.substr(0, head.size() - 1);
    frame += std::string(64 * 1024 - head.size(), ' ');
    frame += "}";
    ASSERT_EQ(frame.size(), 64u * 1024u);
    const auto answer = send_raw(*client, frame);
    EXPECT_TRUE(answer.contains("result")) << json::serialize(answer).substr(0, 300);
}

TEST_F(BadInput, foreign_origin_is_refused_with_403) {
    connect_options options;
    options.origin = "https://evil.example.com";
    try {
        connect_to(server(), options);
        ADD_FAILURE() << "upgrade from a foreign origin succeeded";
    } catch (const upgrade_refused& refused) {
        EXPECT_EQ(refused.status(), 403);
    }
    // The configured list replaces the default (the origin of public_base_url).
    options.origin = "http://127.0.0.1:8080";
    try {
        connect_to(server(), options);
        ADD_FAILURE() << "upgrade from an origin outside allowed_origins succeeded";
    } catch (const upgrade_refused& refused) {
        EXPECT_EQ(refused.status(), 403);
    }
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(BadInput, configured_origin_and_no_origin_are_allowed) {
    connect_options options;
    options.origin = allowed_origin;
    auto browser = connect_to(server(), options);
    EXPECT_TRUE(browser->call("network.list").contains("result"));
    auto tool = connect_public();  // no Origin header
    EXPECT_TRUE(tool->call("network.list").contains("result"));
}

TEST_F(BadInput, time_without_offset_is_invalid_args_naming_starts_at) {
    auto coordinator = connect_coordinator();
    const auto before = meeting_count(*coordinator, 1);
    auto args = meeting_args(1, "Utan tidszon");
    args["starts_at"] = "2030-03-12T09:00:00";
    const auto answer = coordinator->call("meeting.create", args);
    EXPECT_EQ(error_code(answer), "invalid_args") << json::serialize(answer);
    EXPECT_EQ(error_field(answer), "starts_at");
    EXPECT_EQ(meeting_count(*coordinator, 1), before);
    expect_usable(*coordinator);
}

TEST_F(BadInput, meeting_rules_are_invalid_args_naming_the_field) {
    auto coordinator = connect_coordinator();
    const auto before = meeting_count(*coordinator, 1);
    struct rule_case {
        const char* key;
        json::value value;
        const char* field;
    };
    const rule_case cases[] = {
        {"ends_at", "2030-03-12T08:00:00+01:00", "ends_at"},      // end before start
        {"ends_at", "2030-03-12T09:00:00+01:00", "ends_at"},      // end equal to start
        {"ends_at", "2030-03-27T09:00:00+01:00", "ends_at"},      // longer than 14 days
        {"zone", "Europe/Atlantis", "zone"},                      // unknown zone
        {"title", "Rad ett\nRad två", "title"},                   // control character
        {"title", "", "title"},                                   // too short
        {"title", json::string(201, 'a'), "title"},               // too long
        {"capacity_remote", -1, "capacity_remote"},               // out of range
        {"online_url", "ftp://meet.example.se/x", "online_url"},  // not http(s)
        {"format", "telepathic", "format"},
        {"registration_closes", "2030-03-13T09:00:00+01:00", "registration_closes"},
        {"network_id", "1", "network_id"},
    };
    for (const auto& c : cases) {
        auto args = meeting_args(1, "Regelbrott");
        args[c.key] = c.value;
        const auto answer = coordinator->call("meeting.create", args);
        EXPECT_EQ(error_code(answer), "invalid_args") << c.key << ": " << json::serialize(answer);
        EXPECT_EQ(error_field(answer), c.field) << c.key << ": " << json::serialize(answer);
    }
    auto no_title = meeting_args(1, "x");
    no_title.erase("title");
    const auto missing = coordinator->call("meeting.create", no_title);
    EXPECT_EQ(error_code(missing), "invalid_args");
    EXPECT_EQ(error_field(missing), "title");
    EXPECT_EQ(meeting_count(*coordinator, 1), before) << "a refused create created something";
    expect_usable(*coordinator);
}

TEST_F(BadInput, update_refuses_null_for_fields_that_cannot_be_cleared) {
    auto coordinator = connect_coordinator();
    const auto meeting_id = int_at(create_meeting(*coordinator, 1, "Nollställ"), "meeting_id");
    const auto title =
        coordinator->call("meeting.update", {{"meeting_id", meeting_id}, {"title", nullptr}});
    EXPECT_EQ(error_code(title), "invalid_args");
    EXPECT_EQ(error_field(title), "title");
    // An optional field is cleared with null.
    const auto cleared = result_of(coordinator->call(
        "meeting.update", {{"meeting_id", meeting_id}, {"capacity_remote", nullptr}}));
    EXPECT_TRUE(find_path(cleared, "meeting.capacity_remote")->is_null());
}

TEST_F(BadInput, nested_field_errors_are_dotted) {
    auto coordinator = connect_coordinator();
    const auto answer = coordinator->call(
        "org.admit",
        {{"network_id", 1},
         {"organisation", {{"name", unique_name("Glömsk kommun")}, {"kind", "municipality"}}},
         {"decision", {{"deciding_body", "Kommunstyrelsen"}, {"decided_on", "2030-01-01"}}}});
    EXPECT_EQ(error_code(answer), "invalid_args");
    EXPECT_EQ(error_field(answer), "decision.diary_number");
    const auto both = coordinator->call(
        "org.admit",
        {{"network_id", 1},
         {"organisation_id", 1},
         {"organisation", {{"name", unique_name("Dubbel kommun")}, {"kind", "municipality"}}},
         {"decision",
          {{"deciding_body", "KS"}, {"diary_number", "KS 1"}, {"decided_on", "2030-01-01"}}}});
    EXPECT_EQ(error_code(both), "invalid_args") << json::serialize(both);
    expect_usable(*coordinator);
}

}  // namespace
}  // namespace traffpunkt::integration
