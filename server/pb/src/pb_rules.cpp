#include "traffpunkt/pb/pb_rules.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "pb_exact.hpp"
#include "pb_mes_engine.hpp"

namespace traffpunkt::pb {

using domain::invalid_value;
namespace {

using pb_detail::big_int;

constexpr const char* greedy_tie_rule =
    "Projects are taken in order of highest support; equal support goes to the lower cost, "
    "then to the lower project id.";
constexpr const char* equal_shares_tie_rule =
    "Equal Shares funds the project with the lowest price per unit of utility (rho); equal "
    "prices go to the higher total utility, then the lower cost, then the lower project id, "
    "and projects added by the greedy completion are taken by highest support, then lower "
    "cost, then lower project id.";

std::string index_field(const char* name, std::size_t i) {
    return std::string(name) + "[" + std::to_string(i) + "]";
}

/** Support (sum of scores) and supporters (voters with a score) of every project. */
struct support_counts {
    std::vector<std::int64_t> support, supporters;
};

support_counts count_support(const pb_instance& in) {
    support_counts s;
    s.support.assign(in.costs.size(), 0);
    s.supporters.assign(in.costs.size(), 0);
    for (const auto& v : in.voters) {
        for (const auto& [j, score] : v.scores) {
            s.support[j] += score * v.count;
            s.supporters[j] += v.count;
        }
    }
    return s;
}

/** Projects with support, best first: higher support, then lower cost, then lower id. */
std::vector<std::size_t> by_support(const pb_instance& in, const support_counts& s) {
    std::vector<std::size_t> order;
    for (std::size_t j = 0; j < in.costs.size(); ++j) {
        if (s.support[j] > 0) {
            order.push_back(j);
        }
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (s.support[a] != s.support[b]) {
            return s.support[a] > s.support[b];
        }
        if (in.costs[a] != in.costs[b]) {
            return in.costs[a] < in.costs[b];
        }
        return in.project_ids[a] < in.project_ids[b];
    });
    return order;
}

pb_funded plain_entry(const pb_instance& in, const support_counts& s, std::size_t j,
                      const char* stage) {
    pb_funded f;
    f.project = j;
    f.cost = in.costs[j];
    f.support = s.support[j];
    f.supporters = s.supporters[j];
    f.stage = stage;
    return f;
}

/** Adds, in order of support, every unfunded project that still fits. */
void fund_greedily(const pb_instance& in, const support_counts& s, std::vector<bool>& funded,
                   const char* stage, pb_outcome& out) {
    for (const std::size_t j : by_support(in, s)) {
        if (!funded[j] && in.costs[j] <= in.budget - out.total_cost) {
            funded[j] = true;
            out.funded.push_back(plain_entry(in, s, j, stage));
            out.total_cost += in.costs[j];
        }
    }
    out.budget_left = in.budget - out.total_cost;
}

/**
 * The raise of the per-voter share that the "add one" completion settles on, by its plain
 * definition: starting at raise 0, stop at an exhaustive outcome, or when the next raise's
 * outcome would cost more than the budget; otherwise take the next raise. Every raise is counted.
 *
 * It ends: once the share reaches the total cost of all supported projects, every supporter can
 * pay any project alone, so every supported project is funded, which is exhaustive.
 */
std::int64_t settle_stepwise(const pb_detail::mes_problem& p) {
    std::int64_t raise = 0;
    auto at = pb_detail::count_at(p, raise);
    for (;;) {
        if (!pb_detail::fits_more(p, at.is_funded, at.total_cost)) {
            return raise;
        }
        auto next = pb_detail::count_at(p, raise + 1);
        if (next.total_cost > p.budget) {
            return raise;
        }
        ++raise;
        at = std::move(next);
    }
}

/**
 * The same raise as settle_stepwise, with fewer counts. The count "just above" raise r gives the
 * outcome O+ of every raise in (r, r + J) at once (see count_just_above), and whether the count
 * at r itself may differ (only if a decision at r was an exact tie; then r is counted on its
 * own). Within (r, r + J) the stepwise loop would see the same O+ at every raise: if O+ costs
 * more than the budget it stops at r, if O+ is exhaustive it stops at r + 1, and otherwise it
 * walks on to r + J - 1 unchanged. So the loop below makes exactly the stepwise decisions; it
 * counts once per change in the course of the count (which project is chosen, who pays all
 * they have left, which projects are unaffordable) instead of once per raise. Each count
 * continues the one before (see the mes_history overload of count_just_above): the rounds
 * whose decisions still hold are not counted again.
 */
std::int64_t settle_by_jumps(const pb_detail::mes_problem& p) {
    std::int64_t raise = 0;
    pb_detail::mes_history history;  // each count continues the one before
    auto above = pb_detail::count_just_above(p, raise, history);
    auto at_is_funded = above.is_funded;
    auto at_cost = above.total_cost;
    if (above.tie_at_raise) {
        auto at = pb_detail::count_at(p, raise);
        at_is_funded = std::move(at.is_funded);
        at_cost = at.total_cost;
    }
    for (;;) {
        if (!pb_detail::fits_more(p, at_is_funded, at_cost)) {
            return raise;
        }
        if (above.stable_for > 1) {
            if (above.total_cost > p.budget) {
                return raise;
            }
            if (!pb_detail::fits_more(p, above.is_funded, above.total_cost)) {
                return raise + 1;
            }
            if (above.stable_for >= pb_detail::mes_stable_forever) {
                // Cannot happen: for large raises every supported project is funded, which is
                // exhaustive (checked just above). Stop rather than loop.
                return raise + 1;
            }
            raise += above.stable_for - 1;  // the outcome is `above` up to here
        }
        auto next_above = pb_detail::count_just_above(p, raise + 1, history);
        auto next_is_funded = next_above.is_funded;
        auto next_cost = next_above.total_cost;
        if (next_above.tie_at_raise) {
            auto at = pb_detail::count_at(p, raise + 1);
            next_is_funded = std::move(at.is_funded);
            next_cost = at.total_cost;
        }
        if (next_cost > p.budget) {
            return raise;
        }
        ++raise;
        above = std::move(next_above);
        at_is_funded = std::move(next_is_funded);
        at_cost = next_cost;
    }
}

enum class completion { none, stepwise, jumps };

pb_outcome run_equal_shares(const pb_instance& in, pb_utility u, completion how) {
    pb_outcome out;
    out.rule = "equal_shares";
    out.tie_rule = equal_shares_tie_rule;
    const auto support = count_support(in);
    const auto problem = pb_detail::make_mes_problem(in, u);
    std::vector<bool> funded(in.costs.size(), false);
    if (problem.voters > 0) {
        std::int64_t raise = 0;
        if (how == completion::stepwise) {
            raise = settle_stepwise(problem);
        } else if (how == completion::jumps) {
            raise = settle_by_jumps(problem);
        }
        const auto count = pb_detail::count_at(problem, raise);
        for (const auto& f : count.funded) {
            pb_funded e = plain_entry(in, support, f.project, "equal_shares");
            e.rho = pb_detail::fraction_text(f.rho_num, f.rho_den);
            e.max_payment = pb_detail::decimal_text(f.max_payment_num, f.payment_den);
            e.min_payment = pb_detail::decimal_text(f.min_payment_num, f.payment_den);
            e.max_payment_exact = pb_detail::fraction_text(f.max_payment_num, f.payment_den);
            e.min_payment_exact = pb_detail::fraction_text(f.min_payment_num, f.payment_den);
            out.funded.push_back(std::move(e));
            out.total_cost += in.costs[f.project];
            funded[f.project] = true;
        }
        out.per_voter_share = pb_detail::fraction_text(
            big_int(in.budget) + big_int(raise) * problem.voters, big_int(problem.voters));
        out.completion_rounds = raise;
    }
    out.budget_left = in.budget - out.total_cost;
    if (how != completion::none) {
        fund_greedily(in, support, funded, "completion_greedy", out);
    }
    return out;
}

}  // namespace

check validate(const pb_instance& in) {
    if (in.budget <= 0 || in.budget > pb_max_budget) {
        return invalid_value("budget", "the budget must be between 1 and 10^12");
    }
    const std::size_t m = in.costs.size();
    if (m > pb_max_projects) {
        return invalid_value("costs", "at most 500 projects");
    }
    if (in.project_ids.size() != m) {
        return invalid_value("project_ids", "one project id for every cost");
    }
    if (std::set<std::int64_t>(in.project_ids.begin(), in.project_ids.end()).size() != m) {
        return invalid_value("project_ids", "project ids must be distinct");
    }
    for (std::size_t j = 0; j < m; ++j) {
        if (in.costs[j] <= 0 || in.costs[j] > in.budget) {
            return invalid_value(index_field("costs", j),
                                 "a project's cost must be between 1 and the budget");
        }
    }
    std::int64_t voters = 0;
    std::vector<bool> seen(m, false);
    for (std::size_t i = 0; i < in.voters.size(); ++i) {
        const auto& v = in.voters[i];
        const std::string field = index_field("voters", i);
        if (v.count <= 0 || v.count > pb_max_voters - voters) {
            return invalid_value(field + ".count",
                                 "voter counts must be positive and at most 1000000 in total");
        }
        voters += v.count;
        std::int64_t points = 0;
        for (std::size_t k = 0; k < v.scores.size(); ++k) {
            const auto& [j, score] = v.scores[k];
            const std::string score_field = field + index_field(".scores", k);
            if (j >= m) {
                return invalid_value(score_field, "no such project");
            }
            if (seen[j]) {
                return invalid_value(score_field, "a project is scored twice in one ballot");
            }
            if (score <= 0 || score > pb_max_points_per_voter - points) {
                return invalid_value(score_field,
                                     "scores must be positive and at most 1000 in one ballot");
            }
            seen[j] = true;
            points += score;
        }
        for (const auto& score : v.scores) {
            seen[score.first] = false;
        }
    }
    return std::nullopt;
}

pb_outcome greedy(const pb_instance& in) {
    pb_outcome out;
    out.rule = "greedy";
    out.tie_rule = greedy_tie_rule;
    const auto support = count_support(in);
    std::vector<bool> funded(in.costs.size(), false);
    fund_greedily(in, support, funded, "greedy", out);
    return out;
}

pb_outcome equal_shares(const pb_instance& in, pb_utility u, bool complete) {
    return run_equal_shares(in, u, complete ? completion::jumps : completion::none);
}

pb_outcome equal_shares_stepwise(const pb_instance& in, pb_utility u) {
    return run_equal_shares(in, u, completion::stepwise);
}

}  // namespace traffpunkt::pb
