#pragma once

#include <memory>
#include <set>
#include <string>

#include "traffpunkt/service/event_sink.hpp"
#include "traffpunkt/service/principal.hpp"

namespace traffpunkt::service {

/**
 * What the service knows about one WebSocket connection: who it is and what it subscribed to.
 * Owned by the net session; touched only from that session's strand.
 */
struct connection {
    std::weak_ptr<event_sink> sink;
    principal who;
    std::set<std::string> topics;
    std::string remote;  ///< peer address, for logs

    /** Queues an encoded frame for the client, if it is still connected. */
    void send(frame f) const {
        if (auto s = sink.lock()) {
            s->deliver(std::move(f));
        }
    }
};

}  // namespace traffpunkt::service
