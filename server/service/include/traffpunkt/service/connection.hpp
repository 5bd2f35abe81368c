#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "traffpunkt/service/event_sink.hpp"
#include "traffpunkt/service/principal.hpp"

namespace traffpunkt::service {

/**
 * What the service knows about one WebSocket connection: who it is and what it subscribed to.
 * Owned by the net session. Requests run on the session's strand; a right that ends (a
 * revoked token, a facilitator removed, a cancelled registration) reaches the connection from
 * other threads, so `who` changes and the topic set are guarded by a mutex.
 */
struct connection {
    std::weak_ptr<event_sink> sink;
    /**
     * Written only on the session's strand (construction, `auth`) and then under `mutex`;
     * read on the strand without the lock, from other threads with it (`principal_copy`).
     */
    principal who;
    std::string remote;  ///< peer address, for logs

    /**
     * Grows whenever a right of this connection's principal may have ended. `subscribe` reads
     * it before checking rights and again after registering, and checks again when it moved: a
     * right that ends while a subscribe is in flight cannot leave a subscription behind.
     */
    std::atomic<std::uint64_t> rights_generation{0};

    /** Queues an encoded frame for the client, if it is still connected. */
    void send(frame f) const {
        if (auto s = sink.lock()) {
            s->deliver(std::move(f));
        }
    }

    /** `who`, copied under the lock (for other threads than the session's strand). */
    principal principal_copy() const {
        std::lock_guard lock(mutex_);
        return who;
    }
    /** Replaces `who` (on the strand, `auth`). */
    void set_principal(principal p) {
        std::lock_guard lock(mutex_);
        who = std::move(p);
    }

    bool has_topic(const std::string& topic) const {
        std::lock_guard lock(mutex_);
        return topics_.count(topic) > 0;
    }
    std::size_t topic_count() const {
        std::lock_guard lock(mutex_);
        return topics_.size();
    }
    void add_topic(const std::string& topic) {
        std::lock_guard lock(mutex_);
        topics_.insert(topic);
    }
    /** Removes `topic`; false when the connection did not hold it. */
    bool remove_topic(const std::string& topic) {
        std::lock_guard lock(mutex_);
        return topics_.erase(topic) > 0;
    }
    /** The topics held now. */
    std::set<std::string> topics() const {
        std::lock_guard lock(mutex_);
        return topics_;
    }
    /** Removes and returns every topic. */
    std::set<std::string> take_topics() {
        std::lock_guard lock(mutex_);
        return std::exchange(topics_, {});
    }

  private:
    mutable std::mutex mutex_;
    std::set<std::string> topics_;
};

}  // namespace traffpunkt::service
