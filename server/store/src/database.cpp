#include "traffpunkt/store/database.hpp"

#include <sqlite3.h>

#include <array>

#include "sqlite_error.hpp"
#include "traffpunkt/domain/swedish_order.hpp"

namespace traffpunkt::store {

namespace {

constexpr std::chrono::milliseconds default_busy_timeout{5000};

bool is_memory(const std::string& path) {
    return path.empty() || path == ":memory:";
}

bool is_blank(std::string_view text) {
    for (const char c : text) {
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != ';') {
            return false;
        }
    }
    return true;
}

/** SQLite's collation callback around domain::compare_swedish. */
int swedish_collation(void*, int a_size, const void* a, int b_size, const void* b) {
    return traffpunkt::domain::compare_swedish(
        std::string_view(static_cast<const char*>(a), static_cast<std::size_t>(a_size)),
        std::string_view(static_cast<const char*>(b), static_cast<std::size_t>(b_size)));
}

}  // namespace

void database::closer::operator()(sqlite3* db) const noexcept {
    // close_v2 defers the close until any statement still alive is finalised.
    sqlite3_close_v2(db);
}

database::database(const std::string& path, open_mode mode) : path_(path) {
    // NOMUTEX: a connection is only ever used by one thread at a time (writer thread, or a
    // read connection checked out of the pool), so SQLite's per-connection mutex is wasted.
    int flags = SQLITE_OPEN_NOMUTEX;
    flags |= mode == open_mode::read_only ? SQLITE_OPEN_READONLY
                                          : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    sqlite3* raw = nullptr;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    db_.reset(raw);  // SQLite may allocate a handle even when opening fails
    if (rc != SQLITE_OK) {
        detail::throw_error(db_.get(), rc, "open " + path);
    }
    sqlite3_extended_result_codes(db_.get(), 1);
    set_busy_timeout(default_busy_timeout);
    exec("PRAGMA foreign_keys = ON");
    // Lists by name use Swedish order (å, ä, ö after z; case and accents second). Queries only,
    // never the schema, so the sqlite3 shell still reads every table and index.
    if (const int c = sqlite3_create_collation_v2(db_.get(), "SWEDISH", SQLITE_UTF8, nullptr,
                                                  &swedish_collation, nullptr);
        c != SQLITE_OK) {
        detail::throw_error(db_.get(), c, "create collation SWEDISH");
    }
    if (mode == open_mode::read_write_create) {
        // Deleted rows are overwritten, not left in free pages where a copy of the file would
        // still show them (erased people, the old order of rewritten anonymous ballots).
        exec("PRAGMA secure_delete = ON");
        if (!is_memory(path)) {
            exec("PRAGMA journal_mode = WAL");
        }
    }
}

database::~database() = default;

database::database(database&& other) noexcept
    : path_(std::move(other.path_)), db_(std::move(other.db_)), cache_(std::move(other.cache_)) {}

database& database::operator=(database&& other) noexcept {
    if (this != &other) {
        cache_.clear();  // finalise our statements before our connection goes
        db_ = std::move(other.db_);
        cache_ = std::move(other.cache_);
        path_ = std::move(other.path_);
    }
    return *this;
}

void database::exec(std::string_view sql) {
    const std::string text(sql);  // sqlite3_exec wants a terminated string
    char* message = nullptr;
    const int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        std::string what = "exec";
        if (message != nullptr) {
            what += " (";
            what += message;
            what += ')';
        }
        sqlite3_free(message);
        // With extended result codes on, rc is already the extended code.
        throw store_error(rc, what + ": " + std::string(sql.substr(0, 80)));
    }
}

statement database::prepare(std::string_view sql) {
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    const int rc =
        sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &raw, &tail);
    statement result(raw);  // owns the handle from here on, whatever happens next
    if (rc != SQLITE_OK) {
        detail::throw_error(db_.get(), rc, "prepare \"" + std::string(sql.substr(0, 80)) + "\"");
    }
    if (raw == nullptr) {
        throw store_error(SQLITE_MISUSE,
                          "prepare: no SQL statement in \"" + std::string(sql) + "\"");
    }
    // A second statement would be silently ignored by SQLite; that is always a bug here.
    const auto consumed = static_cast<std::size_t>(tail - sql.data());
    if (!is_blank(sql.substr(consumed))) {
        throw store_error(SQLITE_MISUSE, "prepare: more than one statement in \"" +
                                             std::string(sql.substr(0, 80)) + "\"");
    }
    return result;
}

statement& database::cached(std::string_view sql) {
    auto it = cache_.find(sql);
    if (it == cache_.end()) {
        it = cache_.emplace(std::string(sql), prepare(sql)).first;
    } else {
        it->second.reset();
        it->second.clear_bindings();
    }
    return it->second;
}

void database::reset_cached() noexcept {
    for (auto& [sql, stmt] : cache_) {
        stmt.reset();
    }
}

std::int64_t database::last_insert_rowid() const noexcept {
    return sqlite3_last_insert_rowid(db_.get());
}

int database::changes() const noexcept {
    return sqlite3_changes(db_.get());
}

void database::set_synchronous(std::string_view mode) {
    static constexpr std::array<std::string_view, 4> modes{"EXTRA", "FULL", "NORMAL", "OFF"};
    for (const auto allowed : modes) {
        if (mode == allowed) {
            exec("PRAGMA synchronous = " + std::string(mode));
            return;
        }
    }
    throw store_error(SQLITE_MISUSE, "synchronous must be EXTRA, FULL, NORMAL or OFF, not \"" +
                                         std::string(mode) + "\"");
}

void database::set_busy_timeout(std::chrono::milliseconds timeout) {
    const int rc = sqlite3_busy_timeout(db_.get(), static_cast<int>(timeout.count()));
    if (rc != SQLITE_OK) {
        detail::throw_error(db_.get(), rc, "busy_timeout");
    }
}

bool database::in_transaction() const noexcept {
    return sqlite3_get_autocommit(db_.get()) == 0;
}

}  // namespace traffpunkt::store
