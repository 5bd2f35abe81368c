#pragma once

// The live state of a meeting's question boards in its room (PROTOCOL.md "Questions"): decided
// on the room's strand, like polls. Changes are applied here when accepted (so the next command
// sees them) and the state is reloaded from the database if a write fails.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>

#include <boost/asio/steady_timer.hpp>

#include "traffpunkt/domain/question_board.hpp"

namespace traffpunkt::service {

struct question_room {
    /** Boards by id, each with its questions and voters. */
    std::map<std::int64_t, domain::board_state> boards;
    /** The board of each question. */
    std::unordered_map<std::int64_t, std::int64_t> board_of;
    /** Voter keys muted on the meeting ('p:1', 'a:7'). */
    std::set<std::string> muted;
    /** Votes as committed, per question: what events and answers show. */
    std::unordered_map<std::int64_t, std::int64_t> committed_votes;

    int writes_in_flight = 0;
    bool stale = false;  ///< a write failed: reload when none is in flight

    // qa.votes coalescing per question: the last publish, a pending timer, whether changed.
    struct vote_stream {
        std::chrono::steady_clock::time_point last{};
        std::shared_ptr<boost::asio::steady_timer> timer;
        bool dirty = false;
    };
    std::unordered_map<std::int64_t, vote_stream> vote_streams;

    domain::board_state* board_of_question(std::int64_t question_id) {
        auto it = board_of.find(question_id);
        if (it == board_of.end()) {
            return nullptr;
        }
        auto b = boards.find(it->second);
        return b == boards.end() ? nullptr : &b->second;
    }
};

/**
 * Who asked which anonymous question, in memory only and never written anywhere: needed for
 * qa.mute ("mute whoever asked this") without anyone learning who it is. Kept apart from
 * question_room so that a reload from the database (which cannot know it) keeps it; gone after a
 * restart, by design.
 */
struct anonymous_askers {
    std::unordered_map<std::int64_t, std::string> voter_of;  ///< question -> voter key
};

}  // namespace traffpunkt::service
