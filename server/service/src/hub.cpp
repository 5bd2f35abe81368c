#include "hub.hpp"

#include <algorithm>

#include "traffpunkt/protocol/envelope.hpp"

namespace traffpunkt::service {

hub::hub(std::size_t history_per_topic, std::string epoch, replay_limit limit, idle_limit idle)
    : replay_limit_(limit),
      idle_limit_(idle),
      history_per_topic_(std::max<std::size_t>(1, history_per_topic)),
      epoch_(std::move(epoch)) {}

std::shared_ptr<hub::topic_state> hub::find_or_create(const std::string& topic, bool pin) {
    std::lock_guard lock(topics_mutex_);
    auto& slot = topics_[topic];
    if (!slot) {
        slot = std::make_shared<topic_state>();
        slot->seq = seq_floor_;
    }
    if (pin) {
        if (slot->active.fetch_add(1) == 0) {
            became_active(*slot);
        }
    }
    return slot;
}

void hub::became_active(topic_state& t) {
    if (t.in_lru) {
        idle_lru_.erase(t.lru_pos);
        t.in_lru = false;
        idle_bytes_ -= t.counted_bytes;
        t.counted_bytes = 0;
    }
}

void hub::became_idle(const std::string& topic, topic_state& t, std::size_t bytes) {
    if (!t.in_lru) {
        t.lru_pos = idle_lru_.insert(idle_lru_.end(), topic);
        t.in_lru = true;
        t.counted_bytes = 0;
    }
    idle_bytes_ += bytes - t.counted_bytes;
    t.counted_bytes = bytes;
    enforce_idle_limit();
}

void hub::enforce_idle_limit() {
    while (!idle_lru_.empty() &&
           (idle_lru_.size() > idle_limit_.max_topics || idle_bytes_ > idle_limit_.max_bytes)) {
        const std::string name = idle_lru_.front();
        auto it = topics_.find(name);
        idle_lru_.pop_front();
        if (it == topics_.end()) {
            continue;
        }
        auto& t = *it->second;
        t.in_lru = false;
        idle_bytes_ -= t.counted_bytes;
        t.counted_bytes = 0;
        {
            // topics_mutex_ before the topic's mutex: the one order used everywhere.
            std::lock_guard lock(t.mutex);
            t.evicted = true;
            seq_floor_ = std::max(seq_floor_, t.seq);
        }
        topics_.erase(it);
        evictions_.fetch_add(1, std::memory_order_relaxed);
    }
}

void hub::idle_topic_grew(const std::string& topic, const std::shared_ptr<topic_state>& t,
                          std::size_t bytes) {
    std::lock_guard lock(topics_mutex_);
    auto it = topics_.find(topic);
    if (it == topics_.end() || it->second != t || t->active.load() != 0) {
        return;  // evicted meanwhile, or a subscriber came
    }
    became_idle(topic, *t, bytes);
}

std::uint64_t hub::publish(const std::string& topic, std::string_view ev,
                           const boost::json::value& data, std::uint64_t coalesce_key) {
    // Decided before the lock: the rule may look things up.
    const bool open = !restriction_ || restriction_(topic, ev, data);
    for (;;) {
        auto t = find_or_create(topic);
        std::size_t bytes = 0;
        std::uint64_t seq = 0;
        std::size_t gone = 0;  // subscribers whose connection ended without unsubscribing
        {
            std::lock_guard lock(t->mutex);
            if (t->evicted) {
                continue;  // dropped between the lookup and the lock: publish to its successor
            }
            seq = ++t->seq;
            auto f = std::make_shared<const std::string>(
                protocol::encode_event(ev, topic, seq, epoch_, data));
            t->history_bytes += f->size();
            t->history.push_back(kept_event{seq, f, open});
            if (t->history.size() > history_per_topic_) {
                t->history_bytes -= t->history.front().f->size();
                t->history.pop_front();
            }
            bytes = t->history_bytes;
            // Deliver under the lock: it keeps every subscriber's view of this topic in order.
            auto& subs = t->subscribers;
            gone = std::erase_if(subs, [&](const subscriber& sub) {
                auto s = sub.sink.lock();
                if (!s) {
                    return true;
                }
                if (open || !sub.restricted) {
                    s->deliver(f, coalesce_key);
                }
                return false;
            });
        }
        if (gone > 0) {
            release(topic, t, gone);
        } else if (t->active.load() == 0) {
            idle_topic_grew(topic, t, bytes);
        }
        return seq;
    }
}

std::uint64_t hub::current_seq(const std::string& topic) {
    std::shared_ptr<topic_state> t;
    {
        std::lock_guard lock(topics_mutex_);
        auto it = topics_.find(topic);
        if (it == topics_.end()) {
            return seq_floor_;  // where the topic will start; looking does not create it
        }
        t = it->second;
    }
    std::lock_guard lock(t->mutex);
    return t->seq;
}

void hub::subscribe(const std::string& topic, const std::shared_ptr<event_sink>& sink,
                    std::uint64_t since, bool restricted,
                    const std::function<void(const registration&)>& on_registered) {
    for (;;) {
        auto t = find_or_create(topic, true);
        registration r;
        {
            std::lock_guard lock(t->mutex);
            if (t->evicted) {
                // Cannot happen while pinned; kept so a future change cannot lose a subscriber.
                continue;
            }
            r.seq = t->seq;
            if (since > t->seq) {
                r.complete = false;  // a seq from the future: the client's state is not ours
            } else if (since < t->seq) {
                // The history holds [front.seq, seq]; `since` is reachable if nothing after it
                // is lost.
                const std::uint64_t oldest =
                    t->history.empty() ? t->seq + 1 : t->history.front().seq;
                if (since + 1 < oldest) {
                    r.complete = false;
                } else {
                    std::size_t bytes = 0;
                    for (const auto& e : t->history) {
                        if (e.seq > since && (e.open || !restricted)) {
                            r.replay.push_back(e.f);
                            bytes += e.f->size();
                        }
                    }
                    if (r.replay.size() > replay_limit_.max_messages ||
                        bytes > replay_limit_.max_bytes) {
                        r.replay.clear();
                        r.complete = false;
                    }
                }
            }
            if (r.complete) {
                // The caller (the connection's context) never subscribes twice to one topic.
                t->subscribers.push_back(subscriber{sink, restricted});
            }
            on_registered(r);
        }
        if (!r.complete) {
            release(topic, t, 1);  // not registered: the pin goes
        }
        return;
    }
}

void hub::unsubscribe(const std::string& topic, const event_sink* sink) {
    std::shared_ptr<topic_state> t;
    {
        std::lock_guard lock(topics_mutex_);
        auto it = topics_.find(topic);
        if (it == topics_.end()) {
            return;
        }
        t = it->second;
    }
    std::size_t gone = 0;
    {
        std::lock_guard tl(t->mutex);
        gone = std::erase_if(t->subscribers, [&](const subscriber& sub) {
            auto s = sub.sink.lock();
            return !s || s.get() == sink;
        });
    }
    if (gone > 0) {
        release(topic, t, gone);
    }
}

void hub::release(const std::string& topic, const std::shared_ptr<topic_state>& t, std::size_t n) {
    std::lock_guard lock(topics_mutex_);
    if (t->active.fetch_sub(n) != n) {
        return;  // still has subscribers
    }
    auto it = topics_.find(topic);
    if (it == topics_.end() || it->second != t) {
        return;
    }
    std::size_t bytes = 0;
    {
        std::lock_guard tl(t->mutex);
        bytes = t->history_bytes;
    }
    became_idle(topic, *t, bytes);
}

std::size_t hub::subscriber_count(const std::string& topic) {
    std::shared_ptr<topic_state> t;
    {
        std::lock_guard lock(topics_mutex_);
        auto it = topics_.find(topic);
        if (it == topics_.end()) {
            return 0;
        }
        t = it->second;
    }
    std::lock_guard lock(t->mutex);
    return static_cast<std::size_t>(
        std::count_if(t->subscribers.begin(), t->subscribers.end(),
                      [](const auto& sub) { return !sub.sink.expired(); }));
}

std::size_t hub::topic_count() {
    std::lock_guard lock(topics_mutex_);
    return topics_.size();
}

std::size_t hub::idle_topic_count() {
    std::lock_guard lock(topics_mutex_);
    return idle_lru_.size();
}

std::size_t hub::idle_history_bytes() {
    std::lock_guard lock(topics_mutex_);
    return idle_bytes_;
}

}  // namespace traffpunkt::service
