#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::store {

class database;

/**
 * How a column refers to a person. Every such column of the schema is listed in
 * `personal_data_columns()`; a test compares the list with the migrated schema, so a new table
 * that refers to people cannot be added without saying how the register extract and erasure
 * treat it.
 */
struct personal_column {
    enum class kind {
        person_id,  ///< holds the person's id
        voter,      ///< 'p:<person id>' (poll voters, named ballots)
        principal,  ///< 'person:<person id>' (idempotency scopes)
        name_text,  ///< the person's name written out (who changed something)
        personal,   ///< personal data of the row's person (needs, e-mail, name)
    };
    std::string table;
    std::string column;
    kind how;
    /** What the register extract holds of it. */
    std::string export_as;
    /** What erasure does with it. */
    std::string on_erase;
};

/** Every column that refers to a person or holds personal data, with its treatment. */
const std::vector<personal_column>& personal_data_columns();

/** A value as stored: NULL, an integer or text. */
using stored_value = std::variant<std::monostate, std::int64_t, std::string>;

/** One section of the register extract: rows about the person, as column name → value. */
struct exported_rows {
    std::string table;
    std::vector<std::vector<std::pair<std::string, stored_value>>> rows;
};

/**
 * Everything the database holds about a person, table by table, for the register extract
 * (GDPR art. 15). Secrets are never in it: tokens appear with ids and dates only. Empty when
 * there is no such person (or the person was erased).
 */
std::vector<exported_rows> export_person(database& db, domain::id person_id);

/** What an erasure changed, for the answer and the access log (counts only, no data). */
struct erasure_counts {
    int registrations = 0;  ///< turned into anonymous placeholders
    int tokens = 0;         ///< deleted (their connections are closed)
    int named_ballots = 0;  ///< kept without their voter
    int idempotency = 0;    ///< records deleted
    int facilitations = 0;  ///< facilitator rights removed
    int changes = 0;        ///< agenda, minutes and document rows that now say "borttagen person"
    int mails = 0;          ///< outbox rows deleted (to the person or their address)
    std::vector<domain::id> meetings;   ///< meetings with registrations or rights of the person
    std::vector<domain::id> token_ids;  ///< deleted tokens
    std::vector<domain::id> mail_ids;   ///< deleted outbox rows (their .eml files go too)
};

/** The name an erased or pseudonymised person's rows show: "borttagen person". */
inline constexpr std::string_view erased_name = "borttagen person";

/**
 * Erases a person (GDPR art. 17): name, e-mail, needs, tokens, calendar token, idempotency
 * records and facilitator rights go; the person's row stays as a tombstone with organisation and
 * role only (so statistics per organisation, role and mode still add up); registrations keep
 * meeting, organisation, mode and status; named ballots stay, counted, under a random voter key
 * (`new_key`); agenda, minutes and document history say "borttagen person". nullopt when there
 * is no such person or it was erased already. Run in a write transaction.
 */
std::optional<erasure_counts> erase_person(database& db, domain::id person_id, domain::instant now,
                                           const std::function<std::string()>& new_key);

/** True when the person's row is a tombstone. */
bool is_erased(database& db, domain::id person_id);

/**
 * Retention: clears dietary and accessibility needs of registrations of meetings that ended
 * before `ended_before`; returns how many registrations had needs.
 */
int clear_needs_of_meetings_ended_before(database& db, domain::instant ended_before);

/**
 * Retention: moves every registration of meetings that ended before `ended_before` from its
 * person to a tombstone person of its own (same organisation and role), so counts stay and the
 * person is no longer linked to the meeting. Returns how many registrations moved.
 */
int pseudonymise_registrations_ended_before(database& db, domain::instant ended_before,
                                            domain::instant now);

/** When a background job last ran (job_runs), or nullopt. */
std::optional<domain::instant> last_job_run(database& db, std::string_view job);
/** Records a run of a job with a short summary. */
void record_job_run(database& db, std::string_view job, domain::instant at,
                    std::string_view details);

}  // namespace traffpunkt::store
