#include "traffpunkt/pb/pb_districts.hpp"

#include <algorithm>

namespace traffpunkt::pb {

namespace {

/** The projects of one part and the voters of its electorate, as an instance of its own. */
pb_instance part_instance(const pb_instance& in, const std::vector<std::size_t>& projects,
                          std::int64_t budget, bool everybody) {
    pb_instance part;
    part.budget = budget;
    part.unit = in.unit;
    std::vector<std::size_t> local(in.costs.size(), projects.size());  // whole -> part index
    for (std::size_t k = 0; k < projects.size(); ++k) {
        local[projects[k]] = k;
        part.costs.push_back(in.costs[projects[k]]);
        part.project_ids.push_back(in.project_ids[projects[k]]);
    }
    for (const auto& v : in.voters) {
        pb_instance::voter_group g;
        g.count = v.count;
        for (const auto& [j, score] : v.scores) {
            if (local[j] < projects.size()) {
                g.scores.emplace_back(local[j], score);
            }
        }
        if (everybody || !g.scores.empty()) {
            part.voters.push_back(std::move(g));
        }
    }
    return part;
}

/** `o` with its project indices mapped from the part back to the whole instance. */
void map_back(pb_outcome& o, const std::vector<std::size_t>& projects) {
    for (auto& f : o.funded) {
        f.project = projects[f.project];
    }
    for (auto& p : o.projects) {
        p.project = projects[p.project];
    }
}

}  // namespace

pb_split_outcome count_by_district(const pb_instance& in, const std::vector<int>& district_of,
                                   const std::vector<pb_subbudget>& districts, const pb_rule& r,
                                   const std::atomic<bool>* cancel) {
    pb_split_outcome out;
    if (districts.empty()) {
        out.combined = count(in, r, cancel);
        out.parts.push_back({"", in.budget, out.combined});
        return out;
    }
    // Part -1 is city-wide, then the districts.
    for (int d = -1; d < static_cast<int>(districts.size()); ++d) {
        std::vector<std::size_t> projects;
        for (std::size_t j = 0; j < in.costs.size(); ++j) {
            if (district_of[j] == d) {
                projects.push_back(j);
            }
        }
        if (d == -1 && projects.empty()) {
            continue;  // only district projects
        }
        const std::int64_t budget =
            d == -1 ? in.budget : districts[static_cast<std::size_t>(d)].budget;
        auto part = count(part_instance(in, projects, budget, d == -1), r, cancel);
        map_back(part, projects);
        out.parts.push_back(
            {d == -1 ? "" : districts[static_cast<std::size_t>(d)].name, budget, std::move(part)});
    }
    auto& c = out.combined;
    const auto& first = out.parts.front().outcome;
    c.rule = first.rule;
    c.pabulib_rule = first.pabulib_rule;
    c.tie_rule = first.tie_rule;
    c.tie_keys = first.tie_keys;
    c.completion_tie_keys = first.completion_tie_keys;
    c.projects.resize(in.costs.size());
    std::int64_t budgets = 0;
    for (const auto& part : out.parts) {
        budgets += part.budget;
        c.total_cost += part.outcome.total_cost;
        c.funded.insert(c.funded.end(), part.outcome.funded.begin(), part.outcome.funded.end());
        for (const auto& p : part.outcome.projects) {
            c.projects[p.project] = p;
        }
    }
    c.budget_left = budgets - c.total_cost;
    if (out.parts.size() == 1) {
        c.per_voter_share = first.per_voter_share;
        c.share_increment = first.share_increment;
        c.completion_rounds = first.completion_rounds;
    }
    // Satisfaction over every voter of the whole instance.
    std::vector<bool> funded(in.costs.size(), false);
    for (const auto& f : c.funded) {
        funded[f.project] = true;
    }
    for (const auto& v : in.voters) {
        c.voters += v.count;
        if (std::any_of(v.scores.begin(), v.scores.end(),
                        [&](const auto& s) { return funded[s.first]; })) {
            c.satisfied_voters += v.count;
        }
    }
    return out;
}

}  // namespace traffpunkt::pb
