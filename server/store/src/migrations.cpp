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

// Polls. Who voted is stored apart from what was voted: poll_voters says that a voter took part
// (no time, no order: WITHOUT ROWID keeps rows in key order); an anonymous poll's ballots sit in
// anonymous_ballots under a random key with no voter, no time and no rowid, so neither a column
// nor the row order links a ballot to a person. Named ballots keep their voter and times.
constexpr std::string_view migration_3 = R"sql(
CREATE TABLE polls (
    poll_id          INTEGER PRIMARY KEY,
    meeting_id       INTEGER NOT NULL REFERENCES meetings (meeting_id),
    agenda_item_id   INTEGER NULL,
    kind             TEXT NOT NULL
                     CHECK (kind IN ('single', 'multiple', 'scale', 'ranking', 'approval',
                                     'text', 'pb')),
    question         TEXT NOT NULL CHECK (question <> ''),
    description      TEXT NOT NULL DEFAULT '',
    max_choices      INTEGER NOT NULL DEFAULT 0,
    scale_max        INTEGER NOT NULL DEFAULT 5,
    scale_min_label  TEXT NOT NULL DEFAULT '',
    scale_max_label  TEXT NOT NULL DEFAULT '',
    text_max_length  INTEGER NOT NULL DEFAULT 200,
    budget           INTEGER NOT NULL DEFAULT 0,
    currency         TEXT NOT NULL DEFAULT 'SEK',
    pb_ballot        TEXT NOT NULL DEFAULT 'approval'
                     CHECK (pb_ballot IN ('approval', 'knapsack', 'points')),
    pb_utility       TEXT NOT NULL DEFAULT 'cost' CHECK (pb_utility IN ('cost', 'approval')),
    points_total     INTEGER NOT NULL DEFAULT 0,
    anonymous        INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    audience         TEXT NOT NULL CHECK (audience IN ('registered', 'link')),
    visibility       TEXT NOT NULL CHECK (visibility IN ('live', 'after_close', 'facilitators')),
    status           TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
    auto_close_at    INTEGER NULL,
    opened_at        INTEGER NULL,
    closed_at        INTEGER NULL,
    created_by       INTEGER NOT NULL,
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    final_results    TEXT NULL
);

CREATE INDEX polls_by_meeting ON polls (meeting_id);

CREATE TABLE poll_options (
    poll_id   INTEGER NOT NULL REFERENCES polls (poll_id) ON DELETE CASCADE,
    option_id INTEGER NOT NULL CHECK (option_id > 0),
    label     TEXT NOT NULL CHECK (label <> ''),
    PRIMARY KEY (poll_id, option_id)
) WITHOUT ROWID;

CREATE TABLE pb_projects (
    poll_id         INTEGER NOT NULL REFERENCES polls (poll_id) ON DELETE CASCADE,
    project_id      INTEGER NOT NULL CHECK (project_id > 0),
    title           TEXT NOT NULL CHECK (title <> ''),
    description     TEXT NOT NULL DEFAULT '',
    cost            INTEGER NOT NULL CHECK (cost > 0),
    organisation_id INTEGER NULL REFERENCES organisations (organisation_id),
    PRIMARY KEY (poll_id, project_id)
) WITHOUT ROWID;

-- 'p:<person_id>' or 'a:<audience token id>'.
CREATE TABLE poll_voters (
    poll_id INTEGER NOT NULL REFERENCES polls (poll_id) ON DELETE CASCADE,
    voter   TEXT NOT NULL,
    PRIMARY KEY (poll_id, voter)
) WITHOUT ROWID;

CREATE TABLE named_ballots (
    poll_id    INTEGER NOT NULL REFERENCES polls (poll_id) ON DELETE CASCADE,
    voter      TEXT NOT NULL,
    ballot     TEXT NOT NULL,
    cast_at    INTEGER NOT NULL,
    changed_at INTEGER NOT NULL,
    PRIMARY KEY (poll_id, voter)
) WITHOUT ROWID;

CREATE TABLE anonymous_ballots (
    poll_id    INTEGER NOT NULL REFERENCES polls (poll_id) ON DELETE CASCADE,
    ballot_key TEXT NOT NULL CHECK (length(ballot_key) = 32),
    ballot     TEXT NOT NULL,
    PRIMARY KEY (poll_id, ballot_key)
) WITHOUT ROWID;

-- A meeting's audience link (polls open to anyone with it). The code is kept as it is: it is
-- shown on the projector, and facilitators fetch the same link again; it names no person and
-- only lets a device vote in the meeting's link polls.
CREATE TABLE poll_links (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings (meeting_id),
    code       TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);

-- Voter tokens handed out through an audience link: one ballot per token and poll.
CREATE TABLE audience_tokens (
    token_id   INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    meeting_id INTEGER NOT NULL REFERENCES meetings (meeting_id),
    created_at INTEGER NOT NULL
);

CREATE INDEX audience_tokens_by_meeting ON audience_tokens (meeting_id);
)sql";

// Agendas and minutes (issue 5). Items keep their place in the agenda (position) apart from
// their planned time; presenters and links are rows of their own. agenda_state holds each
// meeting's agenda revision and live "now" marker (milliseconds, so clients can show elapsed time
// against the server's clock). agenda_changes records who changed what once a meeting is
// published; its item_id has no foreign key, so the record outlives a removed item. Minutes: the
// current text and status in `minutes`, every version (edits and status steps) in
// minutes_versions, whose key is the last line of defence against two writers of one version.
constexpr std::string_view migration_4 = R"sql(
CREATE TABLE agenda_items (
    item_id          INTEGER PRIMARY KEY,
    meeting_id       INTEGER NOT NULL REFERENCES meetings (meeting_id),
    position         INTEGER NOT NULL CHECK (position >= 1),
    title            TEXT NOT NULL CHECK (title <> ''),
    description      TEXT NOT NULL DEFAULT '',
    kind             TEXT NOT NULL
                     CHECK (kind IN ('talk', 'discussion', 'workshop', 'break', 'poll')),
    starts_at        INTEGER NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    updated_at       INTEGER NOT NULL
);

CREATE INDEX agenda_items_by_meeting ON agenda_items (meeting_id, position);

CREATE TABLE agenda_item_presenters (
    item_id      INTEGER NOT NULL REFERENCES agenda_items (item_id) ON DELETE CASCADE,
    ordinal      INTEGER NOT NULL CHECK (ordinal >= 1),
    name         TEXT NOT NULL CHECK (name <> ''),
    organisation TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (item_id, ordinal)
) WITHOUT ROWID;

-- Documents and polls shown with an item. No foreign key to them: they have a life of their
-- own, and a link to one that is gone must not keep it from being removed.
CREATE TABLE agenda_item_links (
    item_id   INTEGER NOT NULL REFERENCES agenda_items (item_id) ON DELETE CASCADE,
    kind      TEXT NOT NULL CHECK (kind IN ('document', 'poll')),
    ordinal   INTEGER NOT NULL CHECK (ordinal >= 1),
    target_id INTEGER NOT NULL CHECK (target_id >= 1),
    PRIMARY KEY (item_id, kind, ordinal)
) WITHOUT ROWID;

CREATE TABLE agenda_state (
    meeting_id      INTEGER PRIMARY KEY REFERENCES meetings (meeting_id),
    revision        INTEGER NOT NULL DEFAULT 0 CHECK (revision >= 0),
    current_item_id INTEGER NULL REFERENCES agenda_items (item_id),
    started_at_ms   INTEGER NULL,
    ended_at_ms     INTEGER NULL,
    CHECK (current_item_id IS NOT NULL OR started_at_ms IS NULL),
    CHECK (started_at_ms IS NOT NULL OR ended_at_ms IS NULL)
);

CREATE TABLE agenda_changes (
    change_id   INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (meeting_id),
    revision    INTEGER NOT NULL,
    changed_at  INTEGER NOT NULL,
    person_id   INTEGER NULL REFERENCES persons (person_id),
    changed_by  TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('added', 'updated', 'moved', 'removed')),
    item_id     INTEGER NOT NULL,
    summary     TEXT NOT NULL,
    -- The item as the protocol shows it (JSON), before and after; NULL for added / removed.
    item_before TEXT NULL,
    item_after  TEXT NULL,
    -- The meeting's SEQUENCE when this change bumped it (the calendar text changed), else NULL.
    sequence    INTEGER NULL
);

CREATE INDEX agenda_changes_by_meeting ON agenda_changes (meeting_id, change_id);

CREATE TABLE minutes (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings (meeting_id),
    version    INTEGER NOT NULL CHECK (version >= 1),
    status     TEXT NOT NULL CHECK (status IN ('draft', 'for_review', 'approved')),
    text       TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE minutes_versions (
    meeting_id INTEGER NOT NULL REFERENCES meetings (meeting_id),
    version    INTEGER NOT NULL CHECK (version >= 1),
    action     TEXT NOT NULL CHECK (action IN ('edit', 'submit', 'reopen', 'approve')),
    status     TEXT NOT NULL CHECK (status IN ('draft', 'for_review', 'approved')),
    text       TEXT NOT NULL,
    changed_at INTEGER NOT NULL,
    person_id  INTEGER NULL REFERENCES persons (person_id),
    changed_by TEXT NOT NULL,
    PRIMARY KEY (meeting_id, version)
);
)sql";

// Documents (issue 5). The bytes live on disk under <data_dir>/documents/sha256/, named by their
// SHA-256; these rows only name them, so identical uploads share one file. A document belongs to
// its meeting and optionally to one agenda item (removing the item moves it to the meeting).
// Versions are numbered 1..n per document and never change or go away; removing a document
// hides it (removed_at) and keeps its rows as the record of what was shared.
constexpr std::string_view migration_5 = R"sql(
CREATE TABLE documents (
    document_id    INTEGER PRIMARY KEY,
    meeting_id     INTEGER NOT NULL REFERENCES meetings (meeting_id),
    agenda_item_id INTEGER NULL REFERENCES agenda_items (item_id) ON DELETE SET NULL,
    title          TEXT NOT NULL CHECK (title <> ''),
    visibility     TEXT NOT NULL CHECK (visibility IN ('public', 'registered', 'facilitators')),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    removed_at     INTEGER NULL
);

CREATE INDEX documents_by_meeting ON documents (meeting_id);
CREATE INDEX documents_by_agenda_item ON documents (agenda_item_id);

CREATE TABLE document_versions (
    document_id      INTEGER NOT NULL REFERENCES documents (document_id),
    version          INTEGER NOT NULL CHECK (version >= 1),
    sha256           TEXT NOT NULL CHECK (length(sha256) = 64),
    size             INTEGER NOT NULL CHECK (size >= 0),
    content_type     TEXT NOT NULL CHECK (content_type <> ''),
    filename         TEXT NOT NULL CHECK (filename <> ''),
    uploaded_by      INTEGER NULL REFERENCES persons (person_id),
    uploaded_by_name TEXT NOT NULL,
    uploaded_at      INTEGER NOT NULL,
    PRIMARY KEY (document_id, version)
) WITHOUT ROWID;
)sql";

// How many audience devices each meeting has, kept by triggers: audience.join checks its limit
// on the writer thread, and counting the index there made every join cost one step per device
// already joined (seconds of writer time at 10,000 devices).
constexpr std::string_view migration_6 = R"sql(
CREATE TABLE audience_token_counts (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings (meeting_id),
    n          INTEGER NOT NULL CHECK (n >= 0)
);

INSERT INTO audience_token_counts (meeting_id, n)
    SELECT meeting_id, COUNT(*) FROM audience_tokens GROUP BY meeting_id;

CREATE TRIGGER audience_tokens_counted AFTER INSERT ON audience_tokens BEGIN
    INSERT INTO audience_token_counts (meeting_id, n) VALUES (NEW.meeting_id, 1)
        ON CONFLICT (meeting_id) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER audience_tokens_uncounted AFTER DELETE ON audience_tokens BEGIN
    UPDATE audience_token_counts SET n = n - 1 WHERE meeting_id = OLD.meeting_id;
END;
)sql";

// Security (issue 16). token_revocations: every revocation of a token, appended by triggers in
// the revoking transaction whoever revokes (this server, or `traffpunkt token revoke` in another
// process), so a running server closes the connections of revoked tokens. calendar_tokens: a
// person's calendar feed token, separate from the account token (only its hash is stored; the
// service derives the token from a key outside the database and the generation).
constexpr std::string_view migration_7 = R"sql(
CREATE TABLE token_revocations (
    seq        INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL CHECK (kind IN ('account', 'audience')),
    token_id   INTEGER NOT NULL,
    revoked_at INTEGER NOT NULL
);

CREATE TRIGGER tokens_revoked AFTER UPDATE OF revoked_at ON tokens
    WHEN OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL BEGIN
    INSERT INTO token_revocations (kind, token_id, revoked_at)
        VALUES ('account', NEW.token_id, NEW.revoked_at);
END;

CREATE TRIGGER tokens_deleted AFTER DELETE ON tokens WHEN OLD.revoked_at IS NULL BEGIN
    INSERT INTO token_revocations (kind, token_id, revoked_at)
        VALUES ('account', OLD.token_id, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TRIGGER audience_tokens_deleted AFTER DELETE ON audience_tokens BEGIN
    INSERT INTO token_revocations (kind, token_id, revoked_at)
        VALUES ('audience', OLD.token_id, CAST(strftime('%s', 'now') AS INTEGER));
END;

CREATE TABLE calendar_tokens (
    person_id  INTEGER PRIMARY KEY REFERENCES persons (person_id),
    generation INTEGER NOT NULL CHECK (generation >= 1),
    token_hash TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
)sql";

// Personal data (issue 20). An erased person keeps a row with no personal data (a tombstone,
// `erased_at` set), so registrations and statistics per organisation, role and mode still add
// up; registrations of old meetings are moved to tombstones of their own (pseudonymised). The
// access log records who read or exported personal data; job_runs when retention last ran.
constexpr std::string_view migration_8 = R"sql(
ALTER TABLE persons ADD COLUMN erased_at INTEGER NULL;

CREATE TABLE access_log (
    entry_id          INTEGER PRIMARY KEY,
    at                INTEGER NOT NULL,
    actor             TEXT NOT NULL,
    actor_person_id   INTEGER NULL,
    actor_token_id    INTEGER NULL,
    action            TEXT NOT NULL,
    subject_person_id INTEGER NULL,
    meeting_id        INTEGER NULL,
    remote            TEXT NOT NULL DEFAULT '',
    details           TEXT NOT NULL DEFAULT ''
);

CREATE INDEX access_log_by_at ON access_log (at);
CREATE INDEX access_log_by_subject ON access_log (subject_person_id);

CREATE TABLE job_runs (
    job         TEXT PRIMARY KEY,
    last_run_at INTEGER NOT NULL,
    details     TEXT NOT NULL DEFAULT ''
);
)sql";

// Audience devices can be revoked, and only live devices count against a meeting's limit (issue
// 16). A device is live while it is not revoked and has voted in one of its meeting's polls or
// joined less than `audience.unused_device_s` ago. `live` holds that as of the meeting's last
// audience.join, which first settles the devices whose time ran out (each row once, through the
// partial index); a device's first voter row marks it `voted` (and live again). The live count
// per meeting is kept by triggers, so a join reads one row instead of counting devices.
constexpr std::string_view migration_9 = R"sql(
ALTER TABLE audience_tokens ADD COLUMN revoked_at INTEGER NULL;
ALTER TABLE audience_tokens ADD COLUMN voted INTEGER NOT NULL DEFAULT 0 CHECK (voted IN (0, 1));
ALTER TABLE audience_tokens ADD COLUMN live INTEGER NOT NULL DEFAULT 1 CHECK (live IN (0, 1));

UPDATE audience_tokens SET voted = 1
    WHERE EXISTS (SELECT 1 FROM poll_voters v WHERE v.voter = 'a:' || audience_tokens.token_id);

CREATE INDEX audience_tokens_unsettled ON audience_tokens (meeting_id, created_at)
    WHERE live = 1 AND voted = 0;

ALTER TABLE audience_token_counts ADD COLUMN live INTEGER NOT NULL DEFAULT 0 CHECK (live >= 0);
UPDATE audience_token_counts SET live = (
    SELECT COUNT(*) FROM audience_tokens t
    WHERE t.meeting_id = audience_token_counts.meeting_id AND t.live = 1);

-- Either insert trigger may run first: each one makes the row it needs.
CREATE TRIGGER audience_tokens_live_joined AFTER INSERT ON audience_tokens WHEN NEW.live = 1
BEGIN
    INSERT INTO audience_token_counts (meeting_id, n, live) VALUES (NEW.meeting_id, 0, 1)
        ON CONFLICT (meeting_id) DO UPDATE SET live = live + 1;
END;

CREATE TRIGGER audience_tokens_live_changed AFTER UPDATE OF live ON audience_tokens
    WHEN OLD.live <> NEW.live BEGIN
    UPDATE audience_token_counts SET live = live + NEW.live - OLD.live
        WHERE meeting_id = NEW.meeting_id;
END;

CREATE TRIGGER audience_tokens_live_deleted AFTER DELETE ON audience_tokens WHEN OLD.live = 1
BEGIN
    UPDATE audience_token_counts SET live = live - 1 WHERE meeting_id = OLD.meeting_id;
END;

-- A revoked device's open connections are closed like a revoked account's (token_revocations).
CREATE TRIGGER audience_tokens_revoked AFTER UPDATE OF revoked_at ON audience_tokens
    WHEN OLD.revoked_at IS NULL AND NEW.revoked_at IS NOT NULL BEGIN
    INSERT INTO token_revocations (kind, token_id, revoked_at)
        VALUES ('audience', NEW.token_id, NEW.revoked_at);
END;

CREATE TRIGGER audience_tokens_voted AFTER INSERT ON poll_voters WHEN NEW.voter GLOB 'a:*'
BEGIN
    UPDATE audience_tokens SET voted = 1, live = (revoked_at IS NULL)
        WHERE token_id = CAST(substr(NEW.voter, 3) AS INTEGER) AND voted = 0;
END;
)sql";

// A meeting's contact person (issue 18): whom participants ask, shown with the meeting.
constexpr std::string_view migration_10 = R"sql(
ALTER TABLE meetings ADD COLUMN contact_name TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
)sql";

// Participatory budgeting as cities run it: the rule that decides (a name such as
// "equalshares/add1+greedy"; '' is that default) with its minimum support, amounts with
// decimals (files with öre or grosze), sub-budgets per district or category, and per project
// its district, category labels (comma-separated, as pabulib writes them) and coordinates.
// Apart from polls and pb_projects, so those tables keep their columns.
constexpr std::string_view migration_11 = R"sql(
CREATE TABLE pb_poll_settings (
    poll_id     INTEGER PRIMARY KEY REFERENCES polls (poll_id) ON DELETE CASCADE,
    rule        TEXT NOT NULL DEFAULT '',
    min_support INTEGER NOT NULL DEFAULT 0 CHECK (min_support >= 0),
    decimals    INTEGER NOT NULL DEFAULT 0 CHECK (decimals BETWEEN 0 AND 2)
);

CREATE TABLE pb_districts (
    poll_id  INTEGER NOT NULL REFERENCES polls (poll_id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    budget   INTEGER NOT NULL CHECK (budget >= 1),
    PRIMARY KEY (poll_id, position)
) WITHOUT ROWID;

CREATE TABLE pb_project_details (
    poll_id    INTEGER NOT NULL REFERENCES polls (poll_id) ON DELETE CASCADE,
    project_id INTEGER NOT NULL,
    district   TEXT NOT NULL DEFAULT '',
    categories TEXT NOT NULL DEFAULT '',
    latitude   TEXT,
    longitude  TEXT,
    PRIMARY KEY (poll_id, project_id)
) WITHOUT ROWID;
)sql";

// Mail (issue 19). persons.language: the language of a person's mail. mail_outbox: the
// transactional outbox; a row is written in the transaction of the change that causes it and
// sent afterwards by the mailer (PROTOCOL.md "Mail"). `payload` is what rendering needs (JSON),
// a personal link's token included until the mail is sent; `message` is the rendered message,
// made at the first attempt so that every retry sends the same bytes and Message-ID, and
// blanked after mail.body_retention_h. dedupe_key makes a reminder once per registration and
// start time.
constexpr std::string_view migration_12 = R"sql(
ALTER TABLE persons ADD COLUMN language TEXT NOT NULL DEFAULT 'sv'
    CHECK (language IN ('sv', 'en'));

CREATE TABLE mail_outbox (
    mail_id         INTEGER PRIMARY KEY,
    message_id      TEXT NOT NULL UNIQUE,
    kind            TEXT NOT NULL CHECK (kind IN ('registration_confirmed',
                    'registration_waitlisted', 'registration_promoted', 'registration_cancelled',
                    'meeting_changed', 'meeting_cancelled', 'reminder', 'personal_link')),
    person_id       INTEGER NULL REFERENCES persons (person_id),
    registration_id INTEGER NULL REFERENCES registrations (registration_id),
    meeting_id      INTEGER NULL REFERENCES meetings (meeting_id),
    recipient       TEXT NOT NULL CHECK (recipient <> ''),
    recipient_name  TEXT NOT NULL DEFAULT '',
    language        TEXT NOT NULL CHECK (language IN ('sv', 'en')),
    payload         TEXT NOT NULL DEFAULT '{}',
    subject         TEXT NOT NULL DEFAULT '',
    message         BLOB NULL,
    rendered_at     INTEGER NULL,
    status          TEXT NOT NULL DEFAULT 'queued'
                    CHECK (status IN ('queued', 'sending', 'sent', 'failed', 'dropped')),
    attempts        INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at INTEGER NOT NULL,
    created_at      INTEGER NOT NULL,
    sent_at         INTEGER NULL,
    last_reply      TEXT NOT NULL DEFAULT '',
    dedupe_key      TEXT NULL UNIQUE,
    resend_of       INTEGER NULL REFERENCES mail_outbox (mail_id)
);

-- The mailer's question: what is due, oldest first. Only unfinished rows are indexed.
CREATE INDEX mail_outbox_due ON mail_outbox (next_attempt_at, mail_id)
    WHERE status IN ('queued', 'sending');
-- One recipient's mails go out in order: an earlier unfinished one holds the later ones back.
CREATE INDEX mail_outbox_unfinished_by_recipient ON mail_outbox (recipient COLLATE NOCASE, mail_id)
    WHERE status IN ('queued', 'sending');
CREATE INDEX mail_outbox_by_person ON mail_outbox (person_id, mail_id);
CREATE INDEX mail_outbox_by_meeting ON mail_outbox (meeting_id, mail_id);
CREATE INDEX mail_outbox_by_registration ON mail_outbox (registration_id, mail_id);
CREATE INDEX mail_outbox_by_status ON mail_outbox (status, mail_id);
)sql";

// Audience questions (PROTOCOL.md "Questions"). An anonymous question's row holds no person
// (the CHECK makes that a rule of the file, not only of the code), and no other table records who
// asked it. Votes are one row per voter and question: the primary key keeps "one vote each"
// even against a bug above. Mutes name the voter key only, never a question.
constexpr std::string_view migration_13 = R"sql(
CREATE TABLE question_boards (
    board_id        INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES meetings (meeting_id),
    agenda_item_id  INTEGER NULL REFERENCES agenda_items (item_id) ON DELETE SET NULL,
    moderation      TEXT NOT NULL CHECK (moderation IN ('post', 'pre')),
    open            INTEGER NOT NULL CHECK (open IN (0, 1)),
    opened_at       INTEGER NOT NULL,
    closed_at       INTEGER NULL
);
CREATE INDEX question_boards_by_meeting ON question_boards (meeting_id, board_id);
CREATE TABLE questions (
    question_id      INTEGER PRIMARY KEY,
    board_id         INTEGER NOT NULL REFERENCES question_boards (board_id),
    meeting_id       INTEGER NOT NULL REFERENCES meetings (meeting_id),
    text             TEXT NOT NULL CHECK (text <> ''),
    anonymous        INTEGER NOT NULL CHECK (anonymous IN (0, 1)),
    asker_person_id  INTEGER NULL REFERENCES persons (person_id),
    asker_name       TEXT NOT NULL DEFAULT '',
    origin           TEXT NOT NULL CHECK (origin IN ('room', 'remote')),
    status           TEXT NOT NULL CHECK (status IN
                         ('pending', 'visible', 'answered', 'hidden', 'withdrawn', 'merged')),
    pinned           INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    merged_into      INTEGER NULL REFERENCES questions (question_id),
    asked_at         INTEGER NOT NULL,
    answered_at      INTEGER NULL,
    hide_reason      TEXT NOT NULL DEFAULT '',
    withdraw_hash    TEXT NOT NULL,
    CHECK (anonymous = 0 OR (asker_person_id IS NULL AND asker_name = ''))
);
CREATE INDEX questions_by_board ON questions (board_id, question_id);
CREATE INDEX questions_by_asker ON questions (asker_person_id) WHERE asker_person_id IS NOT NULL;
CREATE TABLE question_votes (
    question_id  INTEGER NOT NULL REFERENCES questions (question_id),
    voter_key    TEXT NOT NULL,
    PRIMARY KEY (question_id, voter_key)
) WITHOUT ROWID;
CREATE INDEX question_votes_by_voter ON question_votes (voter_key);
CREATE TABLE question_mutes (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (meeting_id),
    voter_key   TEXT NOT NULL,
    muted_at    INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, voter_key)
) WITHOUT ROWID;
)sql";

constexpr std::array migrations{migration_1,  migration_2,  migration_3, migration_4, migration_5,
                                migration_6,  migration_7,  migration_8, migration_9, migration_10,
                                migration_11, migration_12, migration_13};

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
