#include <gtest/gtest.h>

#include <stdexcept>

#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/store_error.hpp"
#include "traffpunkt/store/transaction.hpp"

namespace traffpunkt::store {
namespace {

database transaction_scratch() {
    database db(":memory:");
    db.exec("CREATE TABLE t (x INTEGER UNIQUE)");
    return db;
}

std::int64_t count(database& db) {
    auto st = db.prepare("SELECT count(*) FROM t");
    st.step();
    return st.int64(0);
}

TEST(Transaction, CommitKeepsWrites) {
    auto db = transaction_scratch();
    {
        transaction tx(db);
        EXPECT_TRUE(db.in_transaction());
        db.exec("INSERT INTO t VALUES (1)");
        tx.commit();
    }
    EXPECT_FALSE(db.in_transaction());
    EXPECT_EQ(count(db), 1);
}

TEST(Transaction, DestructorRollsBackUncommittedWrites) {
    auto db = transaction_scratch();
    {
        transaction tx(db, transaction::kind::deferred);
        db.exec("INSERT INTO t VALUES (1)");
    }
    EXPECT_FALSE(db.in_transaction());
    EXPECT_EQ(count(db), 0);
}

TEST(Transaction, RollsBackWhenAnExceptionLeavesTheScope) {
    auto db = transaction_scratch();
    EXPECT_THROW(
        {
            transaction tx(db);
            db.exec("INSERT INTO t VALUES (1)");
            db.exec("INSERT INTO t VALUES (1)");  // constraint error
            tx.commit();
        },
        store_error);
    EXPECT_FALSE(db.in_transaction());
    EXPECT_EQ(count(db), 0);
}

TEST(Transaction, NestedBeginFails) {
    auto db = transaction_scratch();
    transaction outer(db);
    EXPECT_THROW(transaction inner(db), store_error);
    EXPECT_TRUE(db.in_transaction());
}

TEST(Transaction, DestructorToleratesTransactionEndedElsewhere) {
    auto db = transaction_scratch();
    {
        transaction tx(db);
        db.exec("INSERT INTO t VALUES (1)");
        db.exec("ROLLBACK");
    }  // must not throw or terminate
    EXPECT_EQ(count(db), 0);
    transaction again(db);  // the connection is usable
    again.commit();
}

TEST(Savepoint, RollsBackOnlyItsOwnWrites) {
    auto db = transaction_scratch();
    transaction tx(db);
    db.exec("INSERT INTO t VALUES (1)");
    {
        savepoint sp(db);
        db.exec("INSERT INTO t VALUES (2)");
    }  // not released: only row 2 goes
    {
        savepoint sp(db);
        db.exec("INSERT INTO t VALUES (3)");
        sp.release();
    }
    tx.commit();
    EXPECT_EQ(count(db), 2);
    auto st = db.prepare("SELECT count(*) FROM t WHERE x = 2");
    st.step();
    EXPECT_EQ(st.int64(0), 0);
}

TEST(Savepoint, FailedStepInsideSavepointLeavesTransactionUsable) {
    auto db = transaction_scratch();
    transaction tx(db);
    db.exec("INSERT INTO t VALUES (1)");
    try {
        savepoint sp(db);
        db.exec("INSERT INTO t VALUES (5)");
        db.exec("INSERT INTO t VALUES (1)");  // duplicate
        sp.release();
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_constraint());
    }
    EXPECT_TRUE(db.in_transaction());
    db.exec("INSERT INTO t VALUES (2)");
    tx.commit();
    EXPECT_EQ(count(db), 2);  // 1 and 2; 5 was rolled back with its savepoint
}

TEST(Savepoint, NestsInsideSavepoints) {
    auto db = transaction_scratch();
    transaction tx(db);
    {
        savepoint outer(db);
        db.exec("INSERT INTO t VALUES (1)");
        {
            savepoint inner(db);
            db.exec("INSERT INTO t VALUES (2)");
        }
        outer.release();
    }
    tx.commit();
    EXPECT_EQ(count(db), 1);
}

TEST(Savepoint, WithoutTransactionActsAsOne) {
    auto db = transaction_scratch();
    {
        savepoint sp(db);
        EXPECT_TRUE(db.in_transaction());
        db.exec("INSERT INTO t VALUES (1)");
    }
    EXPECT_FALSE(db.in_transaction());
    EXPECT_EQ(count(db), 0);
    {
        savepoint sp(db);
        db.exec("INSERT INTO t VALUES (1)");
        sp.release();
    }
    EXPECT_FALSE(db.in_transaction());
    EXPECT_EQ(count(db), 1);
}

}  // namespace
}  // namespace traffpunkt::store
