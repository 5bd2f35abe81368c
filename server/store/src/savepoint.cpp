#include "traffpunkt/store/savepoint.hpp"

#include <atomic>
#include <cstdint>

#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

namespace {

/** Unique names make it obvious which savepoint a statement refers to, even when nested. */
std::string next_name() {
    static std::atomic<std::uint64_t> counter{0};
    return "traffpunkt_sp_" + std::to_string(++counter);
}

}  // namespace

savepoint::savepoint(database& db) : db_(db), name_(next_name()) {
    db_.exec("SAVEPOINT " + name_);
}

savepoint::~savepoint() {
    if (released_) {
        return;
    }
    try {
        // ROLLBACK TO keeps the savepoint open; RELEASE then removes it. If SQLite already
        // rolled back the whole transaction (disk full, I/O error) both fail, which is fine.
        db_.exec("ROLLBACK TO " + name_ + "; RELEASE " + name_);
    } catch (...) {
        // A destructor must not throw; the surrounding transaction sees the failure anyway.
    }
}

void savepoint::release() {
    db_.exec("RELEASE " + name_);
    released_ = true;
}

}  // namespace traffpunkt::store
