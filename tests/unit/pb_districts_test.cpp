#include <gtest/gtest.h>

#include <vector>

#include "traffpunkt/pb/pb_districts.hpp"

namespace traffpunkt::pb {
namespace {

/**
 * City-wide: C1 60 (voters a, b), C2 50 (c); budget 100. District N (budget 50): N1 40 (a), N2 30
 * (b). District S (budget 30): S1 30 (c). Project indices C1 0, C2 1, N1 2, N2 3, S1 4.
 */
pb_instance city() {
    pb_instance in;
    in.budget = 100;
    in.costs = {60, 50, 40, 30, 30};
    in.project_ids = {1, 2, 3, 4, 5};
    in.voters = {{{{0, 1}, {2, 1}}, 1}, {{{0, 1}, {3, 1}}, 1}, {{{1, 1}, {4, 1}}, 1}};
    return in;
}

const std::vector<int> district_of{-1, -1, 0, 0, 1};
const std::vector<pb_subbudget> districts{{"N", 50}, {"S", 30}};

TEST(PbDistricts, EachDistrictIsCountedWithItsOwnBudgetAndProjects) {
    pb_rule greedy;
    greedy.kind = pb_rule_kind::greedy;
    greedy.completion = pb_completion::none;
    greedy.then_greedy = false;
    const auto split = count_by_district(city(), district_of, districts, greedy);
    ASSERT_EQ(split.parts.size(), 3u);
    // City: C1 (2 votes) fits, C2 (50) not in the 40 left. N: N1 and N2 have a vote each, N2 is
    // cheaper: funded, N1 (40) not in the 20 left. S: S1.
    std::vector<std::size_t> funded;
    for (const auto& f : split.combined.funded) {
        funded.push_back(f.project);
    }
    EXPECT_EQ(funded, (std::vector<std::size_t>{0, 3, 4}));
    EXPECT_EQ(split.parts[1].name, "N");
    EXPECT_EQ(split.parts[1].budget, 50);
    EXPECT_EQ(split.parts[1].outcome.budget_left, 20);
    EXPECT_EQ(split.combined.total_cost, 120);
    EXPECT_EQ(split.combined.budget_left, 60);
    EXPECT_EQ(split.combined.projects[2].reason, pb_reason::did_not_fit);
    EXPECT_EQ(split.combined.projects[1].reason, pb_reason::did_not_fit);
    EXPECT_EQ(split.combined.voters, 3);
    EXPECT_EQ(split.combined.satisfied_voters, 3);
}

TEST(PbDistricts, ADistrictsElectorateIsItsVoters) {
    pb_rule plain;
    plain.completion = pb_completion::none;
    plain.then_greedy = false;
    const auto split = count_by_district(city(), district_of, districts, plain);
    // City-wide: all three voters share 100; N: voters a and b share 50; S: voter c has 30.
    EXPECT_EQ(split.parts[0].outcome.per_voter_share, "100/3");
    EXPECT_EQ(split.parts[1].outcome.per_voter_share, "25");
    EXPECT_EQ(split.parts[2].outcome.per_voter_share, "30");
    EXPECT_EQ(split.combined.per_voter_share, "");  // one per part
}

TEST(PbDistricts, WithoutDistrictsItIsThePlainCount) {
    pb_rule r;
    const auto split = count_by_district(city(), std::vector<int>(5, -1), {}, r);
    EXPECT_EQ(split.parts.size(), 1u);
    EXPECT_EQ(split.combined, count(city(), r));
}

}  // namespace
}  // namespace traffpunkt::pb
