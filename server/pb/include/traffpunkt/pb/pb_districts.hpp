#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

#include "traffpunkt/pb/pb_rules.hpp"

// Sub-budgets, as Warszawa's districts or Amsterdam's categories: each district has its own
// budget and its own projects, counted apart with the same rule, and the city-wide projects are
// counted with the city-wide budget beside them. Who is in a count's electorate (the voters
// whose equal shares Equal Shares cuts from its budget): for the city-wide projects every
// voter, an empty ballot too; for a district the voters who gave a positive score to at least
// one of its projects (as pabulib's district files hold the voters of that district).

namespace traffpunkt::pb {

/** A sub-budget. */
struct pb_subbudget {
    std::string name;
    std::int64_t budget = 0;  ///< in the instance's smallest units
};

/** One part of a count by district; project indices refer to the whole instance. */
struct pb_district_outcome {
    std::string name;  ///< "" for the city-wide projects
    std::int64_t budget = 0;
    pb_outcome outcome;
};

/** The parts, and all of them together. */
struct pb_split_outcome {
    /**
     * Every part's funded projects (city-wide first, then the districts in order), their total
     * cost, budget_left over every budget, every project's reason, and satisfaction over every
     * voter. per_voter_share, share_increment and completion_rounds are the parts' own (empty
     * and 0 here when there is more than one part).
     */
    pb_outcome combined;
    std::vector<pb_district_outcome> parts;  ///< city-wide first (when it has projects)
};

/**
 * Counts `in` with rule `r`, each district apart. `district_of[j]` is project j's district (an
 * index into `districts`) or -1 for city-wide, whose budget is in.budget. Without districts the
 * one part is the plain count.
 */
pb_split_outcome count_by_district(const pb_instance& in, const std::vector<int>& district_of,
                                   const std::vector<pb_subbudget>& districts, const pb_rule& r,
                                   const std::atomic<bool>* cancel = nullptr);

}  // namespace traffpunkt::pb
