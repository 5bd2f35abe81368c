#pragma once

// Private to the service: the state behind application and the op handlers, which are split
// over ops_*.cpp files by area (auth, network, meeting, subscribe).

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
#include "request_window.hpp"
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

struct registration_batch;  // registration_batch.hpp
struct poll_viewer;         // poll_shared.hpp
class mailer;               // mailer.hpp
class question_feature;     // questions/question_feature.hpp
class minutes_feature;      // minutes/minutes_feature.hpp
class agenda_feature;       // agenda/agenda_feature.hpp
class document_feature;     // documents/document_feature.hpp
class calendar_feature;     // calendar/calendar_feature.hpp

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
    // them, the mailer thread that sends them, and the limits of "send me my link".
    mail_outbox outbox{settings};
    std::unique_ptr<mailer> mail_sender;
    request_window link_requests_per_address{
        static_cast<std::size_t>(settings.mail.send_link_per_address_per_hour),
        std::chrono::hours(1)};
    request_window link_requests_per_source{
        static_cast<std::size_t>(settings.mail.send_link_per_source_per_hour),
        std::chrono::hours(1)};
    /** A committed change queued mail: the mailer looks at once. Any thread. */
    void mail_queued();
    void op_mail_list(const call& c);
    void op_mail_resend(const call& c);
    void op_person_send_link(const call& c);
    void op_person_resend_link(const call& c);
    void op_person_set_language(const call& c);
    /** registration.list with `mail` (coordinators): each view gets `last_mail`, or null. */
    void add_last_mails(const call& c, boost::json::array& registrations);

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
    // The coordinator's people and personal links (ops_person.cpp).
    void op_person_list(const call& c);
    void op_person_update(const call& c);
    void op_person_link(const call& c);
    void op_person_link_revoke(const call& c);
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

    // Personal data (ops_personal_data.cpp; HTTP extract in http_persons.cpp): register extract,
    // erasure, the access log and retention.
    void op_person_export(const call& c);
    void op_person_erase(const call& c);
    void op_audit_list(const call& c);
    void op_retention_run(const call& c);
    /** The register extract of a person as JSON (nullopt: no such person, or erased). */
    std::optional<boost::json::object> person_extract(store::database& db, std::int64_t person_id);
    /**
     * Appends to the access log that `who` (from `remote`) read or exported personal data
     * (`action`), about a person or a meeting's people. Through the writer, after the read: a
     * failure is logged, never answered.
     */
    void log_access(const principal& who, std::string_view remote, std::string_view action,
                    std::optional<std::int64_t> subject_person_id,
                    std::optional<std::int64_t> meeting_id, std::string details = {});
    /** Applies the retention rules as of `as_of`; returns what it did (also /metrics). */
    void run_retention(domain::instant as_of,
                       std::function<void(std::optional<boost::json::object>)> done);
    std::atomic<std::int64_t> retention_last_run{0};  ///< unix seconds, 0 = not yet
    std::unique_ptr<boost::asio::steady_timer> retention_timer;
    /** /persons/{id}/export.json and export.html, /audit.csv (http_persons.cpp). */
    http_response http_persons(const http_request& request);

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

    // Live polls (ops_poll.cpp) and their exports (http_polls.cpp).
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
    /** audience.join per source address (settings.audience). */
    join_limiter audience_joins{settings.audience.join_burst, settings.audience.join_per_minute};
    /**
     * Throws unauthorized when `p` is an audience device revoked since it connected; its
     * connection's requests stop working at once, not only new connections.
     */
    void require_device_not_revoked(const principal& p);
    /**
     * The meeting of a poll the caller runs (coordinators, the meeting's facilitators). Others
     * get not_found for a poll hidden from them (a draft: as if unknown), else `refusal`.
     */
    std::int64_t staff_poll_meeting(const call& c, std::int64_t poll_id, std::string_view refusal);
    /** How `p` looks at polls of the room's meeting; on the room's strand. */
    poll_viewer viewer_of(const principal& p, room& r, std::int64_t meeting_id, bool staff);
    /** The hub's restriction: audience devices get events of link polls only (any thread). */
    bool audience_may_receive(const std::string& topic, std::string_view ev,
                              const boost::json::value& data);
    /** The meeting of a poll (cached: it never changes); not_found when there is no poll. */
    std::int64_t poll_meeting(std::int64_t poll_id);
    std::mutex poll_meetings_mutex;
    std::unordered_map<std::int64_t, std::int64_t> poll_meetings;
    /** Coordinators and the meeting's facilitators: they run polls and see every result. */
    bool is_poll_staff(const principal& p, std::int64_t meeting_id);
    /** Staff, people with a confirmed registration, and the meeting's audience devices. */
    bool may_take_part(const principal& p, std::int64_t meeting_id);
    /** Throws forbidden unless `p` may take part; returns whether `p` is poll staff. */
    bool require_poll_reader(const principal& p, std::int64_t meeting_id);
    /** The live state of a poll in its room, loaded on first use; call on the room's strand. */
    live_poll& room_poll(room& r, std::int64_t poll_id);
    /** Runs `fn` on a meeting room's strand; errors it throws answer the call. */
    void on_poll_room(const call& c, std::int64_t meeting_id, std::function<void(room&)> fn);
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
    /** Arms the timers of open polls with deadlines (start-up). */
    void arm_poll_deadlines();
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
    /**
     * {meeting_id, polls: [{poll, results}]} for `polls:M` / `polls-staff:M` and poll.list;
     * `device`: an audience device's view (link polls only).
     */
    boost::json::value polls_snapshot(std::int64_t meeting_id, bool staff, bool device = false);
    /** GET /polls/{id}/... exports (http_polls.cpp). */
    http_response http_polls(const http_request& request);
    /** GET /polls/join/{code}.svg: the poll link as a QR code (http_join_qr.cpp). */
    http_response http_join_qr(const http_request& request);

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

    // Participatory-budgeting results (pb_counting.cpp): counted on pb_counts, never on an I/O
    // thread or the writer, once per ballot set, served from pb_results. Declared last, so the
    // worker stops (and joins) before anything its jobs use is destroyed.
    pb_results_cache pb_results;
    pb_worker pb_counts{1};
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
