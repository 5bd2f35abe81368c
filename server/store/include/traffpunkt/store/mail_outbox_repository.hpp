#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::store {

class database;

/**
 * Where an outbox row stands: `queued` (waiting, maybe for a retry), `sending` (handed to the
 * transport; after a crash it is sent again), `sent` (the server took it: 250), `failed` (a
 * permanent refusal, or too many attempts), `dropped` (superseded before it was sent).
 */
enum class mail_status { queued, sending, sent, failed, dropped };

std::string_view to_string(mail_status s);
std::optional<mail_status> parse_mail_status(std::string_view s);

/** One row of the mail outbox (migration 8). */
struct outbox_mail {
    domain::id mail_id = 0;
    /** `<...@domain>` without the brackets; made when the row is written, never changed. */
    std::string message_id;
    std::string kind;  ///< registration_confirmed, ..., personal_link (service/mail_kind.hpp)
    std::optional<domain::id> person_id;
    std::optional<domain::id> registration_id;
    std::optional<domain::id> meeting_id;
    std::string recipient;  ///< the address, checked when the row was written
    std::string recipient_name;
    std::string language = "sv";
    std::string payload = "{}";          ///< JSON: what rendering needs
    std::string subject;                 ///< set when rendered
    std::optional<std::string> message;  ///< the rendered message; blanked after the retention
    std::optional<domain::instant> rendered_at;
    mail_status status = mail_status::queued;
    int attempts = 0;
    domain::instant next_attempt_at{};
    domain::instant created_at{};
    std::optional<domain::instant> sent_at;
    std::string last_reply;  ///< the server's last answer, or what went wrong
    std::optional<std::string> dedupe_key;
    std::optional<domain::id> resend_of;
};

/**
 * Inserts a row and returns its id. A row whose `dedupe_key` is already taken is not inserted:
 * the answer is then 0 (a reminder made twice).
 */
domain::id insert_mail(database& db, const outbox_mail& m);

std::optional<outbox_mail> find_mail(database& db, domain::id mail_id);

/**
 * Queued rows due at `now`, oldest first, at most `limit`, leaving out every row whose
 * recipient has an earlier row that is not finished (queued or sending): one person's mails go
 * out in the order they were written, also when an earlier one waits for a retry.
 */
std::vector<outbox_mail> due_mails(database& db, domain::instant now, std::size_t limit);

/**
 * The earliest time after `now` a queued row is due, if any: the mailer sleeps until then at
 * most. (Rows due already but held back behind an earlier one of their recipient wait for that
 * one, which is due later.)
 */
std::optional<domain::instant> next_due(database& db, domain::instant now);

/**
 * queued -> sending, one more attempt. The rendered `message` and `subject` are kept from an
 * earlier attempt when there was one, so every attempt sends the same bytes. False when the row
 * is not queued any more (dropped meanwhile).
 */
bool claim_mail(database& db, domain::id mail_id, std::string_view subject,
                std::string_view message, domain::instant rendered_at);

/**
 * sending -> sent with the server's reply. `payload` replaces the stored one (the service
 * removes a token from it); `forget_message` blanks the rendered message at once.
 */
bool mark_sent(database& db, domain::id mail_id, domain::instant sent_at, std::string_view reply,
               std::string_view payload, bool forget_message);

/** sending -> queued again, due at `next_attempt_at`, with what went wrong. */
bool mark_retry(database& db, domain::id mail_id, domain::instant next_attempt_at,
                std::string_view reply);

/**
 * queued or sending -> failed with the reply. `payload` replaces the stored one (a token is
 * removed: it will never be mailed).
 */
bool mark_failed(database& db, domain::id mail_id, std::string_view reply,
                 std::string_view payload);

/** queued -> dropped with the reason (in last_reply). False when it was not queued. */
bool mark_dropped(database& db, domain::id mail_id, std::string_view reason);

/**
 * Drops the queued rows of `kinds` for person and meeting (a newer mail supersedes them), except
 * `keep`; returns how many.
 */
int drop_superseded(database& db, domain::id person_id, domain::id meeting_id,
                    const std::vector<std::string_view>& kinds, std::string_view reason,
                    domain::id keep = 0);

/** Drops the queued reminders of one registration; returns how many. */
int drop_reminders_of_registration(database& db, domain::id registration_id,
                                   std::string_view reason);

/** Rows left `sending` by a crash go back to the queue (sent again, same Message-ID). */
int requeue_interrupted(database& db, domain::instant now);

/**
 * Blanks the rendered message of finished rows (sent, failed, dropped) finished before `before`
 * (sent_at, or created_at when never sent); returns how many.
 */
int blank_finished_messages(database& db, domain::instant before);

/** Deletes finished rows created before `before`; returns how many. */
int delete_finished_before(database& db, domain::instant before);

/** What mail.list asks for; every member narrows the list. */
struct mail_filter {
    std::optional<domain::id> meeting_id;
    std::optional<domain::id> person_id;
    std::optional<domain::id> registration_id;
    std::optional<mail_status> status;
    std::optional<domain::id> before_id;  ///< only rows with a smaller mail_id (paging)
    std::size_t limit = 50;
};

/** Rows matching `f`, newest first, without their rendered message. */
std::vector<outbox_mail> list_mails(database& db, const mail_filter& f);

/** The newest row of each registration of a meeting (without the rendered message). */
std::map<domain::id, outbox_mail> last_mails_of_meeting(database& db, domain::id meeting_id);

/** The newest row of one registration (without the rendered message). */
std::optional<outbox_mail> last_mail_of_registration(database& db, domain::id registration_id);

/** A confirmed registration whose meeting starts soon and that has had no reminder yet. */
struct reminder_due {
    domain::id registration_id = 0;
    domain::id meeting_id = 0;
    domain::id person_id = 0;
    domain::instant starts_at{};
};

/**
 * Confirmed registrations of published meetings that start after `now` and within `window`,
 * made at least `window` before the start, without a reminder row for this start time yet
 * (dedupe key `reminder:{registration_id}:{starts_at}`); at most `limit`.
 */
std::vector<reminder_due> registrations_due_reminder(database& db, domain::instant now,
                                                     std::chrono::seconds window,
                                                     std::size_t limit);

/**
 * The newest `rendered_at` of the mails to person about meeting: an iTIP message must carry a
 * later DTSTAMP than the one before it, or a calendar could not tell which came last.
 */
std::optional<domain::instant> last_rendered_at(database& db, domain::id person_id,
                                                domain::id meeting_id);

}  // namespace traffpunkt::store
