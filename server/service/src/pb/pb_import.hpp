#pragma once

// A participatory-budgeting poll made from a pabulib `.pb` file (poll.create with pb.pabulib,
// or POST /meetings/{id}/polls.pb): its budget, projects (costs, names, categories,
// coordinates), rule and, when asked, its ballots as a finished vote to count. Pure: no
// database, no sockets. Private to the service.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "traffpunkt/domain/ballot.hpp"
#include "traffpunkt/domain/poll.hpp"

namespace traffpunkt::service {

/** What the caller chose beside the file. */
struct pb_import_options {
    bool ballots = false;             ///< import the ballots as a closed poll's
    std::optional<std::string> rule;  ///< instead of the file's META rule
    std::optional<std::int64_t> min_support;
    std::optional<std::string> utility;  ///< cost | approval, for approval files
    std::optional<std::string> ballot;   ///< approval | knapsack | points: how new votes are cast
};

/** A poll (kind pb, not yet stored: no ids, no meeting) and what came with it. */
struct pb_import {
    domain::poll poll;
    std::vector<domain::ballot> ballots;  ///< empty unless options.ballots
    struct notice {
        std::size_t line = 0;
        std::string message;
    };
    std::vector<notice> notices;   ///< what was read the pabutools way (pabulib_file::notices)
    std::size_t file_ballots = 0;  ///< ballots in the file, imported or not
};

/** Why a file cannot become a poll: the line (0: the file as a whole) and the reason. */
struct pb_import_error {
    std::size_t line = 0;
    std::string message;
    std::string field = "pb.pabulib";  ///< the wire field to name in `details.field`
};

/**
 * Reads `text` as pabutools does and makes a PB poll of it: budget and costs with the file's
 * decimals, the currency from META (SEK when absent), projects in file order numbered 1..n
 * (title = name, or the file's id when nameless; description: "pabulib project <id>"),
 * categories from `category`/`categories`, coordinates from `latitude`/`longitude`, the rule
 * from META `rule` (with min_project_score_threshold) when we count it, else
 * equalshares/add1+greedy. Approval and choose-1 files make approval polls (choose-1:
 * max_choices 1), cumulative and scoring files points polls (points_total: META max_sum_points,
 * or the largest ballot). Ordinal ballots cannot be a poll's ballots: with options.ballots they
 * are refused (count such files with `traffpunkt pb count`). Refuses, with the line where it
 * can: anything parse_pabulib refuses, projects beyond 500, a cost of 0 or above the budget,
 * more than 1 000 000 ballots, a rule name we do not know.
 */
std::variant<pb_import, pb_import_error> import_pabulib(std::string_view text,
                                                        const pb_import_options& options);

}  // namespace traffpunkt::service
