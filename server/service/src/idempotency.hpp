#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace traffpunkt::service {

/**
 * Makes retries safe. The first request with a given (scope, key) runs; a retry that arrives
 * while it runs waits for the same answer; a retry after it succeeded gets the stored answer
 * (from memory, or from the `idempotency` table the write committed with it). Failures are not
 * remembered: a retry after `unavailable` runs again.
 */
class idempotency {
  public:
    /** What to do with a request that carries an idem key. */
    enum class verdict { run, waiting, answered };

    using answer_fn = std::function<void(bool ok, const std::string& json)>;
    using lookup_fn = std::function<std::optional<std::pair<std::string, std::string>>()>;

    /**
     * Registers the request. `lookup` reads a committed answer (op, result JSON) from the
     * database when memory has none. `answer` is called (now or later) for waits and replays:
     * ok=true with the result JSON, or ok=false with an encoded error object.
     */
    verdict begin(const std::string& scope, const std::string& key, const std::string& op,
                  const lookup_fn& lookup, answer_fn answer);

    /** The running request finished; wakes every waiter with the same answer. */
    void finish(const std::string& scope, const std::string& key, bool ok, const std::string& json);

  private:
    struct entry {
        std::string op;
        bool done = false;
        std::string result;  ///< when done
        std::vector<answer_fn> waiters;
    };
    std::mutex mutex_;
    // Finished entries stay in memory up to a bound; the database remembers the rest.
    std::map<std::pair<std::string, std::string>, entry> entries_;
    std::vector<std::pair<std::string, std::string>> finished_order_;
    static constexpr std::size_t max_remembered_ = 100000;
};

}  // namespace traffpunkt::service
