#include "traffpunkt/store/transaction.hpp"

#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

transaction::transaction(database& db, kind k) : db_(db) {
    db_.exec(k == kind::immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

transaction::~transaction() {
    if (committed_) {
        return;
    }
    try {
        // SQLite may already have rolled back on its own (I/O error, disk full).
        if (db_.in_transaction()) {
            db_.reset_cached();
            db_.exec("ROLLBACK");
        }
    } catch (...) {
        // Never throw from a destructor; the connection stays usable for the next transaction.
    }
}

void transaction::commit() {
    // A read left half-way would not block COMMIT, but it would keep a snapshot alive.
    db_.reset_cached();
    db_.exec("COMMIT");
    committed_ = true;
}

}  // namespace traffpunkt::store
