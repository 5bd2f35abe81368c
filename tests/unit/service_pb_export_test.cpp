#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "pb/pb_export.hpp"
#include "pb/pb_results.hpp"
#include "polls/poll_views.hpp"
#include "traffpunkt/domain/ballot.hpp"
#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/domain/poll.hpp"
#include "traffpunkt/domain/poll_tally.hpp"
#include "traffpunkt/pb/pabulib.hpp"

namespace traffpunkt::service {
namespace {

domain::poll points_poll() {
    domain::poll p;
    p.poll_id = 3;
    p.meeting_id = 1;
    p.kind = domain::poll_kind::pb;
    p.question = "Fördela tio poäng";
    p.budget = 1000;
    p.pb_ballot = domain::pb_ballot_kind::points;
    p.points_total = 10;
    for (int i = 1; i <= 3; ++i) {
        domain::pb_project project;
        project.project_id = i;
        project.title = "Projekt " + std::to_string(i);
        project.cost = 300 + 100 * i;
        p.projects.push_back(project);
    }
    p.status = domain::poll_status::closed;
    p.opened_at = 1'669'381'500;
    p.closed_at = 1'669'382'100;
    return p;
}

domain::ballot points(std::vector<std::pair<domain::id, std::int64_t>> entries) {
    domain::ballot b;
    b.points = std::move(entries);
    return b;
}

const pb::pabulib_project& project(const pb::pabulib_file& f, const std::string& id) {
    for (const auto& p : f.projects) {
        if (p.project_id == id) {
            return p;
        }
    }
    throw std::out_of_range("no project " + id);
}

// pabulib (and its checker) count voters in `votes` and points in `score` (issue 21, bug 2).
TEST(PbExport, PointsBallotsPutVotersInVotesAndPointsInScore) {
    const auto p = points_poll();
    domain::meeting m;
    m.title = "Nätverksträff";
    const std::vector<domain::ballot> ballots{points({{1, 7}, {2, 3}}), points({{1, 10}}),
                                              points({{2, 4}, {3, 6}})};
    domain::poll_tally tally(p);
    for (const auto& b : ballots) {
        tally.add(b);
    }
    auto results = results_json(p, tally, true);
    results["pb"] = pb_results_json(p, tally.pb_profile());
    const auto text = pabulib_export(p, m, ballots, results);
    auto parsed = pb::parse_pabulib(text);
    ASSERT_TRUE(std::holds_alternative<pb::pabulib_file>(parsed)) << text;
    const auto& f = std::get<pb::pabulib_file>(parsed);
    EXPECT_EQ(project(f, "1").votes, 2);
    EXPECT_EQ(project(f, "2").votes, 2);
    EXPECT_EQ(project(f, "3").votes, 1);
    EXPECT_EQ(project(f, "1").extra.at("score"), "17");
    EXPECT_EQ(project(f, "2").extra.at("score"), "7");
    EXPECT_EQ(project(f, "3").extra.at("score"), "6");
    // Columns in pabulib's order: score right after votes.
    EXPECT_NE(text.find("\nproject_id;cost;votes;score;name;selected\n"), std::string::npos)
        << text;
}

TEST(PbExport, ApprovalBallotsHaveVotesAndNoScore) {
    auto p = points_poll();
    p.pb_ballot = domain::pb_ballot_kind::approval;
    p.points_total = 0;
    domain::meeting m;
    m.title = "Nätverksträff";
    domain::ballot a;
    a.choices = {1, 2};
    domain::ballot b;
    b.choices = {2};
    const std::vector<domain::ballot> ballots{a, b, domain::ballot{}};
    domain::poll_tally tally(p);
    for (const auto& x : ballots) {
        tally.add(x);
    }
    auto results = results_json(p, tally, true);
    results["pb"] = pb_results_json(p, tally.pb_profile());
    const auto text = pabulib_export(p, m, ballots, results);
    const auto f = std::get<pb::pabulib_file>(pb::parse_pabulib(text));
    EXPECT_EQ(project(f, "1").votes, 1);
    EXPECT_EQ(project(f, "2").votes, 2);
    EXPECT_EQ(project(f, "3").votes, 0);
    EXPECT_FALSE(project(f, "1").extra.contains("score"));
    EXPECT_EQ(f.votes.size(), 3U);
}

}  // namespace
}  // namespace traffpunkt::service
