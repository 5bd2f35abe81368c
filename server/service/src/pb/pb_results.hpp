#pragma once

// The counted part of a participatory-budgeting poll's results (`results.pb`, PROTOCOL.md
// "Participatory budgeting"): the one code path for the live view, the close and the exports.
// Counting is heavy (a completed Equal Shares can take seconds): call pb_results_json on the PB
// worker only (pb_worker.hpp), never on an I/O thread or the writer.

#include <atomic>
#include <cstdint>
#include <string>

#include <boost/json/object.hpp>

#include "traffpunkt/domain/poll.hpp"
#include "traffpunkt/domain/poll_tally.hpp"

namespace traffpunkt::service {

/**
 * Counts `profile` (the poll's ballots, an empty ballot included, each with its count) with the
 * poll's rule and, side by side, greedy and Equal Shares; returns `results.pb`. Throws
 * pb::pb_cancelled when `cancel` becomes true during the count.
 */
boost::json::object pb_results_json(const domain::poll& p, const domain::pb_ballot_profile& profile,
                                    const std::atomic<bool>* cancel = nullptr);

/** The name of the rule that decides the poll ("equalshares/add1+greedy" by default). */
std::string pb_rule_name(const domain::poll& p);

/** `results.pb` while no count of the poll has finished yet: budget, currency, counting. */
boost::json::object pb_pending_json(const domain::poll& p);

}  // namespace traffpunkt::service
