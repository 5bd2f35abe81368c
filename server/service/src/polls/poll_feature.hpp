#pragma once

// Live polls (PROTOCOL.md "Polls"): the poll.* ops, the live state of a meeting's polls in its
// room (poll_room.cpp), their exports (http_polls.cpp), the poll link for audience devices
// (audience/ops_audience.cpp, http_join_qr.cpp) and participatory budgeting: results counted
// on a worker of its own (pb/pb_counting.cpp) and polls imported from pabulib files
// (pb/ops_pb_import.cpp). One feature over three folders that share one live state; it uses the
// application's rooms, reads, writer, hub and the rules of who takes part in a meeting through
// `application::impl`.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "call.hpp"
#include "identity.hpp"
#include "join_limiter.hpp"
#include "pb/pb_import.hpp"
#include "pb/pb_results_cache.hpp"
#include "pb/pb_worker.hpp"
#include "polls/live_poll.hpp"
#include "traffpunkt/domain/poll.hpp"
#include "traffpunkt/domain/poll_tally.hpp"
#include "traffpunkt/service/application.hpp"
#include "traffpunkt/service/http_exchange.hpp"

namespace traffpunkt::service {

struct room;
struct write_plan;   // application_impl.hpp
struct poll_viewer;  // poll_shared.hpp

class poll_feature {
  public:
    explicit poll_feature(application::impl& app);

    /** Stops PB counts (one can take seconds: cancelled rather than waited for). */
    void stop() { pb_counts.stop(); }

    void op_poll_create(const call& c);
    void op_poll_update(const call& c);
    void op_poll_delete(const call& c);
    void op_poll_open(const call& c);
    void op_poll_close(const call& c);
    void op_poll_get(const call& c);
    void op_poll_list(const call& c);
    void op_poll_vote(const call& c);
    void op_poll_results(const call& c);
    void op_poll_link(const call& c);
    void op_audience_join(const call& c);
    void op_audience_list(const call& c);
    void op_audience_revoke(const call& c);
    /** The principal of an audience device token (hash), if it is one and not revoked. */
    std::optional<principal> resolve_audience_token(const std::string& hash);
    /** The hub's restriction: audience devices get events of link polls only (any thread). */
    bool audience_may_receive(const std::string& topic, std::string_view ev,
                              const boost::json::value& data);
    /** Arms the timers of open polls with deadlines (start-up). */
    void arm_poll_deadlines();
    /**
     * {meeting_id, polls: [{poll, results}]} for `polls:M` / `polls-staff:M` and poll.list;
     * `device`: an audience device's view (link polls only).
     */
    boost::json::value polls_snapshot(std::int64_t meeting_id, bool staff, bool device = false);
    /** GET /polls/{id}/... exports (http_polls.cpp). */
    http_response http_polls(const http_request& request);
    /** GET /polls/join/{code}.svg: the poll link as a QR code (http_join_qr.cpp). */
    http_response http_join_qr(const http_request& request);

  private:
    application::impl& app_;
    /** audience.join per source address (settings.audience). */
    join_limiter audience_joins;

    /**
     * The meeting of a poll the caller runs (coordinators, the meeting's facilitators). Others
     * get not_found for a poll hidden from them (a draft: as if unknown), else `refusal`.
     */
    std::int64_t staff_poll_meeting(const call& c, std::int64_t poll_id, std::string_view refusal);
    /** How `p` looks at polls of the room's meeting; on the room's strand. */
    poll_viewer viewer_of(const principal& p, room& r, std::int64_t meeting_id, bool staff);
    /** The meeting of a poll (cached: it never changes); not_found when there is no poll. */
    std::int64_t poll_meeting(std::int64_t poll_id);
    std::mutex poll_meetings_mutex;
    std::unordered_map<std::int64_t, std::int64_t> poll_meetings;
    /** Throws forbidden unless `p` may take part; returns whether `p` is poll staff. */
    bool require_poll_reader(const principal& p, std::int64_t meeting_id);
    /** The live state of a poll in its room, loaded on first use; call on the room's strand. */
    live_poll& room_poll(room& r, std::int64_t poll_id);
    /** The results a caller may see now, or null; on the room's strand. */
    boost::json::value visible_results(live_poll& lp, bool staff);
    /** How many ballots a poll view shows now (anonymous polls: as the live stream did). */
    std::int64_t shown_ballot_count(const live_poll& lp) const;
    /**
     * Queues a vote of an anonymous poll for its batch; flushes when the batch is full and
     * arms the batch's deadline otherwise. On the strand; the vote is already decided.
     */
    void enqueue_anonymous_vote(const std::shared_ptr<room>& r, live_poll& lp, pending_vote v);
    /** Stores the waiting votes of an anonymous poll in one write, then answers each. */
    void flush_anonymous_votes(const std::shared_ptr<room>& r, live_poll& lp);
    /** Marks the tally changed and publishes it now or when the interval has passed. */
    void schedule_tally(const std::shared_ptr<room>& r, live_poll& lp);
    void publish_tally(live_poll& lp);
    /** (Re)arms the auto-close timer of an open poll with a deadline; on the strand. */
    void arm_auto_close(const std::shared_ptr<room>& r, live_poll& lp);
    void close_without_call(const std::shared_ptr<room>& r, std::int64_t poll_id);
    /** Closes a poll: decided on the strand, final results computed in the transaction. */
    write_plan close_plan(std::shared_ptr<room> r, std::int64_t poll_id);
    /** The latest poll view and results per poll, for topic snapshots (any thread). */
    struct poll_snapshot {
        std::int64_t meeting_id = 0;
        bool draft = true;
        bool link = false;                ///< audience devices take part (audience "link")
        boost::json::object participant;  ///< {poll, results|null} as participants see it
        boost::json::object staff;        ///< {poll, results|null} for facilitators
    };
    std::mutex poll_snapshots_mutex;
    std::unordered_map<std::int64_t, std::shared_ptr<const poll_snapshot>> poll_snapshots;
    void remember_poll_snapshot(const domain::poll& p, const boost::json::object& poll_view,
                                const std::optional<boost::json::object>& results);
    void forget_poll_snapshot(std::int64_t poll_id);

    /** Results of a PB poll in its room; starts a count of new ballots. On the strand. */
    boost::json::value pb_live_results(const std::shared_ptr<room>& r, live_poll& lp);
    /** Results of a PB poll from a tally read from the database (any thread). */
    boost::json::value pb_tally_results(const domain::poll& p, const domain::poll_tally& tally);
    /** Counts the room's ballots of an open PB poll and publishes poll.tally when done. */
    void count_pb_tally(const std::shared_ptr<room>& r, live_poll& lp);
    void publish_pb_tally(const domain::poll& p, const boost::json::object& results);
    /** Closes a PB poll on its room's strand: commit, count on the worker, store, answer `c`. */
    void close_pb(std::optional<call> c, std::shared_ptr<room> r, std::int64_t poll_id);
    /** A closed PB poll without stored final results (a crash after the close): count them. */
    void ensure_pb_final(const domain::poll& p);
    void count_pb_final(std::optional<call> c, const domain::poll& closed,
                        const std::atomic<bool>& cancel);
    /** Stores a poll made from a .pb file (and its ballots), then counts them (ops_pb_import). */
    void create_imported_poll(const call& c, const domain::poll& p, pb_import imported);

    // Participatory-budgeting results: counted on pb_counts, never on an I/O thread or the
    // writer, once per ballot set, served from pb_results. Declared last, so the worker stops
    // (and joins) before the rest of this object is destroyed.
    pb_results_cache pb_results;
    pb_worker pb_counts{1};
};

}  // namespace traffpunkt::service
