// "An op a role may not call answers `forbidden` and changes nothing" (PROTOCOL.md "Ops").
#include "integration_fixture.hpp"

#include <utility>
#include <vector>

namespace traffpunkt::integration {
namespace {

class Roles : public integration_fixture {
  protected:
    /** Everything a forbidden write could have changed, as a coordinator sees it. */
    struct state {
        std::size_t meetings = 0;
        std::size_t organisations = 0;
        std::size_t networks = 0;
        std::string network_1;
        std::string meeting;
    };

    state snapshot(ws_client& coordinator, std::int64_t meeting_id) {
        state s;
        s.meetings = meeting_count(coordinator, 1);
        s.organisations =
            result_of(coordinator.call("org.list")).at("organisations").as_array().size();
        s.networks = result_of(coordinator.call("network.list")).at("networks").as_array().size();
        s.network_1 =
            json::serialize(result_of(coordinator.call("network.get", {{"network_id", 1}})));
        s.meeting = json::serialize(
            result_of(coordinator.call("meeting.get", {{"meeting_id", meeting_id}})));
        return s;
    }

    /** Calls every coordinator-only write as `client`; each must answer forbidden. */
    void expect_writes_forbidden(ws_client& client, std::int64_t meeting_id,
                                 std::int64_t organisation_id, const std::string& email) {
        const json::object decision{{"deciding_body", "Kommunstyrelsen"},
                                    {"diary_number", "KS 2030/99"},
                                    {"decided_on", "2030-02-01"}};
        const std::pair<std::string, json::object> calls[] = {
            {"meeting.create", meeting_args(1, "Otillåten träff")},
            {"org.admit",
             {{"network_id", 1},
              {"organisation", {{"name", unique_name("Smygkommun")}, {"kind", "municipality"}}},
              {"decision", decision}}},
            {"person.create",
             {{"name", "Smyg Smygsson"},
              {"email", email},
              {"organisation_id", organisation_id},
              {"role", "official"}}},
            {"network.create",
             {{"name", unique_name("Smygnätverk")},
              {"starts_on", "2030-01-01"},
              {"ends_on", "2030-12-31"}}},
            {"network.update", {{"network_id", 1}, {"description", "kapad"}}},
            {"org.update", {{"organisation_id", organisation_id}, {"name", "Kapad kommun"}}},
            {"meeting.update", {{"meeting_id", meeting_id}, {"title", "Kapad"}}},
            {"meeting.publish", {{"meeting_id", meeting_id}}},
            {"meeting.cancel", {{"meeting_id", meeting_id}}},
            {"meeting.add_facilitator", {{"meeting_id", meeting_id}, {"person_id", 1}}},
        };
        for (const auto& [op, args] : calls) {
            const auto answer = client.call(op, args, unique_name("idem"));
            EXPECT_EQ(error_code(answer), "forbidden") << op << ": " << json::serialize(answer);
        }
    }
};

TEST_F(Roles, public_may_not_write_and_nothing_changes) {
    auto coordinator = connect_coordinator();
    const auto organisation = member_organisation(*coordinator);
    // A published meeting, so that a refusal cannot be a not_found for a hidden draft.
    const auto meeting_id = int_at(create_meeting(*coordinator, 1, "Publicerad"), "meeting_id");
    result_of(coordinator->call("meeting.publish", {{"meeting_id", meeting_id}}));
    const auto before = snapshot(*coordinator, meeting_id);

    auto anonymous = connect_public();
    const std::string email = unique_name("smyg") + "@example.se";
    expect_writes_forbidden(*anonymous, meeting_id, organisation, email);

    const auto after = snapshot(*coordinator, meeting_id);
    EXPECT_EQ(after.meetings, before.meetings);
    EXPECT_EQ(after.organisations, before.organisations);
    EXPECT_EQ(after.networks, before.networks);
    EXPECT_EQ(after.network_1, before.network_1);
    EXPECT_EQ(after.meeting, before.meeting);
    // No person was created: the e-mail address is still free.
    const auto created = coordinator->call("person.create", {{"name", "Riktig Person"},
                                                             {"email", email},
                                                             {"organisation_id", organisation},
                                                             {"role", "elected"}});
    EXPECT_TRUE(created.contains("result")) << json::serialize(created);
    // The refused connection keeps working for what public may do.
    EXPECT_TRUE(anonymous->call("network.list").contains("result"));
}

TEST_F(Roles, participant_may_not_write_and_nothing_changes) {
    auto coordinator = connect_coordinator();
    const auto organisation = member_organisation(*coordinator);
    const auto person = create_person(*coordinator, organisation);
    const auto meeting_id = int_at(create_meeting(*coordinator, 1, "Publicerad"), "meeting_id");
    result_of(coordinator->call("meeting.publish", {{"meeting_id", meeting_id}}));
    const auto before = snapshot(*coordinator, meeting_id);

    auto participant = connect_with(person.token);
    const std::string email = unique_name("smyg") + "@example.se";
    expect_writes_forbidden(*participant, meeting_id, organisation, email);

    const auto after = snapshot(*coordinator, meeting_id);
    EXPECT_EQ(after.meetings, before.meetings);
    EXPECT_EQ(after.organisations, before.organisations);
    EXPECT_EQ(after.networks, before.networks);
    EXPECT_EQ(after.network_1, before.network_1);
    EXPECT_EQ(after.meeting, before.meeting);
    const auto created = coordinator->call("person.create", {{"name", "Riktig Person"},
                                                             {"email", email},
                                                             {"organisation_id", organisation},
                                                             {"role", "elected"}});
    EXPECT_TRUE(created.contains("result")) << json::serialize(created);
    EXPECT_TRUE(participant->call("network.list").contains("result"));
}

TEST_F(Roles, person_get_is_for_the_person_and_coordinators) {
    auto coordinator = connect_coordinator();
    const auto organisation = member_organisation(*coordinator);
    const auto anna = create_person(*coordinator, organisation);
    const auto bertil = create_person(*coordinator, organisation);

    auto as_anna = connect_with(anna.token);
    const auto own = result_of(as_anna->call("person.get", {{"person_id", anna.person_id}}));
    EXPECT_EQ(int_at(own, "person.person_id"), anna.person_id);
    EXPECT_FALSE(string_at(own, "person.email").empty());

    const auto other = as_anna->call("person.get", {{"person_id", bertil.person_id}});
    EXPECT_EQ(error_code(other), "forbidden") << json::serialize(other);

    auto anonymous = connect_public();
    EXPECT_EQ(error_code(anonymous->call("person.get", {{"person_id", anna.person_id}})),
              "forbidden");

    const auto by_coordinator =
        result_of(coordinator->call("person.get", {{"person_id", bertil.person_id}}));
    EXPECT_FALSE(string_at(by_coordinator, "person.email").empty());
    EXPECT_TRUE(as_anna->call("network.list").contains("result"));
}

TEST_F(Roles, drafts_do_not_exist_for_public_and_participants) {
    auto coordinator = connect_coordinator();
    const auto person = create_person(*coordinator, member_organisation(*coordinator));
    const auto meeting_id = int_at(create_meeting(*coordinator, 1, "Utkast"), "meeting_id");

    std::vector<std::unique_ptr<ws_client>> clients;
    clients.push_back(connect_public());
    clients.push_back(connect_with(person.token));
    for (auto& client : clients) {
        EXPECT_EQ(error_code(client->call("meeting.get", {{"meeting_id", meeting_id}})),
                  "not_found");
        const auto list = result_of(client->call("meeting.list", {{"network_id", 1}}));
        for (const auto& meeting : list.at("meetings").as_array()) {
            EXPECT_NE(int_at(meeting.as_object(), "meeting_id"), meeting_id);
            EXPECT_NE(string_at(meeting.as_object(), "status"), "draft");
            EXPECT_FALSE(meeting.as_object().contains("online_url"))
                << "online_url is for coordinators and facilitators only";
        }
    }
}

}  // namespace
}  // namespace traffpunkt::integration
