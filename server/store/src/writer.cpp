#include "traffpunkt/store/writer.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <vector>

#include "traffpunkt/store/store_error.hpp"
#include "traffpunkt/store/transaction.hpp"

namespace traffpunkt::store {

namespace {

/** A store_error stays as it is; anything else becomes one, so callers see a single type. */
std::exception_ptr as_store_error(std::exception_ptr e) noexcept {
    try {
        std::rethrow_exception(e);
    } catch (const store_error&) {
        return e;
    } catch (const std::exception& other) {
        return std::make_exception_ptr(store_error(SQLITE_ERROR, other.what()));
    } catch (...) {
        return std::make_exception_ptr(store_error(SQLITE_ERROR, "unknown error in writer"));
    }
}

void complete(const writer::done& d, std::exception_ptr result) noexcept {
    if (!d) {
        return;
    }
    try {
        d(std::move(result));
    } catch (...) {
        // A completion must not take the writer thread down; its caller's bug stays its own.
    }
}

/** The write connection, configured before the thread starts using it. */
database open_write_connection(const std::string& path, const writer_options& options) {
    database db(path, open_mode::read_write_create);
    db.set_synchronous(options.synchronous);
    db.set_busy_timeout(options.busy_timeout);
    return db;
}

}  // namespace

writer::writer(const std::string& path, writer_options options)
    : options_(std::move(options)),
      db_(open_write_connection(path, options_)),
      thread_([this] { run(); }) {}

writer::~writer() {
    stop();
}

void writer::submit(work w, done d) {
    enqueue(item{std::move(w), std::move(d), false});
}

void writer::submit_alone(work w, done d) {
    enqueue(item{std::move(w), std::move(d), true});
}

void writer::enqueue(item it) {
    {
        std::lock_guard lock(mutex_);
        if (!stopping_) {
            queue_.push_back(std::move(it));
            wake_.notify_one();
            return;
        }
    }
    // READONLY makes it `is_unavailable()`: the server is shutting down, a retry may succeed.
    complete(it.d, std::make_exception_ptr(store_error(SQLITE_READONLY, "writer stopped")));
}

void writer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    // Called from a completion (the writer thread itself) it cannot join; the destructor will.
    if (std::this_thread::get_id() == thread_.get_id()) {
        return;
    }
    std::lock_guard join_lock(join_mutex_);
    if (thread_.joinable()) {
        thread_.join();
    }
}

void writer::request_checkpoint() {
    {
        std::lock_guard lock(mutex_);
        checkpoint_wanted_ = true;
    }
    wake_.notify_one();
}

void writer::run() noexcept {
    const std::size_t take_max =
        options_.group_commit ? std::max<std::size_t>(options_.max_batch, 1) : 1;
    std::deque<item> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            // Writes first; a wanted checkpoint waits until it is due, or for the next idle gap.
            while (queue_.empty() && !stopping_) {
                if (checkpoint_wanted_ && std::chrono::steady_clock::now() >= checkpoint_due_) {
                    break;
                }
                if (checkpoint_wanted_) {
                    wake_.wait_until(lock, checkpoint_due_);
                } else {
                    wake_.wait(lock);
                }
            }
            if (queue_.empty() && stopping_) {
                return;  // stopping, and everything queued before has been written
            }
            // A write that must be alone is a batch of its own; a batch stops before one.
            // (The queue is empty when only a checkpoint is due.)
            std::size_t n = queue_.empty() ? 0 : 1;
            if (n == 1 && !queue_.front().alone) {
                const auto limit = std::min(take_max, queue_.size());
                while (n < limit && !queue_[n].alone) {
                    ++n;
                }
            }
            batch.assign(std::make_move_iterator(queue_.begin()),
                         std::make_move_iterator(queue_.begin() + static_cast<std::ptrdiff_t>(n)));
            queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(n));
        }
        if (!batch.empty()) {
            process(batch);
            batch.clear();
        }
        checkpoint_if_due();
    }
}

void writer::checkpoint_if_due() noexcept {
    {
        std::lock_guard lock(mutex_);
        if (!checkpoint_wanted_ || std::chrono::steady_clock::now() < checkpoint_due_) {
            return;
        }
        checkpoint_wanted_ = false;
    }
    bool done = false;
    try {
        // A reader in the middle of a query holds the WAL; do not stall the writes behind us
        // waiting for it, try again shortly instead.
        db_.set_busy_timeout(std::chrono::milliseconds(20));
        auto st = db_.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
        done = st.step() && st.int64(0) == 0;
    } catch (...) {
        done = false;
    }
    try {
        db_.set_busy_timeout(options_.busy_timeout);
    } catch (...) {
    }
    std::lock_guard lock(mutex_);
    if (done) {
        checkpoints_.fetch_add(1, std::memory_order_relaxed);
        checkpoint_due_ = std::chrono::steady_clock::now() + options_.checkpoint_min_interval;
    } else {
        checkpoint_wanted_ = true;
        checkpoint_due_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(100);
    }
}

void writer::process(std::deque<item>& batch) noexcept {
    std::vector<std::exception_ptr> results(batch.size());
    const auto began = std::chrono::steady_clock::now();
    try {
        transaction tx(db_, transaction::kind::immediate);
        for (std::size_t i = 0; i < batch.size(); ++i) {
            try {
                savepoint sp(db_);
                batch[i].w(db_);
                sp.release();
            } catch (...) {
                results[i] = std::current_exception();
            }
            // Disk full or an I/O error can make SQLite roll back the whole transaction, and a
            // buggy write could COMMIT on its own: then nothing of the batch is durable.
            if (!db_.in_transaction()) {
                if (results[i]) {
                    std::rethrow_exception(results[i]);
                }
                throw store_error(SQLITE_MISUSE, "a write ended the batch transaction");
            }
        }
        tx.commit();
        commits_.fetch_add(1, std::memory_order_relaxed);
        if (options_.on_commit) {
            options_.on_commit(std::chrono::steady_clock::now() - began, batch.size());
        }
    } catch (...) {
        // BEGIN or COMMIT failed (or the batch was lost): nothing was written, tell everyone.
        std::fill(results.begin(), results.end(), as_store_error(std::current_exception()));
    }
    writes_.fetch_add(batch.size(), std::memory_order_relaxed);
    for (std::size_t i = 0; i < batch.size(); ++i) {
        complete(batch[i].d, std::move(results[i]));
    }
}

}  // namespace traffpunkt::store
