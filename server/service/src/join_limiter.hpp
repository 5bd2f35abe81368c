#pragma once

// audience.join per source address (PROTOCOL.md, Limits): one laptop with a copied poll link
// must not mint hundreds of devices in seconds. Private to the service; pure apart from its
// mutex, so it is unit-tested with a clock of its own.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace traffpunkt::service {

/**
 * The key an address is counted under: the peer address of `remote` ("ip:port" as the
 * connection records it) without the port; an IPv4-mapped IPv6 address as IPv4; any other IPv6
 * address as its /64 (one host gets a whole /64, so counting single addresses would count
 * nothing). Anything that is not an address stays as it is.
 */
std::string source_key(std::string_view remote);

/**
 * A token bucket per source key: `burst` joins at once, refilled at `per_minute`. Thread-safe.
 * Memory is bounded: buckets that are full again are dropped, and beyond `max_keys` keys all
 * are forgotten (a flood from that many addresses meets the meeting's device limit anyway).
 */
class join_limiter {
  public:
    using clock = std::chrono::steady_clock;

    join_limiter(std::size_t burst, std::size_t per_minute, std::size_t max_keys = 100'000);

    /** Takes one join for `key`; nullopt when allowed, else how long until one is. */
    std::optional<std::chrono::milliseconds> take(const std::string& key,
                                                  clock::time_point now = clock::now());

    /** Keys tracked now (tests, and to see that memory stays bounded). */
    std::size_t size() const;

  private:
    struct bucket {
        double tokens = 0;
        clock::time_point at{};
    };

    /** Drops the buckets that have refilled completely; under mutex_. */
    void sweep(clock::time_point now);

    const double burst_;
    const double per_second_;
    const std::size_t max_keys_;
    mutable std::mutex mutex_;
    std::unordered_map<std::string, bucket> buckets_;
    std::size_t takes_since_sweep_ = 0;
};

}  // namespace traffpunkt::service
