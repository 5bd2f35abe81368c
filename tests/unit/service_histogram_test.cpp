// The /metrics histogram (metrics/histogram.hpp): Prometheus' cumulative buckets, le bounds
// inclusive, and the text a scrape reads.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "metrics/histogram.hpp"

namespace traffpunkt::service {
namespace {

TEST(Histogram, bucketsAreCumulativeAndBoundsInclusive) {
    histogram h({0.1, 1, 10});
    h.observe(0.05);
    h.observe(0.1);  // le="0.1" holds values <= 0.1
    h.observe(0.5);
    h.observe(100);
    const auto r = h.read();
    EXPECT_EQ(r.cumulative, (std::vector<std::uint64_t>{2, 3, 3, 4}));
    EXPECT_DOUBLE_EQ(r.sum, 100.65);
}

TEST(Histogram, textHasEveryBucketSumAndCount) {
    histogram h({0.5, 2});
    h.observe(1);
    std::string out;
    write_histogram(out, "x_seconds", "op=\"a\"", h);
    EXPECT_EQ(out,
              "x_seconds_bucket{op=\"a\",le=\"0.5\"} 0\n"
              "x_seconds_bucket{op=\"a\",le=\"2\"} 1\n"
              "x_seconds_bucket{op=\"a\",le=\"+Inf\"} 1\n"
              "x_seconds_sum{op=\"a\"} 1\n"
              "x_seconds_count{op=\"a\"} 1\n");
    std::string bare;
    write_histogram(bare, "y", "", h);
    EXPECT_NE(bare.find("y_bucket{le=\"+Inf\"} 1\n"), std::string::npos);
    EXPECT_NE(bare.find("y_count 1\n"), std::string::npos);
}

TEST(Histogram, concurrentObservationsAreAllCounted) {
    histogram h(latency_buckets());
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&h] {
            for (int i = 0; i < 10000; ++i) {
                h.observe(0.002);
            }
        });
    }
    for (auto& t : threads) {
        t.join();
    }
    EXPECT_EQ(h.read().cumulative.back(), 40000U);
}

TEST(Histogram, numbersAsPrometheusWritesThem) {
    EXPECT_EQ(prometheus_number(0.0005), "0.0005");
    EXPECT_EQ(prometheus_number(10), "10");
    EXPECT_EQ(prometheus_number(2.5), "2.5");
}

}  // namespace
}  // namespace traffpunkt::service
