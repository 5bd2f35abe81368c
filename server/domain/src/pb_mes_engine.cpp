#include "pb_mes_engine.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace traffpunkt::domain::pb_detail {
namespace {

constexpr std::size_t none = static_cast<std::size_t>(-1);

/**
 * A machine integer as Boost's limb type. std::int64_t is `long` here, which cpp_int's
 * arithmetic would first convert to a temporary big integer; `long long` takes the fast path.
 */
constexpr long long limb(std::int64_t x) {
    return x;
}

/**
 * An amount of money as a numerator over the count's common denominator. A parametric count
 * also carries the slope: the amount is v + d·x for a raise x above the count's raise, and
 * amounts compare by v, then by d (their order for an infinitesimal x > 0).
 */
template <bool Parametric, class I>
struct money {
    I v;
};
template <class I>
struct money<true, I> {
    I v;
    I d;
};

template <bool P, class I>
int compare(const money<P, I>& a, const money<P, I>& b) {
    const int c = a.v.compare(b.v);
    if constexpr (P) {
        if (c == 0) {
            return a.d.compare(b.d);
        }
    }
    return c;
}

template <bool P, class I>
void multiply(money<P, I>& a, long long f) {
    a.v *= f;
    if constexpr (P) {
        a.d *= f;
    }
}

/** |x| mod m for m > 0, as a machine integer. */
template <class I>
std::int64_t abs_mod(const I& x, std::int64_t m) {
    I r = x % limb(m);
    if (r.sign() < 0) {
        r = -r;
    }
    return r.template convert_to<std::int64_t>();
}

/**
 * One count of Equal Shares. Voters are groups of identical ballots; a group's budget is what
 * each of its voters has left. All money is a numerator over `denominator_`, which grows (and
 * every numerator with it) whenever a payment would not be a whole multiple of 1/denominator_.
 *
 * Prices: for project j, paying at price ρ per unit of utility costs supporter i
 * min(budget_i, ρ·u_ij). At the least ρ that pays the cost, the supporters with
 * budget_i / u_ij < ρ pay all they have ("capped"), the others pay ρ·u_ij (see set_price).
 * A price is kept as excess / (denominator_ · divisor): excess is the cost minus what the capped
 * supporters pay, divisor is the utility of the others times the project's weight.
 *
 * Integers: I is a checked fixed-width integer or the unbounded one (see count_with).
 *
 * Lazy prices: budgets only shrink, so a project's price only rises. The price found at its last
 * evaluation is a lower bound; projects are visited in order of that bound and the scan stops
 * once the best price found is below the next bound. The first bound, cost / total utility, is
 * the price if nobody were capped, also a lower bound.
 */
template <bool P, class I>
class mes_engine {
  public:
    mes_engine(const mes_problem& p, std::int64_t raise);
    mes_count run();

  private:
    using value = money<P, I>;
    struct price {
        value excess;
        std::int64_t rest = 0;     // utility of the supporters who are not capped
        std::int64_t divisor = 0;  // rest x the project's weight
    };

    bool less(std::size_t a, std::size_t b);
    int compare_scaled(const value& a, std::int64_t x, const value& b, std::int64_t y);
    void difference_scaled(const value& a, std::int64_t x, const value& b, std::int64_t y);
    void cost_times_denominator(std::size_t j);
    value& budget(std::uint32_t group);
    bool set_price(std::size_t j);
    void requeue(std::size_t evaluated);
    void note(const value& g);
    void note_decisions(std::size_t best);
    void rescale(std::int64_t f, std::size_t best);
    void pay(std::size_t best);

    const mes_problem& p_;
    I denominator_;
    std::vector<value> budgets_;                          // per group: what one voter has left
    std::vector<std::uint32_t> epoch_;                    // per group: rescales applied so far
    std::vector<long long> factors_;                      // every rescale's factor, in order
    std::vector<std::vector<mes_supporter>> supporters_;  // with money left; capped ones first
    std::vector<price> bound_;                            // price at the last evaluation
    std::vector<std::size_t> capped_;                     // how many supporters are capped
    std::vector<std::int64_t> live_utility_;              // utility of supporters with money left
    std::vector<bool> done_;                              // funded, unaffordable or unsupported
    std::vector<std::size_t> queue_;                      // the others, by (bound, rank)
    std::vector<std::size_t> survivors_, merged_;
    mes_count result_;
    value cd_, diff_, unit_, pay_, max_pay_, min_pay_;
    I t1_, t2_, t3_;
};

template <bool P, class I>
mes_engine<P, I>::mes_engine(const mes_problem& p, std::int64_t raise) : p_(p) {
    // Every voter starts with budget / voters + raise = (budget + raise·voters) / voters.
    denominator_ = p.voters;
    value share;
    share.v = I(limb(p.voters)) * limb(raise) + limb(p.budget);
    if constexpr (P) {
        share.d = p.voters;
    }
    budgets_.assign(p.groups, share);
    epoch_.assign(p.groups, 0);
    supporters_ = p.supporters;
    const std::size_t m = p.cost.size();
    bound_.resize(m);
    capped_.assign(m, 0);
    live_utility_ = p.utility_total;
    done_.assign(m, false);
    result_.is_funded.assign(m, false);
    for (std::size_t j = 0; j < m; ++j) {
        if (p.utility_total[j] == 0) {
            done_[j] = true;  // nobody supports it: never funded
            continue;
        }
        bound_[j].excess.v = denominator_ * limb(p.cost[j]);
        bound_[j].rest = p.utility_total[j];
        bound_[j].divisor = p.utility_total[j] * p.weight[j];
        queue_.push_back(j);
    }
    std::sort(queue_.begin(), queue_.end(),
              [this](std::size_t a, std::size_t b) { return less(a, b); });
}

/** By price (bound) and then tie-break rank: a before b. */
template <bool P, class I>
bool mes_engine<P, I>::less(std::size_t a, std::size_t b) {
    const int c =
        compare_scaled(bound_[a].excess, bound_[b].divisor, bound_[b].excess, bound_[a].divisor);
    return c < 0 || (c == 0 && p_.rank[a] < p_.rank[b]);
}

/** The sign of a·x - b·y. */
template <bool P, class I>
int mes_engine<P, I>::compare_scaled(const value& a, std::int64_t x, const value& b,
                                     std::int64_t y) {
    t1_ = a.v;
    t1_ *= limb(x);
    t2_ = b.v;
    t2_ *= limb(y);
    int c = t1_.compare(t2_);
    if constexpr (P) {
        if (c == 0) {
            t1_ = a.d;
            t1_ *= limb(x);
            t2_ = b.d;
            t2_ *= limb(y);
            c = t1_.compare(t2_);
        }
    }
    return c;
}

/** diff_ = a·x - b·y. */
template <bool P, class I>
void mes_engine<P, I>::difference_scaled(const value& a, std::int64_t x, const value& b,
                                         std::int64_t y) {
    diff_.v = a.v;
    diff_.v *= limb(x);
    t1_ = b.v;
    t1_ *= limb(y);
    diff_.v -= t1_;
    if constexpr (P) {
        diff_.d = a.d;
        diff_.d *= limb(x);
        t1_ = b.d;
        t1_ *= limb(y);
        diff_.d -= t1_;
    }
}

template <bool P, class I>
void mes_engine<P, I>::cost_times_denominator(std::size_t j) {
    cd_.v = denominator_;
    cd_.v *= limb(p_.cost[j]);
    if constexpr (P) {
        cd_.d = 0;
    }
}

/**
 * A group's budget over the current denominator. Rescaling is lazy: a budget catches up with
 * the rescales since it was last used only when it is used again, so budgets of voters whose
 * projects are all decided are never touched again.
 */
template <bool P, class I>
typename mes_engine<P, I>::value& mes_engine<P, I>::budget(std::uint32_t group) {
    value& b = budgets_[group];
    auto& e = epoch_[group];
    while (e < factors_.size()) {
        // Several pending factors at once while their product fits in a machine integer.
        long long f = factors_[e++];
        long long product = 0;  // written even on overflow, hence not straight into f
        while (e < factors_.size() && !__builtin_mul_overflow(f, factors_[e], &product)) {
            f = product;
            ++e;
        }
        multiply(b, f);
    }
    return b;
}

/**
 * The least price that pays j, and who is capped at it; false if j's supporters together have
 * less than its cost.
 *
 * Water-filling by partition rather than a full sort: the candidate price excess / rest starts
 * at cost / total utility (nobody capped). Everybody whose budget / u is below the candidate
 * must be capped (the final price is never below a candidate: capping a voter who cannot pay
 * the candidate raises it). Cap them, recompute, repeat; when nobody new is below the
 * candidate, it is the price: the capped are below it, the others at or above. Usually one or
 * two passes; after a few, the rest is sorted and scanned instead, which bounds the work.
 */
template <bool P, class I>
bool mes_engine<P, I>::set_price(std::size_t j) {
    auto& sups = supporters_[j];
    // Bring every budget to the current denominator before comparing. Drop supporters who
    // have nothing left: they pay nothing for the rest of the count. (Their part in a decision,
    // "cannot pay the price", needs no note: the price stays positive, as the capped
    // supporters with money show, or as the cost does when there are none.)
    for (std::size_t i = 0; i < sups.size();) {
        const value& b = budget(sups[i].group);
        bool empty = b.v.is_zero();
        if constexpr (P) {
            empty = empty && b.d.is_zero();
        }
        if (empty) {
            live_utility_[j] -= sups[i].utility * sups[i].count;
            sups[i] = sups.back();
            sups.pop_back();
        } else {
            ++i;
        }
    }
    price& pr = bound_[j];
    cost_times_denominator(j);
    pr.excess = cd_;
    std::int64_t rest = live_utility_[j];
    const auto cap = [&](const mes_supporter& s) {
        const value& b = budgets_[s.group];
        if (s.count == 1) {
            pr.excess.v -= b.v;
            if constexpr (P) {
                pr.excess.d -= b.d;
            }
        } else {
            t1_ = b.v;
            t1_ *= limb(s.count);
            pr.excess.v -= t1_;
            if constexpr (P) {
                t1_ = b.d;
                t1_ *= limb(s.count);
                pr.excess.d -= t1_;
            }
        }
        rest -= s.utility * s.count;
    };
    // s cannot pay the candidate: budget·rest < excess·u.
    const auto below = [&](const mes_supporter& s) {
        return compare_scaled(budgets_[s.group], rest, pr.excess, s.utility) < 0;
    };
    // The same for utility 1, by thresholds computed once per pass: with excess.v >= 0,
    // b.v·rest < excess.v iff b.v < ceil(excess.v / rest); ties on v go to the slopes.
    struct threshold {
        I v_ceil, v_exact, d_ceil;
        bool v_divides = false;
    } th;
    const auto set_threshold = [&] {
        th.v_ceil = pr.excess.v;
        th.v_ceil += limb(rest - 1);
        th.v_ceil /= limb(rest);
        if constexpr (P) {
            th.v_divides = pr.excess.v % limb(rest) == 0;
            if (th.v_divides) {
                th.v_exact = pr.excess.v / limb(rest);
                // ceil(d / rest); division truncates towards zero, which is ceil below zero.
                th.d_ceil = pr.excess.d;
                if (th.d_ceil.sign() > 0) {
                    th.d_ceil += limb(rest - 1);
                }
                th.d_ceil /= limb(rest);
            }
        }
    };
    const auto below_unit = [&](const mes_supporter& s) {
        const value& b = budgets_[s.group];
        if (b.v < th.v_ceil) {
            return true;
        }
        if constexpr (P) {
            return th.v_divides && b.v == th.v_exact && b.d < th.d_ceil;
        }
        return false;
    };
    auto lo = sups.begin();
    bool settled = false;
    for (int pass = 0; pass < 4 && lo != sups.end(); ++pass) {
        decltype(lo) mid;
        if (p_.unit_utilities) {
            set_threshold();
            mid = std::partition(lo, sups.end(), below_unit);
        } else {
            mid = std::partition(lo, sups.end(), below);
        }
        if (mid == lo) {
            settled = true;
            break;
        }
        std::for_each(lo, mid, cap);
        lo = mid;
    }
    if (!settled && lo != sups.end()) {
        // Sort the undecided by budget / u and scan: the candidate only rises as voters are
        // capped, so the first one who can pay it stops the scan.
        if (p_.unit_utilities) {
            std::sort(lo, sups.end(), [this](const mes_supporter& a, const mes_supporter& b) {
                return compare(budgets_[a.group], budgets_[b.group]) < 0;
            });
        } else {
            std::sort(lo, sups.end(), [this](const mes_supporter& a, const mes_supporter& b) {
                return compare_scaled(budgets_[a.group], b.utility, budgets_[b.group], a.utility) <
                       0;
            });
        }
        for (; lo != sups.end() && below(*lo); ++lo) {
            cap(*lo);
        }
    }
    if (lo == sups.end()) {
        // Everybody capped: the supporters have less than the cost (with enough, the last one
        // could pay the candidate). It stays so as long as their sum minus the cost, -excess,
        // stays negative (later payments only lower the sum).
        if constexpr (P) {
            diff_.v = -pr.excess.v;
            diff_.d = -pr.excess.d;
            note(diff_);
        }
        return false;
    }
    pr.rest = rest;
    pr.divisor = rest * p_.weight[j];
    capped_[j] = static_cast<std::size_t>(lo - sups.begin());
    return true;
}

/** Drops the projects that are done from the evaluated prefix and re-sorts the rest in. */
template <bool P, class I>
void mes_engine<P, I>::requeue(std::size_t evaluated) {
    survivors_.clear();
    for (std::size_t i = 0; i < evaluated; ++i) {
        if (!done_[queue_[i]]) {
            survivors_.push_back(queue_[i]);
        }
    }
    const auto by_bound = [this](std::size_t a, std::size_t b) { return less(a, b); };
    std::sort(survivors_.begin(), survivors_.end(), by_bound);
    merged_.clear();
    auto from = queue_.begin() + static_cast<std::ptrdiff_t>(evaluated);
    for (const std::size_t s : survivors_) {
        const auto at = std::lower_bound(from, queue_.end(), s, by_bound);
        merged_.insert(merged_.end(), from, at);
        merged_.push_back(s);
        from = at;
    }
    merged_.insert(merged_.end(), from, queue_.end());
    queue_.swap(merged_);
}

/**
 * A decision of a parametric count rested on the sign of g (at the raise, or just above it).
 * Records how far above the raise that sign is certain to hold.
 */
template <bool P, class I>
void mes_engine<P, I>::note(const value& g) {
    if constexpr (P) {
        const int sv = g.v.sign();
        const int sd = g.d.sign();
        if (sv == 0) {
            if (sd != 0) {
                result_.tie_at_raise = true;  // zero at the raise; the slope decided
            }
            return;
        }
        if (sd == 0 || sd == sv) {
            return;  // moves away from zero: the sign holds for every larger raise
        }
        // Crosses zero at raise + |v| / |d|; the sign holds for raises strictly below that.
        t1_ = abs(g.v);
        t2_ = abs(g.d);
        // Only a nearer crossing matters: ceil(|v| / |d|) < stable_for iff
        // |v| <= (stable_for - 1)·|d|. Checked first: a product is cheaper than a quotient.
        t3_ = t2_;
        t3_ *= limb(result_.stable_for - 1);
        if (t1_ > t3_) {
            return;
        }
        t1_ += t2_;
        t1_ -= 1;
        t1_ /= t2_;
        result_.stable_for = t1_.template convert_to<std::int64_t>();
    } else {
        (void)g;
    }
}

/** Records every decision that chose `best` this round (parametric counts). */
template <bool P, class I>
void mes_engine<P, I>::note_decisions(std::size_t best) {
    const price& pb = bound_[best];
    // Every other project's price stays above best's (or tied and behind it in rank): its
    // bound is below its true price at every raise in range, so the bound decides.
    for (const std::size_t j : queue_) {
        difference_scaled(bound_[j].excess, pb.divisor, pb.excess, bound_[j].divisor);
        note(diff_);
    }
    // Who is capped: capped supporters have budget/u below the price, the others at or above.
    for (const auto& s : supporters_[best]) {
        difference_scaled(budget(s.group), pb.rest, pb.excess, s.utility);
        note(diff_);
    }
}

/** Multiplies the common denominator, and so every numerator in use, by f. */
template <bool P, class I>
void mes_engine<P, I>::rescale(std::int64_t f, std::size_t best) {
    const long long factor = limb(f);
    denominator_ *= factor;
    factors_.push_back(factor);  // budgets follow when next used (see budget())
    for (const std::size_t j : queue_) {
        multiply(bound_[j].excess, factor);
    }
    multiply(bound_[best].excess, factor);
}

/** Funds `best` at its price: capped supporters pay all they have, the others price x u. */
template <bool P, class I>
void mes_engine<P, I>::pay(std::size_t best) {
    price& pr = bound_[best];
    // The payment per unit of utility is excess / rest; make it a whole numerator.
    std::int64_t g = std::gcd(pr.rest, abs_mod(pr.excess.v, pr.rest));
    if constexpr (P) {
        g = std::gcd(g, abs_mod(pr.excess.d, pr.rest));
    }
    if (const std::int64_t f = pr.rest / g; f > 1) {
        rescale(f, best);
    }
    unit_.v = pr.excess.v / limb(pr.rest);
    if constexpr (P) {
        unit_.d = pr.excess.d / limb(pr.rest);
    }
    const auto& sups = supporters_[best];
    const bool explain = !P;  // exact counts explain their payments; parametric ones need not
    bool any = false;
    for (std::size_t t = 0; t < sups.size(); ++t) {
        value& b = budget(sups[t].group);
        if (t < capped_[best]) {
            if (explain) {
                pay_ = b;
            }
            b.v = 0;
            if constexpr (P) {
                b.d = 0;
            }
        } else {
            pay_.v = unit_.v;
            pay_.v *= limb(sups[t].utility);
            b.v -= pay_.v;
            if constexpr (P) {
                pay_.d = unit_.d;
                pay_.d *= limb(sups[t].utility);
                b.d -= pay_.d;
            }
        }
        if (explain) {
            if (!any || compare(pay_, max_pay_) > 0) {
                max_pay_ = pay_;
            }
            if (!any || compare(pay_, min_pay_) < 0) {
                min_pay_ = pay_;
            }
            any = true;
        }
    }
    mes_funded f;
    f.project = best;
    if (explain) {
        f.rho_num = static_cast<big_int>(pr.excess.v);
        f.rho_den = static_cast<big_int>(denominator_) * limb(pr.divisor);
        f.max_payment_num = static_cast<big_int>(max_pay_.v);
        f.min_payment_num = static_cast<big_int>(min_pay_.v);
        f.payment_den = static_cast<big_int>(denominator_);
    }
    result_.funded.push_back(std::move(f));
    result_.is_funded[best] = true;
    result_.total_cost += p_.cost[best];
}

template <bool P, class I>
mes_count mes_engine<P, I>::run() {
    for (;;) {
        std::size_t best = none;
        std::size_t evaluated = 0;
        for (; evaluated < queue_.size(); ++evaluated) {
            const std::size_t j = queue_[evaluated];
            if (best != none && less(best, j)) {
                break;  // j's bound, and so every later price, is behind the best found
            }
            if (!set_price(j)) {
                done_[j] = true;  // budgets only shrink: it stays unaffordable
                continue;
            }
            if (best == none || less(j, best)) {
                best = j;
            }
        }
        if (best != none) {
            done_[best] = true;
        }
        requeue(evaluated);
        if (best == none) {
            break;
        }
        if constexpr (P) {
            note_decisions(best);
        }
        pay(best);
    }
    return std::move(result_);
}

}  // namespace

mes_problem make_mes_problem(const pb_instance& in, pb_utility u) {
    mes_problem p;
    const std::size_t m = in.costs.size();
    p.budget = in.budget;
    p.cost = in.costs;
    p.weight.assign(m, 1);
    if (u == pb_utility::cost) {
        p.weight = in.costs;
    }
    p.utility_total.assign(m, 0);
    p.supporters.resize(m);

    // Merge identical ballots (as far as the utility model sees them) into one group each.
    using ballot = std::vector<std::pair<std::size_t, std::int64_t>>;
    std::map<ballot, std::int64_t> groups;
    std::vector<std::int64_t> supporters(m, 0);
    for (const auto& v : in.voters) {
        p.voters += v.count;
        if (v.scores.empty()) {
            continue;
        }
        ballot b;
        b.reserve(v.scores.size());
        for (const auto& [j, score] : v.scores) {
            b.emplace_back(j, u == pb_utility::points ? score : 1);
            supporters[j] += v.count;
        }
        std::sort(b.begin(), b.end());
        groups[std::move(b)] += v.count;
    }
    std::uint32_t g = 0;
    for (const auto& [b, count] : groups) {
        for (const auto& [j, utility] : b) {
            p.supporters[j].push_back({g, utility, count});
            p.utility_total[j] += utility * count;
            if (utility != 1) {
                p.unit_utilities = false;
            }
        }
        ++g;
    }
    p.groups = g;

    // Tie-break order: higher total utility, then lower cost, then lower project id.
    std::vector<std::int64_t> total(m);
    for (std::size_t j = 0; j < m; ++j) {
        total[j] = u == pb_utility::cost ? supporters[j] * in.costs[j] : p.utility_total[j];
    }
    std::vector<std::size_t> order(m);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        if (total[a] != total[b]) {
            return total[a] > total[b];
        }
        if (in.costs[a] != in.costs[b]) {
            return in.costs[a] < in.costs[b];
        }
        return in.project_ids[a] < in.project_ids[b];
    });
    p.rank.assign(m, 0);
    for (std::size_t r = 0; r < m; ++r) {
        p.rank[order[r]] = r;
    }
    return p;
}

bool fits_more(const mes_problem& p, const std::vector<bool>& funded, std::int64_t total_cost) {
    for (std::size_t j = 0; j < p.cost.size(); ++j) {
        if (p.utility_total[j] > 0 && !funded[j] && total_cost + p.cost[j] <= p.budget) {
            return true;
        }
    }
    return false;
}

namespace {

using int256 = boost::multiprecision::checked_int256_t;
using int512 = boost::multiprecision::checked_int512_t;

/**
 * Runs a count on the narrowest integers that hold its numbers. Fixed-width integers live on
 * the stack and are several times faster than unbounded ones; the checked kinds throw
 * std::overflow_error instead of wrapping, and the count is then run again, wider. The
 * arithmetic is exact either way, so the result is the same. The width that worked is kept in
 * `p.width` for the next count, whose numbers are about as large.
 */
template <bool P>
mes_count count_with(const mes_problem& p, std::int64_t raise) {
    if (p.voters == 0) {
        mes_count c;
        c.is_funded.assign(p.cost.size(), false);
        return c;
    }
    if (p.width == 0) {
        try {
            return mes_engine<P, int256>(p, raise).run();
        } catch (const std::overflow_error&) {
            p.width = 1;
        }
    }
    if (p.width == 1) {
        try {
            return mes_engine<P, int512>(p, raise).run();
        } catch (const std::overflow_error&) {
            p.width = 2;
        }
    }
    return mes_engine<P, big_int>(p, raise).run();
}

}  // namespace

mes_count count_at(const mes_problem& p, std::int64_t raise) {
    return count_with<false>(p, raise);
}

mes_count count_just_above(const mes_problem& p, std::int64_t raise) {
    return count_with<true>(p, raise);
}

}  // namespace traffpunkt::domain::pb_detail
