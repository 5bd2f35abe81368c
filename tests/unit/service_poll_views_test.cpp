#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <cstdint>
#include <set>
#include <vector>

#include "pb/pb_results.hpp"
#include "polls/poll_views.hpp"
#include "traffpunkt/domain/ballot.hpp"
#include "traffpunkt/domain/poll.hpp"
#include "traffpunkt/domain/poll_tally.hpp"
#include "traffpunkt/pb/pb_rules.hpp"

namespace traffpunkt::service {
namespace {

namespace json = boost::json;

/** An open approval PB poll with projects 1..n costing `costs`, cost utilities. */
domain::poll pb_poll(std::int64_t budget, const std::vector<std::int64_t>& costs) {
    domain::poll p;
    p.poll_id = 7;
    p.meeting_id = 1;
    p.kind = domain::poll_kind::pb;
    p.question = "Medborgarbudget";
    p.budget = budget;
    p.pb_ballot = domain::pb_ballot_kind::approval;
    for (std::size_t i = 0; i < costs.size(); ++i) {
        domain::pb_project project;
        project.project_id = static_cast<domain::id>(i + 1);
        project.title = "Projekt " + std::to_string(i + 1);
        project.cost = costs[i];
        p.projects.push_back(project);
    }
    p.status = domain::poll_status::open;
    return p;
}

std::set<std::int64_t> funded_ids(const json::value& outcome) {
    std::set<std::int64_t> ids;
    for (const auto& f : outcome.at("funded").as_array()) {
        ids.insert(f.at("project_id").to_number<std::int64_t>());
    }
    return ids;
}

// Every voter who cast a ballot is in the Equal Shares electorate, also one who approved
// nothing: the per-voter share is the budget over all ballots (issue 21, bug 1).
TEST(PollViews, EmptyBallotsAreInTheEqualSharesElectorate) {
    const std::vector<std::int64_t> costs{50, 60, 70, 30, 20, 90, 40, 80};
    const auto p = pb_poll(200, costs);
    domain::poll_tally tally(p);
    // 96 ballots: 66 approving some projects, 30 approving none.
    const std::vector<std::vector<domain::id>> patterns{
        {1, 2}, {2, 3}, {3, 4, 5}, {6}, {1, 6, 7}, {8}, {4, 8}, {5, 7}, {2, 5, 6}, {1, 3, 8}, {7}};
    pb::pb_instance in;
    in.budget = 200;
    in.costs = costs;
    for (std::size_t j = 0; j < costs.size(); ++j) {
        in.project_ids.push_back(static_cast<std::int64_t>(j) + 1);
    }
    for (int v = 0; v < 66; ++v) {
        domain::ballot b;
        b.choices = patterns[static_cast<std::size_t>(v) % patterns.size()];
        tally.add(domain::normalised(p, b));
        pb::pb_instance::voter_group g;
        for (const auto id : b.choices) {
            g.scores.emplace_back(static_cast<std::size_t>(id - 1), 1);
        }
        in.voters.push_back(g);
    }
    for (int v = 0; v < 30; ++v) {
        tally.add(domain::ballot{});
        in.voters.push_back({});
    }
    ASSERT_EQ(tally.ballots(), 96);

    // The one code path of the live view, the close and the exports.
    const auto pb = pb_results_json(p, tally.pb_profile());
    const auto& mes = pb.at("equal_shares");
    const auto expected = pb::equal_shares(in, pb::pb_utility::cost);
    // The share the rule settles on has 96 voters behind it, not 66.
    EXPECT_EQ(json::value_to<std::string>(mes.at("per_voter_share")), expected.per_voter_share);
    std::set<std::int64_t> expected_ids;
    for (const auto& f : expected.funded) {
        expected_ids.insert(static_cast<std::int64_t>(f.project) + 1);
    }
    EXPECT_EQ(funded_ids(mes), expected_ids);
    EXPECT_EQ(mes.at("completion_rounds").to_number<std::int64_t>(), expected.completion_rounds);

    // Without completion the share is exactly the budget over every ballot: 200/96 = 25/12.
    const auto plain = pb::equal_shares(in, pb::pb_utility::cost, false);
    EXPECT_EQ(plain.per_voter_share, "25/12");
    // Every voter is counted in the satisfaction figures too.
    EXPECT_EQ(mes.at("voters").to_number<std::int64_t>(), 96);
}

TEST(PollViews, PbResultsAreNotCountedInResultsJsonUnlessEmpty) {
    const auto p = pb_poll(200, {50, 60});
    domain::poll_tally tally(p);
    const auto empty = results_json(p, tally, false);
    EXPECT_EQ(empty.at("pb").at("counting"), json::value(false));
    EXPECT_TRUE(empty.at("pb").at("equal_shares").at("funded").as_array().empty());
    domain::ballot b;
    b.choices = {1};
    tally.add(b);
    // With ballots the count belongs on the PB worker: here only the pending form.
    const auto pending = results_json(p, tally, false);
    EXPECT_EQ(pending.at("pb").at("counting"), json::value(true));
    EXPECT_FALSE(pending.at("pb").as_object().contains("equal_shares"));
    EXPECT_EQ(pending.at("ballots").to_number<std::int64_t>(), 1);
}

}  // namespace
}  // namespace traffpunkt::service
