#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "store_temp_dir.hpp"
#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/store_error.hpp"
#include "traffpunkt/store/writer.hpp"

namespace traffpunkt::store {
namespace {

/** Inserts an organisation called `name`. */
writer::work insert_org(std::string name) {
    return [name = std::move(name)](database& db) {
        insert_organisation(db, {0, name, domain::org_kind::municipality});
    };
}

/**
 * Holds the writer thread inside a first batch until `open` is called, so everything submitted
 * meanwhile is queued and the next batch is predictable.
 */
class gate {
  public:
    explicit gate(writer& w) {
        auto entered = std::make_shared<std::promise<void>>();
        auto entered_future = entered->get_future();
        w.submit(
            [entered, wait = open_.get_future().share()](database&) {
                entered->set_value();
                wait.wait();
            },
            {});
        entered_future.wait();
    }
    ~gate() { open(); }
    void open() {
        if (!opened_) {
            opened_ = true;
            open_.set_value();
        }
    }

  private:
    std::promise<void> open_;
    bool opened_ = false;
};

std::exception_ptr wait_for(writer& w, writer::work work) {
    std::promise<std::exception_ptr> result;
    auto future = result.get_future();
    w.submit(std::move(work), [&result](std::exception_ptr e) { result.set_value(e); });
    return future.get();
}

class Writer : public ::testing::Test {
  protected:
    void SetUp() override {
        database db(path_);
        apply_migrations(db);
    }

    std::int64_t count_organisations() {
        database db(path_, open_mode::read_only);
        auto st = db.prepare("SELECT count(*) FROM organisations");
        st.step();
        return st.int64(0);
    }

    bool has_organisation(const std::string& name) {
        database db(path_, open_mode::read_only);
        return find_organisation_by_name(db, name).has_value();
    }

    testing::temp_dir dir_;
    std::string path_ = dir_.file("writer.db");
};

TEST_F(Writer, CommitsAndCompletesCaller) {
    writer w(path_);
    EXPECT_EQ(wait_for(w, insert_org("Alingsås kommun")), nullptr);
    EXPECT_TRUE(has_organisation("Alingsås kommun"));
    EXPECT_EQ(w.commits(), 1u);
    EXPECT_EQ(w.writes(), 1u);
}

TEST_F(Writer, RequestedCheckpointTruncatesTheWal) {
    writer w(path_);
    for (int i = 0; i < 20; ++i) {
        ASSERT_EQ(wait_for(w, insert_org("Kommun " + std::to_string(i))), nullptr);
    }
    ASSERT_GT(std::filesystem::file_size(path_ + "-wal"), 0u);
    w.request_checkpoint();
    for (int i = 0; i < 100 && w.checkpoints() == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    EXPECT_EQ(w.checkpoints(), 1u);
    EXPECT_EQ(std::filesystem::file_size(path_ + "-wal"), 0u);
    EXPECT_EQ(count_organisations(), 20);
}

TEST_F(Writer, DeletedRowsAreOverwritten) {
    writer w(path_);
    ASSERT_EQ(wait_for(w, insert_org("Hemligt Namn i Kommunen")), nullptr);
    ASSERT_EQ(wait_for(w,
                       [](database& db) {
                           db.exec("DELETE FROM organisations WHERE name LIKE 'Hemligt%'");
                       }),
              nullptr);
    w.request_checkpoint();
    for (int i = 0; i < 100 && w.checkpoints() == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::ifstream in(path_, std::ios::binary);
    const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    EXPECT_EQ(bytes.find("Hemligt Namn"), std::string::npos) << "secure_delete is off";
}

TEST_F(Writer, GroupCommitCompletesCallersInSubmissionOrderAfterCommit) {
    std::vector<int> order;
    std::vector<bool> visible;
    {
        writer w(path_);
        // Read by completions only, on the writer thread: it sees committed data only.
        database reader(path_, open_mode::read_only);
        gate g(w);
        for (int i = 0; i < 50; ++i) {
            const auto name = "Kommun " + std::to_string(i);
            w.submit(insert_org(name), [&, i, name](std::exception_ptr e) {
                EXPECT_EQ(e, nullptr);
                order.push_back(i);
                visible.push_back(find_organisation_by_name(reader, name).has_value());
            });
        }
        g.open();
        w.stop();
        EXPECT_EQ(w.commits(), 2u);  // the gate's batch and one for all fifty
        EXPECT_EQ(w.writes(), 51u);
    }
    ASSERT_EQ(order.size(), 50u);
    for (int i = 0; i < 50; ++i) {
        EXPECT_EQ(order[static_cast<std::size_t>(i)], i);
        EXPECT_TRUE(visible[static_cast<std::size_t>(i)]) << i;
    }
}

TEST_F(Writer, AWriteSubmittedAloneIsATransactionOfItsOwn) {
    std::vector<std::size_t> batches;
    {
        writer_options o;
        o.on_commit = [&batches](std::chrono::nanoseconds, std::size_t writes) {
            batches.push_back(writes);  // the writer thread only
        };
        writer w(path_, o);
        gate g(w);
        for (int i = 0; i < 3; ++i) {
            w.submit(insert_org("Före " + std::to_string(i)), {});
        }
        w.submit_alone(insert_org("Ensam"), {});
        for (int i = 0; i < 4; ++i) {
            w.submit(insert_org("Efter " + std::to_string(i)), {});
        }
        g.open();
        w.stop();
    }
    EXPECT_EQ(batches, (std::vector<std::size_t>{1, 3, 1, 4}));
    EXPECT_TRUE(has_organisation("Ensam"));
}

TEST_F(Writer, ThrowingWriteIsRolledBackAloneWhileOthersCommit) {
    std::vector<std::exception_ptr> results(4);
    {
        writer w(path_);
        gate g(w);
        w.submit(insert_org("A"), [&](std::exception_ptr e) { results[0] = e; });
        w.submit(
            [](database& db) {
                insert_organisation(db, {0, "B", domain::org_kind::other});
                throw std::runtime_error("boom");
            },
            [&](std::exception_ptr e) { results[1] = e; });
        w.submit(insert_org("a"), [&](std::exception_ptr e) { results[2] = e; });  // duplicate
        w.submit(insert_org("D"), [&](std::exception_ptr e) { results[3] = e; });
        g.open();
        w.stop();
        EXPECT_EQ(w.commits(), 2u);
    }
    EXPECT_EQ(results[0], nullptr);
    ASSERT_NE(results[1], nullptr);
    try {
        std::rethrow_exception(results[1]);
    } catch (const std::runtime_error& e) {
        EXPECT_STREQ(e.what(), "boom");  // the write's own exception, unchanged
    }
    ASSERT_NE(results[2], nullptr);
    try {
        std::rethrow_exception(results[2]);
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_constraint());
    }
    EXPECT_EQ(results[3], nullptr);
    EXPECT_TRUE(has_organisation("A"));
    EXPECT_FALSE(has_organisation("B"));
    EXPECT_TRUE(has_organisation("D"));
    EXPECT_EQ(count_organisations(), 2);
}

/** Four threads submit 100 writes each while the writer is held, then it is released. */
void submit_concurrently(writer& w, std::atomic<int>& completed) {
    gate g(w);
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&w, &completed, t] {
            for (int i = 0; i < 100; ++i) {
                w.submit(insert_org("Org " + std::to_string(t) + "-" + std::to_string(i)),
                         [&completed](std::exception_ptr e) {
                             if (e == nullptr) {
                                 completed.fetch_add(1);
                             }
                         });
            }
        });
    }
    for (auto& thread : threads) {
        thread.join();
    }
    g.open();
    w.stop();
}

TEST_F(Writer, GroupCommitUsesFewerCommitsThanWrites) {
    writer w(path_, writer_options{.group_commit = true});
    std::atomic<int> completed{0};
    submit_concurrently(w, completed);
    EXPECT_EQ(completed.load(), 400);
    EXPECT_EQ(w.writes(), 401u);
    EXPECT_LT(w.commits(), w.writes());
    EXPECT_EQ(w.commits(), 2u);
    EXPECT_EQ(count_organisations(), 400);
}

TEST_F(Writer, WithoutGroupCommitEveryWriteIsOneCommit) {
    writer w(path_, writer_options{.synchronous = "OFF", .group_commit = false});
    std::atomic<int> completed{0};
    submit_concurrently(w, completed);
    EXPECT_EQ(completed.load(), 400);
    EXPECT_EQ(w.commits(), w.writes());
    EXPECT_EQ(w.writes(), 401u);
    EXPECT_EQ(count_organisations(), 400);
}

TEST_F(Writer, BatchesAreBoundedByMaxBatch) {
    writer w(path_, writer_options{.max_batch = 10});
    {
        gate g(w);
        for (int i = 0; i < 25; ++i) {
            w.submit(insert_org("Org " + std::to_string(i)), {});
        }
    }
    w.stop();
    EXPECT_EQ(w.commits(), 4u);  // gate, 10, 10, 5
    EXPECT_EQ(count_organisations(), 25);
}

TEST_F(Writer, SubmitAfterStopFailsAtOnce) {
    writer w(path_);
    w.stop();
    w.stop();  // idempotent
    bool ran = false;
    std::exception_ptr result;
    w.submit([&](database&) { ran = true; }, [&](std::exception_ptr e) { result = e; });
    EXPECT_FALSE(ran);
    ASSERT_NE(result, nullptr);
    try {
        std::rethrow_exception(result);
    } catch (const store_error& e) {
        EXPECT_STREQ(e.what(), "writer stopped");
        EXPECT_TRUE(e.is_unavailable());
    }
}

TEST_F(Writer, DestructorFinishesQueuedWrites) {
    std::atomic<int> completed{0};
    {
        writer w(path_);
        for (int i = 0; i < 20; ++i) {
            w.submit(insert_org("Org " + std::to_string(i)),
                     [&](std::exception_ptr e) { completed += e == nullptr ? 1 : 0; });
        }
    }
    EXPECT_EQ(completed.load(), 20);
    EXPECT_EQ(count_organisations(), 20);
}

TEST_F(Writer, BeginFailureFailsTheBatchAndTheWriterRecovers) {
    writer w(path_, writer_options{.busy_timeout = std::chrono::milliseconds{30}});
    database other(path_);
    other.exec("BEGIN IMMEDIATE");  // another process holds the write lock
    const auto failed = wait_for(w, insert_org("Blocked"));
    ASSERT_NE(failed, nullptr);
    try {
        std::rethrow_exception(failed);
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_busy());
    }
    EXPECT_EQ(w.commits(), 0u);
    other.exec("ROLLBACK");
    EXPECT_EQ(wait_for(w, insert_org("Free")), nullptr);
    EXPECT_FALSE(has_organisation("Blocked"));
    EXPECT_TRUE(has_organisation("Free"));
}

TEST_F(Writer, FullDiskFailsTheWriteButNotTheThread) {
    writer w(path_);
    const auto failed = wait_for(w, [](database& db) {
        auto st = db.prepare("PRAGMA page_count");
        st.step();
        const auto pages = st.int64(0);
        st.reset();
        // The database may not grow: the next large insert fails like a full disk.
        db.exec("PRAGMA max_page_count = " + std::to_string(pages));
        insert_organisation(db, {0, std::string(100000, 'x'), domain::org_kind::other});
    });
    ASSERT_NE(failed, nullptr);
    try {
        std::rethrow_exception(failed);
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_unavailable());
        EXPECT_TRUE(e.is_full_or_readonly());
    }
    const auto recovered = wait_for(w, [](database& db) {
        db.exec("PRAGMA max_page_count = 1073741823");
        insert_organisation(db, {0, "Efter", domain::org_kind::other});
    });
    EXPECT_EQ(recovered, nullptr);
    EXPECT_TRUE(has_organisation("Efter"));
}

TEST_F(Writer, WriteThatEndsTheTransactionFailsItsBatch) {
    writer w(path_);
    const auto failed = wait_for(w, [](database& db) { db.exec("ROLLBACK"); });
    EXPECT_NE(failed, nullptr);
    EXPECT_EQ(wait_for(w, insert_org("Sedan")), nullptr);
    EXPECT_TRUE(has_organisation("Sedan"));
}

TEST_F(Writer, ThrowingCompletionIsIgnored) {
    writer w(path_);
    w.submit(insert_org("Först"),
             [](std::exception_ptr) { throw std::runtime_error("caller bug"); });
    EXPECT_EQ(wait_for(w, insert_org("Sedan")), nullptr);
    EXPECT_EQ(count_organisations(), 2);
}

TEST_F(Writer, RefusesUnknownSynchronousMode) {
    EXPECT_THROW(writer(path_, writer_options{.synchronous = "SOMETIMES"}), store_error);
}

TEST_F(Writer, UnopenableDatabaseThrowsFromConstructor) {
    EXPECT_THROW(writer(dir_.file("no/such/dir/x.db")), store_error);
}

}  // namespace
}  // namespace traffpunkt::store
