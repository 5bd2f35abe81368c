#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <boost/asio/steady_timer.hpp>
#include <boost/asio/system_timer.hpp>
#include <boost/json/object.hpp>

#include "call.hpp"
#include "traffpunkt/domain/ballot.hpp"
#include "traffpunkt/domain/poll.hpp"
#include "traffpunkt/domain/poll_tally.hpp"

namespace traffpunkt::service {

/** A vote of an anonymous poll that waits for its batch (see live_poll::pending). */
struct pending_vote {
    call c;
    std::string voter;
    domain::ballot ballot;
    std::string text;  ///< the stored form
};

/**
 * A poll's live state in its meeting's room (touched only on the room's strand).
 *
 * `voters` and `named` are what the room has decided (committed or on their way to the
 * database): they enforce one ballot per person at once. `tally` counts only committed ballots,
 * so a live result never shows a vote that could still be lost.
 */
struct live_poll {
    explicit live_poll(domain::poll p) : poll(std::move(p)), tally(poll) {}

    domain::poll poll;
    domain::poll_tally tally;
    std::unordered_set<std::string> voters;
    /** Decided ballots of a named poll, by voter; always empty for an anonymous poll. */
    std::unordered_map<std::string, domain::ballot> named;
    /** Vote writes decided here whose commit has not been reported yet. */
    int writes_in_flight = 0;
    /** A write failed: reload from the database once no write is in flight any more. */
    bool stale = false;

    // Coalesced tally events: at most one per poll_tally_interval_ms.
    bool dirty = false;
    std::chrono::steady_clock::time_point last_tally{};
    std::shared_ptr<boost::asio::steady_timer> tally_timer;  ///< set while a tally waits
    std::shared_ptr<boost::asio::system_timer> close_timer;  ///< set while auto-close waits

    // Anonymous polls (PROTOCOL.md "Anonymous ballots"). Votes wait here until a batch of
    // polls.anonymous_batch_min has come (or polls.anonymous_batch_max_wait_ms has passed since
    // the first), then go to the database together, in an order unrelated to their voters.
    std::vector<pending_vote> pending;
    std::shared_ptr<boost::asio::steady_timer> batch_timer;  ///< set while a batch waits
    // What the live stream has shown of an anonymous poll: reads answer with this, not the
    // tally, so no reader sees fewer than polls.anonymous_tally_min_new new ballots at once.
    std::int64_t shown_ballots = 0;
    std::optional<boost::json::object> shown_results;
    std::int64_t unshown = 0;  ///< committed ballots since the last tally shown
};

/** The key under which a voter is stored: 'p:<person id>' or 'a:<audience token id>'. */
inline std::string person_voter(std::int64_t person_id) {
    return "p:" + std::to_string(person_id);
}
inline std::string audience_voter(std::int64_t token_id) {
    return "a:" + std::to_string(token_id);
}

}  // namespace traffpunkt::service
