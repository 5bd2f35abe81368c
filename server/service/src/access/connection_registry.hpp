#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "traffpunkt/service/connection.hpp"

namespace traffpunkt::service {

/**
 * Every open WebSocket connection, so that a right which ends reaches the connections that
 * still use it: a revoked token's connections are closed, a removed facilitator's staff
 * subscriptions end. Holds weak pointers only; the net session owns its connection.
 */
class connection_registry {
  public:
    /** Adds a connection when its WebSocket handshake is done. */
    void add(const std::shared_ptr<connection>& c);

    /** Forgets a connection when it closes. */
    void remove(const connection* c);

    /** The open connections whose principal `pred` accepts (read under each one's lock). */
    std::vector<std::shared_ptr<connection>> matching(
        const std::function<bool(const principal&)>& pred);

    /** Open connections, for /metrics. */
    std::size_t size();

  private:
    std::mutex mutex_;
    std::unordered_map<const connection*, std::weak_ptr<connection>> all_;
};

}  // namespace traffpunkt::service
