#include "calendar/calendar_cache.hpp"

namespace traffpunkt::service {

calendar_cache::ticket calendar_cache::begin() const {
    std::lock_guard lock(mutex_);
    return generation_;
}

std::shared_ptr<const calendar_feed> calendar_cache::find(kind k, domain::id id) const {
    std::lock_guard lock(mutex_);
    auto it = entries_.find({k, id});
    return it == entries_.end() ? nullptr : it->second;
}

void calendar_cache::store(kind k, domain::id id, ticket t,
                           std::shared_ptr<const calendar_feed> feed) {
    std::lock_guard lock(mutex_);
    if (t != generation_) {
        return;  // something changed while this feed was rendered: it may already be stale
    }
    if (entries_.size() >= entries_max) {
        entries_.clear();
    }
    entries_[{k, id}] = std::move(feed);
}

void calendar_cache::invalidate(kind k, domain::id id) {
    std::lock_guard lock(mutex_);
    ++generation_;
    entries_.erase({k, id});
}

}  // namespace traffpunkt::service
