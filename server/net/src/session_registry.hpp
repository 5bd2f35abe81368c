#pragma once

#include <memory>
#include <mutex>
#include <unordered_map>

#include "traffpunkt/service/event_sink.hpp"

namespace traffpunkt::net {

/** Weak references to live WebSocket sessions, so shutdown can close them all with 1001. */
class session_registry {
  public:
    void add(const std::shared_ptr<service::event_sink>& s) {
        std::lock_guard lock(mutex_);
        sessions_[s.get()] = s;
    }
    void remove(const service::event_sink* s) {
        std::lock_guard lock(mutex_);
        sessions_.erase(s);
    }
    /** Closes every session; the list is copied under the lock and used outside it. */
    void close_all(std::uint16_t code, const std::string& reason) {
        std::vector<std::weak_ptr<service::event_sink>> copy;
        {
            std::lock_guard lock(mutex_);
            for (const auto& [_, w] : sessions_) {
                copy.push_back(w);
            }
        }
        for (const auto& w : copy) {
            if (auto s = w.lock()) {
                s->close_with(code, reason);
            }
        }
    }
    std::size_t size() const {
        std::lock_guard lock(mutex_);
        return sessions_.size();
    }

  private:
    mutable std::mutex mutex_;
    std::unordered_map<const service::event_sink*, std::weak_ptr<service::event_sink>> sessions_;
};

}  // namespace traffpunkt::net
