#include "traffpunkt/log/log_throttle.hpp"

#include <set>
#include <utility>

#include <spdlog/spdlog.h>

namespace traffpunkt::log {

namespace {

/** Every live throttle, for flush_all. */
struct registry {
    std::mutex mutex;
    std::set<log_throttle*> throttles;
};

registry& all() {
    static registry r;
    return r;
}

}  // namespace

std::string_view address_of(std::string_view remote) {
    const auto colon = remote.rfind(':');
    if (colon == std::string_view::npos || colon + 1 == remote.size()) {
        return remote;
    }
    for (std::size_t i = colon + 1; i < remote.size(); ++i) {
        if (remote[i] < '0' || remote[i] > '9') {
            return remote;  // no port after the last colon
        }
    }
    return remote.substr(0, colon);
}

log_throttle::log_throttle(std::string what, std::chrono::seconds window, std::size_t max_addresses,
                           output out)
    : what_(std::move(what)),
      window_(window),
      max_addresses_(max_addresses),
      out_(out ? std::move(out)
               : output([](const std::string& line) { spdlog::warn("{}", line); })) {
    auto& r = all();
    std::lock_guard lock(r.mutex);
    r.throttles.insert(this);
}

log_throttle::~log_throttle() {
    auto& r = all();
    std::lock_guard lock(r.mutex);
    r.throttles.erase(this);
}

bool log_throttle::note(std::string_view remote, clock::time_point now) {
    std::lock_guard lock(mutex_);
    flush_locked(now);
    const auto address = address_of(remote);
    if (auto it = windows_.find(address); it != windows_.end()) {
        ++it->second.count;
        return false;
    }
    if (windows_.size() >= max_addresses_) {
        if (others_.count == 0) {
            others_.start = now;
        }
        // The first of the overflow is logged in full too, so it is seen at once.
        return others_.count++ == 0;
    }
    windows_.emplace(std::string(address), window{now, 1});
    return true;
}

void log_throttle::flush(clock::time_point now) {
    std::lock_guard lock(mutex_);
    flush_locked(now);
}

void log_throttle::flush_all(clock::time_point now) {
    auto& r = all();
    std::lock_guard lock(r.mutex);
    for (auto* t : r.throttles) {
        t->flush(now);
    }
}

void log_throttle::flush_locked(clock::time_point now) {
    for (auto it = windows_.begin(); it != windows_.end();) {
        if (now - it->second.start >= window_) {
            summarise(it->first, it->second);
            it = windows_.erase(it);
        } else {
            ++it;
        }
    }
    if (others_.count > 0 && now - others_.start >= window_) {
        summarise("other addresses", others_);
        others_ = {};
    }
}

void log_throttle::summarise(const std::string& from, const window& w) {
    if (w.count < 2) {
        return;  // the one event was logged in full
    }
    try {
        out_(std::to_string(w.count) + " " + what_ + " from " + from + " in the last " +
             std::to_string(window_.count()) + " s");
    } catch (...) {
        // A log line must never take the caller down.
    }
}

}  // namespace traffpunkt::log
