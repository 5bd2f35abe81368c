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
 * The results of a poll from its tally. `final` marks the results stored at close. For a PB
 * poll this computes both outcomes (greedy and Equal Shares) side by side.
 */
boost::json::object results_json(const domain::poll& p, const domain::poll_tally& tally,
                                 bool final);

}  // namespace traffpunkt::service
