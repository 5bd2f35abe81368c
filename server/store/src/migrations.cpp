#include "traffpunkt/store/migrations.hpp"

#include <sqlite3.h>

#include <array>
#include <string>
#include <string_view>

#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/store_error.hpp"
#include "traffpunkt/store/transaction.hpp"

namespace traffpunkt::store {

namespace {

// Dates are 'YYYY-MM-DD' text, instants INTEGER unix seconds (UTC). Enumerations are the
// domain's wire names. The CHECKs repeat only the cheap, stable rules; lengths and text rules
// live in the domain so they can change without a migration.
//
// Append new migrations at the end; never edit one that has shipped.
constexpr std::string_view migration_1 = R"sql(
CREATE TABLE networks (
    network_id     INTEGER PRIMARY KEY,
    name           TEXT NOT NULL CHECK (name <> ''),
    description    TEXT NOT NULL DEFAULT '',
    starts_on      TEXT NOT NULL
                   CHECK (starts_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    ends_on        TEXT NOT NULL
                   CHECK (ends_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    extended_until TEXT NULL
                   CHECK (extended_until GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    CHECK (ends_on > starts_on),
    CHECK (extended_until IS NULL OR extended_until > ends_on)
);

CREATE TABLE organisations (
    organisation_id INTEGER PRIMARY KEY,
    name            TEXT NOT NULL UNIQUE COLLATE NOCASE CHECK (name <> ''),
    kind            TEXT NOT NULL CHECK (kind IN ('municipality', 'region', 'other'))
);

CREATE TABLE memberships (
    network_id      INTEGER NOT NULL REFERENCES networks (network_id),
    organisation_id INTEGER NOT NULL REFERENCES organisations (organisation_id),
    deciding_body   TEXT NOT NULL CHECK (deciding_body <> ''),
    diary_number    TEXT NOT NULL CHECK (diary_number <> ''),
    decided_on      TEXT NOT NULL
                    CHECK (decided_on GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    admitted_at     INTEGER NOT NULL,
    PRIMARY KEY (network_id, organisation_id)
) WITHOUT ROWID;

CREATE INDEX memberships_by_organisation ON memberships (organisation_id);

CREATE TABLE persons (
    person_id       INTEGER PRIMARY KEY,
    name            TEXT NOT NULL CHECK (name <> ''),
    email           TEXT NOT NULL CHECK (email LIKE '%_@_%'),
    organisation_id INTEGER NOT NULL REFERENCES organisations (organisation_id),
    role            TEXT NOT NULL CHECK (role IN ('official', 'elected')),
    created_at      INTEGER NOT NULL
);

-- One person per address, whatever the case the address was typed in.
CREATE UNIQUE INDEX persons_by_email ON persons (email COLLATE NOCASE);
CREATE INDEX persons_by_organisation ON persons (organisation_id);

CREATE TABLE meetings (
    meeting_id          INTEGER PRIMARY KEY,
    network_id          INTEGER NOT NULL REFERENCES networks (network_id),
    title               TEXT NOT NULL CHECK (title <> ''),
    description         TEXT NOT NULL DEFAULT '',
    starts_at           INTEGER NOT NULL,
    ends_at             INTEGER NOT NULL,
    zone                TEXT NOT NULL,
    format              TEXT NOT NULL CHECK (format IN ('in_person', 'digital', 'hybrid')),
    venue               TEXT NOT NULL DEFAULT '',
    address             TEXT NOT NULL DEFAULT '',
    online_url          TEXT NOT NULL DEFAULT '',
    capacity_in_person  INTEGER NULL CHECK (capacity_in_person >= 0),
    capacity_remote     INTEGER NULL CHECK (capacity_remote >= 0),
    registration_opens  INTEGER NULL,
    registration_closes INTEGER NULL,
    cost_note           TEXT NOT NULL DEFAULT '',
    status              TEXT NOT NULL CHECK (status IN ('draft', 'published', 'cancelled')),
    sequence            INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    created_at          INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    CHECK (ends_at > starts_at),
    CHECK (registration_opens IS NULL OR registration_closes IS NULL
           OR registration_opens < registration_closes)
);

CREATE INDEX meetings_by_network ON meetings (network_id, starts_at);

CREATE TABLE meeting_facilitators (
    meeting_id INTEGER NOT NULL REFERENCES meetings (meeting_id),
    person_id  INTEGER NOT NULL REFERENCES persons (person_id),
    PRIMARY KEY (meeting_id, person_id)
) WITHOUT ROWID;

CREATE INDEX meeting_facilitators_by_person ON meeting_facilitators (person_id);

CREATE TABLE tokens (
    token_id   INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    role       TEXT NOT NULL CHECK (role IN ('coordinator', 'participant')),
    person_id  INTEGER NULL REFERENCES persons (person_id),
    name       TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    revoked_at INTEGER NULL,
    -- A participant token always belongs to a person.
    CHECK (role = 'coordinator' OR person_id IS NOT NULL)
);

CREATE INDEX tokens_by_person ON tokens (person_id);

CREATE TABLE idempotency (
    principal  TEXT NOT NULL,
    idem_key   TEXT NOT NULL,
    op         TEXT NOT NULL,
    response   TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (principal, idem_key)
) WITHOUT ROWID;

-- For pruning old keys.
CREATE INDEX idempotency_by_age ON idempotency (created_at);
)sql";

// Registrations (issue 3): seat quota per organisation, registrations with their waitlist
// order and check-in, and the invitation codes organisations self-register with.
constexpr std::string_view migration_2 = R"sql(
ALTER TABLE meetings ADD COLUMN in_person_quota_per_org INTEGER NULL
    CHECK (in_person_quota_per_org >= 1);

CREATE TABLE registrations (
    registration_id     INTEGER PRIMARY KEY,
    meeting_id          INTEGER NOT NULL REFERENCES meetings (meeting_id),
    person_id           INTEGER NOT NULL REFERENCES persons (person_id),
    -- The person's organisation when they registered: what quotas and statistics count.
    organisation_id     INTEGER NOT NULL REFERENCES organisations (organisation_id),
    mode                TEXT NOT NULL CHECK (mode IN ('in_person', 'remote')),
    status              TEXT NOT NULL CHECK (status IN ('confirmed', 'waitlisted', 'cancelled')),
    -- Per-meeting arrival number; each mode's waitlist is served in this order.
    arrival             INTEGER NOT NULL CHECK (arrival >= 1),
    dietary_needs       TEXT NOT NULL DEFAULT '',
    accessibility_needs TEXT NOT NULL DEFAULT '',
    checkin_code        TEXT NOT NULL CHECK (checkin_code <> ''),
    registered_at       INTEGER NOT NULL,
    updated_at          INTEGER NOT NULL,
    checked_in_at       INTEGER NULL
);

-- At most one active registration per person and meeting: the last line of defence behind the
-- meeting room's own duplicate check. Cancelled registrations stay as history.
CREATE UNIQUE INDEX registrations_active_per_person ON registrations (meeting_id, person_id)
    WHERE status <> 'cancelled';
CREATE UNIQUE INDEX registrations_active_checkin_code ON registrations (meeting_id, checkin_code)
    WHERE status <> 'cancelled';
CREATE INDEX registrations_by_meeting ON registrations (meeting_id, arrival);
CREATE INDEX registrations_by_person ON registrations (person_id);

CREATE TABLE invitations (
    invitation_id   INTEGER PRIMARY KEY,
    organisation_id INTEGER NOT NULL REFERENCES organisations (organisation_id),
    code_hash       TEXT NOT NULL UNIQUE,
    created_at      INTEGER NOT NULL,
    revoked_at      INTEGER NULL
);

-- One valid code per organisation: rotating revokes the old one in the same transaction.
CREATE UNIQUE INDEX invitations_active_per_organisation ON invitations (organisation_id)
    WHERE revoked_at IS NULL;
)sql";

constexpr std::array<std::string_view, 2> migrations{migration_1, migration_2};

}  // namespace

int latest_schema_version() noexcept {
    return static_cast<int>(migrations.size());
}

int schema_version(database& db) {
    auto st = db.prepare("PRAGMA user_version");
    if (!st.step()) {
        throw store_error(SQLITE_ERROR, "PRAGMA user_version returned no row");
    }
    return static_cast<int>(st.int64(0));
}

void apply_migrations(database& db) {
    const auto refuse_newer = [](int version) {
        if (version > latest_schema_version()) {
            throw store_error(SQLITE_ERROR,
                              "database schema version " + std::to_string(version) +
                                  " is newer than this program (which knows up to version " +
                                  std::to_string(latest_schema_version()) +
                                  "); run a newer traffpunkt or restore a backup");
        }
    };
    const int before = schema_version(db);
    refuse_newer(before);
    if (before == latest_schema_version()) {
        return;
    }
    // IMMEDIATE: if two processes start at once, one migrates and the other sees the result.
    transaction tx(db, transaction::kind::immediate);
    const int current = schema_version(db);
    refuse_newer(current);
    for (int version = current + 1; version <= latest_schema_version(); ++version) {
        try {
            db.exec(migrations[static_cast<std::size_t>(version - 1)]);
        } catch (const store_error& e) {
            throw store_error(e.extended_code(),
                              "migration " + std::to_string(version) + " failed: " + e.what());
        }
    }
    // user_version lives in the database header and is written by the same transaction.
    db.exec("PRAGMA user_version = " + std::to_string(latest_schema_version()));
    tx.commit();
}

}  // namespace traffpunkt::store
