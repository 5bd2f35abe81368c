#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "traffpunkt/store/statement.hpp"

struct sqlite3;

namespace traffpunkt::store {

/** How a connection is opened. */
enum class open_mode {
    read_write_create,  ///< the writer (and tests); creates the file if missing
    read_only,          ///< read pool connections; the file must exist
};

/**
 * One SQLite connection (RAII). Opening sets a busy timeout of 5 s and turns foreign keys on;
 * a read-write connection to a file also switches the database to WAL so readers never wait for
 * the writer. A connection is used by one thread at a time.
 */
class database {
  public:
    /** Opens `path` (":memory:" for a private in-memory database). Throws `store_error`. */
    explicit database(const std::string& path, open_mode mode = open_mode::read_write_create);
    ~database();

    database(database&& other) noexcept;
    database& operator=(database&& other) noexcept;
    database(const database&) = delete;
    database& operator=(const database&) = delete;

    /** Runs one or more SQL statements without results (schema, pragmas, BEGIN/COMMIT). */
    void exec(std::string_view sql);

    /** Prepares exactly one statement. */
    statement prepare(std::string_view sql);

    /**
     * A prepared statement from this connection's cache, keyed by the SQL text, reset and with
     * its bindings cleared. The reference stays valid as long as the connection; do not hold it
     * across another `cached` call with the same SQL.
     */
    statement& cached(std::string_view sql);

    /** Resets every cached statement, ending any read a caller left half-way. */
    void reset_cached() noexcept;

    /** Row id of the last successful INSERT on this connection. */
    std::int64_t last_insert_rowid() const noexcept;

    /** Rows changed by the last INSERT/UPDATE/DELETE on this connection. */
    int changes() const noexcept;

    /** PRAGMA synchronous: "EXTRA", "FULL", "NORMAL" or "OFF" (anything else throws). */
    void set_synchronous(std::string_view mode);

    /** How long a statement waits for another connection's lock before failing with BUSY. */
    void set_busy_timeout(std::chrono::milliseconds timeout);

    /** True between BEGIN and COMMIT/ROLLBACK (SQLite may also roll back on its own). */
    bool in_transaction() const noexcept;

    /** The path the connection was opened with. */
    const std::string& path() const noexcept { return path_; }

    sqlite3* native_handle() const noexcept { return db_.get(); }

  private:
    struct closer {
        void operator()(sqlite3* db) const noexcept;
    };

    std::string path_;
    std::unique_ptr<sqlite3, closer> db_;
    // Declared after db_ so the statements are finalised before the connection closes.
    std::map<std::string, statement, std::less<>> cache_;
};

}  // namespace traffpunkt::store
