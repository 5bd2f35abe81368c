#pragma once

// Private to the service: the state behind application and the op handlers, which are split
// over ops_*.cpp files by area (auth, network, meeting, subscribe).

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include <boost/json.hpp>

#include "call.hpp"
#include "idempotency.hpp"
#include "rooms.hpp"
#include "traffpunkt/config/settings.hpp"
#include "traffpunkt/domain/rule_error.hpp"
#include "traffpunkt/protocol/errc.hpp"
#include "traffpunkt/service/application.hpp"
#include "traffpunkt/service/hub.hpp"
#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/read_pool.hpp"
#include "traffpunkt/store/writer.hpp"

namespace traffpunkt::service {

/** A write decided on a room's strand, carried out by the writer. */
struct write_plan {
    /** Runs on the writer thread inside the batch transaction; returns the op's result. */
    std::function<boost::json::value(store::database&)> write;
    /** Runs after COMMIT (writer thread): publish events. Must not throw. */
    std::function<void(const boost::json::value& result)> committed;
    /** Runs when the write failed: undo optimistic room state. Must not throw. */
    std::function<void()> failed;
    /**
     * What a retry with the same idem key gets back, when it must differ from the result
     * (person.create does not keep the plaintext token). Empty: the result itself.
     */
    std::function<boost::json::value(const boost::json::value& result)> remembered;
};

struct application::impl {
    impl(const config::settings& s, boost::asio::any_io_executor ex);

    config::settings settings;
    boost::asio::any_io_executor executor;
    std::string db_path;
    std::unique_ptr<store::writer> writer;
    std::unique_ptr<store::read_pool> reads;
    hub events;
    room_registry rooms;
    idempotency idem;
    std::atomic<bool> stopped{false};

    // Counters for /metrics.
    std::atomic<std::int64_t> connections{0};
    std::atomic<std::uint64_t> requests{0};
    std::atomic<std::uint64_t> errors{0};

    using handler = void (impl::*)(const call&);
    struct op_entry {
        handler fn;
        bool mutating;
    };
    std::unordered_map<std::string, op_entry> ops;

    // Dispatch.
    void dispatch(const call& c);
    void run(const call& c, const op_entry& entry);

    /** Runs `plan` on the strand of room `room_key`; `plan` throws protocol_error to refuse. */
    void mutate(const call& c, std::int64_t room_key, std::function<write_plan()> plan);
    void submit(const call& c, write_plan plan);
    /** Completes a call (and its idem waiters) with a result or an error. */
    void complete_ok(const call& c, const boost::json::value& result);
    void complete_error(const call& c, const protocol::error& e);

    /** The principal a bearer token names; empty when unknown or revoked. */
    std::optional<principal> resolve_token(std::string_view token);

    // Authorisation helpers (throw protocol_error).
    void require_coordinator(const call& c) const;
    bool is_facilitator(const principal& p, std::int64_t meeting_id);
    /** The meeting if the caller may see it (drafts: coordinators and facilitators only). */
    domain::meeting visible_meeting(const call& c, std::int64_t meeting_id);
    bool may_see_private(const principal& p, const domain::meeting& m);

    // Ops, by area.
    void op_auth(const call& c);
    void op_network_list(const call& c);
    void op_network_get(const call& c);
    void op_network_create(const call& c);
    void op_network_update(const call& c);
    void op_org_list(const call& c);
    void op_org_admit(const call& c);
    void op_org_update(const call& c);
    void op_person_create(const call& c);
    void op_person_get(const call& c);
    void op_meeting_list(const call& c);
    void op_meeting_get(const call& c);
    void op_meeting_create(const call& c);
    void op_meeting_update(const call& c);
    void op_meeting_publish(const call& c);
    void op_meeting_cancel(const call& c);
    void op_meeting_add_facilitator(const call& c);
    void op_meeting_remove_facilitator(const call& c);
    void op_subscribe(const call& c);
    void op_unsubscribe(const call& c);

    /** publish / cancel: a status transition on the meeting's room. */
    void transition_op(const call& c, std::int64_t meeting_id,
                       domain::check (*step)(domain::meeting&), std::string ev);
    void facilitator_op(const call& c, std::int64_t meeting_id, std::int64_t person_id, bool add);

    // HTTP routes by area.
    /** GET /calendar/... (http_calendar.cpp). */
    http_response http_calendar(const http_request& request);
    /** /meetings/{id}/... (http_meetings.cpp): attendee CSV, later agenda text and documents. */
    http_response http_meetings(const http_request& request);

    /** Publishes a meeting event to the topics that may see it. */
    void publish_meeting(std::string_view ev, const domain::meeting& m);
    /** Loads (or returns the cached) meeting of a room; call on the room's strand. */
    domain::meeting& room_meeting(room& r, std::int64_t meeting_id);
    /** Snapshot for a topic (subscribe without or beyond `since`). */
    boost::json::value snapshot(const call& c, const std::string& topic);
};

/** protocol_error from a domain rule: invalid values -> invalid_args, transitions -> conflict. */
[[noreturn]] void throw_rule(const domain::rule_error& e);
/** Throws when the check failed. */
void enforce(const domain::check& c);

}  // namespace traffpunkt::service
