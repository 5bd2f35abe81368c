#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include "pb/pb_results_cache.hpp"
#include "pb/pb_worker.hpp"

namespace traffpunkt::service {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

domain::pb_ballot_profile profile_of(std::int64_t voters_for_1) {
    domain::pb_ballot_profile p;
    p[{{1, 1}}] = voters_for_1;
    p[{}] = 1;
    return p;
}

std::shared_ptr<const json::object> results(std::int64_t ballots) {
    return std::make_shared<const json::object>(json::object{{"ballots", ballots}});
}

TEST(PbResultsCache, CountsABallotSetOnceAndServesIt) {
    pb_results_cache cache;
    const auto a = profile_of(3);
    EXPECT_FALSE(cache.find(7, a).results);
    ASSERT_TRUE(cache.begin(7, a, {}));
    EXPECT_FALSE(cache.begin(7, a, {}));  // counting already
    EXPECT_TRUE(cache.find(7, a).counting);
    EXPECT_FALSE(
        cache.finish(7, std::make_shared<const domain::pb_ballot_profile>(a), results(4), false));
    const auto v = cache.find(7, a);
    ASSERT_TRUE(v.results);
    EXPECT_TRUE(v.current);
    EXPECT_FALSE(v.counting);
    EXPECT_FALSE(cache.begin(7, a, {}));  // the same ballots: nothing to count
    // New ballots: the old results are served, not current, until the new count is in.
    const auto b = profile_of(4);
    EXPECT_FALSE(cache.find(7, b).current);
    EXPECT_EQ(cache.find(7, b).results->at("ballots").to_number<int>(), 4);
    EXPECT_TRUE(cache.begin(7, b, {}));
}

TEST(PbResultsCache, NewerBallotsWaitForTheRunningCount) {
    pb_results_cache cache;
    const auto a = profile_of(3);
    ASSERT_TRUE(cache.begin(7, a, {}));
    int resubmitted = 0;
    EXPECT_FALSE(cache.begin(7, profile_of(4), [&] { ++resubmitted; }));
    EXPECT_FALSE(cache.begin(7, profile_of(5), [&] { resubmitted += 10; }));  // the newest wins
    auto next =
        cache.finish(7, std::make_shared<const domain::pb_ballot_profile>(a), results(4), false);
    ASSERT_TRUE(next);
    next();
    EXPECT_EQ(resubmitted, 10);
}

TEST(PbResultsCache, FinalResultsSupersedeLiveOnes) {
    pb_results_cache cache;
    const auto a = profile_of(3);
    ASSERT_TRUE(cache.begin(7, a, {}));
    ASSERT_TRUE(cache.begin_final(7));  // beside the live count
    EXPECT_FALSE(cache.begin_final(7));
    cache.finish(7, std::make_shared<const domain::pb_ballot_profile>(a), results(99), true);
    // The live count ends after the final one: it does not replace it.
    cache.finish(7, std::make_shared<const domain::pb_ballot_profile>(a), results(4), false);
    const auto v = cache.find(7, profile_of(8));
    EXPECT_TRUE(v.final);
    EXPECT_TRUE(v.current);
    EXPECT_EQ(v.results->at("ballots").to_number<int>(), 99);
    EXPECT_FALSE(cache.begin(7, profile_of(8), {}));
    EXPECT_FALSE(cache.begin_final(7));
    cache.forget(7);
    EXPECT_FALSE(cache.latest(7).results);
}

TEST(PbWorker, RunsJobsInOrderAndCancelsOnStop) {
    pb_worker worker;
    std::vector<int> order;
    std::atomic<int> done{0};
    for (int i = 0; i < 5; ++i) {
        worker.post([&, i](const std::atomic<bool>&) {
            order.push_back(i);
            ++done;
        });
    }
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (done < 5 && std::chrono::steady_clock::now() < deadline) {
        std::this_thread::sleep_for(1ms);
    }
    EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
    // A long job sees the cancel flag when the worker stops; later jobs are dropped.
    std::atomic<bool> started{false}, saw_cancel{false}, ran_later{false};
    worker.post([&](const std::atomic<bool>& cancel) {
        started = true;
        while (!cancel) {
            std::this_thread::sleep_for(1ms);
        }
        saw_cancel = true;
    });
    worker.post([&](const std::atomic<bool>&) { ran_later = true; });
    while (!started) {
        std::this_thread::sleep_for(1ms);
    }
    worker.stop();
    EXPECT_TRUE(saw_cancel);
    EXPECT_FALSE(ran_later);
    worker.post([&](const std::atomic<bool>&) { ran_later = true; });
    EXPECT_EQ(worker.pending(), 0u);
    EXPECT_FALSE(ran_later);
}

}  // namespace
}  // namespace traffpunkt::service
