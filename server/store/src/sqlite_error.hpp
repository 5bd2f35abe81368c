#pragma once

#include <sqlite3.h>

#include <string>
#include <string_view>

#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::store::detail {

/** A store_error for `rc`, with SQLite's message for `db` (or the generic one without a db). */
inline store_error make_error(sqlite3* db, int rc, std::string_view what) {
    std::string message(what);
    message += ": ";
    message += db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    return store_error(rc, message);
}

[[noreturn]] inline void throw_error(sqlite3* db, int rc, std::string_view what) {
    throw make_error(db, rc, what);
}

}  // namespace traffpunkt::store::detail
