#include "pb_mes_engine.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <numeric>
#include <stdexcept>
#include <utility>

namespace traffpunkt::pb::pb_detail {
namespace {

constexpr std::size_t none = static_cast<std::size_t>(-1);

/** Budget records a resumable engine keeps at most (see mes_engine::log). */
constexpr std::size_t max_records = std::size_t{1} << 19;

__extension__ typedef __int128 int128;  // GCC and Clang; __extension__: no -Wpedantic warning

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
    mes_engine(const mes_problem& p, std::int64_t raise, bool resumable = false);
    mes_count run();
    mes_count resume(std::int64_t raise);

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
    void floor_div(const I& a, std::int64_t m, I& q, bool& r0);
    static int threshold_sign(const I& x, const I& q, bool r0);
    void rescale(std::int64_t f, std::size_t best);
    void pay(std::size_t best);
    void reset_bound(std::size_t j);
    void log(std::uint32_t group);
    std::int64_t holds_until() const;

    const mes_problem& p_;
    I denominator_;
    std::vector<value> budgets_;                          // per group: what one voter has left
    std::vector<std::uint32_t> epoch_;                    // per group: rescales applied so far
    std::vector<std::int64_t> base_;                      // per group: the raise of its budget
    std::vector<long long> factors_;                      // every rescale's factor, in order
    std::vector<std::vector<mes_supporter>> supporters_;  // the first live_ ones: money left
    std::vector<price> bound_;                            // price at the last evaluation
    std::vector<std::size_t> capped_;                     // how many supporters are capped
    std::vector<std::int64_t> live_utility_;              // utility of supporters with money left
    std::vector<bool> done_;                              // funded, unaffordable or unsupported
    std::vector<std::size_t> queue_;                      // the others, by (bound, rank)
    std::vector<std::size_t> survivors_, merged_;
    mes_count result_;
    std::int64_t raise_ = 0;
    std::vector<std::size_t> live_;  // per project: supporters with money left, the first ones
    // What resume() needs (resumable engines only): the state at the start of every round, every
    // budget before its first change in a round, and every round's holds_until.
    bool logging_ = false;
    struct round_start {
        I denominator;
        std::size_t factors = 0, paid = 0;
        std::vector<std::size_t> live;
        std::vector<std::int64_t> live_utility;
        std::vector<bool> done;
    };
    struct record {
        std::uint32_t group = 0, epoch = 0;
        std::int64_t raise = 0;  // the raise the budget was at (it is v + d·x above it)
        value budget;
    };
    struct round_end {
        std::int64_t holds_until = 0;
    };
    std::vector<round_start> starts_;
    std::vector<record> undo_;
    std::vector<std::size_t> last_log_;  // per group: its newest record in undo_

  public:
    /** False once the records grew too large to keep; then the engine cannot be resumed. */
    bool resumable() const { return logging_; }

  private:
    std::vector<round_end> rounds_;
    value cd_, diff_, unit_, pay_, max_pay_, min_pay_;
    I t1_, t2_, t3_, q0_, q1_;
    bool r0_ = false, r1_ = false;
};

template <bool P, class I>
mes_engine<P, I>::mes_engine(const mes_problem& p, std::int64_t raise, bool resumable)
    : p_(p), raise_(raise), logging_(resumable) {
    // Every voter starts with (budget + raise·slope) / voters, slope = slope_a·slope_b: the
    // budget grows by voters·increment (one increment per voter) or by a fixed step per raise.
    denominator_ = p.voters;
    value share;
    share.v = I(limb(p.slope_a)) * limb(p.slope_b);
    if constexpr (P) {
        share.d = share.v;
    }
    share.v *= limb(raise);
    share.v += limb(p.budget);
    budgets_.assign(p.groups, share);
    epoch_.assign(p.groups, 0);
    base_.assign(p.groups, raise);
    if (resumable) {
        last_log_.assign(p.groups, none);
    }
    supporters_ = p.supporters;
    live_.resize(p.supporters.size());
    for (std::size_t j = 0; j < live_.size(); ++j) {
        live_[j] = p.supporters[j].size();
    }
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
    if (e == factors_.size() && base_[group] == raise_) {
        return b;
    }
    log(group);
    if constexpr (P) {
        if (base_[group] != raise_) {
            // Moved to this count's raise (a resumed count, see resume): v + d·x at x = raise_.
            t1_ = b.d;
            t1_ *= limb(raise_ - base_[group]);
            b.v += t1_;
            base_[group] = raise_;
        }
    }
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

/** Records a group's budget before its first change in this round (resumable engines). */
template <bool P, class I>
void mes_engine<P, I>::log(std::uint32_t group) {
    if (!logging_) {
        return;
    }
    const std::size_t last = last_log_[group];
    if (last >= starts_.back().paid && last < undo_.size() && undo_[last].group == group) {
        return;  // recorded in this round already
    }
    if (undo_.size() >= max_records) {
        // Very large electorates: stop recording rather than hold hundreds of megabytes. The
        // count goes on as usual; the next one starts afresh.
        logging_ = false;
        undo_ = {};
        starts_ = {};
        rounds_ = {};
        return;
    }
    last_log_[group] = undo_.size();
    undo_.push_back({group, epoch_[group], base_[group], budgets_[group]});
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
    std::size_t& live = live_[j];
    // Bring every budget to the current denominator before comparing. Drop supporters who
    // have nothing left: they pay nothing for the rest of the count. (Their part in a decision,
    // "cannot pay the price", needs no note: the price stays positive, as the capped
    // supporters with money show, or as the cost does when there are none.)
    for (std::size_t i = 0; i < live;) {
        const value& b = budget(sups[i].group);
        bool empty = b.v.is_zero();
        if constexpr (P) {
            empty = empty && b.d.is_zero();
        }
        if (empty) {
            live_utility_[j] -= sups[i].utility * sups[i].count;
            std::swap(sups[i], sups[live - 1]);  // kept behind the live ones (see resume)
            --live;
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
    const auto end = sups.begin() + static_cast<std::ptrdiff_t>(live);
    bool settled = false;
    for (int pass = 0; pass < 4 && lo != end; ++pass) {
        decltype(lo) mid;
        if (p_.unit_utilities) {
            set_threshold();
            mid = std::partition(lo, end, below_unit);
        } else {
            mid = std::partition(lo, end, below);
        }
        if (mid == lo) {
            settled = true;
            break;
        }
        std::for_each(lo, mid, cap);
        lo = mid;
    }
    if (!settled && lo != end) {
        // Sort the undecided by budget / u and scan: the candidate only rises as voters are
        // capped, so the first one who can pay it stops the scan.
        if (p_.unit_utilities) {
            std::sort(lo, end, [this](const mes_supporter& a, const mes_supporter& b) {
                return compare(budgets_[a.group], budgets_[b.group]) < 0;
            });
        } else {
            std::sort(lo, end, [this](const mes_supporter& a, const mes_supporter& b) {
                return compare_scaled(budgets_[a.group], b.utility, budgets_[b.group], a.utility) <
                       0;
            });
        }
        for (; lo != end && below(*lo); ++lo) {
            cap(*lo);
        }
    }
    if (lo == end) {
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
    if (!p_.unit_utilities) {
        for (std::size_t t = 0; t < live_[best]; ++t) {
            const auto& s = supporters_[best][t];
            difference_scaled(budget(s.group), pb.rest, pb.excess, s.utility);
            note(diff_);
        }
        return;
    }
    // Utility 1: the decision is the sign of g = budget·rest - excess. Its crossing is nearer
    // than stable_for exactly when g at stable_for - 1 is zero or of the other sign than just
    // above the raise; with thresholds q = floor(excess(x) / rest) per x, sign(g(x)) is
    // sign(budget(x) - q), or 0 when rest divides excess(x) and budget(x) = q. Only those
    // supporters take the full note (which also sees exact ties at the raise).
    floor_div(pb.excess.v, pb.rest, q0_, r0_);
    std::int64_t horizon = 0;  // the stable_for that q1_ was computed for
    for (std::size_t t = 0; t < live_[best]; ++t) {
        const auto& s = supporters_[best][t];
        const value& b = budget(s.group);
        const std::int64_t sf = result_.stable_for;
        if (sf < mes_stable_forever) {
            const int s0 = threshold_sign(b.v, q0_, r0_);
            if (s0 != 0) {
                if (horizon != sf) {
                    t3_ = pb.excess.d;
                    t3_ *= limb(sf - 1);
                    t3_ += pb.excess.v;
                    floor_div(t3_, pb.rest, q1_, r1_);
                    horizon = sf;
                }
                t3_ = b.d;
                t3_ *= limb(sf - 1);
                t3_ += b.v;
                if (threshold_sign(t3_, q1_, r1_) == s0) {
                    continue;  // no crossing up to stable_for - 1
                }
            }
        }
        difference_scaled(b, pb.rest, pb.excess, s.utility);
        note(diff_);
    }
}

/** q = floor(a / m), r0 = whether m divides a; m > 0. */
template <bool P, class I>
void mes_engine<P, I>::floor_div(const I& a, std::int64_t m, I& q, bool& r0) {
    q = a;
    q /= limb(m);  // truncates towards zero
    t2_ = q;
    t2_ *= limb(m);
    r0 = t2_ == a;
    if (!r0 && a.sign() < 0) {
        q -= 1;
    }
}

/** The sign of x·m - a, for q = floor(a / m) and r0 = whether m divides a. */
template <bool P, class I>
int mes_engine<P, I>::threshold_sign(const I& x, const I& q, bool r0) {
    const int c = x.compare(q);
    if (c > 0) {
        return 1;
    }
    return c == 0 && r0 ? 0 : -1;
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
    for (std::size_t t = 0; t < live_[best]; ++t) {
        value& b = budget(sups[t].group);
        log(sups[t].group);
        if (t < capped_[best]) {
            if (explain) {
                pay_ = b;
            }
            b.v = 0;
            if constexpr (P) {
                b.d = 0;
            }
        } else if (sups[t].utility == 1) {
            b.v -= unit_.v;
            if constexpr (P) {
                b.d -= unit_.d;
            }
            if (explain) {
                pay_ = unit_;
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

/** The raise up to which every decision so far holds (mes_stable_forever: every raise). */
template <bool P, class I>
std::int64_t mes_engine<P, I>::holds_until() const {
    if (result_.stable_for >= mes_stable_forever - raise_) {
        return mes_stable_forever;
    }
    return raise_ + result_.stable_for;
}

/**
 * Continues this (parametric) engine's last count at a higher raise. The rounds whose decisions
 * all still hold just above `raise` would go the same way: the same project is the best, the
 * same projects are unaffordable, the same supporters pay all they have. So the state at the
 * start of the first round that may go otherwise is restored and moved to the new raise (every
 * budget is an affine function of the raise, exact: v + d·x), and the count goes on from there.
 * Its decisions so far cross zero at that round's holds_until or later, which is noted as is.
 * The projects still open start again from the lower bound cost / utility of the supporters
 * with money left, which holds whatever the budgets.
 */
template <bool P, class I>
mes_count mes_engine<P, I>::resume(std::int64_t raise) {
    std::size_t t = 0;
    while (t < rounds_.size() && rounds_[t].holds_until > raise) {
        ++t;
    }
    if (t == rounds_.size()) {
        --t;  // every decision still holds: only the final search is made again
    }
    const round_start& st = starts_[t];
    // Budgets: undo the payments and rescales since the round started, newest first.
    for (std::size_t k = undo_.size(); k > st.paid; --k) {
        const auto& e = undo_[k - 1];
        budgets_[e.group] = e.budget;
        epoch_[e.group] = e.epoch;
        base_[e.group] = e.raise;
    }
    undo_.resize(st.paid);  // keeps the capacity for the next payments
    factors_.resize(st.factors);
    denominator_ = st.denominator;
    live_ = st.live;
    live_utility_ = st.live_utility;
    done_ = st.done;
    queue_.clear();
    for (std::size_t j = 0; j < done_.size(); ++j) {
        if (!done_[j]) {
            reset_bound(j);
            queue_.push_back(j);
        }
    }
    // The order of less() for these bounds, whose excesses are denominator_ x cost: cost /
    // divisor, compared in 128 bits (both factors are 64-bit integers).
    std::sort(queue_.begin(), queue_.end(), [this](std::size_t a, std::size_t b) {
        const auto x = static_cast<int128>(p_.cost[a]) * bound_[b].divisor;
        const auto y = static_cast<int128>(p_.cost[b]) * bound_[a].divisor;
        return x < y || (x == y && p_.rank[a] < p_.rank[b]);
    });
    result_.funded.resize(t);
    result_.is_funded.assign(done_.size(), false);
    result_.total_cost = 0;
    for (const auto& f : result_.funded) {
        result_.is_funded[f.project] = true;
        result_.total_cost += p_.cost[f.project];
    }
    result_.tie_at_raise = false;
    result_.stable_for = mes_stable_forever;
    if (t > 0 && rounds_[t - 1].holds_until < mes_stable_forever) {
        result_.stable_for = rounds_[t - 1].holds_until - raise;
    }
    rounds_.resize(t);
    starts_.resize(t);
    raise_ = raise;
    return run();
}

/** The lower bound cost / utility of the supporters with money left, over the denominator. */
template <bool P, class I>
void mes_engine<P, I>::reset_bound(std::size_t j) {
    price& pr = bound_[j];
    pr.excess.v = denominator_;
    pr.excess.v *= limb(p_.cost[j]);
    if constexpr (P) {
        pr.excess.d = 0;
    }
    pr.rest = live_utility_[j];
    pr.divisor = live_utility_[j] * p_.weight[j];
}

template <bool P, class I>
mes_count mes_engine<P, I>::run() {
    for (;;) {
        if (logging_) {
            starts_.push_back(
                {denominator_, factors_.size(), undo_.size(), live_, live_utility_, done_});
        }
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
        if constexpr (P) {
            if (best != none) {
                note_decisions(best);
            }
            if (logging_) {
                rounds_.push_back({holds_until()});
            }
        }
        if (best == none) {
            break;
        }
        pay(best);
    }
    return logging_ ? result_ : std::move(result_);
}

}  // namespace

mes_problem make_mes_problem(const pb_instance& in, pb_utility u) {
    mes_problem p;
    const std::size_t m = in.costs.size();
    p.budget = in.budget;
    p.cost = in.costs;
    p.slope_b = 1;  // one unit per voter and raise; see set_increment
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
    p.slope_a = p.voters;

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
        if ((p.utility_total[j] > 0 || p.exhaustive_all) && !funded[j] &&
            total_cost + p.cost[j] <= p.budget) {
            return true;
        }
    }
    return false;
}

bool funds_every_supported(const mes_problem& p, const std::vector<bool>& funded) {
    for (std::size_t j = 0; j < p.cost.size(); ++j) {
        if (p.utility_total[j] > 0 && !funded[j]) {
            return false;
        }
    }
    return true;
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
/** A parametric engine kept between counts, to be continued at a higher raise. */
template <class I>
struct resumable final : mes_resumable {
    resumable(const mes_problem& p, std::int64_t raise) : engine(p, raise, true) {}
    mes_count resume(std::int64_t raise) override {
        mes_count c = engine.resume(raise);
        if (!engine.resumable()) {
            throw std::length_error("resumed count: too large to keep");
        }
        return c;
    }
    mes_engine<true, I> engine;
};

/** A count on integers I; with `h`, one that can be continued (see count_just_above). */
template <bool P, class I>
mes_count count_on(const mes_problem& p, std::int64_t raise, mes_history* h) {
    if constexpr (P) {
        if (h != nullptr) {
            h->engine.reset();
            auto e = std::make_unique<resumable<I>>(p, raise);
            mes_count c = e->engine.run();
            if (!e->engine.resumable()) {
                h->disabled = true;  // too large to keep: count afresh from now on
                return c;
            }
            h->engine = std::move(e);
            h->problem = &p;
            h->raise = raise;
            h->width = p.width;
            return c;
        }
    }
    return mes_engine<P, I>(p, raise).run();
}

template <bool P>
mes_count count_with(const mes_problem& p, std::int64_t raise, mes_history* h = nullptr) {
    if (p.voters == 0) {
        mes_count c;
        c.is_funded.assign(p.cost.size(), false);
        return c;
    }
    if (h != nullptr && h->disabled) {
        h = nullptr;
    }
    if (h != nullptr && h->engine && h->problem == &p && h->width == p.width && h->raise < raise) {
        try {
            mes_count c = h->engine->resume(raise);
            h->raise = raise;
            return c;
        } catch (const std::overflow_error&) {
            p.width = std::min(p.width + 1, 2);  // and count afresh, wider
        } catch (const std::length_error&) {
            h->engine.reset();
            h->disabled = true;
            h = nullptr;
        }
    }
    if (p.width == 0) {
        try {
            return count_on<P, int256>(p, raise, h);
        } catch (const std::overflow_error&) {
            p.width = 1;
        }
    }
    if (p.width == 1) {
        try {
            return count_on<P, int512>(p, raise, h);
        } catch (const std::overflow_error&) {
            p.width = 2;
        }
    }
    return count_on<P, big_int>(p, raise, h);
}

}  // namespace

mes_count count_at(const mes_problem& p, std::int64_t raise) {
    return count_with<false>(p, raise);
}

mes_count count_just_above(const mes_problem& p, std::int64_t raise) {
    return count_with<true>(p, raise);
}

mes_history::mes_history() = default;
mes_history::~mes_history() = default;

mes_count count_just_above(const mes_problem& p, std::int64_t raise, mes_history& h) {
    return count_with<true>(p, raise, &h);
}

}  // namespace traffpunkt::pb::pb_detail
