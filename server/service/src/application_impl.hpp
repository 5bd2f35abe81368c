#pragma once

// Private to the service: the state behind application, the services every feature uses
// (rooms, reads, writer, hub, idempotency, who may see a meeting) and the op table. Each
// feature is an object in its own folder (meetings/meeting_feature.hpp, ...) holding a
// reference to this; polls, PB and the audience are still members here.

#include <atomic>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <unordered_map>

#include <boost/json.hpp>

#include <unordered_set>

#include <boost/asio/steady_timer.hpp>

#include "access/connection_registry.hpp"
#include "calendar/calendar_feeds.hpp"
#include "calendar/calendar_links.hpp"
#include "call.hpp"
#include "documents/document_store.hpp"
#include "hub.hpp"
#include "idempotency.hpp"
#include "join_limiter.hpp"
#include "mail/mail_outbox.hpp"
#include "metrics/histogram.hpp"
#include "pb/pb_import.hpp"
#include "pb/pb_results_cache.hpp"
#include "pb/pb_worker.hpp"
#include "rooms.hpp"
#include "traffpunkt/config/address_range.hpp"
#include "traffpunkt/config/settings.hpp"
#include "traffpunkt/domain/document.hpp"
#include "traffpunkt/domain/rule_error.hpp"
#include "traffpunkt/protocol/errc.hpp"
#include "traffpunkt/service/application.hpp"
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
    /**
     * False: an idem key is remembered in memory only, never in the idempotency table (an
     * anonymous question: the record's scope and time would name its asker).
     */
    bool remember_on_disk = true;
    /** Committed in a transaction of its own (store::writer::submit_alone). */
    bool alone = false;
};

struct registration_batch;    // registration_batch.hpp
struct poll_viewer;           // poll_shared.hpp
class mailer;                 // mailer.hpp
class question_feature;       // questions/question_feature.hpp
class minutes_feature;        // minutes/minutes_feature.hpp
class agenda_feature;         // agenda/agenda_feature.hpp
class document_feature;       // documents/document_feature.hpp
class calendar_feature;       // calendar/calendar_feature.hpp
class mail_feature;           // mail/mail_feature.hpp
class personal_data_feature;  // persons/personal_data_feature.hpp
class network_feature;        // network/network_feature.hpp
class people_feature;         // persons/people_feature.hpp
class registration_feature;   // registrations/registration_feature.hpp
class meeting_feature;        // meetings/meeting_feature.hpp
class poll_feature;           // polls/poll_feature.hpp

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

    // Rights that end reach open connections (issue 16: revocation, lost rights).
    connection_registry open_connections;
    /** Tokens revoked while this process runs, as found by the revocation check. */
    std::mutex revoked_mutex;
    std::unordered_set<std::int64_t> revoked_accounts;
    std::unordered_set<std::int64_t> revoked_audience;
    std::int64_t revocation_seq = 0;  ///< the newest token_revocations row handled
    std::unique_ptr<boost::asio::steady_timer> revocation_timer;
    std::unique_ptr<boost::asio::steady_timer> maintenance_timer;
    /** Calendar feed links, derived from a key outside the database (calendar_links.hpp). */
    std::unique_ptr<calendar_links> calendar_tokens;

    // Audience questions (questions/): the feature object owns its ops, topics and exports.
    std::unique_ptr<question_feature> questions;
    // Minutes (minutes/), the same way.
    std::unique_ptr<minutes_feature> minutes;
    // Agendas and their live "now" marker (agenda/).
    std::unique_ptr<agenda_feature> agenda;
    // Documents (documents/), the same way.
    std::unique_ptr<document_feature> documents;
    // Calendar links and feeds (calendar/), the same way.
    std::unique_ptr<calendar_feature> calendar;

    // Mail (issue 19): the outbox rows written in the transaction of the change that causes
    // them and the mailer thread that sends them; the mail ops are the feature's (mail/).
    mail_outbox outbox{settings};
    std::unique_ptr<mailer> mail_sender;
    std::unique_ptr<mail_feature> mail;
    /** A committed change queued mail: the mailer looks at once. Any thread. */
    void mail_queued();

    /** Starts the periodic revocation check and the idempotency cleanup (constructor). */
    void start_background_jobs();
    /** Cancels them (shutdown). */
    void stop_background_jobs();
    /** Reads revocations made since the last check and ends the connections they concern. */
    void check_revocations();
    /** Deletes idempotency records past their window, then checkpoints the WAL. */
    void expire_idempotency_records();
    /** True when `p`'s token was revoked after the connection authenticated. */
    bool is_revoked(const principal& p);
    /** Closes every open connection of a revoked token (4001). */
    void close_revoked(const std::string& kind, std::int64_t token_id);
    /** Closes every open connection of these account and audience tokens (4001), in one pass. */
    void close_connections_of(const std::set<std::int64_t>& accounts,
                              const std::set<std::int64_t>& audience);
    /**
     * A right of person `person_id` may have ended (facilitator removed, registration no longer
     * confirmed): each of their open connections' subscriptions is authorised again, and those
     * that fail end with `subscription.ended`. Runs on the executor, never on the writer.
     */
    void recheck_rights(std::int64_t person_id);
    /** Re-authorises every subscription of one connection; ends those no longer allowed. */
    void recheck_subscriptions(const std::shared_ptr<connection>& conn);
    /** Ends one subscription: unsubscribes and tells the client why. */
    void end_subscription(const std::shared_ptr<connection>& conn, const std::string& topic,
                          std::string_view reason, std::string_view message);
    /** Throws forbidden / not_found unless the caller may read `topic` (subscribe's rules). */
    void authorize_topic(const call& c, const std::string& topic);

    // Counters for /metrics (metrics/metrics_page.cpp).
    std::atomic<std::int64_t> connections{0};
    std::atomic<std::uint64_t> requests{0};
    std::atomic<std::uint64_t> errors{0};
    std::atomic<std::uint64_t> superseded_events{0};
    std::atomic<std::uint64_t> slow_consumer_closes{0};
    /** Request latency per op of the protocol (made once: the label set is fixed). */
    std::map<std::string, std::unique_ptr<histogram>> op_latency;
    histogram commit_duration{latency_buckets()};
    histogram commit_batch{{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000}};
    /** metrics.allow, parsed once (the ranges were checked when the settings were loaded). */
    std::vector<config::address_range> metrics_allow;
    bool metrics_allowed(std::string_view remote) const;
    http_response http_metrics(const http_request& request);

    using handler = void (impl::*)(const call&);
    struct op_entry {
        handler fn;
        /** From protocol::op_specs() (set once the table is built). */
        bool mutating = false;
        /** A feature object's handler (add_feature_ops), used when `fn` is null. */
        std::function<void(const call&)> feature = {};
    };
    std::unordered_map<std::string, op_entry> ops;
    /** Enters a feature object's handlers in `ops` (the object outlives the table's use). */
    template <class Feature>
    void add_feature_ops(
        const std::unique_ptr<Feature>& feature,
        std::initializer_list<std::pair<const char*, void (Feature::*)(const call&)>> handlers) {
        for (const auto& [name, fn] : handlers) {
            ops[name] = {nullptr, false,
                         [f = feature.get(), fn = fn](const call& c) { (f->*fn)(c); }};
        }
    }

    // Dispatch.
    void dispatch(const call& c);
    void run(const call& c, const op_entry& entry);

    /** Runs `plan` on the strand of room `room_key`; `plan` throws protocol_error to refuse. */
    void mutate(const call& c, std::int64_t room_key, std::function<write_plan()> plan);
    void submit(const call& c, write_plan plan);
    /** What a call whose write failed is answered (logged for store and internal errors). */
    protocol::error write_error(const call& c, std::exception_ptr failure);
    /** Completes a call (and its idem waiters) with a result or an error. */
    void complete_ok(const call& c, const boost::json::value& result);
    void complete_error(const call& c, const protocol::error& e);

    /** The principal a bearer token names; empty when unknown or revoked. */
    std::optional<principal> resolve_token(std::string_view token);

    // Authorisation helpers (throw protocol_error); the meeting ones are
    // meetings/meeting_access.cpp.
    void require_coordinator(const call& c) const;
    bool is_facilitator(const principal& p, std::int64_t meeting_id);
    /** The meeting if the caller may see it (drafts: coordinators and facilitators only). */
    domain::meeting visible_meeting(const call& c, std::int64_t meeting_id);
    bool may_see_private(const principal& p, const domain::meeting& m);
    /** Coordinators and the meeting's facilitators: they run polls and see every result. */
    bool is_poll_staff(const principal& p, std::int64_t meeting_id);
    /** Staff, people with a confirmed registration, and the meeting's audience devices. */
    bool may_take_part(const principal& p, std::int64_t meeting_id);
    /**
     * Throws unauthorized when `p` is an audience device revoked since it connected; its
     * connection's requests stop working at once, not only new connections.
     */
    void require_device_not_revoked(const principal& p);
    /** Runs `fn` on a meeting room's strand; errors it throws answer the call. */
    void on_poll_room(const call& c, std::int64_t meeting_id, std::function<void(room&)> fn);

    // Ops, by area.
    void op_auth(const call& c);
    void op_subscribe(const call& c);
    void op_unsubscribe(const call& c);

    // Networks and organisations (network/), people (persons/).
    std::unique_ptr<network_feature> network;
    std::unique_ptr<people_feature> people;

    // Personal data (persons/personal_data_feature.hpp): register extracts, erasure, the
    // access log and retention; its timer is the application's (maintenance.cpp).
    std::unique_ptr<personal_data_feature> personal_data;
    std::unique_ptr<boost::asio::steady_timer> retention_timer;

    // Meetings (meetings/; who may see one: the helpers above).
    std::unique_ptr<meeting_feature> meetings;
    // Registrations, check-in and statistics (registrations/).
    std::unique_ptr<registration_feature> registrations;

    // HTTP routes by area.
    /** /meetings/{id}/... (http_meetings.cpp): attendee CSV, later agenda text and documents. */
    http_response http_meetings(const http_request& request);

    /** Publishes a meeting event to the topics that may see it. */
    void publish_meeting(std::string_view ev, const domain::meeting& m);
    /** Loads (or returns the cached) meeting of a room; call on the room's strand. */
    domain::meeting& room_meeting(room& r, std::int64_t meeting_id);
    /** Snapshot for a topic (subscribe without or beyond `since`). */
    boost::json::value snapshot(const call& c, const std::string& topic);

    // The bytes of documents, content-addressed under <data_dir>/documents (document_store.hpp);
    // the feature is `documents` (documents/document_feature.hpp).
    document_store document_files{std::filesystem::path(settings.data_dir) / "documents"};

    // Live polls, their audience devices and PB counting (polls/poll_feature.hpp). Declared
    // last: its PB worker stops (and joins) before anything its jobs use is destroyed.
    std::unique_ptr<poll_feature> polls;
};

/** Throws unauthorized when `who`'s token is revoked (inside a write transaction). */
void require_active_token(store::database& db, const principal& who);

/** True for /polls/join/... (the poll link's QR code, http_join_qr.cpp). */
bool is_join_qr_path(std::string_view path);

/** protocol_error from a domain rule: invalid values -> invalid_args, transitions -> conflict. */
[[noreturn]] void throw_rule(const domain::rule_error& e);
/** Throws when the check failed. */
void enforce(const domain::check& c);

}  // namespace traffpunkt::service
