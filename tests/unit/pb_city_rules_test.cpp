// The rules cities use beside greedy and Equal Shares, on instances worked by hand (the
// numbers in the comments), and the completions of Equal Shares against their plain definition.

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "traffpunkt/pb/pb_rules.hpp"

namespace traffpunkt::pb {
namespace {

pb_instance city_instance(std::int64_t budget, std::vector<std::int64_t> costs) {
    pb_instance in;
    in.budget = budget;
    in.costs = std::move(costs);
    for (std::size_t j = 0; j < in.costs.size(); ++j) {
        in.project_ids.push_back(static_cast<std::int64_t>(j) + 1);
    }
    return in;
}

void city_approve(pb_instance& in, std::vector<std::size_t> projects, std::int64_t count = 1) {
    pb_instance::voter_group g;
    for (const auto j : projects) {
        g.scores.emplace_back(j, 1);
    }
    g.count = count;
    in.voters.push_back(std::move(g));
}

std::vector<std::size_t> funded(const pb_outcome& o) {
    std::vector<std::size_t> out;
    for (const auto& f : o.funded) {
        out.push_back(f.project);
    }
    return out;
}

std::vector<pb_reason> reasons(const pb_outcome& o) {
    std::vector<pb_reason> out;
    for (const auto& p : o.projects) {
        out.push_back(p.reason);
    }
    return out;
}

pb_rule rule_of(pb_rule_kind kind, std::int64_t min_support = 0) {
    pb_rule r;
    r.kind = kind;
    r.min_support = min_support;
    r.completion = pb_completion::none;
    r.then_greedy = false;
    return r;
}

/**
 * pabulib's checker example: projects 1..3 costing 300, 400, 200 with 10, 6 and 5 votes from
 * 12 voters (ballots 1,2,3 / 1,2 / 1,3 / 1,2,3 / 1 / 2,3 / 1,2 / 1,3 / 1 / 1 / 2 / 1, which give
 * project 1 10 votes, project 2 6, project 3 5).
 */
pb_instance checker_instance(std::int64_t budget) {
    auto in = city_instance(budget, {300, 400, 200});
    for (const auto& b : std::vector<std::vector<std::size_t>>{{0, 1, 2},
                                                               {0, 1},
                                                               {0, 2},
                                                               {0, 1, 2},
                                                               {0},
                                                               {1, 2},
                                                               {0, 1},
                                                               {0, 2},
                                                               {0},
                                                               {0},
                                                               {1},
                                                               {0}}) {
        city_approve(in, b);
    }
    return in;
}

TEST(PbCityRules, GreedyWithAThresholdLeavesOutProjectsBelowIt) {
    // Threshold 6: project 3 (5 votes) is out although it would fit (300 + 400 + 200 = 900).
    const auto o = count(checker_instance(900), rule_of(pb_rule_kind::greedy, 6));
    EXPECT_EQ(funded(o), (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(reasons(o), (std::vector<pb_reason>{pb_reason::funded, pb_reason::funded,
                                                  pb_reason::below_threshold}));
    EXPECT_EQ(o.pabulib_rule, "greedy-threshold");
    EXPECT_EQ(o.budget_left, 200);
    // Without the threshold all three are funded.
    EXPECT_EQ(funded(count(checker_instance(900), rule_of(pb_rule_kind::greedy))).size(), 3u);
}

TEST(PbCityRules, GreedyNoSkipStopsAtTheFirstProjectThatDoesNotFit) {
    // Budget 500: 1 (300) is funded; 2 (400) does not fit, so the count stops: 3 (200), which
    // plain greedy would fund, is not reached.
    const auto o = count(checker_instance(500), rule_of(pb_rule_kind::greedy_no_skip));
    EXPECT_EQ(funded(o), (std::vector<std::size_t>{0}));
    EXPECT_EQ(reasons(o), (std::vector<pb_reason>{pb_reason::funded, pb_reason::did_not_fit,
                                                  pb_reason::not_reached}));
    EXPECT_EQ(funded(greedy(checker_instance(500))), (std::vector<std::size_t>{0, 2}));
    EXPECT_EQ(o.pabulib_rule, "greedy-no-skip");

    // pabulib's withdrawn project (cost 999 999 999) is passed over, not stopped at; any other
    // project that does not fit stops the count, also one dearer than the whole budget.
    auto dear = checker_instance(500);
    dear.costs[1] = pb_withdrawn_cost;
    const auto d = count(dear, rule_of(pb_rule_kind::greedy_no_skip));
    EXPECT_EQ(funded(d), (std::vector<std::size_t>{0, 2}));
    EXPECT_EQ(d.projects[1].reason, pb_reason::did_not_fit);
    dear.costs[1] = 600;
    EXPECT_EQ(funded(count(dear, rule_of(pb_rule_kind::greedy_no_skip))),
              (std::vector<std::size_t>{0}));
}

TEST(PbCityRules, PoznanFundsTheFirstMissAtEightyPercentAndStops) {
    // Budget 700: 1 (300) funded, 400 left; 2 costs 400: fits, funded; 3 (200) does not fit
    // and 0 < 80 % of 200: not funded, stop.
    auto o = count(checker_instance(700), rule_of(pb_rule_kind::poznan));
    EXPECT_EQ(funded(o), (std::vector<std::size_t>{0, 1}));
    // Budget 620: 1 funded, 320 left; 2 costs 400 and 320 = 80 % of 400: funded with a top-up
    // of 80; then the count stops, 3 is not reached.
    o = count(checker_instance(620), rule_of(pb_rule_kind::poznan));
    EXPECT_EQ(funded(o), (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(o.funded[1].stage, "poznan_top_up");
    EXPECT_EQ(o.total_cost, 700);
    EXPECT_EQ(o.budget_left, -80);
    EXPECT_EQ(o.projects[2].reason, pb_reason::not_reached);
    // Budget 619: 319 left < 320: project 2 does not fit, the count stops.
    o = count(checker_instance(619), rule_of(pb_rule_kind::poznan));
    EXPECT_EQ(funded(o), (std::vector<std::size_t>{0}));
    EXPECT_EQ(reasons(o), (std::vector<pb_reason>{pb_reason::funded, pb_reason::did_not_fit,
                                                  pb_reason::not_reached}));
    EXPECT_EQ(o.pabulib_rule, "poznan");
}

TEST(PbCityRules, PhragmenBuysAtTheLowestNewMaximalLoad) {
    // A costs 4 (voters 1, 2), B 3 (voter 3), C 2 (voter 1); budget 7.
    // Round 1: A (0 + 4) / 2 = 2, B 3 / 1 = 3, C 2 / 1 = 2: A and C tie at load 2, A has more
    //   supporters: A; voters 1 and 2 carry 2.
    // Round 2: B 3, C (2 + 2) / 1 = 4: B; voter 3 carries 3. Spent 7.
    // Round 3: C would cost 9 > 7: stop.
    auto in = city_instance(7, {4, 3, 2});
    city_approve(in, {0, 2});
    city_approve(in, {0});
    city_approve(in, {1});
    const auto o = count(in, rule_of(pb_rule_kind::phragmen));
    EXPECT_EQ(funded(o), (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(o.funded[0].load, "2");
    EXPECT_EQ(o.funded[1].load, "3");
    EXPECT_EQ(o.projects[2].reason, pb_reason::did_not_fit);
    EXPECT_EQ(o.pabulib_rule, "sequential-phragmen");
    EXPECT_EQ(o.tie_keys, (std::vector<std::string>{"load asc", "supporters desc", "cost asc",
                                                    "project_id asc"}));
    // Greedy funds A and then C (support 1 each, C cheaper), and B no longer fits.
    EXPECT_EQ(funded(greedy(in)), (std::vector<std::size_t>{0, 2}));
}

TEST(PbCityRules, PhragmenLoadsAreExactFractions) {
    // A costs 4 (voters 1, 2), B 2 (voters 2, 3), C 1 (voter 3); budget 7.
    // Round 1: A 4/2 = 2, B 2/2 = 1, C 1/1 = 1: B and C tie, B has more supporters: B;
    //   voters 2 and 3 carry 1.
    // Round 2: A (0 + 1 + 4) / 2 = 5/2, C (1 + 1) / 1 = 2: C; voter 3 carries 2.
    // Round 3: A at 5/2; 2 + 1 + 4 = 7 fits: A, voters 1 and 2 carry 5/2.
    auto in = city_instance(7, {4, 2, 1});
    city_approve(in, {0});
    city_approve(in, {0, 1});
    city_approve(in, {1, 2});
    const auto o = count(in, rule_of(pb_rule_kind::phragmen));
    ASSERT_EQ(funded(o), (std::vector<std::size_t>{1, 2, 0}));
    EXPECT_EQ(o.funded[0].load, "1");
    EXPECT_EQ(o.funded[1].load, "2");
    EXPECT_EQ(o.funded[2].load, "5/2");
    EXPECT_EQ(o.budget_left, 0);
    // With budget 6 the count stops at A.
    in.budget = 6;
    const auto short_of_money = count(in, rule_of(pb_rule_kind::phragmen));
    EXPECT_EQ(funded(short_of_money), (std::vector<std::size_t>{1, 2}));
    EXPECT_EQ(short_of_money.projects[0].reason, pb_reason::did_not_fit);
}

TEST(PbCityRules, CountsAreCancelledThroughTheFlag) {
    std::atomic<bool> cancel{true};
    auto in = city_instance(7, {4, 3, 2});
    city_approve(in, {0, 2});
    city_approve(in, {1});
    EXPECT_THROW(count(in, rule_of(pb_rule_kind::phragmen), &cancel), pb_cancelled);
    pb_rule mes;
    EXPECT_THROW(count(in, mes, &cancel), pb_cancelled);
    cancel = false;
    EXPECT_NO_THROW(count(in, mes, &cancel));
}

TEST(PbCityRules, SatisfactionCountsVotersWithAFundedProject) {
    auto o = count(checker_instance(500), rule_of(pb_rule_kind::greedy_no_skip));
    // Only project 1 is funded: 10 of 12 voters approved it.
    EXPECT_EQ(o.voters, 12);
    EXPECT_EQ(o.satisfied_voters, 10);
    auto in = checker_instance(500);
    in.voters.push_back({});  // an empty ballot: a voter, never satisfied
    o = count(in, rule_of(pb_rule_kind::greedy_no_skip));
    EXPECT_EQ(o.voters, 13);
    EXPECT_EQ(o.satisfied_voters, 10);
}

TEST(PbCityRules, EqualSharesExplainsWhyProjectsAreNotFunded) {
    // Two voters with 5 each: A (6, voter 1) and B (6, voter 2) are beyond either share, C (1)
    // has no votes. The plain count funds nothing; greedy afterwards funds A (the lower id).
    auto in = city_instance(10, {6, 6, 1});
    city_approve(in, {0});
    city_approve(in, {1});
    pb_rule plain;
    plain.completion = pb_completion::none;
    plain.then_greedy = false;
    auto o = count(in, plain);
    EXPECT_TRUE(o.funded.empty());
    EXPECT_EQ(reasons(o),
              (std::vector<pb_reason>{pb_reason::supporters_could_not_pay,
                                      pb_reason::supporters_could_not_pay, pb_reason::no_support}));
    EXPECT_EQ(o.pabulib_rule, "equalshares");
    // Add one: at a share of 6 both are affordable but cost 12 > 10, so the share stays 5;
    // then greedy funds A.
    pb_rule add1;
    o = count(in, add1);
    EXPECT_EQ(o.per_voter_share, "5");
    EXPECT_EQ(o.completion_rounds, 0);
    EXPECT_EQ(funded(o), (std::vector<std::size_t>{0}));
    EXPECT_EQ(o.funded[0].stage, "completion_greedy");
    EXPECT_EQ(o.pabulib_rule, "equalshares/add1+greedy");
    EXPECT_EQ(o.completion_tie_keys,
              (std::vector<std::string>{"support desc", "cost asc", "project_id asc"}));
}

TEST(PbCityRules, AddOneWithAnIncrementRaisesByThatMuch) {
    // In tenths: budget 100.0 for 2 voters (50.0 each), A and B cost 60.0 each, one voter each.
    // Raising by 5.0 per voter: 55.0 (not enough), 60.0 (both, 120 > 100): the share stays at
    // 55.0 after one raise, and nothing is funded by Equal Shares.
    auto in = city_instance(1000, {600, 600});
    in.unit = 10;
    city_approve(in, {0});
    city_approve(in, {1});
    pb_rule r;
    r.increment = 50;  // five currency units
    r.then_greedy = false;
    const auto o = count(in, r);
    EXPECT_EQ(o.completion_rounds, 1);
    EXPECT_EQ(o.per_voter_share, "550");  // smallest units (tenths)
    EXPECT_EQ(o.share_increment, "50");
    EXPECT_TRUE(o.funded.empty());
    EXPECT_EQ(o.pabulib_rule, "equalshares/add5");
    EXPECT_EQ(count_stepwise(in, r), o);
    // Half a unit per voter: 50.5, 51.0, ..., 59.5 are all too little, 60.0 is too much.
    r.increment = 5;
    const auto half = count(in, r);
    EXPECT_EQ(half.completion_rounds, 19);
    EXPECT_EQ(half.per_voter_share, "595");
    EXPECT_EQ(half.pabulib_rule, "equalshares/add0.5");
    EXPECT_EQ(count_stepwise(in, r), half);
}

TEST(PbCityRules, BudgetIncreaseCountsUnsupportedProjectsForExhaustion) {
    // 3 voters, budget 10: A (6) for voters 1, 2; B (4) for voter 3; C (1) for nobody.
    // At 10/3 each, A is paid (voters 1 and 2 pay 3 each), B is not (10/3 < 4).
    // Budget +1 per step: 11 (11/3 < 4), 12 (4: B is paid, total 10): exhaustive, since C no
    // longer fits either. Two steps.
    auto in = city_instance(10, {6, 4, 1});
    city_approve(in, {0}, 2);
    city_approve(in, {1});
    pb_rule r;
    r.completion = pb_completion::budget_increase;
    r.increment = 1;
    r.then_greedy = false;
    const auto o = count(in, r);
    EXPECT_EQ(funded(o), (std::vector<std::size_t>{0, 1}));
    EXPECT_EQ(o.completion_rounds, 2);
    EXPECT_EQ(o.per_voter_share, "4");
    EXPECT_EQ(o.share_increment, "1/3");
    EXPECT_EQ(o.pabulib_rule, "equalshares/increase1");
    EXPECT_EQ(count_stepwise(in, r), o);
}

/** Random approval and points instances, as in pb_rules_test, small enough to step through. */
pb_instance random_instance(std::mt19937& rng, bool points) {
    const std::size_t m = 2 + rng() % 6;
    std::vector<std::int64_t> costs;
    std::int64_t total = 0;
    for (std::size_t j = 0; j < m; ++j) {
        costs.push_back(1 + static_cast<std::int64_t>(rng() % 40));
        total += costs.back();
    }
    auto in =
        city_instance(1 + static_cast<std::int64_t>(rng() % static_cast<unsigned>(total)), costs);
    const int n = 1 + static_cast<int>(rng() % 9);
    for (int i = 0; i < n; ++i) {
        pb_instance::voter_group g;
        for (std::size_t j = 0; j < m; ++j) {
            if (rng() % 3 == 0) {
                g.scores.emplace_back(j, points ? 1 + static_cast<std::int64_t>(rng() % 5) : 1);
            }
        }
        g.count = 1 + static_cast<std::int64_t>(rng() % 3);
        in.voters.push_back(std::move(g));
    }
    return in;
}

TEST(PbCityRules, CompletionsByJumpsEqualTheirPlainDefinition) {
    std::mt19937 rng(2024);
    for (int i = 0; i < 400; ++i) {
        const bool points = i % 2 == 1;
        const auto in = random_instance(rng, points);
        ASSERT_FALSE(validate(in).has_value());
        for (const auto completion : {pb_completion::add_one, pb_completion::budget_increase}) {
            pb_rule r;
            r.utility = points ? pb_utility::points : pb_utility::cost;
            r.completion = completion;
            r.increment = 1 + static_cast<std::int64_t>(rng() % 4);
            r.then_greedy = i % 3 == 0;
            const auto jumps = count(in, r);
            const auto steps = count_stepwise(in, r);
            ASSERT_EQ(jumps, steps) << "instance " << i << " " << rule_name(r);
            EXPECT_LE(jumps.total_cost, in.budget);
        }
    }
}

TEST(PbCityRules, EveryRuleStaysWithinTheBudgetAndExplainsEveryProject) {
    std::mt19937 rng(77);
    for (int i = 0; i < 300; ++i) {
        const auto in = random_instance(rng, i % 2 == 1);
        for (const auto kind : {pb_rule_kind::greedy, pb_rule_kind::greedy_no_skip,
                                pb_rule_kind::phragmen, pb_rule_kind::equal_shares}) {
            pb_rule r = rule_of(kind, i % 4 == 0 ? 2 : 0);
            const auto o = count(in, r);
            EXPECT_LE(o.total_cost, in.budget);
            ASSERT_EQ(o.projects.size(), in.costs.size());
            std::size_t funded_count = 0;
            for (const auto& p : o.projects) {
                funded_count += p.reason == pb_reason::funded ? 1 : 0;
                EXPECT_EQ(p.reason == pb_reason::no_support, p.supporters == 0);
            }
            EXPECT_EQ(funded_count, o.funded.size());
            EXPECT_LE(o.satisfied_voters, o.voters);
        }
    }
}

TEST(PbCityRules, RuleNamesReadBackAsTheSameRule) {
    std::vector<pb_rule> rules;
    for (const auto kind :
         {pb_rule_kind::greedy, pb_rule_kind::greedy_no_skip, pb_rule_kind::poznan,
          pb_rule_kind::phragmen, pb_rule_kind::borda_greedy}) {
        rules.push_back(rule_of(kind));
    }
    for (const auto completion :
         {pb_completion::none, pb_completion::add_one, pb_completion::budget_increase}) {
        for (const bool greedy_after : {false, true}) {
            for (const std::int64_t increment : {0, 250, 1000}) {
                pb_rule r;
                r.completion = completion;
                r.then_greedy = greedy_after;
                r.increment = completion == pb_completion::none ? 0 : increment;
                rules.push_back(r);
            }
        }
    }
    for (const auto& r : rules) {
        std::string error;
        const auto name = rule_name(r, 100);
        const auto back = parse_rule_name(name, 100, error);
        ASSERT_TRUE(back.has_value()) << name << ": " << error;
        EXPECT_EQ(*back, r) << name;
    }
    pb_rule add1;
    add1.then_greedy = false;
    EXPECT_EQ(rule_name(add1), "equalshares/add1");
    add1.increment = 250;
    EXPECT_EQ(rule_name(add1, 100), "equalshares/add2.5");
    std::string error;
    EXPECT_FALSE(parse_rule_name("mes", 1, error).has_value());
    EXPECT_NE(error.find("unknown rule 'mes'"), std::string::npos);
    EXPECT_FALSE(parse_rule_name("equalshares/add0.5", 1, error).has_value());
    EXPECT_NE(error.find("at most 0 decimals"), std::string::npos);
    EXPECT_FALSE(parse_rule_name("equalshares/add0", 1, error).has_value());
    EXPECT_FALSE(parse_rule_name("equalshares/twice", 1, error).has_value());
}

}  // namespace
}  // namespace traffpunkt::pb
