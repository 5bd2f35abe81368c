#include "traffpunkt/protocol/views.hpp"

#include <string>

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include "protocol_test_support.hpp"

#include "traffpunkt/protocol/errc.hpp"

namespace tp = traffpunkt::protocol;
namespace json = boost::json;

namespace {

using traffpunkt::protocol::test_support::obj;

template <class Read>
void expect_invalid(Read read, const json::object& o, std::string_view field,
                    std::string_view message) {
    try {
        read(o);
        ADD_FAILURE() << "no error for " << json::serialize(o);
    } catch (const tp::protocol_error& e) {
        EXPECT_EQ(e.code(), tp::errc::invalid_args);
        EXPECT_EQ(std::string_view(e.what()), message);
        ASSERT_TRUE(e.err().details.contains("field"));
        EXPECT_EQ(e.err().details.at("field").as_string(), field);
    }
}

tp::meeting_view sample_meeting() {
    tp::meeting_view m;
    m.meeting_id = 3;
    m.network_id = 1;
    m.title = "Nätverksträff 1";
    m.description = "Uppstart";
    m.starts_at = "2022-11-25T09:00:00Z";
    m.ends_at = "2022-11-25T14:00:00Z";
    m.zone = "Europe/Stockholm";
    m.format = "hybrid";
    m.venue = "SKR";
    m.address = "Hornsgatan 20, Stockholm";
    m.online_url = "https://meet.example/abc";
    m.capacity_in_person = 40;
    m.capacity_remote = std::nullopt;
    m.registration_opens = "2022-10-01T00:00:00Z";
    m.registration_closes = std::nullopt;
    m.cost_note = "Deltagarna står för sina egna kostnader.";
    m.status = "published";
    m.sequence = 2;
    m.created_at = "2022-09-01T08:00:00Z";
    m.updated_at = "2022-10-01T08:00:00Z";
    return m;
}

tp::member_view sample_member() {
    return {{7, "Södermöre kommundelsnämnd", "other"},
            {1,
             7,
             {"Södermöre kommundelsnämnd", "SKDN 2022/0104", "2022-10-12"},
             "2022-10-20T12:00:00Z"}};
}

}  // namespace

TEST(NetworkView, writes_members_in_order_with_null_extension) {
    const tp::network_view n{
        1, "Medborgarbudget", "Tvåårigt nätverk", "2022-11-01", "2024-10-31", std::nullopt};
    EXPECT_EQ(json::serialize(tp::to_json(n)),
              R"({"network_id":1,"name":"Medborgarbudget","description":"Tvåårigt nätverk",)"
              R"("starts_on":"2022-11-01","ends_on":"2024-10-31","extended_until":null})");
    EXPECT_EQ(tp::network_view_from_json(tp::to_json(n)), n);
}

TEST(NetworkView, round_trips_with_extension) {
    const tp::network_view n{1, "n", "", "2022-11-01", "2024-10-31", "2025-10-31"};
    EXPECT_EQ(tp::network_view_from_json(tp::to_json(n)), n);
}

TEST(NetworkView, reads_strictly) {
    auto o = tp::to_json(tp::network_view{1, "n", "", "a", "b", std::nullopt});
    auto missing = o;
    missing.erase("ends_on");
    expect_invalid(tp::network_view_from_json, missing, "ends_on", "field 'ends_on' is required");
    auto extra = o;
    extra["members"] = json::array{};
    expect_invalid(tp::network_view_from_json, extra, "members", "unknown field 'members'");
    auto bad_id = o;
    bad_id["network_id"] = 0;
    expect_invalid(tp::network_view_from_json, bad_id, "network_id",
                   "field 'network_id' must be between 1 and 9007199254740991");
}

TEST(OrganisationView, round_trips_and_checks_kind) {
    const tp::organisation_view v{7, "Lunds kommun", "municipality"};
    EXPECT_EQ(json::serialize(tp::to_json(v)),
              R"({"organisation_id":7,"name":"Lunds kommun","kind":"municipality"})");
    EXPECT_EQ(tp::organisation_view_from_json(tp::to_json(v)), v);
    expect_invalid(tp::organisation_view_from_json,
                   obj(R"({"organisation_id":7,"name":"x","kind":"county"})"), "kind",
                   "field 'kind' must be one of municipality, region, other");
}

TEST(DecisionView, round_trips_and_requires_every_field) {
    const tp::decision_view d{"Kommunstyrelsen", "KS 2022/1", "2022-10-03"};
    EXPECT_EQ(json::serialize(tp::to_json(d)),
              R"({"deciding_body":"Kommunstyrelsen","diary_number":"KS 2022/1",)"
              R"("decided_on":"2022-10-03"})");
    EXPECT_EQ(tp::decision_view_from_json(tp::to_json(d)), d);
    expect_invalid(tp::decision_view_from_json, obj(R"({"deciding_body":"b","decided_on":"d"})"),
                   "diary_number", "field 'diary_number' is required");
}

TEST(MemberView, round_trips) {
    const auto m = sample_member();
    const auto o = tp::to_json(m);
    EXPECT_EQ(json::serialize(o),
              R"({"organisation":{"organisation_id":7,"name":"Södermöre kommundelsnämnd",)"
              R"("kind":"other"},"membership":{"network_id":1,"organisation_id":7,)"
              R"("decision":{"deciding_body":"Södermöre kommundelsnämnd",)"
              R"("diary_number":"SKDN 2022/0104","decided_on":"2022-10-12"},)"
              R"("admitted_at":"2022-10-20T12:00:00Z"}})");
    EXPECT_EQ(tp::member_view_from_json(o), m);
    EXPECT_EQ(tp::membership_view_from_json(tp::to_json(m.membership)), m.membership);
}

TEST(MemberView, names_nested_fields_in_errors) {
    auto o = tp::to_json(sample_member());
    o["membership"].as_object()["decision"].as_object()["decided_on"] = 20221012;
    expect_invalid(tp::member_view_from_json, o, "membership.decision.decided_on",
                   "field 'membership.decision.decided_on' must be a string");
    auto o2 = tp::to_json(sample_member());
    o2["organisation"].as_object().erase("name");
    expect_invalid(tp::member_view_from_json, o2, "organisation.name",
                   "field 'organisation.name' is required");
    auto o3 = tp::to_json(sample_member());
    o3["membership"].as_object()["basis"] = "x";
    expect_invalid(tp::member_view_from_json, o3, "membership.basis",
                   "unknown field 'membership.basis'");
}

TEST(PersonView, omits_email_when_absent) {
    tp::person_view p{9, "Anna", std::nullopt, 7, "official"};
    EXPECT_EQ(json::serialize(tp::to_json(p)),
              R"({"person_id":9,"name":"Anna","organisation_id":7,"role":"official"})");
    EXPECT_EQ(tp::person_view_from_json(tp::to_json(p)), p);
    p.email = "anna@lund.se";
    EXPECT_EQ(json::serialize(tp::to_json(p)),
              R"({"person_id":9,"name":"Anna","email":"anna@lund.se","organisation_id":7,)"
              R"("role":"official"})");
    EXPECT_EQ(tp::person_view_from_json(tp::to_json(p)), p);
}

TEST(PersonView, reads_strictly) {
    expect_invalid(tp::person_view_from_json,
                   obj(R"({"person_id":9,"name":"A","organisation_id":7,"role":"mayor"})"), "role",
                   "field 'role' must be one of official, elected");
    expect_invalid(tp::person_view_from_json,
                   obj(R"({"person_id":9,"name":"A","email":1,"organisation_id":7,)"
                       R"("role":"elected"})"),
                   "email", "field 'email' must be a string");
    expect_invalid(tp::person_view_from_json,
                   obj(R"({"person_id":9,"name":"A","organisation_id":7,"role":"elected",)"
                       R"("token":"t"})"),
                   "token", "unknown field 'token'");
}

TEST(MeetingView, writes_documented_member_order_and_nulls) {
    const auto o = tp::to_json(sample_meeting());
    EXPECT_EQ(
        json::serialize(o),
        R"({"meeting_id":3,"network_id":1,"title":"Nätverksträff 1","description":"Uppstart",)"
        R"("starts_at":"2022-11-25T09:00:00Z","ends_at":"2022-11-25T14:00:00Z",)"
        R"("zone":"Europe/Stockholm","format":"hybrid","venue":"SKR",)"
        R"("address":"Hornsgatan 20, Stockholm","online_url":"https://meet.example/abc",)"
        R"("capacity_in_person":40,"capacity_remote":null,"in_person_quota_per_org":null,)"
        R"("registration_opens":"2022-10-01T00:00:00Z","registration_closes":null,)"
        R"("cost_note":"Deltagarna står för sina egna kostnader.",)"
        R"("contact_name":"","contact_email":"","status":"published",)"
        R"("sequence":2,"created_at":"2022-09-01T08:00:00Z",)"
        R"("updated_at":"2022-10-01T08:00:00Z"})");
}

TEST(MeetingView, omits_online_url_when_absent) {
    auto m = sample_meeting();
    m.online_url = std::nullopt;
    const auto o = tp::to_json(m);
    EXPECT_FALSE(o.contains("online_url"));
    EXPECT_TRUE(o.at("capacity_remote").is_null());
    EXPECT_EQ(tp::meeting_view_from_json(o), m);
}

TEST(MeetingView, round_trips) {
    const auto m = sample_meeting();
    EXPECT_EQ(tp::meeting_view_from_json(tp::to_json(m)), m);
}

TEST(MeetingView, reads_strictly) {
    const auto good = tp::to_json(sample_meeting());
    auto o = good;
    o["status"] = "archived";
    expect_invalid(tp::meeting_view_from_json, o, "status",
                   "field 'status' must be one of draft, published, cancelled");
    o = good;
    o["format"] = "online";
    expect_invalid(tp::meeting_view_from_json, o, "format",
                   "field 'format' must be one of in_person, digital, hybrid");
    o = good;
    o["capacity_in_person"] = "40";
    expect_invalid(tp::meeting_view_from_json, o, "capacity_in_person",
                   "field 'capacity_in_person' must be an integer");
    o = good;
    o["sequence"] = -1;
    expect_invalid(tp::meeting_view_from_json, o, "sequence",
                   "field 'sequence' must be between 0 and 9007199254740991");
    o = good;
    o.erase("title");
    expect_invalid(tp::meeting_view_from_json, o, "title", "field 'title' is required");
    o = good;
    o["venue"] = nullptr;
    expect_invalid(tp::meeting_view_from_json, o, "venue", "field 'venue' must be a string");
    o = good;
    o["registrations"] = 5;
    expect_invalid(tp::meeting_view_from_json, o, "registrations", "unknown field 'registrations'");
}
