#pragma once

#include "traffpunkt/store/savepoint.hpp"

namespace traffpunkt::store {

class database;

/**
 * A transaction (RAII): BEGIN in the constructor, ROLLBACK in the destructor unless `commit`
 * succeeded. The destructor never throws. For nested work use `savepoint` (savepoint.hpp,
 * included here).
 */
class transaction {
  public:
    enum class kind {
        deferred,   ///< takes locks when first needed; enough for reads
        immediate,  ///< takes the write lock at BEGIN, so a later write cannot fail with BUSY
    };

    /** Begins a transaction. Throws `store_error` (e.g. BUSY after the busy timeout). */
    explicit transaction(database& db, kind k = kind::immediate);
    ~transaction();

    transaction(const transaction&) = delete;
    transaction& operator=(const transaction&) = delete;

    /** Commits. If COMMIT fails, the destructor still rolls back. */
    void commit();

  private:
    database& db_;
    bool committed_ = false;
};

}  // namespace traffpunkt::store
