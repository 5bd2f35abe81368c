#pragma once

// The ballots of a participatory-budgeting poll as a pabulib `.pb` file (GET
// /polls/{id}/ballots.pb), built from the poll, its meeting, its ballots and its results.

#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "traffpunkt/domain/ballot.hpp"
#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/domain/poll.hpp"

namespace traffpunkt::service {

/**
 * The `.pb` text of a PB poll: META (the poll's question, the meeting as unit, budget, vote
 * type, rule), PROJECTS (votes, and score for points ballots, counted from `ballots`;
 * `selected` from `results`) and VOTES (voters numbered 1..n, never named).
 * @throws std::runtime_error if the file cannot be written (a bug: our data always fits).
 */
std::string pabulib_export(const domain::poll& p, const domain::meeting& m,
                           const std::vector<domain::ballot>& ballots,
                           const boost::json::object& results);

}  // namespace traffpunkt::service
