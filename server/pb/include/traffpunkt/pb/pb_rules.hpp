#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "traffpunkt/domain/rule_error.hpp"

// Counting rules for participatory budgeting (PB): which projects a budget pays for, given the
// ballots. Each rule is named as pabulib names it where pabulib has a name (`rule_name`):
//
// - greedy: projects in order of support (votes, or points), each funded if it still fits in
//   what is left of the budget. With a minimum support ("greedy-threshold", pabulib's
//   min_project_score_threshold) projects below it are left out.
// - greedy-no-skip: the same, but the count stops at the first project that does not fit
//   (pabulib's withdrawn projects, which cost 999 999 999, are passed over, as its checker
//   does).
// - poznan: greedy without skipping, and the first project that does not fit is still funded
//   when what is left covers at least 80 % of its cost (the city tops it up); then it stops.
// - sequential-phragmen: Phragmén's sequential rule. Voters' loads start at 0 and rise
//   continuously; the project whose supporters can share its cost at the lowest new maximal
//   load (sum of their loads + cost) / supporters is bought, and its supporters' loads become
//   that value. The count stops at the first project it would buy that does not fit.
// - equalshares (Method of Equal Shares; Peters & Skowron; equalshares.net): every voter
//   controls an equal share of the budget. Repeatedly the project is funded whose supporters can
//   pay for it at the smallest price per unit of utility ρ, each supporter paying ρ times their
//   utility, capped by what they have left. It stops when no project can be paid. Completions:
//   "add one" (equalshares/add1): the per-voter share is raised by one currency unit (or another
//   increment, equalshares/add<k>) at a time while the outcome stays within the real budget,
//   stopping at an outcome that is exhaustive (no supported project still fits); or a raise of
//   the whole budget by a fixed step (equalshares/increase<step>, pabutools'
//   exhaustion_by_budget_increase); optionally followed by greedy for what still fits
//   ("+greedy").
// - borda-greedy: greedy over Borda scores, for ordinal ballots.
//
// All arithmetic is exact (integers and rationals of unbounded size); no decision depends on
// floating point. Ties are broken deterministically; each outcome names its tie rule as an
// ordered list of keys (`pb_outcome::tie_keys`) and as a sentence.

namespace traffpunkt::pb {

using domain::check;
using domain::rule_error;

/** Limits the rules are built and tested for; `validate` refuses anything beyond them. */
inline constexpr std::int64_t pb_max_budget = 1'000'000'000'000;  // 10^12 currency units
inline constexpr std::size_t pb_max_projects = 500;
inline constexpr std::int64_t pb_max_voters = 1'000'000;  // 10x the largest network we expect
inline constexpr std::int64_t pb_max_points_per_voter = 1000;
/** pabulib marks a withdrawn project with this cost (currency units); no-skip passes over it. */
inline constexpr std::int64_t pb_withdrawn_cost = 999'999'999;

/**
 * A PB election as the rules see it. Money in the smallest unit counted: whole currency units
 * (`unit` 1, as polls count SEK) or hundredths (`unit` 100, öre or grosze, for files with cents).
 */
struct pb_instance {
    std::int64_t budget = 0;                ///< > 0, at most pb_max_budget · unit
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
    /// Smallest units per currency unit: 1, 10 or 100. The "add one" completion raises shares
    /// by one currency unit (`unit` smallest units); payments are shown in currency units.
    std::int64_t unit = 1;
};

/** What a voter gains from a funded project, for Equal Shares. */
enum class pb_utility {
    cost,      ///< the project's cost, for every project with a positive score
    approval,  ///< 1 for every project with a positive score
    points,    ///< the score (points given)
};

/** The family of a rule (see the top of this file). */
enum class pb_rule_kind { greedy, greedy_no_skip, poznan, phragmen, equal_shares, borda_greedy };

/** How Equal Shares goes on when its count leaves money unspent. */
enum class pb_completion {
    none,             ///< the plain count
    add_one,          ///< raise every voter's share by `increment` (default one currency unit)
    budget_increase,  ///< raise the whole budget by `increment` (default 1 % of it)
};

/** A rule with its parameters. The default is what polls use: Equal Shares, add one, greedy. */
struct pb_rule {
    pb_rule_kind kind = pb_rule_kind::equal_shares;
    /// greedy family: projects whose support is below this are not funded (0: none).
    std::int64_t min_support = 0;
    // Equal Shares only:
    pb_utility utility = pb_utility::cost;
    pb_completion completion = pb_completion::add_one;
    /// Smallest units per step of the completion; 0: one currency unit per voter (add one), or
    /// 1 % of the budget rounded up (budget increase).
    std::int64_t increment = 0;
    bool then_greedy = true;  ///< after the completion, fund greedily what still fits
    bool operator==(const pb_rule&) const = default;
};

/**
 * The rule's name: pabulib's where it has one ("greedy", "greedy-threshold", "greedy-no-skip",
 * "equalshares", "equalshares/add1"), else in the same style ("poznan", "sequential-phragmen",
 * "borda-greedy", "equalshares/add5", "equalshares/increase1000", "equalshares/add1+greedy").
 * Amounts in names are in currency units of `unit` (e.g. add0.5 with unit 100).
 */
std::string rule_name(const pb_rule& r, std::int64_t unit = 1);

/**
 * The rule a name denotes (as rule_name writes them; "greedy-threshold" needs `min_support`
 * separately), or nullopt with `error` set to why not. `unit`: smallest units per currency unit.
 */
std::optional<pb_rule> parse_rule_name(std::string_view name, std::int64_t unit,
                                       std::string& error);

/** Why a project is not funded (`funded` when it is). */
enum class pb_reason {
    funded,
    no_support,                ///< nobody voted for it
    below_threshold,           ///< its support is below the rule's minimum
    did_not_fit,               ///< it cost more than what was left when its turn came
    supporters_could_not_pay,  ///< Equal Shares: its supporters' shares could not pay for it
    not_reached,               ///< the count stopped before its turn (no-skip rules)
};

/** The wire name of a reason: "funded", "no_support", ... as the enum, lower case. */
std::string_view to_string(pb_reason r);

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
    /// Phragmén only: its supporters' load after buying it, exact "p/q" in smallest units.
    std::string load;
    /// "equal_shares" | "completion_greedy" | "greedy" | "greedy_no_skip" | "poznan" |
    /// "poznan_top_up" (funded with the 80 % rule) | "phragmen" | "borda_greedy"
    std::string stage;
    bool operator==(const pb_funded&) const = default;
};

/** One project's result: every project of the instance, in index order. */
struct pb_project_result {
    std::size_t project = 0;
    pb_reason reason = pb_reason::no_support;
    std::int64_t support = 0;     ///< as in pb_funded
    std::int64_t supporters = 0;  ///< voters with a positive score
    bool operator==(const pb_project_result&) const = default;
};

/** The result of a rule, ready to show: funded projects, money spent and left, tie rule. */
struct pb_outcome {
    /// "greedy" | "greedy_no_skip" | "poznan" | "phragmen" | "equal_shares" | "borda_greedy"
    std::string rule;
    std::string pabulib_rule;  ///< rule_name() of the rule counted, e.g. "equalshares/add1+greedy"
    std::vector<pb_funded> funded;  ///< in the order the rule chose them
    std::int64_t total_cost = 0;
    /// budget - total_cost; negative only for poznan when the 80 % rule topped a project up.
    std::int64_t budget_left = 0;
    std::string tie_rule;  ///< the deterministic tie-breaking rule, one English sentence
    /// The same as keys a program can apply in order, e.g. {"rho asc", "utility desc",
    /// "cost asc", "project_id asc"}; a project that is better on the first key that differs
    /// wins.
    std::vector<std::string> tie_keys;
    /// The keys of the greedy completion after Equal Shares; empty for the other rules.
    std::vector<std::string> completion_tie_keys;
    /// Equal Shares with a completion: smallest units added to each voter's share per raise,
    /// exact "p/q" (the increment, or the budget step over the voters); empty otherwise.
    std::string share_increment;
    /// Equal Shares: the per-voter share finally used, exact "p/q" in smallest units
    /// ((budget + completion_rounds · step) / voters); empty when there are no voters.
    std::string per_voter_share;
    /// Equal Shares: how many raises (of `increment` per voter, or of the budget) the
    /// completion made; 0 without completion.
    std::int64_t completion_rounds = 0;
    /// Every project with the reason it is or is not funded, in index order.
    std::vector<pb_project_result> projects;
    /// Voters with at least one funded project among those they gave a positive score.
    std::int64_t satisfied_voters = 0;
    std::int64_t voters = 0;  ///< every voter, also those with an empty ballot
    bool operator==(const pb_outcome&) const = default;
};

/** Thrown when a count is cancelled through its `cancel` flag (the server shuts down). */
class pb_cancelled : public std::runtime_error {
  public:
    pb_cancelled() : std::runtime_error("the count was cancelled") {}
};

/**
 * Checks an instance against the rules' preconditions: budget in 1..pb_max_budget · unit, unit
 * 1, 10 or 100, at most pb_max_projects projects with distinct ids and costs in
 * 1..pb_max_budget · unit (a project may cost more than the budget: it is never funded), voter
 * counts > 0 and in total at most pb_max_voters, scores > 0 for existing projects, at most one
 * score per project in a ballot and at most `max_points_per_voter` points in one ballot (Borda
 * scores of long rankings need more; greedy rules take any). The rules assume it.
 */
check validate(const pb_instance& in, std::int64_t max_points_per_voter = pb_max_points_per_voter);

/**
 * Counts `in` (validated) with rule `r`. `cancel`, when given, is read between the counts of a
 * completion and the rounds of Phragmén; once it is true the count throws pb_cancelled.
 * Throws std::invalid_argument for a rule parameter out of range (a negative increment).
 */
pb_outcome count(const pb_instance& in, const pb_rule& r,
                 const std::atomic<bool>* cancel = nullptr);

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

/**
 * `count(in, r)` for an Equal Shares rule, with its completion by the plain definition (one full
 * count per raise). Slow; the reference for the completions in tests.
 */
pb_outcome count_stepwise(const pb_instance& in, const pb_rule& r);

}  // namespace traffpunkt::pb
