// Phragmén's sequential rule for PB (Los, Christoff & Grossi 2022; pabutools'
// sequential_phragmen), in exact rationals.

#include <boost/multiprecision/cpp_int.hpp>

#include <vector>

#include "pb_exact.hpp"
#include "pb_rule_parts.hpp"

namespace traffpunkt::pb::pb_detail {

namespace {

using rational = boost::multiprecision::cpp_rational;

constexpr const char* phragmen_tie_rule =
    "Phragmén buys the project whose supporters reach the lowest new maximal load; equal loads "
    "go to more supporters, then the lower cost, then the lower project id.";

}  // namespace

pb_outcome phragmen(const pb_instance& in, const std::atomic<bool>* cancel) {
    pb_outcome out;
    out.rule = "phragmen";
    out.tie_rule = phragmen_tie_rule;
    out.tie_keys = {"load asc", "supporters desc", "cost asc", "project_id asc"};
    const auto s = count_support(in);
    const std::size_t m = in.costs.size();
    std::vector<pb_reason> reason(m, pb_reason::no_support);

    // A positive score is an approval: Phragmén shares costs between supporters equally.
    std::vector<std::vector<std::size_t>> groups_of(m);
    for (std::size_t g = 0; g < in.voters.size(); ++g) {
        for (const auto& [j, score] : in.voters[g].scores) {
            groups_of[j].push_back(g);
        }
    }
    std::vector<rational> load(in.voters.size());  // what each voter of a group carries
    std::vector<rational> load_sum(m);             // of a project's supporters, all of them
    std::vector<std::size_t> remaining;
    for (std::size_t j = 0; j < m; ++j) {
        if (s.supporters[j] == 0) {
            continue;
        }
        if (in.costs[j] > in.budget) {
            reason[j] = pb_reason::did_not_fit;  // never affordable: it does not stop the count
            continue;
        }
        remaining.push_back(j);
    }
    // The new maximal load of buying j, compared without dividing: (L_a + c_a)·s_b vs ...
    const auto better = [&](std::size_t a, std::size_t b) {
        const rational la = (load_sum[a] + in.costs[a]) * s.supporters[b];
        const rational lb = (load_sum[b] + in.costs[b]) * s.supporters[a];
        if (la != lb) {
            return la < lb;
        }
        if (s.supporters[a] != s.supporters[b]) {
            return s.supporters[a] > s.supporters[b];
        }
        if (in.costs[a] != in.costs[b]) {
            return in.costs[a] < in.costs[b];
        }
        return in.project_ids[a] < in.project_ids[b];
    };
    while (!remaining.empty()) {
        if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) {
            throw pb_cancelled();
        }
        std::size_t at = 0;
        for (std::size_t k = 1; k < remaining.size(); ++k) {
            if (better(remaining[k], remaining[at])) {
                at = k;
            }
        }
        const std::size_t best = remaining[at];
        remaining.erase(remaining.begin() + static_cast<std::ptrdiff_t>(at));
        if (in.costs[best] > in.budget - out.total_cost) {
            reason[best] = pb_reason::did_not_fit;
            for (const auto j : remaining) {
                reason[j] = pb_reason::not_reached;
            }
            break;
        }
        const rational t = (load_sum[best] + in.costs[best]) / s.supporters[best];
        for (const auto g : groups_of[best]) {
            const rational delta = (t - load[g]) * in.voters[g].count;
            load[g] = t;
            for (const auto& [k, score] : in.voters[g].scores) {
                load_sum[k] += delta;
            }
        }
        pb_funded f;
        f.project = best;
        f.cost = in.costs[best];
        f.support = s.support[best];
        f.supporters = s.supporters[best];
        f.load = fraction_text(boost::multiprecision::numerator(t),
                               boost::multiprecision::denominator(t));
        f.stage = "phragmen";
        out.funded.push_back(std::move(f));
        out.total_cost += in.costs[best];
        reason[best] = pb_reason::funded;
    }
    out.budget_left = in.budget - out.total_cost;
    explain(in, s, reason, out);
    return out;
}

}  // namespace traffpunkt::pb::pb_detail
