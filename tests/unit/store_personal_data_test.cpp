#include <gtest/gtest.h>

#include <set>
#include <string>
#include <utility>

#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/personal_data_repository.hpp"

namespace traffpunkt::store {
namespace {

using column_ref = std::pair<std::string, std::string>;

bool looks_personal(const std::string& column) {
    return column == "person_id" || column == "voter" || column == "principal" ||
           column == "email" || column == "dietary_needs" || column == "accessibility_needs" ||
           column == "checkin_code" || column.ends_with("_by") || column.ends_with("_by_name") ||
           column.ends_with("person_id") || column.ends_with("email") ||
           column.starts_with("recipient");
}

/**
 * Every column of the migrated schema that refers to a person: a foreign key to persons, or a
 * name that says so (person_id, voter, principal, *_by, e-mail, needs...). A new table that refers
 * to people is found here without anyone remembering to list it.
 */
std::set<column_ref> person_columns_of_schema(database& db) {
    std::set<column_ref> out;
    std::vector<std::string> tables;
    {
        auto st = db.prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'");
        while (st.step()) {
            tables.push_back(st.text(0));
        }
    }
    for (const auto& t : tables) {
        auto cols = db.prepare("SELECT name FROM pragma_table_info(?)");
        cols.bind_all(t);
        while (cols.step()) {
            if (looks_personal(cols.text(0))) {
                out.emplace(t, cols.text(0));
            }
        }
        auto fks = db.prepare(
            "SELECT \"from\" FROM pragma_foreign_key_list(?) WHERE \"table\" = "
            "'persons'");
        fks.bind_all(t);
        while (fks.step()) {
            out.emplace(t, fks.text(0));
        }
    }
    return out;
}

TEST(PersonalData, EveryColumnThatRefersToAPersonIsCoveredByExportAndErasure) {
    database db(":memory:");
    apply_migrations(db);
    std::set<column_ref> listed;
    for (const auto& c : personal_data_columns()) {
        listed.emplace(c.table, c.column);
        EXPECT_FALSE(c.export_as.empty()) << c.table << "." << c.column;
        EXPECT_FALSE(c.on_erase.empty()) << c.table << "." << c.column;
    }
    for (const auto& [table, column] : person_columns_of_schema(db)) {
        EXPECT_TRUE(listed.count({table, column}))
            << table << "." << column
            << " refers to a person but personal_data_columns() does not say how the register "
               "extract and erasure treat it";
    }
    // And nothing listed is gone from the schema.
    for (const auto& [table, column] : listed) {
        auto st = db.prepare("SELECT count(*) FROM pragma_table_info(?) WHERE name = ?");
        st.bind_all(table, column);
        ASSERT_TRUE(st.step());
        EXPECT_EQ(st.int64(0), 1) << table << "." << column << " is listed but not in the schema";
    }
}

/** A person with a row in every table that can refer to one. */
class PersonalDataRows : public ::testing::Test {
  protected:
    void SetUp() override {
        apply_migrations(db_);
        db_.exec(R"sql(
            INSERT INTO networks (network_id, name, description, starts_on, ends_on)
                VALUES (1, 'Nätverket', '', '2022-09-01', '2040-08-31');
            INSERT INTO organisations (organisation_id, name, kind) VALUES (1, 'Kalmar kommun',
                'municipality');
            INSERT INTO persons (person_id, name, email, organisation_id, role, created_at)
                VALUES (7, 'Hemlig Person', 'hemlig.person@example.se', 1, 'elected', 0),
                       (8, 'Annan Person', 'annan@example.se', 1, 'official', 0);
            INSERT INTO tokens (token_id, token_hash, role, person_id, name, created_at)
                VALUES (1, 'h1', 'participant', 7, 'Hemlig Person', 0),
                       (2, 'h2', 'participant', 8, 'Annan Person', 0);
            INSERT INTO calendar_tokens (person_id, generation, token_hash, created_at)
                VALUES (7, 1, 'c7', 0);
            INSERT INTO meetings (meeting_id, network_id, title, description, starts_at, ends_at,
                                  zone, format, venue, address, online_url, cost_note, status,
                                  sequence, created_at, updated_at)
                VALUES (1, 1, 'Träff', '', 100, 200, 'Europe/Stockholm', 'hybrid', '', '', '', '',
                        'published', 0, 0, 0);
            INSERT INTO meeting_facilitators (meeting_id, person_id) VALUES (1, 7);
            INSERT INTO registrations (registration_id, meeting_id, person_id, organisation_id,
                                       mode, status, arrival, dietary_needs, accessibility_needs,
                                       checkin_code, registered_at, updated_at)
                VALUES (1, 1, 7, 1, 'in_person', 'confirmed', 1, 'Celiaki', 'Rullstol', 'K7', 0, 0),
                       (2, 1, 8, 1, 'remote', 'confirmed', 2, 'Vegan', '', 'K8', 0, 0);
            INSERT INTO idempotency (principal, idem_key, op, response, created_at)
                VALUES ('person:7', 'k', 'registration.create', '{"needs":"Celiaki"}', 0),
                       ('token:9', 'k2', 'person.create', '{"email":"hemlig.person@example.se"}', 0),
                       ('person:8', 'k3', 'registration.create', '{}', 0);
            -- Mails: person 7's link and confirmation (and a resend of it), person 8's.
            INSERT INTO mail_outbox (mail_id, message_id, kind, person_id, registration_id,
                                     meeting_id, recipient, recipient_name, language,
                                     next_attempt_at, created_at, status, resend_of)
                VALUES (1, 'm1', 'personal_link', 7, NULL, NULL, 'hemlig.person@example.se',
                        'Hemlig Person', 'sv', 0, 0, 'sent', NULL),
                       (2, 'm2', 'registration_confirmed', 7, 1, 1, 'hemlig.person@example.se',
                        'Hemlig Person', 'sv', 0, 0, 'failed', NULL),
                       (3, 'm3', 'registration_confirmed', 7, 1, 1, 'hemlig.person@example.se',
                        'Hemlig Person', 'sv', 0, 0, 'sent', 2),
                       (4, 'm4', 'registration_confirmed', 8, 2, 1, 'annan@example.se',
                        'Annan Person', 'sv', 0, 0, 'sent', NULL);
        )sql");
    }

    std::int64_t count(const std::string& sql) {
        auto st = db_.prepare(sql);
        st.step();
        return st.int64(0);
    }

    database db_{":memory:"};
};

TEST_F(PersonalDataRows, ExportHoldsEveryTableAndNoSecret) {
    const auto sections = export_person(db_, 7);
    ASSERT_FALSE(sections.empty());
    std::set<std::string> names;
    for (const auto& s : sections) {
        names.insert(s.table);
    }
    for (const auto& c : personal_data_columns()) {
        // The first word of export_as names the section ("registrations.dietary_needs" is a
        // column of the section "registrations").
        auto section = c.export_as.substr(0, c.export_as.find_first_of(" ."));
        EXPECT_TRUE(names.count(section)) << c.table << "." << c.column << " -> " << section;
    }
    for (const auto& s : sections) {
        for (const auto& row : s.rows) {
            for (const auto& [column, value] : row) {
                EXPECT_NE(column, "token_hash") << "a token hash in the extract";
            }
        }
    }
    EXPECT_TRUE(export_person(db_, 999).empty());
}

TEST_F(PersonalDataRows, ErasureRemovesEveryReferenceAndKeepsCounts) {
    const auto before = count("SELECT count(*) FROM registrations WHERE status = 'confirmed'");
    int n = 0;
    const auto erased = erase_person(db_, 7, domain::instant{std::chrono::seconds{1000}},
                                     [&n] { return "key" + std::to_string(++n); });
    ASSERT_TRUE(erased.has_value());
    EXPECT_EQ(erased->registrations, 1);
    EXPECT_EQ(erased->tokens, 1);
    EXPECT_EQ(erased->idempotency, 2);  // their own, and the coordinator's answer naming them
    EXPECT_EQ(erased->mails, 3);
    EXPECT_EQ(count("SELECT count(*) FROM mail_outbox WHERE recipient LIKE 'hemlig%' OR "
                    "recipient_name = 'Hemlig Person' OR person_id = 7"),
              0);
    EXPECT_EQ(count("SELECT count(*) FROM mail_outbox WHERE person_id = 8"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM tokens WHERE person_id = 7"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM calendar_tokens WHERE person_id = 7"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM meeting_facilitators WHERE person_id = 7"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM persons WHERE name = 'Hemlig Person' OR email LIKE "
                    "'hemlig%'"),
              0);
    EXPECT_EQ(count("SELECT count(*) FROM registrations WHERE dietary_needs = 'Celiaki' OR "
                    "accessibility_needs = 'Rullstol'"),
              0);
    EXPECT_EQ(count("SELECT count(*) FROM registrations WHERE status = 'confirmed'"), before);
    EXPECT_EQ(count("SELECT count(*) FROM persons p JOIN registrations r ON r.person_id = "
                    "p.person_id WHERE p.role = 'elected'"),
              1);
    // The other person is untouched.
    EXPECT_EQ(count("SELECT count(*) FROM registrations WHERE dietary_needs = 'Vegan'"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM tokens WHERE person_id = 8"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM idempotency WHERE principal = 'person:8'"), 1);
    EXPECT_TRUE(is_erased(db_, 7));
    EXPECT_FALSE(erase_person(db_, 7, {}, [] { return std::string("x"); }).has_value());
    EXPECT_TRUE(export_person(db_, 7).empty());
}

TEST_F(PersonalDataRows, RetentionClearsNeedsThenMovesRegistrationsToTombstones) {
    // The meeting ended at t=200.
    EXPECT_EQ(clear_needs_of_meetings_ended_before(db_, domain::instant{std::chrono::seconds{150}}),
              0);
    EXPECT_EQ(clear_needs_of_meetings_ended_before(db_, domain::instant{std::chrono::seconds{201}}),
              2);
    EXPECT_EQ(count("SELECT count(*) FROM registrations WHERE dietary_needs <> ''"), 0);
    const auto roles = [this] {
        return count(
            "SELECT count(*) FROM registrations r JOIN persons p ON p.person_id = "
            "r.person_id WHERE p.role = 'elected'");
    };
    EXPECT_EQ(roles(), 1);
    EXPECT_EQ(
        pseudonymise_registrations_ended_before(db_, domain::instant{std::chrono::seconds{201}},
                                                domain::instant{std::chrono::seconds{300}}),
        2);
    EXPECT_EQ(count("SELECT count(*) FROM registrations WHERE person_id IN (7, 8)"), 0);
    // The registrations' mails go with them; person 7's link mail is not about a registration.
    EXPECT_EQ(count("SELECT count(*) FROM mail_outbox WHERE registration_id IS NOT NULL"), 0);
    EXPECT_EQ(count("SELECT count(*) FROM mail_outbox"), 1);
    EXPECT_EQ(count("SELECT count(*) FROM registrations"), 2);
    EXPECT_EQ(roles(), 1);  // statistics by role still add up
    EXPECT_EQ(count("SELECT count(DISTINCT person_id) FROM registrations"), 2);
    // The people themselves stay (they may take part in newer meetings).
    EXPECT_EQ(count("SELECT count(*) FROM persons WHERE person_id IN (7, 8) AND erased_at IS "
                    "NULL"),
              2);
}

}  // namespace
}  // namespace traffpunkt::store
