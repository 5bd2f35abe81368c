#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "traffpunkt/pb/pabulib.hpp"
#include "traffpunkt/pb/pb_rules.hpp"

// A pabulib file as an election to count: the instance the rules read, the file's project ids
// and names beside it, and what the file says about its own count (rule, threshold, selected).

namespace traffpunkt::pb {

/** A pabulib file prepared for counting (see prepare_file). */
struct pb_file_election {
    /**
     * Projects in file order; money in the file's smallest unit (unit 10^decimals); every
     * ballot a voter group of one (empty ones too). Scores: 1 per approved project, the points
     * of cumulative and scoring ballots (0 points: no score), or Borda points for ordinal
     * ballots (a ranking of k of the m projects gives m-1, m-2, ..., m-k, as ranking polls do).
     */
    pb_instance instance;
    std::vector<std::string> ids;    ///< the file's project ids, by index
    std::vector<std::string> names;  ///< the file's project names, by index ("" when none)
    std::string vote_type;           ///< META vote_type
    std::string file_rule;           ///< META rule as written ("" when none)
    /// META min_project_score_threshold as a whole number, 0 when absent.
    std::int64_t min_support = 0;
    /// The file's `selected` column per project (nullopt where a project has none).
    std::vector<std::optional<int>> selected;
    bool has_selected = false;  ///< some project has a `selected` value
};

/**
 * Prepares `f` (as parse_pabulib returned it) for counting. Project ids are ranked for
 * tie-breaking by the order "numerically when both ids are whole numbers, else by their UTF-8
 * bytes" (instance.project_ids holds the ranks). Refuses, with the reason, what the rules cannot
 * count: more than pb_max_projects projects or pb_max_voters voters, a cost of 0, a budget out
 * of range, points beyond what one ballot may give.
 */
std::variant<pb_file_election, rule_error> prepare_file(const pabulib_file& f);

/**
 * The rule the file names in META `rule`, with META min_project_score_threshold as its minimum
 * support: greedy, greedy-threshold, greedy-no-skip, equalshares, equalshares/add1 (and our
 * names); pabulib's greedy-custom is Poznań's 80 % rule when the unit is Poznań. nullopt for
 * rules we do not count (greedy-exclusive, other greedy-custom, unknown).
 */
std::optional<pb_rule> file_rule(const pb_file_election& e, const pabulib_file& f);

/**
 * Whether rule `r` can count `e`: ordinal ballots (Borda scores) only with the greedy family
 * (borda-greedy, greedy, greedy-no-skip, poznan); Equal Shares and Phragmén need approvals or
 * points, so they refuse ordinal files.
 */
check rule_fits(const pb_file_election& e, const pb_rule& r);

/**
 * Compares `o` with the file's selected column: selected 1 is funded; selected 2 (pabulib: funded
 * with money beyond the budget) is funded by the Poznań rule's 80 % step, and by no other rule.
 */
struct selected_comparison {
    std::vector<std::string> only_in_file;  ///< selected in the file, not funded by the rule
    std::vector<std::string> only_by_rule;  ///< funded by the rule, not selected in the file
    bool same() const { return only_in_file.empty() && only_by_rule.empty(); }
};

selected_comparison compare_selected(const pb_file_election& e, const pb_outcome& o);

}  // namespace traffpunkt::pb
