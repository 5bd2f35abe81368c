#pragma once

// Pieces the PB rules share: support counts, the order of support, the explanation of an
// outcome, and Phragmén's rule. Internal to traffpunkt_pb (see pb_rules.hpp for the rules).

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "traffpunkt/pb/pb_rules.hpp"

namespace traffpunkt::pb::pb_detail {

/** Support (sum of scores) and supporters (voters with a positive score) of every project. */
struct support_counts {
    std::vector<std::int64_t> support, supporters;
};

support_counts count_support(const pb_instance& in);

/** Projects with support, best first: higher support, then lower cost, then lower id. */
std::vector<std::size_t> by_support(const pb_instance& in, const support_counts& s);

/**
 * Fills `out.projects` (every project with its reason, support and supporters) and the
 * satisfaction counts from the funded projects and `reason` per project.
 */
void explain(const pb_instance& in, const support_counts& s, const std::vector<pb_reason>& reason,
             pb_outcome& out);

/** Phragmén's sequential rule (see pb_rules.hpp); `cancel` is read once per round. */
pb_outcome phragmen(const pb_instance& in, const std::atomic<bool>* cancel);

}  // namespace traffpunkt::pb::pb_detail
