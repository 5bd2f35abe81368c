#include "traffpunkt/pb/pb_rules.hpp"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "pb_exact.hpp"
#include "pb_mes_engine.hpp"
#include "pb_rule_parts.hpp"

namespace traffpunkt::pb {

using domain::invalid_value;

namespace {

using pb_detail::big_int;
using pb_detail::support_counts;

constexpr const char* greedy_tie_rule =
    "Projects are taken in order of highest support; equal support goes to the lower cost, "
    "then to the lower project id.";
constexpr const char* equal_shares_tie_rule =
    "Equal Shares funds the project with the lowest price per unit of utility (rho); equal "
    "prices go to the higher total utility, then the lower cost, then the lower project id, "
    "and projects added by the greedy completion are taken by highest support, then lower "
    "cost, then lower project id.";
constexpr const char* equal_shares_plain_tie_rule =
    "Equal Shares funds the project with the lowest price per unit of utility (rho); equal "
    "prices go to the higher total utility, then the lower cost, then the lower project id.";

const std::vector<std::string>& greedy_keys() {
    static const std::vector<std::string> keys{"support desc", "cost asc", "project_id asc"};
    return keys;
}

const std::vector<std::string>& equal_shares_keys() {
    static const std::vector<std::string> keys{"rho asc", "utility desc", "cost asc",
                                               "project_id asc"};
    return keys;
}

std::string index_field(const char* name, std::size_t i) {
    return std::string(name) + "[" + std::to_string(i) + "]";
}

void check_cancel(const std::atomic<bool>* cancel) {
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
        throw pb_cancelled();
    }
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
    for (const std::size_t j : pb_detail::by_support(in, s)) {
        if (!funded[j] && in.costs[j] <= in.budget - out.total_cost) {
            funded[j] = true;
            out.funded.push_back(plain_entry(in, s, j, stage));
            out.total_cost += in.costs[j];
        }
    }
    out.budget_left = in.budget - out.total_cost;
}

/**
 * The greedy family: projects by support, each funded if it fits. `kind` says what happens at
 * the first project that does not fit: greedy and borda-greedy pass it over, no-skip stops
 * (passing over pabulib's withdrawn projects), Poznań funds it if what is left covers
 * 80 % of its cost, and stops either way.
 */
pb_outcome run_greedy(const pb_instance& in, const pb_rule& r, const char* rule,
                      const char* stage) {
    pb_outcome out;
    out.rule = rule;
    out.tie_rule = greedy_tie_rule;
    out.tie_keys = greedy_keys();
    const auto support = pb_detail::count_support(in);
    std::vector<pb_reason> reason(in.costs.size(), pb_reason::no_support);
    bool stopped = false;
    for (const std::size_t j : pb_detail::by_support(in, support)) {
        if (support.support[j] < r.min_support) {
            reason[j] = pb_reason::below_threshold;
            continue;
        }
        if (stopped) {
            reason[j] = pb_reason::not_reached;
            continue;
        }
        const std::int64_t left = in.budget - out.total_cost;
        if (in.costs[j] <= left) {
            reason[j] = pb_reason::funded;
            out.funded.push_back(plain_entry(in, support, j, stage));
            out.total_cost += in.costs[j];
            continue;
        }
        reason[j] = pb_reason::did_not_fit;
        if (r.kind == pb_rule_kind::greedy_no_skip && in.costs[j] != pb_withdrawn_cost * in.unit) {
            stopped = true;
        } else if (r.kind == pb_rule_kind::poznan) {
            // Exact form of left >= 0.8 · cost.
            if (big_int(left) * 5 >= big_int(in.costs[j]) * 4) {
                reason[j] = pb_reason::funded;
                out.funded.push_back(plain_entry(in, support, j, "poznan_top_up"));
                out.total_cost += in.costs[j];
            }
            stopped = true;
        }
    }
    out.budget_left = in.budget - out.total_cost;
    pb_detail::explain(in, support, reason, out);
    return out;
}

/**
 * The raise of the per-voter share that the completion settles on, by its plain definition:
 * starting at raise 0, stop at an exhaustive outcome, or when the next raise's outcome would
 * cost more than the budget; otherwise take the next raise. Every raise is counted.
 *
 * It ends: once the share reaches the total cost of all supported projects, every supporter can
 * pay any project alone, so every supported project is funded; that is exhaustive, or (when
 * unsupported projects count for exhaustiveness) nothing changes any more, where it stops too.
 */
std::int64_t settle_stepwise(const pb_detail::mes_problem& p) {
    std::int64_t raise = 0;
    auto at = pb_detail::count_at(p, raise);
    for (;;) {
        if (!pb_detail::fits_more(p, at.is_funded, at.total_cost) ||
            pb_detail::funds_every_supported(p, at.is_funded)) {
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
std::int64_t settle_by_jumps(const pb_detail::mes_problem& p, const std::atomic<bool>* cancel) {
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
        check_cancel(cancel);
        if (!pb_detail::fits_more(p, at_is_funded, at_cost) ||
            pb_detail::funds_every_supported(p, at_is_funded)) {
            return raise;
        }
        if (above.stable_for > 1) {
            if (above.total_cost > p.budget) {
                return raise;
            }
            if (!pb_detail::fits_more(p, above.is_funded, above.total_cost) ||
                pb_detail::funds_every_supported(p, above.is_funded)) {
                return raise + 1;
            }
            if (above.stable_for >= pb_detail::mes_stable_forever) {
                // Cannot happen: for large raises every supported project is funded (checked
                // just above). Stop rather than loop.
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

enum class settle { none, stepwise, jumps };

pb_outcome run_equal_shares(const pb_instance& in, const pb_rule& r, settle how,
                            const std::atomic<bool>* cancel) {
    pb_outcome out;
    out.rule = "equal_shares";
    const bool completes = r.completion != pb_completion::none;
    const bool greedy_after = r.then_greedy;
    out.tie_rule = greedy_after ? equal_shares_tie_rule : equal_shares_plain_tie_rule;
    out.tie_keys = equal_shares_keys();
    if (greedy_after) {
        out.completion_tie_keys = greedy_keys();
    }
    const auto support = pb_detail::count_support(in);
    auto problem = pb_detail::make_mes_problem(in, r.utility);
    if (r.completion == pb_completion::add_one) {
        problem.slope_b = r.increment > 0 ? r.increment : in.unit;  // per voter
    } else if (r.completion == pb_completion::budget_increase) {
        // pabutools' default step is 1 % of the budget; ours is that, rounded up to a unit.
        problem.slope_a = r.increment > 0 ? r.increment : (in.budget + 99) / 100;
        problem.slope_b = 1;
        problem.exhaustive_all = true;  // as pabutools' exhaustion_by_budget_increase
    }
    std::vector<pb_reason> reason(in.costs.size(), pb_reason::no_support);
    for (std::size_t j = 0; j < in.costs.size(); ++j) {
        if (support.support[j] > 0) {
            reason[j] = pb_reason::supporters_could_not_pay;
        }
    }
    std::vector<bool> funded(in.costs.size(), false);
    if (problem.voters > 0) {
        std::int64_t raise = 0;
        if (completes && how == settle::stepwise) {
            raise = settle_stepwise(problem);
        } else if (completes) {
            raise = settle_by_jumps(problem, cancel);
        }
        const auto count = pb_detail::count_at(problem, raise);
        for (const auto& f : count.funded) {
            pb_funded e = plain_entry(in, support, f.project, "equal_shares");
            e.rho = pb_detail::fraction_text(f.rho_num, f.rho_den);
            // Payments are in smallest units; people read them in currency units.
            const big_int den = f.payment_den * in.unit;
            e.max_payment = pb_detail::decimal_text(f.max_payment_num, den);
            e.min_payment = pb_detail::decimal_text(f.min_payment_num, den);
            e.max_payment_exact = pb_detail::fraction_text(f.max_payment_num, den);
            e.min_payment_exact = pb_detail::fraction_text(f.min_payment_num, den);
            out.funded.push_back(std::move(e));
            out.total_cost += in.costs[f.project];
            funded[f.project] = true;
            reason[f.project] = pb_reason::funded;
        }
        const big_int slope = big_int(problem.slope_a) * problem.slope_b;
        out.per_voter_share =
            pb_detail::fraction_text(big_int(in.budget) + raise * slope, big_int(problem.voters));
        if (completes) {
            out.share_increment = pb_detail::fraction_text(slope, big_int(problem.voters));
        }
        out.completion_rounds = raise;
    }
    out.budget_left = in.budget - out.total_cost;
    if (greedy_after) {
        const auto before = out.funded.size();
        fund_greedily(in, support, funded, "completion_greedy", out);
        for (std::size_t k = before; k < out.funded.size(); ++k) {
            reason[out.funded[k].project] = pb_reason::funded;
        }
    }
    pb_detail::explain(in, support, reason, out);
    return out;
}

pb_outcome run(const pb_instance& in, const pb_rule& r, settle how,
               const std::atomic<bool>* cancel) {
    if (r.increment < 0 || r.min_support < 0) {
        throw std::invalid_argument("the increment and the minimum support must not be negative");
    }
    pb_outcome out;
    switch (r.kind) {
        case pb_rule_kind::greedy:
            out = run_greedy(in, r, "greedy", "greedy");
            break;
        case pb_rule_kind::greedy_no_skip:
            out = run_greedy(in, r, "greedy_no_skip", "greedy_no_skip");
            break;
        case pb_rule_kind::poznan:
            out = run_greedy(in, r, "poznan", "poznan");
            break;
        case pb_rule_kind::borda_greedy:
            out = run_greedy(in, r, "borda_greedy", "borda_greedy");
            break;
        case pb_rule_kind::phragmen:
            out = pb_detail::phragmen(in, cancel);
            break;
        case pb_rule_kind::equal_shares:
            out = run_equal_shares(in, r, how, cancel);
            break;
    }
    out.pabulib_rule = rule_name(r, in.unit);
    return out;
}

}  // namespace

check validate(const pb_instance& in, std::int64_t max_points_per_voter) {
    if (in.unit != 1 && in.unit != 10 && in.unit != 100) {
        return invalid_value("unit", "the smallest unit is a whole, a tenth or a hundredth");
    }
    const std::int64_t max_amount = pb_max_budget * in.unit;
    if (in.budget <= 0 || in.budget > max_amount) {
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
        if (in.costs[j] <= 0 || in.costs[j] > max_amount) {
            return invalid_value(index_field("costs", j),
                                 "a project's cost must be between 1 and 10^12");
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
            if (score <= 0 || score > max_points_per_voter - points) {
                return invalid_value(score_field, "scores must be positive and at most " +
                                                      std::to_string(max_points_per_voter) +
                                                      " in one ballot");
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

std::string_view to_string(pb_reason r) {
    switch (r) {
        case pb_reason::funded:
            return "funded";
        case pb_reason::no_support:
            return "no_support";
        case pb_reason::below_threshold:
            return "below_threshold";
        case pb_reason::did_not_fit:
            return "did_not_fit";
        case pb_reason::supporters_could_not_pay:
            return "supporters_could_not_pay";
        case pb_reason::not_reached:
            return "not_reached";
    }
    return "";
}

pb_outcome count(const pb_instance& in, const pb_rule& r, const std::atomic<bool>* cancel) {
    return run(in, r, settle::jumps, cancel);
}

pb_outcome count_stepwise(const pb_instance& in, const pb_rule& r) {
    return run(in, r, settle::stepwise, nullptr);
}

pb_outcome greedy(const pb_instance& in) {
    pb_rule r;
    r.kind = pb_rule_kind::greedy;
    return count(in, r);
}

pb_outcome equal_shares(const pb_instance& in, pb_utility u, bool complete) {
    pb_rule r;
    r.utility = u;
    r.completion = complete ? pb_completion::add_one : pb_completion::none;
    r.then_greedy = complete;
    return count(in, r);
}

pb_outcome equal_shares_stepwise(const pb_instance& in, pb_utility u) {
    pb_rule r;
    r.utility = u;
    return count_stepwise(in, r);
}

}  // namespace traffpunkt::pb
