#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include "store_temp_dir.hpp"
#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/read_pool.hpp"
#include "traffpunkt/store/store_error.hpp"
#include "traffpunkt/store/writer.hpp"

namespace traffpunkt::store {
namespace {

using namespace std::chrono;

domain::network network_named(std::string name) {
    domain::network n;
    n.name = std::move(name);
    n.starts_on = year{2022} / month{11} / day{1};
    n.ends_on = year{2024} / month{10} / day{31};
    return n;
}

/** Creates the database at `path` with the current schema and returns the path. */
std::string migrated(std::string path) {
    database db(path);
    apply_migrations(db);
    return path;
}

class ReadPool : public ::testing::Test {
  protected:
    /** Inserts a network through the writer and waits until it is committed. */
    domain::id write_network(const std::string& name) {
        std::promise<domain::id> id;
        auto future = id.get_future();
        auto inserted = std::make_shared<domain::id>(0);
        writer_.submit(
            [inserted, name](database& db) { *inserted = insert_network(db, network_named(name)); },
            [&id, inserted](std::exception_ptr e) {
                if (e) {
                    id.set_exception(e);
                } else {
                    id.set_value(*inserted);
                }
            });
        return future.get();
    }

    testing::temp_dir dir_;
    std::string path_ = migrated(dir_.file("pool.db"));
    writer writer_{path_};
};

TEST_F(ReadPool, SeesCommittedRows) {
    read_pool pool(path_, 2);
    EXPECT_EQ(pool.size(), 2u);
    const auto id = write_network("Medborgarbudget – Sverige");
    const auto found = pool.with([&](database& db) { return find_network(db, id); });
    ASSERT_TRUE(found);
    EXPECT_EQ(found->name, "Medborgarbudget – Sverige");
}

TEST_F(ReadPool, LaterReadsSeeLaterCommits) {
    read_pool pool(path_, 1);
    write_network("Första");
    pool.with([](database& db) {
        // Left half-way on purpose: the pool must not keep this snapshot.
        auto& st = db.cached("SELECT network_id FROM networks");
        EXPECT_TRUE(st.step());
    });
    write_network("Andra");
    const auto all = pool.with([](database& db) { return list_networks(db); });
    EXPECT_EQ(all.size(), 2u);
}

TEST_F(ReadPool, ReturnsTheConnectionWhenTheCallThrows) {
    read_pool pool(path_, 1);
    EXPECT_THROW(pool.with([](database&) -> int { throw std::runtime_error("query bug"); }),
                 std::runtime_error);
    // With one connection this would wait forever if it had not been returned.
    EXPECT_EQ(pool.with([](database& db) { return list_networks(db).size(); }), 0u);
}

TEST_F(ReadPool, AbandonedTransactionIsRolledBack) {
    read_pool pool(path_, 1);
    pool.with([](database& db) { db.exec("BEGIN; SELECT count(*) FROM networks"); });
    write_network("Efter");
    EXPECT_FALSE(pool.with([](database& db) { return db.in_transaction(); }));
    EXPECT_EQ(pool.with([](database& db) { return list_networks(db).size(); }), 1u);
}

TEST_F(ReadPool, ConnectionsAreReadOnly) {
    read_pool pool(path_, 1);
    try {
        pool.with([](database& db) { insert_network(db, network_named("Nej")); });
        FAIL() << "wrote through the read pool";
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_full_or_readonly());
    }
}

TEST_F(ReadPool, NeverLendsMoreConnectionsThanItHas) {
    read_pool pool(path_, 2);
    write_network("N");
    std::atomic<int> in_use{0};
    std::atomic<int> most{0};
    std::atomic<int> reads{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 6; ++t) {
        threads.emplace_back([&] {
            for (int i = 0; i < 30; ++i) {
                pool.with([&](database& db) {
                    const int now = ++in_use;
                    int seen = most.load();
                    while (now > seen && !most.compare_exchange_weak(seen, now)) {
                    }
                    std::this_thread::sleep_for(microseconds{200});
                    reads += static_cast<int>(list_networks(db).size());
                    --in_use;
                });
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    EXPECT_LE(most.load(), 2);
    EXPECT_GE(most.load(), 1);
    EXPECT_EQ(reads.load(), 180);
}

TEST(ReadPoolOpen, MissingDatabaseThrows) {
    testing::temp_dir dir;
    EXPECT_THROW(read_pool(dir.file("missing.db"), 2), store_error);
}

}  // namespace
}  // namespace traffpunkt::store
