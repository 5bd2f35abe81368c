// poll.create of a PB poll from a pabulib .pb file (PROTOCOL.md "Importing a pabulib file"):
// the projects as a draft, or the ballots too as a finished vote whose final count is published
// with poll.closed; bad files are refused with the line.

#include <fstream>
#include <sstream>

#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

std::string golden(const std::string& name) {
    std::ifstream in(std::string(TRAFFPUNKT_PABULIB_GOLDEN) + "/" + name, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

class PbImport : public integration_fixture {};

std::int64_t published_meeting(ws_client& coordinator) {
    return create_published(coordinator,
                            open_meeting(create_network(coordinator), "digital", {}, {}));
}

}  // namespace

TEST_F(PbImport, the_projects_of_a_file_make_a_draft_with_categories_and_coordinates) {
    auto coordinator = connect_coordinator();
    const auto meeting = published_meeting(*coordinator);
    const auto answer = result_of(coordinator->call(
        "poll.create", {{"meeting_id", meeting},
                        {"kind", "pb"},
                        {"question", "Budżet obywatelski Gocław"},
                        {"pb", {{"pabulib", golden("poland_warszawa_district_greedy.pb")}}}}));
    const auto& poll = answer.at("poll").as_object();
    EXPECT_EQ(string_at(poll, "status"), "draft");
    const auto& pb = poll.at("pb").as_object();
    EXPECT_EQ(pb.at("rule").as_string(), "greedy");
    EXPECT_EQ(pb.at("currency").as_string(), "PLN");
    const auto& first = pb.at("projects").as_array().at(0).as_object();
    EXPECT_EQ(first.at("title").as_string(), "Odkupmy i my");
    EXPECT_EQ(first.at("latitude").as_string(), "52.2312");
    EXPECT_EQ(first.at("categories"), (json::array{"zieleń"}));
    const auto& import = answer.at("import").as_object();
    EXPECT_EQ(int_at(import, "projects"), 5);
    EXPECT_EQ(int_at(import, "ballots"), 0);
    EXPECT_EQ(int_at(import, "file_ballots"), 8);
    EXPECT_EQ(import.at("notices").as_array().at(0).at("line"), json::value(30));
}

TEST_F(PbImport, the_ballots_of_a_file_are_a_finished_vote_counted_as_the_file_says) {
    auto coordinator = connect_coordinator();
    const auto meeting = published_meeting(*coordinator);
    const auto staff = "polls-staff:" + std::to_string(meeting);
    result_of(coordinator->call("subscribe", {{"topic", staff}}));
    const auto answer = result_of(coordinator->call(
        "poll.create",
        {{"meeting_id", meeting},
         {"kind", "pb"},
         {"question", "Kraków, Dzielnica I"},
         {"pb", {{"pabulib", golden("poland_krakow_cents_greedy.pb")}, {"ballots", "count"}}}}));
    const auto poll_id = int_at(answer, "poll.poll_id");
    EXPECT_EQ(string_at(answer, "poll.status"), "closed");
    EXPECT_TRUE(answer.at("poll").at("anonymous").as_bool());
    EXPECT_EQ(int_at(answer, "poll.ballots"), 7);
    EXPECT_EQ(int_at(answer, "poll.pb.decimals"), 2);
    const auto closed = wait_event(*coordinator, "poll.closed", staff, 30s);
    ASSERT_TRUE(closed);
    const auto& results = closed->at("data").at("results").as_object();
    EXPECT_EQ(results.at("final"), json::value(true));
    EXPECT_EQ(int_at(results, "ballots"), 7);
    std::vector<std::int64_t> funded;
    for (const auto& f : results.at("pb").at("outcome").at("funded").as_array()) {
        funded.push_back(f.at("project_id").to_number<std::int64_t>());
    }
    // The file's selected column: its projects 11 and 13, here 1 and 3; the grosze decide.
    EXPECT_EQ(funded, (std::vector<std::int64_t>{1, 3}));
    // The .pb export writes it back with its decimals and the rule's selected column.
    const auto file = testing::http_request(server().host(), server().port(), "GET",
                                            "/polls/" + std::to_string(poll_id) + "/ballots.pb",
                                            {{"Authorization", "Bearer " + coordinator_token()}});
    ASSERT_EQ(file.status, 200);
    EXPECT_NE(file.body.find("\nrule;greedy\n"), std::string::npos) << file.body;
    EXPECT_NE(file.body.find("\nbudget;2000000.50\n"), std::string::npos) << file.body;
    EXPECT_NE(file.body.find("\n2;800000.26;5;Oświetlenie Plant;0\n"), std::string::npos)
        << file.body;
}

TEST_F(PbImport, bad_files_are_refused_naming_the_line) {
    auto coordinator = connect_coordinator();
    const auto meeting = published_meeting(*coordinator);
    const auto create = [&](json::object pb) {
        return coordinator->call("poll.create", {{"meeting_id", meeting},
                                                 {"kind", "pb"},
                                                 {"question", "Import"},
                                                 {"pb", std::move(pb)}});
    };
    auto answer = create({{"pabulib",
                           "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\n"
                           "project_id;cost;name\n1;ten;x\nVOTES\nvoter_id;vote\n"}});
    EXPECT_EQ(error_code(answer), "invalid_args");
    EXPECT_EQ(error_field(answer), "pb.pabulib");
    EXPECT_EQ(answer.at("error").at("details").at("line"), json::value(7));
    EXPECT_EQ(answer.at("error").at("message").as_string(),
              "line 7 of the .pb file: cost of project '1' must be an amount with at most two "
              "decimals, found 'ten'");
    answer = create({{"pabulib", golden("ordinal_with_points_borda.pb")}, {"ballots", "count"}});
    EXPECT_EQ(error_field(answer), "pb.ballots");
    answer = create({{"pabulib", golden("poland_krakow_cents_greedy.pb")}, {"rule", "mes"}});
    EXPECT_EQ(error_field(answer), "pb.rule");
    answer = create({{"pabulib", golden("poland_krakow_cents_greedy.pb")}, {"budget", 5}});
    EXPECT_EQ(error_code(answer), "invalid_args");  // the file's fields are not given again
    // A rule on a plain PB poll is checked too.
    answer = coordinator->call("poll.create",
                               {{"meeting_id", meeting},
                                {"kind", "pb"},
                                {"question", "Regel"},
                                {"pb",
                                 {{"budget", 100},
                                  {"ballot", "approval"},
                                  {"rule", "greedy-sideways"},
                                  {"projects", json::array{{{"title", "A"}, {"cost", 10}}}}}}});
    EXPECT_EQ(error_field(answer), "pb.rule");
}

}  // namespace traffpunkt::integration
