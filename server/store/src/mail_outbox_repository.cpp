#include "traffpunkt/store/mail_outbox_repository.hpp"

#include <array>
#include <utility>

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

namespace {

constexpr std::array<std::pair<mail_status, std::string_view>, 5> status_names{{
    {mail_status::queued, "queued"},
    {mail_status::sending, "sending"},
    {mail_status::sent, "sent"},
    {mail_status::failed, "failed"},
    {mail_status::dropped, "dropped"},
}};

// Every column but `message`, which only the mailer needs (it can be tens of KiB).
constexpr std::string_view columns =
    "mail_id, message_id, kind, person_id, registration_id, meeting_id, recipient, "
    "recipient_name, language, payload, subject, rendered_at, status, attempts, "
    "next_attempt_at, created_at, sent_at, last_reply, dedupe_key, resend_of";
constexpr int column_count = 20;

// Unfinished rows, written exactly as in the partial indexes so that SQLite uses them.
constexpr std::string_view unfinished = "status IN ('queued', 'sending')";

outbox_mail read_mail(const statement& st) {
    outbox_mail m;
    m.mail_id = st.int64(0);
    m.message_id = st.text(1);
    m.kind = st.text(2);
    m.person_id = st.opt_int64(3);
    m.registration_id = st.opt_int64(4);
    m.meeting_id = st.opt_int64(5);
    m.recipient = st.text(6);
    m.recipient_name = st.text(7);
    m.language = st.text(8);
    m.payload = st.text(9);
    m.subject = st.text(10);
    m.rendered_at = detail::opt_instant_column(st, 11);
    m.status = detail::enum_column(st, 12, parse_mail_status);
    m.attempts = static_cast<int>(st.int64(13));
    m.next_attempt_at = detail::instant_column(st, 14);
    m.created_at = detail::instant_column(st, 15);
    m.sent_at = detail::opt_instant_column(st, 16);
    m.last_reply = st.text(17);
    m.dedupe_key = st.opt_text(18);
    m.resend_of = st.opt_int64(19);
    return m;
}

/** read_mail, then the rendered message from the column after the others. */
outbox_mail read_mail_with_message(const statement& st) {
    outbox_mail m = read_mail(st);
    m.message = st.opt_text(column_count);
    return m;
}

std::string select(std::string_view rest) {
    return "SELECT " + std::string(columns) + " FROM mail_outbox " + std::string(rest);
}

}  // namespace

std::string_view to_string(mail_status s) {
    for (const auto& [value, name] : status_names) {
        if (value == s) {
            return name;
        }
    }
    return "queued";
}

std::optional<mail_status> parse_mail_status(std::string_view s) {
    for (const auto& [value, name] : status_names) {
        if (name == s) {
            return value;
        }
    }
    return std::nullopt;
}

domain::id insert_mail(database& db, const outbox_mail& m) {
    db.cached(
          "INSERT INTO mail_outbox (message_id, kind, person_id, registration_id, meeting_id, "
          "recipient, recipient_name, language, payload, status, attempts, next_attempt_at, "
          "created_at, last_reply, dedupe_key, resend_of) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (dedupe_key) DO NOTHING")
        .bind_all(m.message_id, m.kind, m.person_id, m.registration_id, m.meeting_id, m.recipient,
                  m.recipient_name, m.language, m.payload, to_string(m.status), m.attempts,
                  detail::to_unix(m.next_attempt_at), detail::to_unix(m.created_at), m.last_reply,
                  m.dedupe_key, m.resend_of)
        .exec();
    if (db.changes() == 0) {
        return 0;
    }
    return db.last_insert_rowid();
}

std::optional<outbox_mail> find_mail(database& db, domain::id mail_id) {
    auto& st = db.cached("SELECT " + std::string(columns) +
                         ", message FROM mail_outbox WHERE mail_id = ?");
    st.bind_all(mail_id);
    return detail::single_row(st, read_mail_with_message);
}

std::vector<outbox_mail> due_mails(database& db, domain::instant now, std::size_t limit) {
    auto& st =
        db.cached("SELECT " + std::string(columns) + ", message FROM mail_outbox o WHERE o." +
                  std::string(unfinished) +
                  " AND o.status = 'queued' AND o.next_attempt_at <= ? AND NOT EXISTS ("
                  "  SELECT 1 FROM mail_outbox e WHERE e." +
                  std::string(unfinished) +
                  "  AND e.recipient = o.recipient COLLATE NOCASE AND e.mail_id < o.mail_id) "
                  "ORDER BY o.mail_id LIMIT ?");
    st.bind_all(detail::to_unix(now), limit);
    return detail::all_rows(st, read_mail_with_message);
}

std::optional<domain::instant> next_due(database& db, domain::instant now) {
    auto& st =
        db.cached("SELECT MIN(next_attempt_at) FROM mail_outbox WHERE " + std::string(unfinished) +
                  " AND status = 'queued' AND next_attempt_at > ?");
    st.bind_all(detail::to_unix(now));
    auto value = detail::single_row(st, [](const statement& s) { return s.opt_int64(0); });
    if (!value || !*value) {
        return std::nullopt;
    }
    return domain::instant{std::chrono::seconds{**value}};
}

bool claim_mail(database& db, domain::id mail_id, std::string_view subject,
                std::string_view message, domain::instant rendered_at) {
    db.cached(
          "UPDATE mail_outbox SET status = 'sending', attempts = attempts + 1, "
          "subject = CASE WHEN message IS NULL THEN ? ELSE subject END, "
          "rendered_at = CASE WHEN message IS NULL THEN ? ELSE rendered_at END, "
          "message = COALESCE(message, ?) WHERE mail_id = ? AND status = 'queued'")
        .bind_all(subject, detail::to_unix(rendered_at), message, mail_id)
        .exec();
    return db.changes() > 0;
}

bool mark_sent(database& db, domain::id mail_id, domain::instant sent_at, std::string_view reply,
               std::string_view payload, bool forget_message) {
    db.cached(
          "UPDATE mail_outbox SET status = 'sent', sent_at = ?, last_reply = ?, payload = ?, "
          "message = CASE WHEN ? THEN NULL ELSE message END "
          "WHERE mail_id = ? AND status = 'sending'")
        .bind_all(detail::to_unix(sent_at), reply, payload, forget_message ? 1 : 0, mail_id)
        .exec();
    return db.changes() > 0;
}

bool mark_retry(database& db, domain::id mail_id, domain::instant next_attempt_at,
                std::string_view reply) {
    db.cached(
          "UPDATE mail_outbox SET status = 'queued', next_attempt_at = ?, last_reply = ? "
          "WHERE mail_id = ? AND status = 'sending'")
        .bind_all(detail::to_unix(next_attempt_at), reply, mail_id)
        .exec();
    return db.changes() > 0;
}

bool mark_failed(database& db, domain::id mail_id, std::string_view reply,
                 std::string_view payload) {
    db.cached(
          "UPDATE mail_outbox SET status = 'failed', last_reply = ?, payload = ? "
          "WHERE mail_id = ? AND status IN ('queued', 'sending')")
        .bind_all(reply, payload, mail_id)
        .exec();
    return db.changes() > 0;
}

bool mark_dropped(database& db, domain::id mail_id, std::string_view reason) {
    db.cached(
          "UPDATE mail_outbox SET status = 'dropped', last_reply = ? "
          "WHERE mail_id = ? AND status = 'queued'")
        .bind_all(reason, mail_id)
        .exec();
    return db.changes() > 0;
}

int drop_superseded(database& db, domain::id person_id, domain::id meeting_id,
                    const std::vector<std::string_view>& kinds, std::string_view reason,
                    domain::id keep) {
    int dropped = 0;
    // A handful of kinds at most: one cached statement per call beats building an IN list.
    for (const auto kind : kinds) {
        db.cached(
              "UPDATE mail_outbox SET status = 'dropped', last_reply = ? "
              "WHERE person_id = ? AND meeting_id = ? AND kind = ? AND status = 'queued' "
              "AND mail_id <> ?")
            .bind_all(reason, person_id, meeting_id, kind, keep)
            .exec();
        dropped += db.changes();
    }
    return dropped;
}

int drop_reminders_of_registration(database& db, domain::id registration_id,
                                   std::string_view reason) {
    db.cached(
          "UPDATE mail_outbox SET status = 'dropped', last_reply = ? "
          "WHERE registration_id = ? AND kind = 'reminder' AND status = 'queued'")
        .bind_all(reason, registration_id)
        .exec();
    return db.changes();
}

int requeue_interrupted(database& db, domain::instant now) {
    db.cached(
          "UPDATE mail_outbox SET status = 'queued', next_attempt_at = MIN(next_attempt_at, ?) "
          "WHERE status = 'sending'")
        .bind_all(detail::to_unix(now))
        .exec();
    return db.changes();
}

int blank_finished_messages(database& db, domain::instant before) {
    db.cached(
          "UPDATE mail_outbox SET message = NULL WHERE message IS NOT NULL "
          "AND status IN ('sent', 'failed', 'dropped') "
          "AND COALESCE(sent_at, created_at) < ?")
        .bind_all(detail::to_unix(before))
        .exec();
    return db.changes();
}

int delete_finished_before(database& db, domain::instant before) {
    // Resends point at their original: those links go first, the rows then.
    db.cached(
          "UPDATE mail_outbox SET resend_of = NULL WHERE resend_of IN (SELECT mail_id FROM "
          "mail_outbox WHERE status IN ('sent', 'failed', 'dropped') AND created_at < ?)")
        .bind_all(detail::to_unix(before))
        .exec();
    db.cached(
          "DELETE FROM mail_outbox WHERE status IN ('sent', 'failed', 'dropped') "
          "AND created_at < ?")
        .bind_all(detail::to_unix(before))
        .exec();
    return db.changes();
}

std::vector<outbox_mail> list_mails(database& db, const mail_filter& f) {
    // One statement for every combination: an absent filter is NULL and matches everything.
    auto& st =
        db.cached(select("WHERE (?1 IS NULL OR meeting_id = ?1) AND (?2 IS NULL OR person_id = ?2) "
                         "AND (?3 IS NULL OR registration_id = ?3) AND (?4 IS NULL OR status = ?4) "
                         "AND (?5 IS NULL OR mail_id < ?5) ORDER BY mail_id DESC LIMIT ?6"));
    std::optional<std::string> status;
    if (f.status) {
        status = std::string(to_string(*f.status));
    }
    st.bind_all(f.meeting_id, f.person_id, f.registration_id, status, f.before_id, f.limit);
    return detail::all_rows(st, read_mail);
}

std::map<domain::id, outbox_mail> last_mails_of_meeting(database& db, domain::id meeting_id) {
    auto& st = db.cached(
        select("WHERE mail_id IN (SELECT MAX(mail_id) FROM mail_outbox WHERE meeting_id = ? "
               "AND registration_id IS NOT NULL GROUP BY registration_id)"));
    st.bind_all(meeting_id);
    std::map<domain::id, outbox_mail> out;
    for (auto& m : detail::all_rows(st, read_mail)) {
        const auto id = m.registration_id.value_or(0);
        out.emplace(id, std::move(m));
    }
    return out;
}

std::optional<outbox_mail> last_mail_of_registration(database& db, domain::id registration_id) {
    auto& st = db.cached(select("WHERE registration_id = ? ORDER BY mail_id DESC LIMIT 1"));
    st.bind_all(registration_id);
    return detail::single_row(st, read_mail);
}

std::vector<reminder_due> registrations_due_reminder(database& db, domain::instant now,
                                                     std::chrono::seconds window,
                                                     std::size_t limit) {
    auto& st = db.cached(
        "SELECT r.registration_id, r.meeting_id, r.person_id, m.starts_at "
        "FROM meetings m JOIN registrations r ON r.meeting_id = m.meeting_id "
        "WHERE m.status = 'published' AND m.starts_at > ?1 AND m.starts_at <= ?1 + ?2 "
        "AND r.status = 'confirmed' AND r.registered_at <= m.starts_at - ?2 "
        "AND NOT EXISTS (SELECT 1 FROM mail_outbox o WHERE o.dedupe_key = "
        "'reminder:' || r.registration_id || ':' || m.starts_at) "
        "ORDER BY m.starts_at, r.registration_id LIMIT ?3");
    st.bind_all(detail::to_unix(now), static_cast<std::int64_t>(window.count()), limit);
    return detail::all_rows(st, [](const statement& row) {
        return reminder_due{row.int64(0), row.int64(1), row.int64(2),
                            detail::instant_column(row, 3)};
    });
}

std::optional<domain::instant> last_rendered_at(database& db, domain::id person_id,
                                                domain::id meeting_id) {
    auto& st = db.cached(
        "SELECT MAX(rendered_at) FROM mail_outbox WHERE person_id = ? AND meeting_id = ?");
    st.bind_all(person_id, meeting_id);
    auto value = detail::single_row(st, [](const statement& s) { return s.opt_int64(0); });
    if (!value || !*value) {
        return std::nullopt;
    }
    return domain::instant{std::chrono::seconds{**value}};
}

}  // namespace traffpunkt::store
