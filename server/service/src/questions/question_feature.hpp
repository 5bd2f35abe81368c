#pragma once

// Audience questions (PROTOCOL.md "Questions"): the qa.* ops, the questions:M and
// questions-staff:M topics and the exports. One feature in one folder: it uses the application's
// rooms, writer, reads and hub through `application::impl` and adds nothing to it but this
// object and its op table entries.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/value.hpp>

#include "call.hpp"
#include "question_views.hpp"
#include "request_window.hpp"
#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/service/application.hpp"
#include "traffpunkt/service/http_exchange.hpp"

namespace traffpunkt::store {
class database;
}

namespace traffpunkt::service {

struct room;
struct question_room;

class question_feature {
  public:
    explicit question_feature(application::impl& app);

    void op_open(const call& c);
    void op_close(const call& c);
    void op_ask(const call& c);
    void op_vote(const call& c);
    void op_withdraw(const call& c);
    void op_moderate(const call& c);
    void op_mute(const call& c);
    void op_list(const call& c);

    /** Throws forbidden / not_found unless the caller may read questions(-staff):M. */
    void authorize_topic(const call& c, std::int64_t meeting_id, bool staff);
    /** The snapshot of questions:M (`staff` false) or questions-staff:M, from the database. */
    boost::json::value snapshot(std::int64_t meeting_id, bool staff);

    /** True for /meetings/{id}/questions.{csv,json,md}. */
    static bool is_export_path(std::string_view path);
    /** GET/HEAD of an export (question_exports.cpp). */
    http_response http_export(const http_request& request);

  private:
    application::impl& app_;
    request_window asks_;
    request_window votes_;
    std::once_flag ids_loaded_;
    std::atomic<std::int64_t> last_board_id_{0};
    std::atomic<std::int64_t> last_question_id_{0};

    void load_ids();
    std::int64_t next_board_id();
    std::int64_t next_question_id();

    /** The room's question state, loaded on first use (and after a failed write); on the strand. */
    question_room& state(room& r, std::int64_t meeting_id);
    /** A meeting's boards, questions and votes as stored. */
    static meeting_questions load(store::database& db, std::int64_t meeting_id);

    /** The meeting of a board / question; not_found when there is none. */
    std::int64_t meeting_of_board(std::int64_t board_id);
    std::int64_t meeting_of_question(std::int64_t question_id);

    /** The voter key of a participant ('p:1', 'a:7'); forbidden for callers without one. */
    static std::string voter_of(const call& c, std::string_view refusal);
    /**
     * Throws unless the caller takes part in the meeting: the meeting's device, a person with a
     * confirmed registration, or staff. On the room's strand (reads the registration book).
     */
    void require_participant(const call& c, room& r, std::int64_t meeting_id);
    /**
     * Throws forbidden for callers who run no meeting at all (public, devices, tokens without a
     * person), before any id is looked up, so the answer is the same for every id.
     */
    static void require_staff_role(const call& c, std::string_view refusal);
    /** The meeting, if the caller runs it (coordinator, facilitator); drafts as polls. */
    domain::meeting require_staff(const call& c, std::int64_t meeting_id);

    /** Publishes qa.question / qa.removed for a question whose status was `before`. */
    void publish_question(const domain::question& q, std::int64_t votes,
                          std::optional<domain::question_status> before);
    /** Marks a question's votes changed and publishes them now or after the interval. */
    void schedule_votes(const std::shared_ptr<room>& r, std::int64_t question_id);
    void publish_votes(room& r, std::int64_t question_id);

    /**
     * Stores a change decided on the strand: `write` in the writer, then `committed` posted back
     * to the strand, and the answer `result`. A failed write marks the state stale.
     * `remember` false: an idem retry is answered from memory only (anonymous questions).
     */
    void store(const call& c, const std::shared_ptr<room>& r, std::int64_t meeting_id,
               std::function<void(store::database&)> write, std::function<void(room&)> committed,
               boost::json::value result, bool remember = true);
};

}  // namespace traffpunkt::service
