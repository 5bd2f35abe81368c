#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <list>
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

/** Bounds on idle topics (no subscriber): their count and history bytes in all. */
struct idle_limit {
    std::size_t max_topics = SIZE_MAX;
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
 *
 * Topics nobody subscribes to (idle) keep their history only for clients that may resume.
 * They are bounded in number and history bytes (`idle_limit`), oldest first. An evicted topic
 * that comes back starts its seq above every seq an evicted topic had, so a client resuming
 * from an evicted history gets a resync, never a replay of the wrong events.
 */
class hub {
  public:
    using replay_limit = service::replay_limit;

    using idle_limit = service::idle_limit;

    hub(std::size_t history_per_topic, std::string epoch, replay_limit limit = {},
        idle_limit idle = {});

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

    /** Idle topics (no subscriber) and the bytes of their history, for /metrics. */
    std::size_t idle_topic_count();
    std::size_t idle_history_bytes();
    /** Idle topics dropped to keep within the idle limit, for /metrics. */
    std::uint64_t evicted_topics() const { return evictions_.load(std::memory_order_relaxed); }

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
        std::size_t history_bytes = 0;
        std::vector<subscriber> subscribers;
        bool evicted = false;  ///< under `mutex`: dropped from the map, find it again

        // Under topics_mutex_ (`active` is also read without it, as a hint).
        std::atomic<std::size_t> active{0};  ///< subscribers and subscribes in flight
        bool in_lru = false;
        std::list<std::string>::iterator lru_pos;
        std::size_t counted_bytes = 0;  ///< this topic's share of idle_bytes_
    };

    /** The topic, created if needed; `pin` counts a subscribe in flight (not idle). */
    std::shared_ptr<topic_state> find_or_create(const std::string& topic, bool pin = false);
    /** Under topics_mutex_: the topic is idle now; counts it and evicts beyond the limit. */
    void became_idle(const std::string& topic, topic_state& t, std::size_t bytes);
    /** Under topics_mutex_: the topic has a subscriber (coming); stops counting it as idle. */
    void became_active(topic_state& t);
    /** Under topics_mutex_: evicts the oldest idle topics until within the idle limit. */
    void enforce_idle_limit();
    /** `n` subscribers (or pins) of `t` are gone; the topic may be idle now. */
    void release(const std::string& topic, const std::shared_ptr<topic_state>& t, std::size_t n);
    /** After a publish: an idle topic's history changed size. */
    void idle_topic_grew(const std::string& topic, const std::shared_ptr<topic_state>& t,
                         std::size_t bytes);

    replay_limit replay_limit_;
    idle_limit idle_limit_;
    restriction restriction_;

    const std::size_t history_per_topic_;
    const std::string epoch_;
    std::mutex topics_mutex_;  // before any topic's mutex when both are held
    std::unordered_map<std::string, std::shared_ptr<topic_state>> topics_;
    std::list<std::string> idle_lru_;  ///< idle topics, oldest first
    std::size_t idle_bytes_ = 0;
    /** New topics start here: above every seq of an evicted topic. */
    std::uint64_t seq_floor_ = 0;
    std::atomic<std::uint64_t> evictions_{0};
};

}  // namespace traffpunkt::service
