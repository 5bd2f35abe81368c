// Value formats and text rules (PROTOCOL.md "Envelope", "Values", "Meeting rules").
#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

class Values : public integration_fixture {};

std::string repeat(std::string_view piece, int times) {
    std::string out;
    for (int i = 0; i < times; ++i) {
        out += piece;
    }
    return out;
}

TEST_F(Values, args_may_be_absent_and_ids_span_the_documented_range) {
    auto client = connect_public();
    for (const char* frame :
         {R"({"id":0,"op":"network.list"})", R"({"id":9007199254740991,"op":"network.list"})"}) {
        client->send_text(frame);
        auto answer = client->next_event(5s);
        ASSERT_TRUE(answer) << frame;
        EXPECT_TRUE(answer->contains("result")) << json::serialize(*answer);
        EXPECT_EQ(json::serialize(answer->at("re")),
                  json::serialize(json::parse(frame).as_object().at("id")));
    }
}

TEST_F(Values, idem_outside_the_documented_alphabet_is_refused) {
    auto coordinator = connect_coordinator();
    const auto before = result_of(coordinator->call("network.list")).at("networks").as_array();
    for (const std::string& idem : {std::string(), std::string(129, 'k'),
                                    std::string("med mellanslag"), std::string("snedstreck/")}) {
        const json::object request{
            {"id", 77},
            {"op", "network.create"},
            {"args",
             {{"name", unique_name("N")}, {"starts_on", "2030-01-01"}, {"ends_on", "2030-12-31"}}},
            {"idem", idem}};
        coordinator->send_text(json::serialize(request));
        auto answer = coordinator->next_event(5s);
        ASSERT_TRUE(answer);
        // The envelope's rules are broken, so the frame is not a valid request envelope.
        EXPECT_EQ(error_code(*answer), "bad_request")
            << "'" << idem << "' -> " << json::serialize(*answer);
    }
    const auto after = result_of(coordinator->call("network.list")).at("networks").as_array();
    EXPECT_EQ(after.size(), before.size());
    // 128 characters of the whole alphabet are fine.
    const std::string longest = repeat("AZaz09._:-", 12) + "AZaz09._";
    ASSERT_EQ(longest.size(), 128u);
    const auto ok = coordinator->call(
        "network.create",
        {{"name", unique_name("N")}, {"starts_on", "2030-01-01"}, {"ends_on", "2030-12-31"}},
        longest);
    EXPECT_TRUE(ok.contains("result")) << json::serialize(ok);
}

TEST_F(Values, lengths_are_counted_in_code_points) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    // 200 two-byte characters: 400 bytes, but 200 code points.
    const auto fits =
        coordinator->call("meeting.create", meeting_args(network_id, repeat("å", 200)));
    EXPECT_EQ(string_at(result_of(fits), "meeting.title"), repeat("å", 200));
    const auto too_long =
        coordinator->call("meeting.create", meeting_args(network_id, repeat("å", 201)));
    EXPECT_EQ(error_code(too_long), "invalid_args");
    EXPECT_EQ(error_field(too_long), "title");
}

TEST_F(Values, multi_line_text_keeps_lf_and_tab_and_stores_crlf_as_lf) {
    auto coordinator = connect_coordinator();
    auto args = meeting_args(create_network(*coordinator), "Flerradig");
    args["description"] = "Rad ett\r\nRad två\n\tindrag";
    const auto created = result_of(coordinator->call("meeting.create", args));
    EXPECT_EQ(string_at(created, "meeting.description"), "Rad ett\nRad två\n\tindrag");
    const auto id = int_at(created, "meeting.meeting_id");
    const auto seen = result_of(coordinator->call("meeting.get", {{"meeting_id", id}}));
    EXPECT_EQ(string_at(seen, "meeting.description"), "Rad ett\nRad två\n\tindrag");
}

TEST_F(Values, instants_are_answered_in_utc_and_optional_fields_have_defaults) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const json::object args{{"network_id", network_id},
                            {"title", "Minimal"},
                            {"starts_at", "2030-06-01T10:00:00+02:00"},
                            {"ends_at", "2030-06-01T12:30:00Z"},
                            {"format", "digital"}};
    const auto meeting = result_of(coordinator->call("meeting.create", args)).at("meeting");
    const auto& m = meeting.as_object();
    EXPECT_EQ(string_at(m, "starts_at"), "2030-06-01T08:00:00Z");
    EXPECT_EQ(string_at(m, "ends_at"), "2030-06-01T12:30:00Z");
    EXPECT_EQ(string_at(m, "zone"), "Europe/Stockholm");
    EXPECT_EQ(string_at(m, "status"), "draft");
    EXPECT_EQ(int_at(m, "sequence"), 0);
    EXPECT_EQ(int_at(m, "network_id"), network_id);
    for (const char* nullable :
         {"capacity_in_person", "capacity_remote", "registration_opens", "registration_closes"}) {
        ASSERT_TRUE(m.contains(nullable)) << nullable;
        EXPECT_TRUE(m.at(nullable).is_null()) << nullable << ": " << json::serialize(m);
    }
    // created_at / updated_at are RFC 3339 UTC.
    for (const char* instant : {"created_at", "updated_at"}) {
        const auto text = string_at(m, instant);
        EXPECT_EQ(text.size(), 20u) << text;
        EXPECT_EQ(text.back(), 'Z') << text;
    }
}

TEST_F(Values, meeting_list_is_by_start_time_and_filters_by_status) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    auto later = meeting_args(network_id, "Senare");
    later["starts_at"] = "2030-05-02T09:00:00+02:00";
    later["ends_at"] = "2030-05-02T10:00:00+02:00";
    auto earlier = meeting_args(network_id, "Tidigare");
    earlier["starts_at"] = "2030-05-01T09:00:00+02:00";
    earlier["ends_at"] = "2030-05-01T10:00:00+02:00";
    const auto later_id =
        int_at(result_of(coordinator->call("meeting.create", later)), "meeting.meeting_id");
    const auto earlier_id =
        int_at(result_of(coordinator->call("meeting.create", earlier)), "meeting.meeting_id");
    result_of(coordinator->call("meeting.publish", {{"meeting_id", later_id}}));

    const auto all = result_of(coordinator->call("meeting.list", {{"network_id", network_id}}));
    const auto& meetings = all.at("meetings").as_array();
    ASSERT_EQ(meetings.size(), 2u);
    EXPECT_EQ(int_at(meetings[0].as_object(), "meeting_id"), earlier_id);
    EXPECT_EQ(int_at(meetings[1].as_object(), "meeting_id"), later_id);

    const auto drafts = result_of(
        coordinator->call("meeting.list", {{"network_id", network_id}, {"status", "draft"}}));
    ASSERT_EQ(drafts.at("meetings").as_array().size(), 1u);
    EXPECT_EQ(int_at(drafts.at("meetings").as_array()[0].as_object(), "meeting_id"), earlier_id);

    auto anonymous = connect_public();
    const auto visible = result_of(anonymous->call("meeting.list", {{"network_id", network_id}}));
    ASSERT_EQ(visible.at("meetings").as_array().size(), 1u);
    EXPECT_EQ(int_at(visible.at("meetings").as_array()[0].as_object(), "meeting_id"), later_id);

    const auto bad_status =
        coordinator->call("meeting.list", {{"network_id", network_id}, {"status", "secret"}});
    EXPECT_EQ(error_code(bad_status), "invalid_args");
    EXPECT_EQ(error_field(bad_status), "status");
}

TEST_F(Values, network_dates_must_be_in_order) {
    auto coordinator = connect_coordinator();
    const auto backwards = coordinator->call(
        "network.create",
        {{"name", unique_name("N")}, {"starts_on", "2030-12-31"}, {"ends_on", "2030-01-01"}});
    EXPECT_EQ(error_code(backwards), "invalid_args");
    EXPECT_EQ(error_field(backwards), "ends_on");
    const auto extension = coordinator->call("network.create", {{"name", unique_name("N")},
                                                                {"starts_on", "2030-01-01"},
                                                                {"ends_on", "2030-12-31"},
                                                                {"extended_until", "2030-06-30"}});
    EXPECT_EQ(error_code(extension), "invalid_args");
    EXPECT_EQ(error_field(extension), "extended_until");
    const auto not_a_date = coordinator->call(
        "network.create",
        {{"name", unique_name("N")}, {"starts_on", "2030-02-30"}, {"ends_on", "2030-12-31"}});
    EXPECT_EQ(error_code(not_a_date), "invalid_args");
    EXPECT_EQ(error_field(not_a_date), "starts_on");

    const auto created = result_of(coordinator->call(
        "network.create",
        {{"name", unique_name("N")}, {"starts_on", "2030-01-01"}, {"ends_on", "2030-12-31"}}));
    EXPECT_EQ(string_at(created, "network.description"), "");
    EXPECT_TRUE(find_path(created, "network.extended_until")->is_null());
    const auto id = int_at(created, "network.network_id");
    const auto extended = result_of(coordinator->call(
        "network.update", {{"network_id", id}, {"extended_until", "2031-06-30"}}));
    EXPECT_EQ(string_at(extended, "network.extended_until"), "2031-06-30");
    const auto cleared = result_of(
        coordinator->call("network.update", {{"network_id", id}, {"extended_until", nullptr}}));
    EXPECT_TRUE(find_path(cleared, "network.extended_until")->is_null());
}

TEST_F(Values, unknown_objects_are_not_found) {
    auto coordinator = connect_coordinator();
    EXPECT_EQ(error_code(coordinator->call("network.get", {{"network_id", 987654321}})),
              "not_found");
    EXPECT_EQ(error_code(coordinator->call("meeting.get", {{"meeting_id", 987654321}})),
              "not_found");
    EXPECT_EQ(error_code(coordinator->call("person.get", {{"person_id", 987654321}})), "not_found");
    EXPECT_EQ(error_code(coordinator->call("meeting.create", meeting_args(987654321, "Ingen"))),
              "not_found");
    EXPECT_TRUE(still_serving(server()));
}

}  // namespace
}  // namespace traffpunkt::integration
