#include "pb_rule_parts.hpp"

#include <algorithm>

namespace traffpunkt::pb::pb_detail {

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

void explain(const pb_instance& in, const support_counts& s, const std::vector<pb_reason>& reason,
             pb_outcome& out) {
    out.projects.clear();
    for (std::size_t j = 0; j < in.costs.size(); ++j) {
        out.projects.push_back({j, reason[j], s.support[j], s.supporters[j]});
    }
    std::vector<bool> funded(in.costs.size(), false);
    for (const auto& f : out.funded) {
        funded[f.project] = true;
    }
    out.voters = 0;
    out.satisfied_voters = 0;
    for (const auto& v : in.voters) {
        out.voters += v.count;
        if (std::any_of(v.scores.begin(), v.scores.end(),
                        [&](const auto& score) { return funded[score.first]; })) {
            out.satisfied_voters += v.count;
        }
    }
}

}  // namespace traffpunkt::pb::pb_detail
