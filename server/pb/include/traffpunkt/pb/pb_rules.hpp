#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "traffpunkt/domain/rule_error.hpp"

// Counting rules for participatory budgeting (PB): which projects a budget pays for, given the
// ballots. Two rules:
//
// - Greedy: projects in order of support (votes, or points), each funded if it still fits in
//   what is left of the budget. Projects nobody supports are never funded.
// - Method of Equal Shares (Peters & Skowron; Peters, Pierczyński & Skowron, NeurIPS 2021; see
//   equalshares.net): every voter controls an equal share of the budget. Repeatedly the project
//   is funded whose supporters can pay for it at the smallest price per unit of utility ρ, each
//   supporter paying ρ times their utility, capped by what they have left. It stops when no
//   project can be paid. Completion ("add one", the standard of equalshares.net): the per-voter
//   share is raised by one currency unit at a time while the outcome stays within the real
//   budget, stopping early at an outcome that is exhaustive (no supported project still fits);
//   whatever then still fits is funded greedily.
//
// All arithmetic is exact (integers and rationals of unbounded size); no decision depends on
// floating point. Ties are broken deterministically; the rule is spelled out in
// `pb_outcome::tie_rule`.

namespace traffpunkt::pb {

using domain::check;
using domain::rule_error;

/** Limits the rules are built and tested for; `validate` refuses anything beyond them. */
inline constexpr std::int64_t pb_max_budget = 1'000'000'000'000;  // 10^12 currency units
inline constexpr std::size_t pb_max_projects = 500;
inline constexpr std::int64_t pb_max_voters = 1'000'000;  // 10x the largest network we expect
inline constexpr std::int64_t pb_max_points_per_voter = 1000;

/** A PB election as the rules see it. Money in whole currency units (SEK). */
struct pb_instance {
    std::int64_t budget = 0;                ///< > 0
    std::vector<std::int64_t> costs;        ///< costs[j] > 0: project j (index 0..m-1)
    std::vector<std::int64_t> project_ids;  ///< for tie-breaking and display; distinct
    /** Voters with identical ballots grouped: `count` voters each gave these scores. */
    struct voter_group {
        /// (project index, score > 0): score 1 for an approval, points for points ballots.
        std::vector<std::pair<std::size_t, std::int64_t>> scores;
        std::int64_t count = 1;
    };
    /// Every voter counts towards the per-voter share, also one with an empty ballot.
    std::vector<voter_group> voters;
};

/** What a voter gains from a funded project, for Equal Shares. */
enum class pb_utility {
    cost,      ///< the project's cost, for every project with a positive score
    approval,  ///< 1 for every project with a positive score
    points,    ///< the score (points given)
};

/** One funded project, in the order chosen. */
struct pb_funded {
    std::size_t project = 0;  ///< index into pb_instance::costs
    std::int64_t cost = 0;
    std::int64_t support = 0;     ///< sum of scores: voters approving, or points
    std::int64_t supporters = 0;  ///< voters with a positive score
    // Equal Shares only (empty for greedy and for completion-by-greedy projects):
    std::string rho;  ///< price per unit of utility, exact: "p/q" or "p"
    /// The most and the least one supporter paid, in currency units with two decimals, rounded
    /// half up (e.g. "1234.57"). Supporters with no money left pay nothing and are not counted.
    std::string max_payment, min_payment;
    std::string max_payment_exact, min_payment_exact;  ///< the same, exact: "p/q" or "p"
    std::string stage;  ///< "equal_shares" | "completion_greedy" | "greedy"
    bool operator==(const pb_funded&) const = default;
};

/** The result of a rule, ready to show: funded projects, money spent and left, tie rule. */
struct pb_outcome {
    std::string rule;  ///< "greedy" | "equal_shares"
    std::vector<pb_funded> funded;
    std::int64_t total_cost = 0;
    std::int64_t budget_left = 0;
    std::string tie_rule;  ///< the deterministic tie-breaking rule, one English sentence
    /// Equal Shares: the per-voter share finally used, exact "p/q" (budget / voters + raises);
    /// empty when there are no voters.
    std::string per_voter_share;
    /// Equal Shares: how many one-unit raises of the per-voter share the completion made.
    std::int64_t completion_rounds = 0;
    bool operator==(const pb_outcome&) const = default;
};

/**
 * Checks an instance against the rules' preconditions: budget in 1..pb_max_budget, at most
 * pb_max_projects projects with distinct ids and costs in 1..budget, voter counts > 0 and in
 * total at most pb_max_voters, scores > 0 for existing projects, at most one score per project
 * in a ballot and at most pb_max_points_per_voter points in one ballot. The rules assume it.
 */
check validate(const pb_instance& in);

/** Greedy: by support (sum of scores), ties to the lower cost, then the lower project id. */
pb_outcome greedy(const pb_instance& in);

/**
 * Method of Equal Shares with utility model `u`; with `complete`, the "add one" completion and
 * then greedy for what still fits. Ties: lower ρ, then higher total utility, then lower cost,
 * then lower project id. The completion jumps over raises that cannot change the outcome; the
 * result equals `equal_shares_stepwise`.
 *
 * Cost: one count takes milliseconds for hundreds of projects and thousands of voters (about
 * 10 ms for 300 x 5000, 0.6 s for 500 x 100 000). The completion repeats the count once for
 * every change of the count's course as the share rises, which for large, varied electorates
 * can be thousands of counts; each goes on from the first round that changed, so it costs
 * about half a count (some seconds for 300 x 5000; see tests/bench). Run it off
 * latency-critical threads.
 */
pb_outcome equal_shares(const pb_instance& in, pb_utility u, bool complete = true);

/**
 * The completed Equal Shares by its plain definition: one full count for every raise of one
 * currency unit per voter. Slow for large budgets; the reference for `equal_shares` in tests.
 */
pb_outcome equal_shares_stepwise(const pb_instance& in, pb_utility u);

}  // namespace traffpunkt::pb
