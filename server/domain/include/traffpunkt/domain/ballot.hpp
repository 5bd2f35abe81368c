#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/poll.hpp"
#include "traffpunkt/domain/rule_error.hpp"

namespace traffpunkt::domain {

/**
 * One voter's answer to a poll. Which part is used depends on the poll (see `ballot_form`);
 * the other parts stay empty.
 */
struct ballot {
    /**
     * single: exactly one option id. multiple: 1..max_choices distinct option ids. approval:
     * distinct option ids, possibly none ("none of these"). ranking: distinct option ids, best
     * first, at least one. pb approval and knapsack: distinct project ids, possibly none.
     */
    std::vector<id> choices;
    int value = 0;     ///< scale: 1..scale_max
    std::string text;  ///< text: 1..text_max_length characters once trimmed
    /** pb points: (project id, points >= 1), distinct projects, 1..points_total in all. */
    std::vector<std::pair<id, std::int64_t>> points;
};

/**
 * The key a ballot of `p` has on the wire (poll.vote's `ballot` object): "option", "options",
 * "value", "ranking", "text", "projects" or "points". The service refuses a ballot sent in
 * another form, and validation errors name "ballot.<form>".
 */
std::string_view ballot_form(const poll& p);

/**
 * Checks that `b` is a valid ballot of `p` (the poll's status is the caller's business):
 * only the part `ballot_form(p)` names is used, ids are options or projects of the poll and
 * not repeated, counts, values and the knapsack budget are kept, a text answer is valid UTF-8
 * with no control characters but line breaks and tabs and, after `normalised`, 1 to
 * text_max_length characters. Errors are invalid_value with fields like "ballot.options" and
 * messages that name ids and amounts but never the voter.
 */
check validate_ballot(const poll& p, const ballot& b);

/**
 * The canonical form of a valid ballot, which the service stores and tallies: the chosen ids
 * of multiple, approval and pb approval/knapsack ballots and the points by project sorted
 * ascending; a text answer with CRLF made LF and surrounding white space trimmed. Single and
 * ranking ballots are kept as they are (a ranking's order is its meaning).
 */
ballot normalised(const poll& p, ballot b);

}  // namespace traffpunkt::domain
