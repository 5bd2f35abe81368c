#pragma once

// Private to the service: "at most N per hour" per key (an e-mail address, a source address),
// for person.send_link. Memory is bounded: a flood of new keys is refused, not stored.

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace traffpunkt::service {

/**
 * Sliding-window request counts per key. `allow` counts a request and says whether it is within
 * the limit; a refused request is not counted, so a caller who waits gets through again.
 * Thread-safe.
 */
class request_window {
  public:
    using clock = std::chrono::steady_clock;

    /**
     * `per_window` requests per key within `window`; at most `max_keys` keys are remembered
     * (requests for new keys beyond that are refused until old ones expire).
     */
    request_window(std::size_t per_window, std::chrono::seconds window,
                   std::size_t max_keys = 100000);

    /** Counts a request for `key` at `now`; false when it is over the limit. */
    bool allow(const std::string& key, clock::time_point now = clock::now()) {
        return !take(key, now).has_value();
    }

    /**
     * Counts a request for `key` at `now` and answers nullopt, or, over the limit, counts
     * nothing and answers how long until the next request for `key` is allowed.
     */
    std::optional<std::chrono::milliseconds> take(const std::string& key,
                                                  clock::time_point now = clock::now());

    /** Keys remembered now (for tests). */
    std::size_t size() const;

  private:
    /** Forgets every key whose requests are all older than the window. */
    void expire(clock::time_point now);

    std::size_t per_window_;
    std::chrono::seconds window_;
    std::size_t max_keys_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::deque<clock::time_point>> seen_;
    clock::time_point last_expiry_{};
};

}  // namespace traffpunkt::service
