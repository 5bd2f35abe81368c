#pragma once

#include <stdexcept>
#include <string>

namespace traffpunkt::store {

/**
 * The one exception the store throws: an SQLite failure with its (extended) result code, so the
 * service can tell "duplicate e-mail" (constraint) from "disk full" (unavailable) from a bug.
 */
class store_error : public std::runtime_error {
  public:
    /** `extended_code` is an SQLite extended result code, e.g. SQLITE_CONSTRAINT_UNIQUE. */
    store_error(int extended_code, const std::string& message);

    /** The primary result code (SQLITE_CONSTRAINT, SQLITE_BUSY, ...). */
    int code() const noexcept { return extended_code_ & 0xff; }

    /** The extended result code (SQLITE_CONSTRAINT_UNIQUE, SQLITE_IOERR_FSYNC, ...). */
    int extended_code() const noexcept { return extended_code_; }

    /** A UNIQUE, NOT NULL, CHECK or FOREIGN KEY constraint refused the write. */
    bool is_constraint() const noexcept;

    /** Another connection held a lock for longer than the busy timeout. */
    bool is_busy() const noexcept;

    /** The disk is full or the database is read-only. */
    bool is_full_or_readonly() const noexcept;

    /**
     * The store cannot take writes right now (full, read-only, I/O error, cannot open): the
     * client should retry later rather than treat it as a bug.
     */
    bool is_unavailable() const noexcept;

  private:
    int extended_code_;
};

}  // namespace traffpunkt::store
