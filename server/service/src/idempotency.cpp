#include "idempotency.hpp"

#include <boost/json/serialize.hpp>

#include "traffpunkt/protocol/envelope.hpp"
#include "traffpunkt/protocol/errc.hpp"

namespace traffpunkt::service {

namespace {
std::string mismatch_error() {
    boost::json::object e;
    e["code"] = protocol::to_string(protocol::errc::conflict);
    e["message"] = "this idem key was already used for a different op";
    return boost::json::serialize(e);
}
}  // namespace

idempotency::verdict idempotency::begin(const std::string& scope, const std::string& key,
                                        const std::string& op, const lookup_fn& lookup,
                                        answer_fn answer) {
    const auto k = std::make_pair(scope, key);
    {
        std::unique_lock lock(mutex_);
        auto it = entries_.find(k);
        if (it != entries_.end()) {
            entry& e = it->second;
            if (e.op != op) {
                lock.unlock();
                answer(false, mismatch_error());
                return verdict::answered;
            }
            if (e.done) {
                const std::string result = e.result;
                lock.unlock();
                answer(true, result);
                return verdict::answered;
            }
            e.waiters.push_back(std::move(answer));
            return verdict::waiting;
        }
    }
    // Not in memory: the database may remember it from before a restart.
    if (auto stored = lookup()) {
        const auto& [stored_op, result] = *stored;
        if (stored_op != op) {
            answer(false, mismatch_error());
        } else {
            answer(true, result);
        }
        return verdict::answered;
    }
    std::unique_lock lock(mutex_);
    auto [it, inserted] = entries_.try_emplace(k);
    if (!inserted) {
        // Raced with an identical request between the two locks: behave as above.
        entry& e = it->second;
        if (e.done) {
            const std::string result = e.result;
            lock.unlock();
            answer(true, result);
            return verdict::answered;
        }
        e.waiters.push_back(std::move(answer));
        return verdict::waiting;
    }
    it->second.op = op;
    return verdict::run;
}

void idempotency::finish(const std::string& scope, const std::string& key, bool ok,
                         const std::string& json) {
    std::vector<answer_fn> waiters;
    {
        std::lock_guard lock(mutex_);
        const auto k = std::make_pair(scope, key);
        auto it = entries_.find(k);
        if (it == entries_.end()) {
            return;
        }
        waiters = std::move(it->second.waiters);
        if (ok) {
            it->second.done = true;
            it->second.result = json;
            it->second.waiters.clear();
            finished_order_.push_back(k);
            if (finished_order_.size() > max_remembered_) {
                // Forget the older half; their answers stay in the database.
                const auto half = finished_order_.size() / 2;
                for (std::size_t i = 0; i < half; ++i) {
                    entries_.erase(finished_order_[i]);
                }
                finished_order_.erase(finished_order_.begin(),
                                      finished_order_.begin() + static_cast<long>(half));
            }
        } else {
            entries_.erase(it);
        }
    }
    for (auto& w : waiters) {
        w(ok, json);
    }
}

}  // namespace traffpunkt::service
