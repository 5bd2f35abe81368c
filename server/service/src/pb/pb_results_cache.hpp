#pragma once

// The finished counts of participatory-budgeting polls, one per poll, and which poll is being
// counted, so a ballot set is counted once however often its results are read, at most one
// count per poll runs at a time, and a newer ballot set waits for it instead of piling up.
// Thread-safe. Private to the service.

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>

#include <boost/json/object.hpp>

#include "traffpunkt/domain/poll_tally.hpp"

namespace traffpunkt::service {

/** Results of counts by poll, with the ballot set each was counted from. */
class pb_results_cache {
  public:
    /** What is known about a poll's results. */
    struct view {
        /// The newest finished results (the whole results object), null when none yet.
        std::shared_ptr<const boost::json::object> results;
        bool current = false;   ///< `results` were counted from exactly the ballots asked about
        bool counting = false;  ///< a count of the poll is running
        bool final = false;     ///< `results` are the poll's final results
    };

    /** The poll's newest results, compared with `ballots`. */
    view find(std::int64_t poll_id, const domain::pb_ballot_profile& ballots) const;

    /** The poll's newest results, whatever ballots they were counted from. */
    view latest(std::int64_t poll_id) const;

    /**
     * Asks for a count of `ballots`. True: nothing is counting the poll and `ballots` are not
     * counted yet, so the caller starts a count now (and must call finish). False: the results
     * are current, the final results are in, or a count is running; in that last case
     * `again` (if given) is kept and handed back by finish, to submit the newest ballots then.
     */
    bool begin(std::int64_t poll_id, const domain::pb_ballot_profile& ballots,
               std::function<void()> again);

    /**
     * Asks for the final count after the close; it runs beside a live count, whose results it
     * supersedes. True: the caller starts it (and calls finish with final = true); false: the
     * final results are in or their count is running.
     */
    bool begin_final(std::int64_t poll_id);

    /**
     * A count began by begin / begin_final ended: keeps `results` (null when it failed) as
     * counted from `ballots`, and returns what waited for it (empty if nothing did).
     */
    std::function<void()> finish(std::int64_t poll_id,
                                 std::shared_ptr<const domain::pb_ballot_profile> ballots,
                                 std::shared_ptr<const boost::json::object> results, bool final);

    /** The poll is gone (deleted) or its results were stored elsewhere: forget it. */
    void forget(std::int64_t poll_id);

  private:
    struct entry {
        std::shared_ptr<const boost::json::object> results;
        std::shared_ptr<const domain::pb_ballot_profile> ballots;
        bool final = false;
        bool counting = false;        ///< a live count is running
        bool final_counting = false;  ///< the final count is running
        std::function<void()> again;
    };
    mutable std::mutex mutex_;
    std::unordered_map<std::int64_t, entry> entries_;
};

}  // namespace traffpunkt::service
