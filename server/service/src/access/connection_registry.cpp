#include "access/connection_registry.hpp"

namespace traffpunkt::service {

void connection_registry::add(const std::shared_ptr<connection>& c) {
    std::lock_guard lock(mutex_);
    all_[c.get()] = c;
}

void connection_registry::remove(const connection* c) {
    std::lock_guard lock(mutex_);
    all_.erase(c);
}

std::vector<std::shared_ptr<connection>> connection_registry::matching(
    const std::function<bool(const principal&)>& pred) {
    // Copy the live ones under our lock, judge them outside it: `pred` takes each connection's
    // own lock, and rights that end are rare enough for a scan (a few microseconds per
    // thousand connections).
    std::vector<std::shared_ptr<connection>> live;
    {
        std::lock_guard lock(mutex_);
        live.reserve(all_.size());
        for (auto it = all_.begin(); it != all_.end();) {
            if (auto c = it->second.lock()) {
                live.push_back(std::move(c));
                ++it;
            } else {
                it = all_.erase(it);
            }
        }
    }
    std::vector<std::shared_ptr<connection>> out;
    for (auto& c : live) {
        if (pred(c->principal_copy())) {
            out.push_back(std::move(c));
        }
    }
    return out;
}

std::size_t connection_registry::size() {
    std::lock_guard lock(mutex_);
    return all_.size();
}

}  // namespace traffpunkt::service
