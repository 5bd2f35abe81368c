#include "traffpunkt/store/personal_data_repository.hpp"

#include <sqlite3.h>

#include <set>

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

namespace {

using k = personal_column::kind;

std::string voter_key(domain::id person_id) {
    return "p:" + std::to_string(person_id);
}

std::string principal_key(domain::id person_id) {
    return "person:" + std::to_string(person_id);
}

/** Runs `sql` (one parameter: `param`) and collects the rows as column → text. */
exported_rows rows_of(database& db, std::string table, const std::string& sql,
                      const std::string& param) {
    exported_rows out{std::move(table), {}};
    auto st = db.prepare(sql);
    st.bind_all(param);
    while (st.step()) {
        std::vector<std::pair<std::string, stored_value>> row;
        for (int i = 0; i < st.column_count(); ++i) {
            stored_value v;
            switch (sqlite3_column_type(st.native_handle(), i)) {
                case SQLITE_NULL:
                    break;
                case SQLITE_INTEGER:
                    v = st.int64(i);
                    break;
                default:
                    v = st.text(i);
            }
            row.emplace_back(st.column_name(i), std::move(v));
        }
        out.rows.push_back(std::move(row));
    }
    return out;
}

}  // namespace

const std::vector<personal_column>& personal_data_columns() {
    static const std::vector<personal_column> columns{
        {"persons", "person_id", k::person_id, "person",
         "kept as a tombstone: no name, no e-mail; organisation and role stay for statistics"},
        {"persons", "name", k::personal, "person.name", "replaced by \"borttagen person\""},
        {"persons", "email", k::personal, "person.email", "removed"},
        {"persons", "language", k::personal, "person.language", "reset to sv"},
        {"mail_outbox", "person_id", k::person_id,
         "mails (kind, meeting, recipient, subject, status, dates; never the text)",
         "deleted, with every mail to the person's address (and its .eml file)"},
        {"mail_outbox", "recipient", k::personal, "mails.recipient", "deleted with the mail"},
        {"mail_outbox", "recipient_name", k::personal, "mails.recipient_name",
         "deleted with the mail"},
        {"tokens", "person_id", k::person_id, "tokens (ids, role, label, dates; never the secret)",
         "deleted; open connections are closed (4001)"},
        {"tokens", "name", k::personal, "tokens.name", "deleted with the token"},
        {"calendar_tokens", "person_id", k::person_id, "calendar_link (dates only)", "deleted"},
        {"meeting_facilitators", "person_id", k::person_id, "facilitates", "deleted"},
        {"registrations", "person_id", k::person_id, "registrations",
         "kept as anonymous placeholders (meeting, organisation, mode, status, dates)"},
        {"registrations", "dietary_needs", k::personal, "registrations.dietary_needs", "cleared"},
        {"registrations", "accessibility_needs", k::personal, "registrations.accessibility_needs",
         "cleared"},
        {"registrations", "checkin_code", k::personal, "registrations.checkin_code",
         "replaced by a random code"},
        {"poll_voters", "voter", k::voter, "polls_voted_in",
         "replaced by a random voter key (the poll's counts stay)"},
        {"named_ballots", "voter", k::voter, "named_ballots",
         "kept under the same random voter key: the ballot still counts, nobody's"},
        {"polls", "created_by", k::person_id, "polls_created", "set to 0 (no person)"},
        {"questions", "asker_person_id", k::person_id, "questions_asked (named questions)",
         "set to NULL: the question stays, nobody's (anonymous questions never name anyone)"},
        {"questions", "asker_name", k::name_text, "questions_asked.name", "cleared"},
        {"question_votes", "voter_key", k::voter, "question_votes",
         "replaced by a random voter key (the question's votes stay)"},
        {"question_mutes", "voter_key", k::voter, "question_mutes", "deleted"},
        {"agenda_changes", "person_id", k::person_id, "agenda_changes", "set to NULL"},
        {"agenda_changes", "changed_by", k::name_text, "agenda_changes.changed_by",
         "\"borttagen person\""},
        {"minutes_versions", "person_id", k::person_id, "minutes_edits", "set to NULL"},
        {"minutes_versions", "changed_by", k::name_text, "minutes_edits.changed_by",
         "\"borttagen person\""},
        {"document_versions", "uploaded_by", k::person_id, "documents_uploaded", "set to NULL"},
        {"document_versions", "uploaded_by_name", k::name_text,
         "documents_uploaded.uploaded_by_name", "\"borttagen person\""},
        {"idempotency", "principal", k::principal, "remembered_answers (count and dates)",
         "deleted, also other callers' records whose answer names the person"},
        {"meetings", "contact_email", k::personal, "meetings_as_contact",
         "cleared with contact_name where it is the person's address"},
        {"access_log", "subject_person_id", k::person_id, "access_log (about them)",
         "kept: who read their data, when (no personal data in the entry)"},
        {"access_log", "actor_person_id", k::person_id, "access_log_as_reader",
         "kept; the reader's name in `actor` becomes \"borttagen person\""},
    };
    return columns;
}

std::vector<exported_rows> export_person(database& db, domain::id person_id) {
    std::vector<exported_rows> out;
    const std::string id = std::to_string(person_id);
    auto person = rows_of(db, "person",
                          "SELECT p.person_id, p.name, p.email, p.role, p.language, "
                          "p.created_at, "
                          "o.organisation_id, o.name AS organisation, o.kind AS organisation_kind "
                          "FROM persons p JOIN organisations o ON o.organisation_id = "
                          "p.organisation_id WHERE p.person_id = ? AND p.erased_at IS NULL",
                          id);
    if (person.rows.empty()) {
        return out;
    }
    out.push_back(std::move(person));
    out.push_back(rows_of(db, "tokens",
                          "SELECT token_id, role, name, created_at, revoked_at FROM tokens "
                          "WHERE person_id = ? ORDER BY token_id",
                          id));
    out.push_back(rows_of(db, "calendar_link",
                          "SELECT generation, created_at FROM calendar_tokens WHERE person_id = ?",
                          id));
    out.push_back(rows_of(db, "facilitates",
                          "SELECT f.meeting_id, m.title FROM meeting_facilitators f JOIN "
                          "meetings m ON m.meeting_id = f.meeting_id WHERE f.person_id = ? "
                          "ORDER BY f.meeting_id",
                          id));
    out.push_back(rows_of(db, "registrations",
                          "SELECT r.registration_id, r.meeting_id, m.title AS meeting_title, "
                          "m.starts_at AS meeting_starts_at, r.organisation_id, r.mode, r.status, "
                          "r.dietary_needs, r.accessibility_needs, r.checkin_code, "
                          "r.registered_at, r.updated_at, r.checked_in_at "
                          "FROM registrations r JOIN meetings m ON m.meeting_id = r.meeting_id "
                          "WHERE r.person_id = ? ORDER BY r.registration_id",
                          id));
    out.push_back(rows_of(db, "polls_voted_in",
                          "SELECT v.poll_id, p.question, p.anonymous FROM poll_voters v JOIN polls "
                          "p ON p.poll_id = v.poll_id WHERE v.voter = ? ORDER BY v.poll_id",
                          voter_key(person_id)));
    out.push_back(rows_of(db, "named_ballots",
                          "SELECT b.poll_id, p.question, b.ballot, b.cast_at, b.changed_at FROM "
                          "named_ballots b JOIN polls p ON p.poll_id = b.poll_id WHERE b.voter = ? "
                          "ORDER BY b.poll_id",
                          voter_key(person_id)));
    out.push_back(rows_of(db, "questions_asked",
                          "SELECT question_id, meeting_id, board_id, text, origin, status, "
                          "asked_at FROM questions WHERE asker_person_id = ? ORDER BY question_id",
                          id));
    out.push_back(rows_of(db, "question_votes",
                          "SELECT v.question_id, q.meeting_id, q.text FROM question_votes v JOIN "
                          "questions q ON q.question_id = v.question_id WHERE v.voter_key = ? "
                          "ORDER BY v.question_id",
                          voter_key(person_id)));
    out.push_back(rows_of(db, "question_mutes",
                          "SELECT meeting_id, muted_at FROM question_mutes WHERE voter_key = ? "
                          "ORDER BY meeting_id",
                          voter_key(person_id)));
    out.push_back(rows_of(db, "polls_created",
                          "SELECT poll_id, meeting_id, question, created_at FROM polls WHERE "
                          "created_by = ? ORDER BY poll_id",
                          id));
    out.push_back(rows_of(db, "agenda_changes",
                          "SELECT meeting_id, change_id, changed_at, action, summary FROM "
                          "agenda_changes WHERE person_id = ? ORDER BY change_id",
                          id));
    out.push_back(rows_of(db, "minutes_edits",
                          "SELECT meeting_id, version, action, status, changed_at FROM "
                          "minutes_versions WHERE person_id = ? ORDER BY meeting_id, version",
                          id));
    out.push_back(rows_of(db, "documents_uploaded",
                          "SELECT v.document_id, d.meeting_id, d.title, v.version, v.filename, "
                          "v.size, v.uploaded_at FROM document_versions v JOIN documents d ON "
                          "d.document_id = v.document_id WHERE v.uploaded_by = ? ORDER BY "
                          "v.document_id, v.version",
                          id));
    // The programme names presenters as free text; an item naming the person is about them.
    out.push_back(rows_of(db, "agenda_items_presented",
                          "SELECT i.meeting_id, i.item_id, i.title FROM agenda_item_presenters a "
                          "JOIN agenda_items i ON i.item_id = a.item_id JOIN persons p ON "
                          "p.person_id = ? WHERE a.name = p.name COLLATE NOCASE ORDER BY i.item_id",
                          id));
    out.push_back(rows_of(db, "meetings_as_contact",
                          "SELECT m.meeting_id, m.title, m.contact_name, m.contact_email FROM "
                          "meetings m JOIN persons p ON p.person_id = ? WHERE m.contact_email = "
                          "p.email COLLATE NOCASE AND m.contact_email <> '' ORDER BY m.meeting_id",
                          id));
    out.push_back(rows_of(db, "remembered_answers",
                          "SELECT op, created_at FROM idempotency WHERE principal = ? ORDER BY "
                          "created_at",
                          principal_key(person_id)));
    // What was mailed to them: never the text (it may hold a personal link).
    out.push_back(rows_of(db, "mails",
                          "SELECT o.mail_id, o.kind, o.meeting_id, o.registration_id, "
                          "o.recipient, o.recipient_name, o.language, o.subject, o.status, "
                          "o.attempts, o.created_at, o.sent_at FROM mail_outbox o JOIN persons "
                          "p ON p.person_id = ? WHERE o.person_id = p.person_id OR o.recipient = "
                          "p.email COLLATE NOCASE ORDER BY o.mail_id",
                          id));
    out.push_back(rows_of(db, "access_log",
                          "SELECT entry_id, at, actor, action, meeting_id, remote, details FROM "
                          "access_log WHERE subject_person_id = ? ORDER BY entry_id",
                          id));
    out.push_back(rows_of(db, "access_log_as_reader",
                          "SELECT entry_id, at, action, subject_person_id, meeting_id, remote FROM "
                          "access_log WHERE actor_person_id = ? ORDER BY entry_id",
                          id));
    return out;
}

bool is_erased(database& db, domain::id person_id) {
    auto& st = db.cached("SELECT erased_at IS NOT NULL FROM persons WHERE person_id = ?");
    st.bind_all(person_id);
    return detail::single_row(st, [](const statement& row) { return row.int64(0) != 0; })
        .value_or(false);
}

std::optional<erasure_counts> erase_person(database& db, domain::id person_id, domain::instant now,
                                           const std::function<std::string()>& new_key) {
    std::string name;
    std::string email;
    {
        auto& st =
            db.cached("SELECT name, email FROM persons WHERE person_id = ? AND erased_at IS NULL");
        st.bind_all(person_id);
        if (!st.step()) {
            return std::nullopt;
        }
        name = st.text(0);
        email = st.text(1);
    }
    erasure_counts n;
    const auto changes = [&db] { return db.changes(); };
    {
        std::set<domain::id> meetings;
        auto st = db.prepare(
            "SELECT meeting_id FROM registrations WHERE person_id = ? UNION SELECT meeting_id "
            "FROM meeting_facilitators WHERE person_id = ? UNION SELECT meeting_id FROM meetings "
            "WHERE contact_email = ? COLLATE NOCASE AND contact_email <> ''");
        st.bind_all(person_id, person_id, email);
        while (st.step()) {
            meetings.insert(st.int64(0));
        }
        n.meetings.assign(meetings.begin(), meetings.end());
        auto tokens = db.prepare("SELECT token_id FROM tokens WHERE person_id = ?");
        tokens.bind_all(person_id);
        while (tokens.step()) {
            n.token_ids.push_back(tokens.int64(0));
        }
    }
    // Other callers' remembered answers that name the person (a coordinator's person.create),
    // then the person's own.
    db.prepare(
          "DELETE FROM idempotency WHERE principal = ? OR instr(response, ?) > 0 OR "
          "instr(response, ?) > 0")
        .bind_all(principal_key(person_id), email, name)
        .exec();
    n.idempotency = changes();
    db.prepare("DELETE FROM tokens WHERE person_id = ?").bind_all(person_id).exec();
    n.tokens = changes();
    db.prepare("DELETE FROM calendar_tokens WHERE person_id = ?").bind_all(person_id).exec();
    db.prepare("DELETE FROM meeting_facilitators WHERE person_id = ?").bind_all(person_id).exec();
    n.facilitations = changes();
    // Registrations stay, so counts per organisation, role and mode add up; nothing personal.
    {
        auto regs = db.prepare("SELECT registration_id FROM registrations WHERE person_id = ?");
        regs.bind_all(person_id);
        std::vector<domain::id> ids;
        while (regs.step()) {
            ids.push_back(regs.int64(0));
        }
        for (const auto rid : ids) {
            db.prepare(
                  "UPDATE registrations SET dietary_needs = '', accessibility_needs = '', "
                  "checkin_code = ?, updated_at = ? WHERE registration_id = ?")
                .bind_all("x" + new_key(), detail::to_unix(now), rid)
                .exec();
        }
        n.registrations = static_cast<int>(ids.size());
    }
    // Poll participation: a random voter key per poll, the same for the voter row and the named
    // ballot, so one ballot per voter still holds and the results do not change.
    {
        auto polls = db.prepare("SELECT poll_id FROM poll_voters WHERE voter = ?");
        polls.bind_all(voter_key(person_id));
        std::vector<domain::id> ids;
        while (polls.step()) {
            ids.push_back(polls.int64(0));
        }
        for (const auto poll_id : ids) {
            const std::string key = "e:" + new_key();
            db.prepare("UPDATE poll_voters SET voter = ? WHERE poll_id = ? AND voter = ?")
                .bind_all(key, poll_id, voter_key(person_id))
                .exec();
            db.prepare("UPDATE named_ballots SET voter = ? WHERE poll_id = ? AND voter = ?")
                .bind_all(key, poll_id, voter_key(person_id))
                .exec();
            n.named_ballots += changes();
        }
    }
    db.prepare("UPDATE polls SET created_by = 0 WHERE created_by = ?").bind_all(person_id).exec();
    // Questions: the named ones stay without their asker, votes under one random key.
    db.prepare(
          "UPDATE questions SET asker_person_id = NULL, asker_name = '' WHERE asker_person_id = ?")
        .bind_all(person_id)
        .exec();
    n.changes += changes();
    // A new random key per vote, so the erased person's votes cannot be told to be one voter's.
    db.prepare(
          "UPDATE question_votes SET voter_key = 'e:' || lower(hex(randomblob(16))) "
          "WHERE voter_key = ?")
        .bind_all(voter_key(person_id))
        .exec();
    db.prepare("DELETE FROM question_mutes WHERE voter_key = ?")
        .bind_all(voter_key(person_id))
        .exec();
    // Mails to them, sent or waiting: the rows hold the address, the name and the rendered
    // message. Mails that name the person in a resend chain lose that link first.
    {
        auto st = db.prepare(
            "SELECT mail_id FROM mail_outbox WHERE person_id = ? OR recipient = ? COLLATE NOCASE");
        st.bind_all(person_id, email);
        while (st.step()) {
            n.mail_ids.push_back(st.int64(0));
        }
        for (const auto mail_id : n.mail_ids) {
            db.prepare("UPDATE mail_outbox SET resend_of = NULL WHERE resend_of = ?")
                .bind_all(mail_id)
                .exec();
        }
        db.prepare("DELETE FROM mail_outbox WHERE person_id = ? OR recipient = ? COLLATE NOCASE")
            .bind_all(person_id, email)
            .exec();
        n.mails = changes();
    }
    // A meeting whose contact is the person's address loses its contact (set a new one).
    db.prepare(
          "UPDATE meetings SET contact_name = '', contact_email = '' WHERE contact_email = ? "
          "COLLATE NOCASE AND contact_email <> ''")
        .bind_all(email)
        .exec();
    n.changes += changes();
    for (const auto* sql :
         {"UPDATE agenda_changes SET person_id = NULL, changed_by = ? WHERE person_id = ?",
          "UPDATE minutes_versions SET person_id = NULL, changed_by = ? WHERE person_id = ?",
          "UPDATE document_versions SET uploaded_by = NULL, uploaded_by_name = ? "
          "WHERE uploaded_by = ?",
          "UPDATE access_log SET actor = ? WHERE actor_person_id = ?"}) {
        db.prepare(sql).bind_all(erased_name, person_id).exec();
        n.changes += changes();
    }
    // The tombstone: organisation and role only. `.invalid` can never be a real address.
    db.prepare(
          "UPDATE persons SET name = ?, email = ?, language = 'sv', erased_at = ? WHERE "
          "person_id = ?")
        .bind_all(erased_name, "erased-" + std::to_string(person_id) + "@erased.invalid",
                  detail::to_unix(now), person_id)
        .exec();
    return n;
}

int clear_needs_of_meetings_ended_before(database& db, domain::instant ended_before) {
    db.cached(
          "UPDATE registrations SET dietary_needs = '', accessibility_needs = '' "
          "WHERE (dietary_needs <> '' OR accessibility_needs <> '') AND meeting_id IN "
          "(SELECT meeting_id FROM meetings WHERE ends_at < ?)")
        .bind_all(detail::to_unix(ended_before))
        .exec();
    return db.changes();
}

int pseudonymise_registrations_ended_before(database& db, domain::instant ended_before,
                                            domain::instant now) {
    struct row {
        domain::id registration_id;
        domain::id organisation_id;
        std::string role;
    };
    std::vector<row> rows;
    {
        auto st = db.prepare(
            "SELECT r.registration_id, r.organisation_id, p.role FROM registrations r "
            "JOIN persons p ON p.person_id = r.person_id "
            "JOIN meetings m ON m.meeting_id = r.meeting_id "
            "WHERE m.ends_at < ? AND p.erased_at IS NULL");
        st.bind_all(detail::to_unix(ended_before));
        while (st.step()) {
            rows.push_back({st.int64(0), st.int64(1), st.text(2)});
        }
    }
    for (const auto& r : rows) {
        // A tombstone of its own per registration: counts per organisation and role stay, and
        // no two old registrations are linked to each other either.
        db.cached(
              "INSERT INTO persons (name, email, organisation_id, role, created_at, erased_at) "
              "VALUES (?, ?, ?, ?, ?, ?)")
            .bind_all(erased_name,
                      "pseudonym-" + std::to_string(r.registration_id) + "@erased.invalid",
                      r.organisation_id, r.role, detail::to_unix(now), detail::to_unix(now))
            .exec();
        const auto tombstone = db.last_insert_rowid();
        // Mails about the registration hold the address and name: they go with the person.
        db.cached(
              "UPDATE mail_outbox SET resend_of = NULL WHERE resend_of IN (SELECT mail_id FROM "
              "mail_outbox WHERE registration_id = ?)")
            .bind_all(r.registration_id)
            .exec();
        db.cached("DELETE FROM mail_outbox WHERE registration_id = ?")
            .bind_all(r.registration_id)
            .exec();
        db.cached(
              "UPDATE registrations SET person_id = ?, dietary_needs = '', "
              "accessibility_needs = '' WHERE registration_id = ?")
            .bind_all(tombstone, r.registration_id)
            .exec();
    }
    return static_cast<int>(rows.size());
}

std::optional<domain::instant> last_job_run(database& db, std::string_view job) {
    auto& st = db.cached("SELECT last_run_at FROM job_runs WHERE job = ?");
    st.bind_all(job);
    return detail::single_row(st,
                              [](const statement& row) { return detail::instant_column(row, 0); });
}

void record_job_run(database& db, std::string_view job, domain::instant at,
                    std::string_view details) {
    db.cached(
          "INSERT INTO job_runs (job, last_run_at, details) VALUES (?, ?, ?) "
          "ON CONFLICT (job) DO UPDATE SET last_run_at = excluded.last_run_at, "
          "details = excluded.details")
        .bind_all(job, detail::to_unix(at), details)
        .exec();
}

}  // namespace traffpunkt::store
