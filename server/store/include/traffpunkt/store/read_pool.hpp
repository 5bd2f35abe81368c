#pragma once

#include <condition_variable>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

/**
 * A fixed set of read-only connections for queries. In WAL mode readers never wait for the
 * writer and see every transaction committed before their query started. A caller borrows one
 * connection for the duration of `with`; when all are busy it waits.
 *
 * Open the pool after the database exists and has been migrated (after the writer opened it),
 * since read-only connections cannot create the file.
 */
class read_pool {
  public:
    /** Opens `connections` (at least one) read-only connections. Throws `store_error`. */
    read_pool(const std::string& path, std::size_t connections);

    read_pool(const read_pool&) = delete;
    read_pool& operator=(const read_pool&) = delete;

    /**
     * Runs `f(database&)` on a free connection and returns its result. The connection goes back
     * to the pool when `f` returns or throws.
     */
    template <class F>
    auto with(F&& f) -> decltype(f(std::declval<database&>())) {
        lease borrowed(*this);
        return std::forward<F>(f)(*borrowed.db);
    }

    /** Number of connections. */
    std::size_t size() const noexcept { return all_.size(); }

  private:
    /** One borrowed connection; gives it back in the destructor. */
    struct lease {
        explicit lease(read_pool& pool);
        ~lease();
        lease(const lease&) = delete;
        lease& operator=(const lease&) = delete;

        read_pool& pool;
        database* db;
    };

    database* acquire();
    void release(database* db) noexcept;

    std::vector<std::unique_ptr<database>> all_;
    std::mutex mutex_;
    std::condition_variable available_;
    std::vector<database*> free_;
};

}  // namespace traffpunkt::store
