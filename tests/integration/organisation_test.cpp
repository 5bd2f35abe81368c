// Organisations and memberships (PROTOCOL.md "org.list", "org.admit", "org.update").
#include "integration_fixture.hpp"

#include <cctype>
#include <set>

namespace traffpunkt::integration {
namespace {

class Organisation : public integration_fixture {};

json::object decision(std::string_view diary_number) {
    return {{"deciding_body", "Kommunstyrelsen"},
            {"diary_number", diary_number},
            {"decided_on", "2030-01-15"}};
}

TEST_F(Organisation, admit_by_name_reuses_an_organisation_regardless_of_case) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const std::string name = unique_name("Växjö kommun");
    const auto first = result_of(coordinator->call(
        "org.admit", {{"network_id", network_id},
                      {"organisation", {{"name", name}, {"kind", "municipality"}}},
                      {"decision", decision("KS 2030/1")}}));
    const auto organisation_id = int_at(first, "member.organisation.organisation_id");
    EXPECT_EQ(string_at(first, "member.organisation.kind"), "municipality");
    EXPECT_EQ(int_at(first, "member.membership.network_id"), network_id);

    // Same name in upper case: the same organisation, and the new decision is recorded.
    std::string upper = name;
    for (auto& c : upper) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    const auto again = result_of(coordinator->call(
        "org.admit", {{"network_id", network_id},
                      {"organisation", {{"name", upper}, {"kind", "municipality"}}},
                      {"decision", decision("KS 2030/2")}}));
    EXPECT_EQ(int_at(again, "member.organisation.organisation_id"), organisation_id);
    EXPECT_EQ(string_at(again, "member.membership.decision.diary_number"), "KS 2030/2");

    const auto members = result_of(coordinator->call("org.list", {{"network_id", network_id}}));
    const auto& organisations = members.at("organisations").as_array();
    ASSERT_EQ(organisations.size(), 1u) << json::serialize(members);
    EXPECT_EQ(int_at(organisations[0].as_object(), "organisation.organisation_id"),
              organisation_id);

    // By id into a second network.
    const auto other_network = create_network(*coordinator);
    const auto by_id =
        result_of(coordinator->call("org.admit", {{"network_id", other_network},
                                                  {"organisation_id", organisation_id},
                                                  {"decision", decision("KS 2030/3")}}));
    EXPECT_EQ(int_at(by_id, "member.membership.network_id"), other_network);
    const auto everything = result_of(coordinator->call("org.list"));
    bool found = false;
    for (const auto& entry : everything.at("organisations").as_array()) {
        if (int_at(entry.as_object(), "organisation.organisation_id") == organisation_id) {
            found = true;
            EXPECT_EQ(entry.as_object().at("memberships").as_array().size(), 2u);
        }
    }
    EXPECT_TRUE(found);
}

TEST_F(Organisation, admit_errors) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto neither =
        coordinator->call("org.admit", {{"network_id", network_id}, {"decision", decision("x")}});
    EXPECT_EQ(error_code(neither), "invalid_args");
    EXPECT_EQ(error_code(coordinator->call("org.admit", {{"network_id", network_id},
                                                         {"organisation_id", 987654321},
                                                         {"decision", decision("x")}})),
              "not_found");
    EXPECT_EQ(error_code(coordinator->call(
                  "org.admit", {{"network_id", 987654321},
                                {"organisation", {{"name", unique_name("K")}, {"kind", "region"}}},
                                {"decision", decision("x")}})),
              "not_found");
    const auto bad_kind = coordinator->call(
        "org.admit", {{"network_id", network_id},
                      {"organisation", {{"name", unique_name("K")}, {"kind", "kingdom"}}},
                      {"decision", decision("x")}});
    EXPECT_EQ(error_code(bad_kind), "invalid_args");
    EXPECT_EQ(error_field(bad_kind), "organisation.kind");
    auto bad_date = decision("x");
    bad_date["decided_on"] = "22 augusti 2022";
    const auto date = coordinator->call(
        "org.admit", {{"network_id", network_id},
                      {"organisation", {{"name", unique_name("K")}, {"kind", "region"}}},
                      {"decision", bad_date}});
    EXPECT_EQ(error_code(date), "invalid_args");
    EXPECT_EQ(error_field(date), "decision.decided_on");
    EXPECT_TRUE(result_of(coordinator->call("org.list", {{"network_id", network_id}}))
                    .at("organisations")
                    .as_array()
                    .empty());
}

TEST_F(Organisation, update_is_an_event_on_every_network_of_the_organisation) {
    auto coordinator = connect_coordinator();
    const auto a = create_network(*coordinator);
    const auto b = create_network(*coordinator);
    const auto unrelated = create_network(*coordinator);
    const auto admitted = result_of(coordinator->call(
        "org.admit", {{"network_id", a},
                      {"organisation", {{"name", unique_name("Region")}, {"kind", "region"}}},
                      {"decision", decision("RS 1")}}));
    const auto organisation_id = int_at(admitted, "member.organisation.organisation_id");
    result_of(coordinator->call(
        "org.admit",
        {{"network_id", b}, {"organisation_id", organisation_id}, {"decision", decision("RS 2")}}));

    auto subscriber = connect_public();
    for (const auto network : {a, b, unrelated}) {
        result_of(subscriber->call("subscribe", {{"topic", "network:" + std::to_string(network)}}));
    }
    const std::string new_name = unique_name("Region Kalmar län");
    const auto updated = result_of(coordinator->call(
        "org.update", {{"organisation_id", organisation_id}, {"name", new_name}}));
    EXPECT_EQ(string_at(updated, "organisation.name"), new_name);
    EXPECT_EQ(string_at(updated, "organisation.kind"), "region");

    std::set<std::string> topics;
    for (int i = 0; i < 2; ++i) {
        auto event = subscriber->next_event(5s);
        ASSERT_TRUE(event) << "org.updated missing on one network";
        EXPECT_EQ(string_at(*event, "ev"), "org.updated");
        EXPECT_EQ(string_at(*event, "data.organisation.name"), new_name);
        topics.insert(string_at(*event, "topic"));
    }
    EXPECT_EQ(topics, (std::set<std::string>{"network:" + std::to_string(a),
                                             "network:" + std::to_string(b)}));
    EXPECT_FALSE(subscriber->next_event(200ms)) << "an event on a network it is no member of";
}

}  // namespace
}  // namespace traffpunkt::integration
