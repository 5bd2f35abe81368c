// Times the PB counting rules on random instances of a few sizes (fixed seed) and prints one
// JSON object per line:
//   {"bench":"pb_equal_shares","projects":300,"voters":5000,"ms":...,"greedy_ms":...}
// "ms" is Equal Shares with cost utilities and completion (what a closed poll shows; null where
// it is not run: it costs one count per change of the outcome, minutes at the largest sizes),
// "approval_ms" the same with approval utilities, "plain_ms" one count without completion,
// "greedy_ms" the greedy rule. Each figure is the best of up to three runs.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

#include "traffpunkt/pb/pb_rules.hpp"

namespace {

using traffpunkt::pb::pb_instance;
using traffpunkt::pb::pb_outcome;
using traffpunkt::pb::pb_utility;

/**
 * Voters approve 1..12 projects each; a few projects are popular (quadratic skew), as in real
 * PB votes. Costs 0.1 to 2.1 million SEK; the budget pays for roughly a tenth of all projects.
 */
pb_instance make_instance(std::size_t projects, std::int64_t voters, std::uint32_t seed,
                          bool points) {
    std::mt19937 rng(seed);
    pb_instance in;
    std::int64_t total = 0;
    for (std::size_t j = 0; j < projects; ++j) {
        in.costs.push_back(100'000 + static_cast<std::int64_t>(rng() % 2'000'000));
        in.project_ids.push_back(static_cast<std::int64_t>(j) + 1);
        total += in.costs.back();
    }
    in.budget = total / 10;
    for (std::int64_t i = 0; i < voters; ++i) {
        pb_instance::voter_group g;
        std::vector<bool> taken(projects, false);
        const int k = 1 + static_cast<int>(rng() % 12);
        for (int a = 0; a < k; ++a) {
            const std::size_t r = rng() % projects;
            const std::size_t j = r * r / projects;  // skewed towards low indices
            if (!taken[j]) {
                taken[j] = true;
                g.scores.emplace_back(j, points ? 1 + static_cast<std::int64_t>(rng() % 20) : 1);
            }
        }
        in.voters.push_back(std::move(g));
    }
    return in;
}

template <class F>
double best_ms(int repeats, F&& f) {
    double best = 1e300;
    for (int r = 0; r < repeats; ++r) {
        const auto start = std::chrono::steady_clock::now();
        f();
        const std::chrono::duration<double, std::milli> took =
            std::chrono::steady_clock::now() - start;
        best = std::min(best, took.count());
    }
    return best;
}

}  // namespace

int main() {
    struct size {
        std::size_t projects;
        std::int64_t voters;
        bool complete;  // the completion repeats the count once per change of the outcome
    };
    const size sizes[] = {{50, 1000, true},
                          {100, 2000, true},
                          {300, 5000, true},
                          {500, 20000, false},
                          {500, 100000, false}};
    for (const auto& s : sizes) {
        const auto in = make_instance(s.projects, s.voters, 12345, false);
        const int repeats = s.voters >= 5000 ? 1 : 3;
        pb_outcome plain, completed, approval, g;
        const double greedy_ms = best_ms(repeats, [&] { g = traffpunkt::pb::greedy(in); });
        const double plain_ms = best_ms(
            repeats, [&] { plain = traffpunkt::pb::equal_shares(in, pb_utility::cost, false); });
        std::printf("{\"bench\":\"pb_equal_shares\",\"projects\":%zu,\"voters\":%lld,", s.projects,
                    static_cast<long long>(s.voters));
        if (s.complete) {
            const double approval_ms = best_ms(repeats, [&] {
                approval = traffpunkt::pb::equal_shares(in, pb_utility::approval);
            });
            const double ms = best_ms(
                repeats, [&] { completed = traffpunkt::pb::equal_shares(in, pb_utility::cost); });
            std::printf(
                "\"ms\":%.1f,\"approval_ms\":%.1f,\"completion_rounds\":%lld,"
                "\"approval_completion_rounds\":%lld,\"funded\":%zu,\"budget_left\":%lld,",
                ms, approval_ms, static_cast<long long>(completed.completion_rounds),
                static_cast<long long>(approval.completion_rounds), completed.funded.size(),
                static_cast<long long>(completed.budget_left));
        } else {
            std::printf("\"ms\":null,");
        }
        std::printf("\"plain_ms\":%.1f,\"plain_funded\":%zu,\"greedy_ms\":%.2f}\n", plain_ms,
                    plain.funded.size(), greedy_ms);
        std::fflush(stdout);
    }
    {
        // Points ballots (1..20 points per project), one count.
        const auto in = make_instance(300, 5000, 777, true);
        pb_outcome o;
        const double plain_ms =
            best_ms(3, [&] { o = traffpunkt::pb::equal_shares(in, pb_utility::points, false); });
        std::printf(
            "{\"bench\":\"pb_equal_shares_points\",\"projects\":300,\"voters\":5000,"
            "\"ms\":null,\"plain_ms\":%.1f,\"plain_funded\":%zu}\n",
            plain_ms, o.funded.size());
        std::fflush(stdout);
    }
    {
        // The rules beside greedy and Equal Shares, at the size of the service's load test
        // (tests/integration/pb_results_load_test.cpp: 200 projects, 200 ballots of 3..30).
        const auto in = make_instance(200, 200, 16009, false);
        const auto timed = [&](traffpunkt::pb::pb_rule r) {
            return best_ms(3, [&] { (void)traffpunkt::pb::count(in, r); });
        };
        traffpunkt::pb::pb_rule greedy_rule, no_skip, phragmen, poznan, mes, exhaustion;
        greedy_rule.kind = traffpunkt::pb::pb_rule_kind::greedy;
        no_skip.kind = traffpunkt::pb::pb_rule_kind::greedy_no_skip;
        poznan.kind = traffpunkt::pb::pb_rule_kind::poznan;
        phragmen.kind = traffpunkt::pb::pb_rule_kind::phragmen;
        exhaustion.completion = traffpunkt::pb::pb_completion::budget_increase;
        std::printf(
            "{\"bench\":\"pb_rules_200x200\",\"projects\":200,\"voters\":200,"
            "\"greedy_ms\":%.2f,\"greedy_no_skip_ms\":%.2f,\"poznan_ms\":%.2f,"
            "\"phragmen_ms\":%.1f,\"equal_shares_add1_ms\":%.1f,"
            "\"equal_shares_exhaustion_ms\":%.1f}\n",
            timed(greedy_rule), timed(no_skip), timed(poznan), timed(phragmen), timed(mes),
            timed(exhaustion));
        std::fflush(stdout);
    }
    {
        // The completion's jumps against its plain definition (one count per raise).
        const auto in = make_instance(50, 1000, 12345, false);
        pb_outcome jumps, steps;
        const double ms =
            best_ms(3, [&] { jumps = traffpunkt::pb::equal_shares(in, pb_utility::cost); });
        const double stepwise_ms = best_ms(
            1, [&] { steps = traffpunkt::pb::equal_shares_stepwise(in, pb_utility::cost); });
        std::printf(
            "{\"bench\":\"pb_completion_jumps_vs_stepwise\",\"projects\":50,\"voters\":1000,"
            "\"ms\":%.1f,\"stepwise_ms\":%.1f,\"completion_rounds\":%lld,\"same\":%s}\n",
            ms, stepwise_ms, static_cast<long long>(jumps.completion_rounds),
            jumps == steps ? "true" : "false");
    }
    return 0;
}
