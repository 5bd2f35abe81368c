#include "request_window.hpp"

namespace traffpunkt::service {

request_window::request_window(std::size_t per_window, std::chrono::seconds window,
                               std::size_t max_keys)
    : per_window_(per_window), window_(window), max_keys_(max_keys) {}

void request_window::expire(clock::time_point now) {
    for (auto it = seen_.begin(); it != seen_.end();) {
        if (it->second.empty() || it->second.back() <= now - window_) {
            it = seen_.erase(it);
        } else {
            ++it;
        }
    }
    last_expiry_ = now;
}

std::optional<std::chrono::milliseconds> request_window::take(const std::string& key,
                                                              clock::time_point now) {
    std::lock_guard lock(mutex_);
    // A full sweep at most once a minute keeps the map to the keys of the last hour.
    if (now - last_expiry_ > std::chrono::minutes(1)) {
        expire(now);
    }
    auto it = seen_.find(key);
    if (it == seen_.end()) {
        if (seen_.size() >= max_keys_) {
            expire(now);
            if (seen_.size() >= max_keys_) {
                return window_;  // too many distinct keys at once: a flood, not people
            }
        }
        it = seen_.emplace(key, std::deque<clock::time_point>{}).first;
    }
    auto& times = it->second;
    while (!times.empty() && times.front() <= now - window_) {
        times.pop_front();
    }
    if (times.size() >= per_window_) {
        if (times.empty()) {
            return window_;  // a limit of 0: never
        }
        // The oldest request leaves the window then; rounded up, so asking then succeeds.
        return std::chrono::ceil<std::chrono::milliseconds>(times.front() + window_ - now);
    }
    times.push_back(now);
    return std::nullopt;
}

std::size_t request_window::size() const {
    std::lock_guard lock(mutex_);
    return seen_.size();
}

}  // namespace traffpunkt::service
