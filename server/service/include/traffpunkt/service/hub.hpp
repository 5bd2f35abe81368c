#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <boost/json/value.hpp>

#include "traffpunkt/service/event_sink.hpp"

namespace traffpunkt::service {

/**
 * The most a resume may replay at once. A connection's outgoing queue is bounded
 * (websocket.queue_max_*), and a replay larger than the queue takes would close the client as
 * too slow every time it resumed; beyond this it gets a resync (one snapshot) instead.
 */
struct replay_limit {
    std::size_t max_messages = SIZE_MAX;
    std::size_t max_bytes = SIZE_MAX;
};

/**
 * Topics (`network:1`, `meeting:3`, ...) with per-topic sequence numbers and a bounded history.
 *
 * An event is serialised once and the same buffer is handed to every subscriber. Delivery
 * happens under the topic's lock so every subscriber sees one topic's events in `seq` order;
 * `event_sink::deliver` only queues, so holding the lock is cheap.
 *
 * `epoch` is fixed for the life of the process: history is not persisted, so after a restart
 * a client's `since` refers to a lost history and gets a resync.
 */
class hub {
  public:
    using replay_limit = service::replay_limit;

    hub(std::size_t history_per_topic, std::string epoch, replay_limit limit = {});

    const std::string& epoch() const { return epoch_; }

    /**
     * Decides once per event whether it may reach restricted subscriptions (audience devices
     * on `polls:M` get the events of link polls only). Must not throw.
     */
    using restriction = std::function<bool(const std::string& topic, std::string_view ev,
                                           const boost::json::value& data)>;

    /** Sets the restriction; call once at start, before events flow. Without one, all pass. */
    void set_restriction(restriction rule) { restriction_ = std::move(rule); }

    /** Publishes an event; returns its sequence number. */
    std::uint64_t publish(const std::string& topic, std::string_view ev,
                          const boost::json::value& data, std::uint64_t coalesce_key = 0);

    /** The sequence number of the newest event of a topic (0 when none yet). */
    std::uint64_t current_seq(const std::string& topic);

    /** What `subscribe` found when it registered the sink. */
    struct registration {
        std::uint64_t seq = 0;      ///< the topic's newest seq at registration
        std::vector<frame> replay;  ///< the events after `since`, oldest first
        bool complete = true;       ///< false when the history no longer reaches `since`, or the
                                    ///< replay would exceed the replay_limit
    };

    /**
     * Registers `sink` on `topic` and collects the events after `since` (if the history still
     * holds them). `on_registered` runs under the topic lock before any later event can be
     * delivered, so the caller can queue its answer and the replay in front of live events.
     * When the history does not reach (or the replay would exceed the replay limit),
     * `complete` is false and the sink is NOT registered: the
     * caller takes a fresh snapshot and subscribes again from the seq before it.
     */
    void subscribe(const std::string& topic, const std::shared_ptr<event_sink>& sink,
                   std::uint64_t since,
                   const std::function<void(const registration&)>& on_registered) {
        subscribe(topic, sink, since, false, on_registered);
    }

    /**
     * As above; a `restricted` subscription gets (live and replayed) only the events the
     * restriction lets through, and its `seq` jumps over the others.
     */
    void subscribe(const std::string& topic, const std::shared_ptr<event_sink>& sink,
                   std::uint64_t since, bool restricted,
                   const std::function<void(const registration&)>& on_registered);

    /** Removes `sink` from `topic`. */
    void unsubscribe(const std::string& topic, const event_sink* sink);

    /** Number of live subscribers of a topic (for tests and metrics). */
    std::size_t subscriber_count(const std::string& topic);

    /** Number of topics that exist. */
    std::size_t topic_count();

  private:
    /** One event kept for resuming clients. */
    struct kept_event {
        std::uint64_t seq = 0;
        frame f;
        bool open = true;  ///< passes the restriction
    };
    struct subscriber {
        std::weak_ptr<event_sink> sink;
        bool restricted = false;
    };
    struct topic_state {
        std::mutex mutex;
        std::uint64_t seq = 0;
        std::deque<kept_event> history;
        std::vector<subscriber> subscribers;
    };

    std::shared_ptr<topic_state> find_or_create(const std::string& topic);

    replay_limit replay_limit_;
    restriction restriction_;

    const std::size_t history_per_topic_;
    const std::string epoch_;
    std::mutex topics_mutex_;
    std::unordered_map<std::string, std::shared_ptr<topic_state>> topics_;
};

}  // namespace traffpunkt::service
