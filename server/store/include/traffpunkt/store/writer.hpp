#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

/** How the writer commits; see config::store_settings for the reasons behind the defaults. */
struct writer_options {
    std::string synchronous = "FULL";              ///< PRAGMA synchronous of the write connection
    bool group_commit = true;                      ///< one transaction for everything queued
    std::size_t max_batch = 1000;                  ///< upper bound on writes per transaction
    std::chrono::milliseconds busy_timeout{5000};  ///< wait for another process's write lock
    /** Checkpoints on request at most this often (each one fsyncs the database file). */
    std::chrono::milliseconds checkpoint_min_interval{1000};
    /**
     * Called on the writer thread after each committed transaction with its time (BEGIN to the
     * end of COMMIT) and its number of writes (for /metrics). Must be cheap and not throw.
     */
    std::function<void(std::chrono::nanoseconds took, std::size_t writes)> on_commit = {};
};

/**
 * The group-commit writer: one thread owns the only write connection. It takes every queued
 * write (up to `max_batch`), runs each inside its own SAVEPOINT within one BEGIN IMMEDIATE ...
 * COMMIT, and only after COMMIT returned completes each caller, in submission order. One fsync
 * then serves a whole batch, so throughput grows with load.
 *
 * A write that throws is rolled back alone and its caller gets its exception; the others still
 * commit. If BEGIN or COMMIT fails (disk full, read-only, I/O error), every write of the batch
 * gets that `store_error` and the thread goes on with the next batch.
 *
 * The schema must be migrated before (apply_migrations); the writer only opens the file.
 */
class writer {
  public:
    /** A write: runs on the writer thread inside the batch transaction. May throw. */
    using work = std::function<void(database&)>;
    /** Completion: nullptr on success, else the write's (or the batch's) exception. */
    using done = std::function<void(std::exception_ptr)>;

    /** Opens the write connection (throws `store_error`) and starts the thread. */
    writer(const std::string& path, writer_options options = {});

    /** Stops: finishes every queued write first. */
    ~writer();

    writer(const writer&) = delete;
    writer& operator=(const writer&) = delete;

    /**
     * Queues a write. `d` is called exactly once, on the writer thread after COMMIT; it must
     * not block for long (it holds up the next batch) and its exceptions are ignored. After
     * `stop`, `d` is called at once on the calling thread with a "writer stopped" store_error
     * (`is_unavailable()` is true for it).
     */
    void submit(work w, done d);
    /**
     * As `submit`, but the write is committed in a transaction of its own, never grouped with
     * other writes: nothing else is in its commit (an anonymous question, whose commit must not
     * hold a row that names who asked it).
     */
    void submit_alone(work w, done d);

    /**
     * Finishes every queued write, then joins the thread. Idempotent. From a completion (the
     * writer thread) it only stops accepting writes; do not destroy the writer from there.
     */
    void stop();

    /**
     * Asks the writer thread to run `PRAGMA wal_checkpoint(TRUNCATE)` between batches, at most
     * once per `checkpoint_min_interval`: the WAL then no longer holds the history of past
     * commits (anonymous ballots, erased personal data). Cheap to call often; any thread.
     */
    void request_checkpoint();

    /** WAL checkpoints that truncated the WAL so far. */
    std::uint64_t checkpoints() const noexcept {
        return checkpoints_.load(std::memory_order_relaxed);
    }

    /** Transactions committed so far. */
    std::uint64_t commits() const noexcept { return commits_.load(std::memory_order_relaxed); }

    /** Writes completed so far, whatever their outcome. */
    std::uint64_t writes() const noexcept { return writes_.load(std::memory_order_relaxed); }

  private:
    struct item {
        work w;
        done d;
        bool alone = false;
    };
    void enqueue(item it);

    void run() noexcept;
    void process(std::deque<item>& batch) noexcept;
    /** Runs a wanted checkpoint if it is due; call without holding mutex_. */
    void checkpoint_if_due() noexcept;

    writer_options options_;
    database db_;  // used by the writer thread only, once it runs

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<item> queue_;
    bool stopping_ = false;
    bool checkpoint_wanted_ = false;
    std::chrono::steady_clock::time_point checkpoint_due_{};

    std::mutex join_mutex_;
    std::atomic<std::uint64_t> commits_{0};
    std::atomic<std::uint64_t> writes_{0};
    std::atomic<std::uint64_t> checkpoints_{0};
    std::thread thread_;  // last: the thread starts once every other member exists
};

}  // namespace traffpunkt::store
