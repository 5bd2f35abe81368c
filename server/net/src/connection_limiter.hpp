#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace traffpunkt::net {

/**
 * Counts open connections, in all and per source address, so one address (or everyone
 * together) cannot exhaust the server's file descriptors.
 */
class connection_limiter : public std::enable_shared_from_this<connection_limiter> {
  public:
    connection_limiter(std::size_t max_total, std::size_t max_per_address)
        : max_total_(max_total), max_per_address_(max_per_address) {}

    /** A held slot; released when the last copy goes away. */
    using ticket = std::shared_ptr<void>;

    /** A slot for `address`, or null when a limit is reached. */
    ticket acquire(const std::string& address) {
        std::lock_guard lock(mutex_);
        auto& n = per_address_[address];
        if (total_ >= max_total_ || n >= max_per_address_) {
            if (n == 0) {
                per_address_.erase(address);
            }
            return nullptr;
        }
        ++n;
        ++total_;
        auto self = shared_from_this();
        return ticket(static_cast<void*>(this), [self, address](void*) { self->release(address); });
    }

    std::size_t total() const {
        std::lock_guard lock(mutex_);
        return total_;
    }

  private:
    void release(const std::string& address) {
        std::lock_guard lock(mutex_);
        --total_;
        auto it = per_address_.find(address);
        if (it != per_address_.end() && --it->second == 0) {
            per_address_.erase(it);
        }
    }

    const std::size_t max_total_;
    const std::size_t max_per_address_;
    mutable std::mutex mutex_;
    std::size_t total_ = 0;
    std::map<std::string, std::size_t> per_address_;
};

using connection_ticket = connection_limiter::ticket;

}  // namespace traffpunkt::net
