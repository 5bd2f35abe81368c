#pragma once

#include <boost/json/object.hpp>

#include <array>
#include <cstdint>

namespace traffpunkt::loadgen {

/**
 * Latency histogram in microseconds with log-linear buckets (64 per power of two, so a
 * reported percentile is within 1.6 % of the true value), bounded memory whatever the count.
 */
class histogram {
  public:
    /** Records one sample; negative samples count as 0, huge ones in the top bucket. */
    void record(std::int64_t micros);

    std::uint64_t count() const { return count_; }

    /** The value at quantile q (0..1) in microseconds: the upper edge of its bucket. */
    std::int64_t quantile(double q) const;

    /** {count, p50, p90, p99, p99_9, max} in milliseconds (3 decimals). */
    boost::json::object to_json() const;

  private:
    static constexpr int sub_bits = 7;
    static constexpr int sub_buckets = 1 << sub_bits;
    static constexpr int magnitudes = 40;
    static constexpr std::size_t bucket_count = sub_buckets * magnitudes;

    static std::size_t bucket_of(std::uint64_t value);
    static std::uint64_t upper_edge(std::size_t bucket);

    std::array<std::uint64_t, bucket_count> buckets_{};
    std::uint64_t count_ = 0;
    std::uint64_t max_ = 0;
};

}  // namespace traffpunkt::loadgen
