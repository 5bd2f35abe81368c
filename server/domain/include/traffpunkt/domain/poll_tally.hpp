#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "traffpunkt/domain/ballot.hpp"
#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/poll.hpp"

namespace traffpunkt::domain {

/** Votes for one option (single, multiple, approval) or support for one PB project. */
struct option_count {
    id option_id = 0;  ///< the option's id, or the project's id in `poll_results::projects`
    std::int64_t count = 0;
};

/** One option of a ranking poll's result. */
struct ranking_row {
    id option_id = 0;
    std::int64_t borda = 0;              ///< Borda score, see poll_tally
    std::int64_t first_preferences = 0;  ///< ballots that ranked this option first
    int rank = 0;  ///< 1-based by Borda score; equal scores share a rank (1, 1, 3)
};

/** One word of a text poll's word cloud. */
struct word_count {
    std::string word;
    std::int64_t count = 0;  ///< answers that contain the word
};

/** A snapshot of a poll's results; only the part for the poll's kind is filled. */
struct poll_results {
    poll_kind kind = poll_kind::single;
    std::int64_t ballots = 0;
    /** single, multiple, approval: every option in the poll's order, zeros included. */
    std::vector<option_count> options;
    /** scale: index v-1 holds the ballots with value v, for v in 1..scale_max. */
    std::vector<std::int64_t> scale_counts;
    /** scale: the sum of all values (mean = scale_sum / ballots; the service formats it). */
    std::int64_t scale_sum = 0;
    /** ranking: every option, by rank then option id. */
    std::vector<ranking_row> ranking;
    /** text: at most limits::word_cloud_max words, by count descending then word. */
    std::vector<word_count> words;
    /**
     * pb: every project in the poll's order with its support: approving ballots (approval,
     * knapsack) or points received (points).
     */
    std::vector<option_count> projects;
};

/** A canonical PB ballot: (project id, score) sorted by id; score 1 for an approval. */
using pb_ballot_key = std::vector<std::pair<id, std::int64_t>>;

/** Distinct PB ballots and how many voters cast exactly each one: what the PB rules read. */
using pb_ballot_profile = std::map<pb_ballot_key, std::int64_t>;

namespace limits {
/** A word cloud beyond 100 words is unreadable, and the snapshot stays small. */
inline constexpr std::size_t word_cloud_max = 100;
}  // namespace limits

/**
 * The running tally of one poll, kept in the meeting's room and updated per ballot, so a
 * results snapshot never rereads the ballots. A value type: it copies what it needs from the
 * poll (kind, option and project ids, scale_max, PB ballot kind).
 *
 * Ranking polls are counted by Borda: with n options, a ballot that ranks k of them gives
 * n-1, n-2, ..., n-k points to the ranked ones, best first, and 0 to the rest. Text polls
 * count each distinct word of an answer once (see cloud_words).
 */
class poll_tally {
  public:
    /** An empty tally for `p` (which should be valid). */
    explicit poll_tally(const poll& p);

    /** Counts a ballot that validate_ballot accepted, in its normalised form. */
    void add(const ballot& b);

    /**
     * Takes back a ballot added before (a named voter changes their ballot: remove the old one,
     * add the new one). Removing a ballot that was never added is a caller bug; counts that
     * would go below zero stay at zero.
     */
    void remove(const ballot& b);

    /** Ballots counted. */
    std::int64_t ballots() const { return ballots_; }

    /** The current results. */
    poll_results results() const;

    /**
     * pb polls: each distinct ballot (normalised: projects sorted by id, score 1 per approved
     * project or the points given) and the number of voters who cast exactly it, an empty
     * ballot included. Empty for other kinds.
     */
    const pb_ballot_profile& pb_profile() const { return profile_; }

  private:
    void apply(const ballot& b, std::int64_t delta);
    /** Adds `delta` to `counter` without going below zero. */
    static void bump(std::int64_t& counter, std::int64_t delta);
    /** Adds `delta` to `map[key]`, erasing the entry at zero so snapshots list no zeros. */
    template <class Map, class Key>
    static void bump(Map& map, const Key& key, std::int64_t delta);

    poll_kind kind_;
    pb_ballot_kind pb_ballot_;
    std::vector<id> ids_;                          ///< options (or projects for pb), in poll order
    std::map<id, std::size_t> index_;              ///< id -> position in ids_
    std::vector<std::int64_t> counts_;             ///< per option/project: votes, Borda, or support
    std::vector<std::int64_t> first_preferences_;  ///< ranking
    std::vector<std::int64_t> scale_counts_;
    std::int64_t scale_sum_ = 0;
    std::map<std::string, std::int64_t> words_;
    pb_ballot_profile profile_;
    std::int64_t ballots_ = 0;
};

}  // namespace traffpunkt::domain
