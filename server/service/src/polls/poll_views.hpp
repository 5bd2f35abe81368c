#pragma once

// Polls and their results in wire form (PROTOCOL.md, "Polls").

#include <cstdint>

#include <boost/json/object.hpp>

#include "traffpunkt/domain/poll.hpp"
#include "traffpunkt/domain/poll_tally.hpp"

namespace traffpunkt::service {

/** A poll with its settings; `ballots` is how many have voted. */
boost::json::object poll_json(const domain::poll& p, std::int64_t ballots);

/**
 * The results of a poll from its tally. `final` marks the results stored at close. A PB poll's
 * counted part (`pb`) is only filled for an empty tally; otherwise it is pending: the count
 * runs on the PB worker (pb_counting.cpp, pb_results.hpp).
 */
boost::json::object results_json(const domain::poll& p, const domain::poll_tally& tally,
                                 bool final);

}  // namespace traffpunkt::service
