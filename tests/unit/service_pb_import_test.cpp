#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <variant>

#include "pb/pb_import.hpp"
#include "pb/pb_results.hpp"
#include "traffpunkt/domain/poll_tally.hpp"

namespace traffpunkt::service {
namespace {

std::string golden(const std::string& name) {
    std::ifstream in(std::filesystem::path(TRAFFPUNKT_PABULIB_GOLDEN) / name, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

pb_import imported(const std::string& text, const pb_import_options& options = {}) {
    auto r = import_pabulib(text, options);
    if (auto* e = std::get_if<pb_import_error>(&r)) {
        ADD_FAILURE() << "line " << e->line << ": " << e->message;
        return {};
    }
    return std::get<pb_import>(std::move(r));
}

pb_import_error import_refused(const std::string& text, const pb_import_options& options = {}) {
    auto r = import_pabulib(text, options);
    if (!std::holds_alternative<pb_import_error>(r)) {
        ADD_FAILURE() << "imported";
        return {};
    }
    return std::get<pb_import_error>(std::move(r));
}

TEST(PbImport, MakesAPollOfTheProjectsWithCategoriesAndCoordinates) {
    const auto i = imported(golden("poland_warszawa_district_greedy.pb"));
    const auto& p = i.poll;
    EXPECT_EQ(p.kind, domain::poll_kind::pb);
    EXPECT_EQ(p.budget, 500000);
    EXPECT_EQ(p.currency, "PLN");
    EXPECT_EQ(p.pb_rule, "greedy");
    EXPECT_EQ(p.pb_ballot, domain::pb_ballot_kind::approval);
    EXPECT_EQ(p.max_choices, 3);
    ASSERT_EQ(p.projects.size(), 5u);
    EXPECT_EQ(p.projects[0].project_id, 1);
    EXPECT_EQ(p.projects[0].title, "Odkupmy i my");
    EXPECT_EQ(p.projects[0].description, "pabulib project 101");
    EXPECT_EQ(p.projects[1].categories, (std::vector<std::string>{"sport", "zieleń"}));
    EXPECT_EQ(p.projects[0].latitude, "52.2312");
    EXPECT_EQ(p.projects[0].longitude, "21.0864");
    EXPECT_FALSE(p.projects[2].latitude);
    EXPECT_FALSE(domain::validate(p).has_value());
    EXPECT_TRUE(i.ballots.empty());  // projects only, unless asked
    EXPECT_EQ(i.file_ballots, 8u);
    ASSERT_EQ(i.notices.size(), 1u);
    EXPECT_EQ(i.notices[0].line, 30u);
}

TEST(PbImport, ImportsTheBallotsAsAFinishedVoteThatCountsAsTheFileSays) {
    pb_import_options options;
    options.ballots = true;
    auto i = imported(golden("poland_krakow_cents_greedy.pb"), options);
    EXPECT_EQ(i.poll.pb_decimals, 2);
    EXPECT_EQ(i.poll.budget, 200000050);
    EXPECT_EQ(i.poll.projects[1].cost, 80000026);
    ASSERT_EQ(i.ballots.size(), 7u);  // the empty ballot too
    EXPECT_TRUE(i.ballots[6].choices.empty());
    i.poll.poll_id = 1;
    domain::poll_tally tally(i.poll);
    for (const auto& b : i.ballots) {
        tally.add(b);
    }
    const auto pb = pb_results_json(i.poll, tally.pb_profile());
    EXPECT_EQ(pb.at("rule").as_string(), "greedy");
    std::vector<std::int64_t> funded;
    for (const auto& f : pb.at("outcome").at("funded").as_array()) {
        funded.push_back(f.at("project_id").to_number<std::int64_t>());
    }
    EXPECT_EQ(funded, (std::vector<std::int64_t>{1, 3}));  // the file's 11 and 13, as selected
}

TEST(PbImport, PointsFilesBecomePointsPolls) {
    pb_import_options options;
    options.ballots = true;
    const auto i = imported(golden("switzerland_cumulative_points.pb"), options);
    EXPECT_EQ(i.poll.pb_ballot, domain::pb_ballot_kind::points);
    EXPECT_EQ(i.poll.points_total, 10);
    ASSERT_EQ(i.ballots.size(), 5u);
    EXPECT_EQ(i.ballots[3].points,
              (std::vector<std::pair<domain::id, std::int64_t>>{{1, 4}, {3, 4}}));
}

TEST(PbImport, RefusesBadFilesNamingTheLine) {
    auto e = import_refused(
        "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\n"
        "project_id;cost;name\n1;ten;x\nVOTES\nvoter_id;vote\n");
    EXPECT_EQ(e.line, 7u);
    EXPECT_EQ(e.field, "pb.pabulib");
    EXPECT_NE(e.message.find("cost of project '1'"), std::string::npos);
    // A project beyond the budget: never funded by a rule, not a poll's project.
    e = import_refused(
        "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\n"
        "project_id;cost;name\n1;50;a\n2;150;b\nVOTES\nvoter_id;vote\nv;1,2\n");
    EXPECT_EQ(e.line, 8u);
    EXPECT_NE(e.message.find("project '2' costs 150 SEK, more than the budget of 100 SEK"),
              std::string::npos)
        << e.message;
    pb_import_options options;
    options.ballots = true;
    e = import_refused(golden("ordinal_with_points_borda.pb"), options);
    EXPECT_EQ(e.field, "pb.ballots");
    EXPECT_NE(e.message.find("ordinal ballots cannot be imported"), std::string::npos);
    options.ballots = false;
    EXPECT_EQ(imported(golden("ordinal_with_points_borda.pb"), options).poll.pb_rule, "greedy");
    options.rule = "mes";
    e = import_refused(golden("poland_krakow_cents_greedy.pb"), options);
    EXPECT_EQ(e.field, "pb.rule");
}

TEST(PbImport, TheCallersRuleAndThresholdWin) {
    pb_import_options options;
    options.rule = "greedy-no-skip";
    options.min_support = 3;
    const auto i = imported(golden("poland_warszawa_district_greedy.pb"), options);
    EXPECT_EQ(i.poll.pb_rule, "greedy-no-skip");
    EXPECT_EQ(i.poll.pb_min_support, 3);
    options = {};
    options.ballots = true;
    const auto file = imported(golden("poland_bydgoszcz_no_skip_threshold.pb"), options);
    EXPECT_EQ(file.poll.pb_rule, "greedy-no-skip");
    EXPECT_EQ(file.poll.pb_min_support, 3);
    EXPECT_EQ(file.poll.max_choices, 1);  // choose-1
    // The withdrawn project is not a poll project; its nine votes become empty ballots.
    ASSERT_EQ(file.poll.projects.size(), 4u);
    EXPECT_EQ(file.poll.projects[0].title, "IDZIE NOWE!");
    EXPECT_EQ(file.ballots.size(), 29u);
    EXPECT_TRUE(file.ballots[0].choices.empty());
    ASSERT_FALSE(file.notices.empty());
    EXPECT_NE(file.notices[0].message.find("'A5' was withdrawn"), std::string::npos);
}

}  // namespace
}  // namespace traffpunkt::service
