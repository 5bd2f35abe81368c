#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace traffpunkt::log {

/**
 * Throttles one kind of log line that clients can cause at will (refused WebSocket upgrades,
 * failed `auth`), per source address: the first event from an address in a window (10 s) is
 * logged in full by the caller; the rest of that window are only counted, and when the window
 * has ended one line sums them up: "37 refused upgrades from 192.0.2.7 in the last 10 s".
 * At most `max_addresses` addresses are tracked at once; events from further addresses share
 * one count ("from other addresses"), so neither memory nor the log grows with the number of
 * addresses an attacker has. Thread-safe.
 *
 * Summaries are written by the next `note` after the window ended, and by `flush_all`, which
 * the server calls once a second, so a burst that stops is still summed up.
 */
class log_throttle {
  public:
    using clock = std::chrono::steady_clock;
    /** Where summary lines go (spdlog's warn by default; tests capture them). */
    using output = std::function<void(const std::string& line)>;

    /** `what` names the events in the plural, e.g. "refused upgrades". */
    explicit log_throttle(std::string what, std::chrono::seconds window = std::chrono::seconds(10),
                          std::size_t max_addresses = 256, output out = {});
    ~log_throttle();
    log_throttle(const log_throttle&) = delete;
    log_throttle& operator=(const log_throttle&) = delete;

    /**
     * Counts one event from `remote` (`address:port`, or an address). True when the caller
     * should log it in full now: the first from that address in its window.
     */
    bool note(std::string_view remote, clock::time_point now = clock::now());

    /** Writes the summaries of the windows that have ended by `now`. */
    void flush(clock::time_point now = clock::now());

    /** flush() on every log_throttle that exists. */
    static void flush_all(clock::time_point now = clock::now());

  private:
    struct window {
        clock::time_point start;
        std::size_t count = 0;
    };

    void flush_locked(clock::time_point now);
    void summarise(const std::string& from, const window& w);

    const std::string what_;
    const std::chrono::seconds window_;
    const std::size_t max_addresses_;
    output out_;
    std::mutex mutex_;
    std::map<std::string, window, std::less<>> windows_;
    window others_;
};

/**
 * The address part of `address:port` as the server writes it (`::1:40000` for IPv6, whose
 * address has colons of its own): everything before the last colon when digits follow it.
 */
std::string_view address_of(std::string_view remote);

}  // namespace traffpunkt::log
