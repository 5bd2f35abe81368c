#pragma once

// Private to the service: the state behind application and the op handlers, which are split
// over ops_*.cpp files by area (auth, network, meeting, subscribe).

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <boost/json.hpp>

#include "calendar_feeds.hpp"
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

struct registration_batch;  // registration_batch.hpp

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
    /** iCalendar feeds; public ones cached until a meeting in them changes. */
    calendar_feeds calendars{settings};
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

    // Registrations, check-in, statistics (ops_registration.cpp) and invitations
    // (ops_invitation.cpp).
    void op_registration_create(const call& c);
    void op_registration_get(const call& c);
    void op_registration_list(const call& c);
    void op_registration_update(const call& c);
    void op_registration_cancel(const call& c);
    void op_registration_checkin(const call& c);
    void op_meeting_stats(const call& c);
    void op_network_stats(const call& c);
    void op_org_invitation_create(const call& c);
    void op_org_invitation_rotate(const call& c);
    void op_org_invitation_revoke(const call& c);
    /** Issues an organisation's invitation code; `rotate` revokes a valid one first. */
    void invitation_op(const call& c, bool rotate);
    /** True if the caller holds a confirmed registration for the meeting (sees online_url). */
    bool holds_seat(const principal& p, std::int64_t meeting_id);
    /** Loads (or returns the cached) registrations of a room; call on the room's strand. */
    domain::registration_book& room_registrations(room& r, std::int64_t meeting_id);
    /** An id for a new registration, given before its insert so the room can book it. */
    std::int64_t next_registration_id();
    std::once_flag registration_ids_loaded;
    std::atomic<std::int64_t> last_registration_id{0};
    /** Stores a batch of registration changes and publishes their events after the commit. */
    write_plan registration_write(std::shared_ptr<room> r,
                                  std::shared_ptr<registration_batch> batch);
    /**
     * After a meeting change decided on its room's strand: the promotions into seats the change
     * opened, and the new counts. Empty when nothing about seats changed.
     */
    std::optional<write_plan> registrations_after_meeting_change(std::shared_ptr<room> r,
                                                                 const domain::meeting& before,
                                                                 const domain::meeting& after);

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
