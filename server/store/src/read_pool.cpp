#include "traffpunkt/store/read_pool.hpp"

#include <algorithm>

namespace traffpunkt::store {

read_pool::read_pool(const std::string& path, std::size_t connections) {
    const auto n = std::max<std::size_t>(connections, 1);
    all_.reserve(n);
    free_.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        all_.push_back(std::make_unique<database>(path, open_mode::read_only));
        free_.push_back(all_.back().get());
    }
}

read_pool::lease::lease(read_pool& p) : pool(p), db(p.acquire()) {}

read_pool::lease::~lease() {
    pool.release(db);
}

database* read_pool::acquire() {
    std::unique_lock lock(mutex_);
    available_.wait(lock, [this] { return !free_.empty(); });
    database* db = free_.back();
    free_.pop_back();
    return db;
}

void read_pool::release(database* db) noexcept {
    // A query left half-way would pin its snapshot: the next borrower would not see newer
    // commits, and the WAL could not be checkpointed past it.
    db->reset_cached();
    if (db->in_transaction()) {
        try {
            db->exec("ROLLBACK");
        } catch (...) {
            // Nothing to undo on a read-only connection; only the snapshot is given up.
        }
    }
    {
        std::lock_guard lock(mutex_);
        free_.push_back(db);
    }
    available_.notify_one();
}

}  // namespace traffpunkt::store
