#include "traffpunkt/service/hub.hpp"

#include <algorithm>

#include "traffpunkt/protocol/envelope.hpp"

namespace traffpunkt::service {

hub::hub(std::size_t history_per_topic, std::string epoch, replay_limit limit)
    : replay_limit_(limit),
      history_per_topic_(std::max<std::size_t>(1, history_per_topic)),
      epoch_(std::move(epoch)) {}

std::shared_ptr<hub::topic_state> hub::find_or_create(const std::string& topic) {
    std::lock_guard lock(topics_mutex_);
    auto& slot = topics_[topic];
    if (!slot) {
        slot = std::make_shared<topic_state>();
    }
    return slot;
}

std::uint64_t hub::publish(const std::string& topic, std::string_view ev,
                           const boost::json::value& data, std::uint64_t coalesce_key) {
    // Decided before the lock: the rule may look things up.
    const bool open = !restriction_ || restriction_(topic, ev, data);
    auto t = find_or_create(topic);
    std::lock_guard lock(t->mutex);
    const std::uint64_t seq = ++t->seq;
    auto f =
        std::make_shared<const std::string>(protocol::encode_event(ev, topic, seq, epoch_, data));
    t->history.push_back(kept_event{seq, f, open});
    if (t->history.size() > history_per_topic_) {
        t->history.pop_front();
    }
    // Deliver under the lock: it keeps every subscriber's view of this topic in seq order.
    auto& subs = t->subscribers;
    std::erase_if(subs, [&](const subscriber& sub) {
        auto s = sub.sink.lock();
        if (!s) {
            return true;
        }
        if (open || !sub.restricted) {
            s->deliver(f, coalesce_key);
        }
        return false;
    });
    return seq;
}

std::uint64_t hub::current_seq(const std::string& topic) {
    auto t = find_or_create(topic);
    std::lock_guard lock(t->mutex);
    return t->seq;
}

void hub::subscribe(const std::string& topic, const std::shared_ptr<event_sink>& sink,
                    std::uint64_t since, bool restricted,
                    const std::function<void(const registration&)>& on_registered) {
    auto t = find_or_create(topic);
    std::lock_guard lock(t->mutex);
    registration r;
    r.seq = t->seq;
    if (since > t->seq) {
        r.complete = false;  // a seq from the future: the client's state is not ours
    } else if (since < t->seq) {
        // The history holds [front.seq, seq]; `since` is reachable if nothing after it is lost.
        const std::uint64_t oldest = t->history.empty() ? t->seq + 1 : t->history.front().seq;
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
            if (r.replay.size() > replay_limit_.max_messages || bytes > replay_limit_.max_bytes) {
                r.replay.clear();
                r.complete = false;
            }
        }
    }
    if (r.complete) {
        // The caller (the connection's context) never subscribes twice to one topic, so no scan.
        t->subscribers.push_back(subscriber{sink, restricted});
    }
    on_registered(r);
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
    std::lock_guard lock(t->mutex);
    std::erase_if(t->subscribers, [&](const subscriber& sub) {
        auto s = sub.sink.lock();
        return !s || s.get() == sink;
    });
}

std::size_t hub::subscriber_count(const std::string& topic) {
    auto t = find_or_create(topic);
    std::lock_guard lock(t->mutex);
    return static_cast<std::size_t>(
        std::count_if(t->subscribers.begin(), t->subscribers.end(),
                      [](const subscriber& sub) { return !sub.sink.expired(); }));
}

std::size_t hub::topic_count() {
    std::lock_guard lock(topics_mutex_);
    return topics_.size();
}

}  // namespace traffpunkt::service
