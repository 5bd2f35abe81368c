#include <gtest/gtest.h>

#include <string>

#include "store_temp_dir.hpp"
#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::store {
namespace {

bool has_table(database& db, const std::string& name) {
    auto st = db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?");
    st.bind_all(name);
    st.step();
    return st.int64(0) == 1;
}

TEST(Migrations, NewDatabaseStartsAtZero) {
    database db(":memory:");
    EXPECT_EQ(schema_version(db), 0);
    EXPECT_GE(latest_schema_version(), 1);
}

TEST(Migrations, CreatesFoundationSchema) {
    database db(":memory:");
    apply_migrations(db);
    EXPECT_EQ(schema_version(db), latest_schema_version());
    for (const char* table : {"networks", "organisations", "memberships", "persons", "meetings",
                              "meeting_facilitators", "tokens", "idempotency"}) {
        EXPECT_TRUE(has_table(db, table)) << table;
    }
    EXPECT_FALSE(db.in_transaction());
}

TEST(Migrations, RerunIsANoOp) {
    database db(":memory:");
    apply_migrations(db);
    db.exec("INSERT INTO organisations (name, kind) VALUES ('Region Kalmar län', 'region')");
    EXPECT_NO_THROW(apply_migrations(db));
    EXPECT_EQ(schema_version(db), latest_schema_version());
    auto st = db.prepare("SELECT count(*) FROM organisations");
    st.step();
    EXPECT_EQ(st.int64(0), 1);
}

TEST(Migrations, RefusesDatabaseNewerThanTheProgram) {
    database db(":memory:");
    apply_migrations(db);
    const int newer = latest_schema_version() + 1;
    db.exec("PRAGMA user_version = " + std::to_string(newer));
    try {
        apply_migrations(db);
        FAIL() << "accepted a newer schema";
    } catch (const store_error& e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("newer than this program"), std::string::npos) << message;
        EXPECT_NE(message.find(std::to_string(newer)), std::string::npos) << message;
    }
    EXPECT_EQ(schema_version(db), newer);
}

TEST(Migrations, FailedMigrationLeavesDatabaseUntouched) {
    database db(":memory:");
    // A table in the way makes migration 1 fail half-way through.
    db.exec("CREATE TABLE meetings (x INTEGER)");
    EXPECT_THROW(apply_migrations(db), store_error);
    EXPECT_EQ(schema_version(db), 0);
    EXPECT_FALSE(has_table(db, "networks"));  // created before the failure, rolled back
    EXPECT_FALSE(db.in_transaction());
}

TEST(Migrations, VersionSurvivesReopening) {
    testing::temp_dir dir;
    const auto path = dir.file("m.db");
    {
        database db(path);
        apply_migrations(db);
    }
    database db(path, open_mode::read_only);
    EXPECT_EQ(schema_version(db), latest_schema_version());
}

TEST(Migrations, SchemaChecksRefuseBadRows) {
    database db(":memory:");
    apply_migrations(db);
    const auto constraint = [&](const char* sql) {
        try {
            db.exec(sql);
        } catch (const store_error& e) {
            return e.is_constraint();
        }
        return false;
    };
    EXPECT_TRUE(constraint("INSERT INTO organisations (name, kind) VALUES ('X', 'county')"));
    EXPECT_TRUE(
        constraint("INSERT INTO networks (name, starts_on, ends_on) VALUES ('N', '2022-11-01', "
                   "'2022-10-01')"));
    EXPECT_TRUE(
        constraint("INSERT INTO networks (name, starts_on, ends_on) VALUES ('N', '1 Nov 2022', "
                   "'2024-10-01')"));
    // Foreign keys are on: a membership of an unknown network is refused.
    EXPECT_TRUE(constraint(
        "INSERT INTO memberships VALUES (99, 99, 'Styrelsen', 'Dnr 1', '2022-09-01', 0)"));
    EXPECT_TRUE(constraint(
        "INSERT INTO tokens (token_hash, role, created_at) VALUES ('h', 'participant', 0)"));
    EXPECT_TRUE(
        constraint("INSERT INTO tokens (token_hash, role, created_at) VALUES ('h', 'admin', 0)"));
}

}  // namespace
}  // namespace traffpunkt::store
