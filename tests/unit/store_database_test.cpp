#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "store_temp_dir.hpp"
#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::store {
namespace {

database scratch() {
    database db(":memory:");
    db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, i INTEGER, r REAL, s TEXT UNIQUE)");
    return db;
}

TEST(Database, OpensInMemoryWithForeignKeysOn) {
    database db(":memory:");
    auto st = db.prepare("PRAGMA foreign_keys");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), 1);
    EXPECT_FALSE(db.in_transaction());
}

TEST(Database, FileDatabaseUsesWal) {
    testing::temp_dir dir;
    database db(dir.file("wal.db"));
    auto st = db.prepare("PRAGMA journal_mode");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.text(0), "wal");
}

TEST(Database, ReadOnlyOpenOfMissingFileFails) {
    testing::temp_dir dir;
    try {
        database db(dir.file("missing.db"), open_mode::read_only);
        FAIL() << "opened a missing file read-only";
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_unavailable());
        EXPECT_NE(std::string(e.what()).find("missing.db"), std::string::npos);
    }
}

TEST(Database, ReadOnlyConnectionRefusesWrites) {
    testing::temp_dir dir;
    const auto path = dir.file("ro.db");
    database rw(path);
    rw.exec("CREATE TABLE t (x INTEGER)");
    database ro(path, open_mode::read_only);
    try {
        ro.exec("INSERT INTO t VALUES (1)");
        FAIL() << "wrote through a read-only connection";
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_full_or_readonly());
        EXPECT_TRUE(e.is_unavailable());
        EXPECT_FALSE(e.is_constraint());
    }
}

TEST(Database, MoveKeepsTheConnection) {
    auto db = scratch();
    db.exec("INSERT INTO t (s) VALUES ('a')");
    database moved(std::move(db));
    auto st = moved.prepare("SELECT count(*) FROM t");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), 1);
    database other(":memory:");
    other = std::move(moved);
    EXPECT_EQ(other.prepare("SELECT s FROM t").step(), true);
}

TEST(Database, ExecRunsSeveralStatements) {
    auto db = scratch();
    db.exec("INSERT INTO t (s) VALUES ('a'); INSERT INTO t (s) VALUES ('b');");
    EXPECT_EQ(db.last_insert_rowid(), 2);
    db.exec("UPDATE t SET i = 7");
    EXPECT_EQ(db.changes(), 2);
}

TEST(Database, ExecReportsSyntaxErrors) {
    auto db = scratch();
    try {
        db.exec("SELEC 1");
        FAIL();
    } catch (const store_error& e) {
        EXPECT_FALSE(e.is_constraint());
        EXPECT_NE(std::string(e.what()).find("syntax"), std::string::npos);
    }
}

TEST(Database, PrepareRefusesSeveralStatementsAndEmptySql) {
    auto db = scratch();
    EXPECT_THROW(db.prepare("SELECT 1; SELECT 2"), store_error);
    EXPECT_THROW(db.prepare(""), store_error);
    EXPECT_THROW(db.prepare("SELECT nope FROM t"), store_error);
    EXPECT_NO_THROW(db.prepare("SELECT 1;"));
}

TEST(Statement, BindsAndReadsEveryType) {
    auto db = scratch();
    auto insert = db.prepare("INSERT INTO t (i, r, s) VALUES (?, ?, ?)");
    insert.bind_all(std::int64_t{1} << 40, 2.5, "Åre");
    insert.exec();
    auto st = db.prepare("SELECT i, r, s FROM t");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), std::int64_t{1} << 40);
    EXPECT_DOUBLE_EQ(st.real(1), 2.5);
    EXPECT_EQ(st.text(2), "Åre");
    EXPECT_FALSE(st.step());
}

TEST(Statement, BindsNullsAndOptionals) {
    auto db = scratch();
    auto insert = db.prepare("INSERT INTO t (i, r, s) VALUES (?, ?, ?)");
    insert.bind_all(std::optional<int>{}, nullptr, static_cast<const char*>(nullptr));
    insert.exec();
    insert.bind_all(std::optional<int>{5}, 1.0, std::optional<std::string>{"x"});
    insert.exec();
    auto st = db.prepare("SELECT i, r, s FROM t ORDER BY id");
    ASSERT_TRUE(st.step());
    EXPECT_TRUE(st.is_null(0));
    EXPECT_TRUE(st.is_null(1));
    EXPECT_FALSE(st.opt_int64(0));
    EXPECT_FALSE(st.opt_text(2));
    EXPECT_EQ(st.text(2), "");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.opt_int64(0), 5);
    EXPECT_EQ(st.opt_text(2), "x");
}

TEST(Statement, TextKeepsEmbeddedZerosAndCopiesTemporaries) {
    auto db = scratch();
    auto insert = db.prepare("INSERT INTO t (s) VALUES (?)");
    insert.bind(1, std::string("a\0b", 3));  // the temporary dies before exec
    insert.exec();
    auto st = db.prepare("SELECT s FROM t");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.text(0), std::string("a\0b", 3));
}

TEST(Statement, BindsOtherIntegerTypes) {
    auto db = scratch();
    auto insert = db.prepare("INSERT INTO t (i) VALUES (?)");
    insert.bind(1, 42LL);
    insert.exec();
    insert.bind(1, true);
    insert.exec();
    insert.bind(1, std::uint64_t{7});
    insert.exec();
    EXPECT_THROW(insert.bind(1, std::uint64_t{1} << 63), store_error);
    auto st = db.prepare("SELECT sum(i) FROM t");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), 50);
}

TEST(Statement, BadParameterIndexThrows) {
    auto db = scratch();
    auto st = db.prepare("SELECT ?");
    EXPECT_THROW(st.bind(2, 1), store_error);
    EXPECT_THROW(st.bind(0, 1), store_error);
}

TEST(Statement, ConstraintViolationIsReportedAndStatementStaysUsable) {
    auto db = scratch();
    auto insert = db.prepare("INSERT INTO t (s) VALUES (?)");
    insert.bind_all("dup").exec();
    try {
        insert.bind_all("dup").exec();
        FAIL() << "duplicate accepted";
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_constraint());
        EXPECT_FALSE(e.is_busy());
        EXPECT_EQ(e.code(), 19);             // SQLITE_CONSTRAINT
        EXPECT_EQ(e.extended_code(), 2067);  // SQLITE_CONSTRAINT_UNIQUE
    }
    EXPECT_NO_THROW(insert.bind_all("other").exec());
}

TEST(Database, CachedStatementsAreReusedResetAndCleared) {
    auto db = scratch();
    db.exec("INSERT INTO t (i) VALUES (1), (2), (3)");
    auto& first = db.cached("SELECT i FROM t WHERE i >= ? ORDER BY i");
    first.bind_all(2);
    ASSERT_TRUE(first.step());
    EXPECT_EQ(first.int64(0), 2);
    // Left half-way; the next checkout starts over with no bindings (NULL matches nothing).
    auto& second = db.cached("SELECT i FROM t WHERE i >= ? ORDER BY i");
    EXPECT_EQ(&first, &second);
    EXPECT_FALSE(second.step());
    second.bind_all(1);
    ASSERT_TRUE(second.step());
    EXPECT_EQ(second.int64(0), 1);
}

TEST(Database, SetSynchronousAcceptsKnownModesOnly) {
    database db(":memory:");
    EXPECT_NO_THROW(db.set_synchronous("NORMAL"));
    auto st = db.prepare("PRAGMA synchronous");
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), 1);
    EXPECT_NO_THROW(db.set_synchronous("FULL"));
    EXPECT_NO_THROW(db.set_synchronous("OFF"));
    EXPECT_THROW(db.set_synchronous("full; DROP TABLE t"), store_error);
    EXPECT_THROW(db.set_synchronous(""), store_error);
}

TEST(Database, BusyWriterLockFailsAfterTimeout) {
    testing::temp_dir dir;
    const auto path = dir.file("busy.db");
    database a(path);
    database b(path);
    b.set_busy_timeout(std::chrono::milliseconds{20});
    a.exec("BEGIN IMMEDIATE");
    try {
        b.exec("BEGIN IMMEDIATE");
        FAIL() << "second writer got the lock";
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_busy());
        EXPECT_FALSE(e.is_unavailable());
    }
    a.exec("COMMIT");
}

}  // namespace
}  // namespace traffpunkt::store
