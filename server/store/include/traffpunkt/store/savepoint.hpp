#pragma once

#include <string>

namespace traffpunkt::store {

class database;

/**
 * A nested transaction (SAVEPOINT). Released on success; the destructor rolls back to it and
 * releases it unless `release` was called, so a failing step undoes only its own writes while
 * the surrounding transaction goes on. Never throws from the destructor.
 */
class savepoint {
  public:
    /** Opens a savepoint with a unique internal name. Throws `store_error`. */
    explicit savepoint(database& db);
    ~savepoint();

    savepoint(const savepoint&) = delete;
    savepoint& operator=(const savepoint&) = delete;

    /** Keeps the savepoint's writes as part of the surrounding transaction. */
    void release();

  private:
    database& db_;
    std::string name_;
    bool released_ = false;
};

}  // namespace traffpunkt::store
