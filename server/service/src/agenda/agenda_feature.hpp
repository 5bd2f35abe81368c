#pragma once

// Agendas with their live "now" marker (PROTOCOL.md "Agenda"): the agenda.* ops, what the agenda
// adds to a meeting:M snapshot and GET /meetings/{id}/agenda.txt. One feature in one folder, like
// minutes/: it uses the application's rooms, reads, writer and hub through `application::impl`.

#include <atomic>
#include <cstdint>
#include <functional>
#include <mutex>
#include <vector>

#include <boost/json/object.hpp>

#include "call.hpp"
#include "traffpunkt/domain/agenda.hpp"
#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/service/application.hpp"
#include "traffpunkt/service/http_exchange.hpp"

namespace traffpunkt::store {
class database;
}

namespace traffpunkt::service {

struct room;

class agenda_feature {
  public:
    explicit agenda_feature(application::impl& app);

    void op_get(const call& c);
    void op_add(const call& c);
    void op_update(const call& c);
    void op_move(const call& c);
    void op_remove(const call& c);
    void op_set_current(const call& c);
    void op_start(const call& c);
    void op_end(const call& c);
    void op_history(const call& c);

    /** GET /meetings/{id}/agenda.txt (http_agenda.cpp). */
    http_response http_text(const http_request& request);

    /** Adds agenda, now and minutes to a meeting:M snapshot (`staff`: draft minutes' text). */
    void add_to_snapshot(store::database& db, const domain::meeting& m, bool staff,
                         boost::json::object& snapshot);

    /**
     * A committed poll or document change named or left an agenda item: the room's agenda
     * (whose items list them) is read again on next use. Call from any thread.
     */
    void links_changed(std::int64_t meeting_id);

  private:
    /** What a command decided on the room's strand (ops_agenda.cpp). */
    struct decision;

    application::impl& app_;
    std::once_flag item_ids_loaded_;
    std::atomic<std::int64_t> last_item_id_{0};

    /**
     * Runs `decide` on the meeting's strand against a copy of the room's agenda, then stores,
     * answers and publishes what it decided: `agenda.changed` (a new SEQUENCE and the change
     * record when published) for item edits, `agenda.now` for `live` commands.
     */
    void command(const call& c, std::int64_t meeting_id, bool live,
                 std::function<decision(const domain::meeting&, domain::agenda&)> decide);
    /** The room's agenda, loaded on first use; call on the room's strand. */
    domain::agenda& room_agenda(room& r, std::int64_t meeting_id);
    /** An id for a new agenda item, given on the strand before its insert. */
    std::int64_t next_item_id();
    /** The meeting if the caller may change its agenda (not_found / forbidden otherwise). */
    domain::meeting editor_meeting(const call& c, std::int64_t meeting_id);
    /** The meeting of an agenda item the caller may change. */
    std::int64_t item_meeting_of(const call& c, std::int64_t item_id);
    /** Linked documents and polls must be the meeting's own (invalid_args naming the element). */
    void check_links(std::int64_t meeting_id, const std::vector<domain::id>& document_ids,
                     const std::vector<domain::id>& poll_ids);
};

}  // namespace traffpunkt::service
