#include "pb/pb_results_cache.hpp"

#include <utility>

namespace traffpunkt::service {

pb_results_cache::view pb_results_cache::find(std::int64_t poll_id,
                                              const domain::pb_ballot_profile& ballots) const {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(poll_id);
    if (it == entries_.end()) {
        return {};
    }
    const auto& e = it->second;
    // std::map equality compares the sizes first: a different ballot count costs nothing.
    const bool current = e.results && (e.final || (e.ballots && *e.ballots == ballots));
    return {e.results, current, e.counting || e.final_counting, e.final};
}

pb_results_cache::view pb_results_cache::latest(std::int64_t poll_id) const {
    std::lock_guard lock(mutex_);
    const auto it = entries_.find(poll_id);
    if (it == entries_.end()) {
        return {};
    }
    const auto& e = it->second;
    return {e.results, false, e.counting || e.final_counting, e.final};
}

bool pb_results_cache::begin(std::int64_t poll_id, const domain::pb_ballot_profile& ballots,
                             std::function<void()> again) {
    std::lock_guard lock(mutex_);
    auto& e = entries_[poll_id];
    if (e.final) {
        return false;
    }
    if (e.counting) {
        if (again) {
            e.again = std::move(again);
        }
        return false;
    }
    if (e.results && e.ballots && *e.ballots == ballots) {
        return false;
    }
    e.counting = true;
    return true;
}

bool pb_results_cache::begin_final(std::int64_t poll_id) {
    std::lock_guard lock(mutex_);
    auto& e = entries_[poll_id];
    if (e.final || e.final_counting) {
        return false;
    }
    e.final_counting = true;
    return true;
}

std::function<void()> pb_results_cache::finish(
    std::int64_t poll_id, std::shared_ptr<const domain::pb_ballot_profile> ballots,
    std::shared_ptr<const boost::json::object> results, bool final) {
    std::lock_guard lock(mutex_);
    auto& e = entries_[poll_id];
    (final ? e.final_counting : e.counting) = false;
    // A live count that ends after the final one must not replace it.
    if (results && !e.final) {
        e.results = std::move(results);
        e.ballots = std::move(ballots);
        e.final = final;
    }
    if (e.final) {
        e.again = nullptr;
    }
    return std::exchange(e.again, nullptr);
}

void pb_results_cache::forget(std::int64_t poll_id) {
    std::lock_guard lock(mutex_);
    entries_.erase(poll_id);
}

}  // namespace traffpunkt::service
