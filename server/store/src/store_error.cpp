#include "traffpunkt/store/store_error.hpp"

#include <sqlite3.h>

namespace traffpunkt::store {

store_error::store_error(int extended_code, const std::string& message)
    : std::runtime_error(message), extended_code_(extended_code) {}

bool store_error::is_constraint() const noexcept {
    return code() == SQLITE_CONSTRAINT;
}

bool store_error::is_busy() const noexcept {
    return code() == SQLITE_BUSY || code() == SQLITE_LOCKED;
}

bool store_error::is_full_or_readonly() const noexcept {
    return code() == SQLITE_FULL || code() == SQLITE_READONLY;
}

bool store_error::is_unavailable() const noexcept {
    return is_full_or_readonly() || code() == SQLITE_IOERR || code() == SQLITE_CANTOPEN;
}

}  // namespace traffpunkt::store
