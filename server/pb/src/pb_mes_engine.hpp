#pragma once

// One count of the Method of Equal Shares at a given per-voter share, exact; and the same count
// "just above" that share, which also tells for how many further raises of the share the
// outcome stays the same. Internal to traffpunkt_pb (see pb_rules.hpp for the rules).

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "pb_exact.hpp"
#include "traffpunkt/pb/pb_rules.hpp"

namespace traffpunkt::pb::pb_detail {

/** One voter group's stake in one project. */
struct mes_supporter {
    std::uint32_t group = 0;   ///< index of the group's budget
    std::int64_t utility = 0;  ///< internal utility of one voter: 1 (cost, approval) or points
    std::int64_t count = 0;    ///< voters in the group
};

/**
 * An instance prepared for counting: voters with identical ballots merged into groups, and
 * utilities in an internal form. For cost utilities every supporter of a project has the same
 * utility (its cost), so a supporter's payment is the same as with approval utilities; only
 * the price per unit of utility differs: ρ = payment per internal unit / weight, weight = cost.
 */
struct mes_problem {
    std::int64_t budget = 0;
    std::int64_t voters = 0;  ///< n: every voter, also those with an empty ballot
    /// What a raise of 1 adds to the total budget the shares are cut from: slope_a·slope_b
    /// (voters·increment for "add one", or step·1 for a fixed budget step). Positive.
    std::int64_t slope_a = 0, slope_b = 1;
    /// An outcome is exhaustive when no project that is not funded fits, supported or not
    /// (pabutools' exhaustion_by_budget_increase); otherwise only supported ones count.
    bool exhaustive_all = false;
    std::size_t groups = 0;  ///< groups with at least one score
    std::vector<std::int64_t> cost;
    std::vector<std::int64_t> weight;         ///< cost (cost utilities) or 1
    std::vector<std::int64_t> utility_total;  ///< sum of count x internal utility; 0: unsupported
    std::vector<std::size_t> rank;            ///< tie-break position: lower wins a tie of ρ
    std::vector<std::vector<mes_supporter>> supporters;
    bool unit_utilities = true;  ///< every internal utility is 1 (cost and approval utilities)
    /// Integer width that held the last count's numbers (0: 256 bits, 1: 512, 2: unbounded).
    /// A speed hint only, so counting is allowed to update it on a const problem.
    mutable int width = 0;
};

/** Prepares `in` (validated) for counting with utility model `u`. */
mes_problem make_mes_problem(const pb_instance& in, pb_utility u);

/**
 * True if `p` has a project that is not funded and still fits in the budget: a supported one,
 * or any one with `exhaustive_all`.
 */
bool fits_more(const mes_problem& p, const std::vector<bool>& funded, std::int64_t total_cost);

/** True if every supported project of `p` is funded: no raise can change the outcome then. */
bool funds_every_supported(const mes_problem& p, const std::vector<bool>& funded);

/** One project funded by a count, with the exact numbers to explain it. */
struct mes_funded {
    std::size_t project = 0;
    big_int rho_num, rho_den;                               ///< price per unit of utility
    big_int max_payment_num, min_payment_num, payment_den;  ///< what one supporter paid
};

/** Raises with an unchanged outcome when nothing ever changes (see count_just_above). */
inline constexpr std::int64_t mes_stable_forever = std::int64_t{1} << 62;

/** The outcome of one count at per-voter share (budget + raise·slope) / voters. */
struct mes_count {
    std::vector<mes_funded> funded;  ///< in the order chosen
    std::vector<bool> is_funded;     ///< by project index
    std::int64_t total_cost = 0;
    /// count_just_above only: the outcome is this one for every raise r with
    /// raise < r < raise + stable_for (mes_stable_forever: for every r > raise).
    std::int64_t stable_for = mes_stable_forever;
    /// count_just_above only: some decision at exactly `raise` was a tie that only the
    /// direction of change decided, so the count at `raise` itself may differ.
    bool tie_at_raise = false;
};

/** Equal Shares (without completion) with every voter's share (budget + raise·slope) / voters. */
mes_count count_at(const mes_problem& p, std::int64_t raise);

/**
 * Equal Shares at share budget / voters + raise + ε for an infinitesimal ε > 0, and how far
 * beyond `raise` that outcome holds. Every budget, payment and price is then an affine function
 * a + b·x of the raise x, exact, compared by its value at `raise` and then by its slope. Each
 * decision of the count (which supporters pay all they have left, which projects cannot be
 * paid, which project is cheapest) is a sign of such a function; it keeps its sign until the
 * function crosses zero, so the outcome is the same up to the nearest crossing above `raise`.
 */
mes_count count_just_above(const mes_problem& p, std::int64_t raise);

/** A parametric count that can be continued at a higher raise (internal). */
class mes_resumable {
  public:
    virtual ~mes_resumable() = default;
    virtual mes_count resume(std::int64_t raise) = 0;
};

/** The last count_just_above made with it, kept to be continued. Empty: no count yet. */
struct mes_history {
    mes_history();
    mes_history(const mes_history&) = delete;
    mes_history& operator=(const mes_history&) = delete;
    ~mes_history();
    const mes_problem* problem = nullptr;
    std::int64_t raise = 0;
    int width = -1;         ///< mes_problem::width of the engine
    bool disabled = false;  ///< counts too large to keep: every count starts afresh
    std::unique_ptr<mes_resumable> engine;
};

/**
 * count_just_above(p, raise), the same result, continuing `h`, a count at a lower raise of the
 * same problem: the first rounds, whose decisions all still hold at `raise`, are not counted
 * again; the count goes on from the first round that may go otherwise (see
 * mes_engine::resume). Then `h` is this count.
 */
mes_count count_just_above(const mes_problem& p, std::int64_t raise, mes_history& h);

}  // namespace traffpunkt::pb::pb_detail
