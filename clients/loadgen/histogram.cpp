#include "histogram.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace traffpunkt::loadgen {

std::size_t histogram::bucket_of(std::uint64_t value) {
    // Values below 2^sub_bits get exact buckets; above, each power of two has sub_buckets.
    if (value < sub_buckets) {
        return static_cast<std::size_t>(value);
    }
    const int magnitude = std::bit_width(value) - sub_bits;  // >= 1
    const auto sub = static_cast<std::size_t>(value >> magnitude) - sub_buckets / 2;
    const auto bucket =
        static_cast<std::size_t>(magnitude) * (sub_buckets / 2) + sub_buckets / 2 + sub;
    return std::min(bucket, bucket_count - 1);
}

std::uint64_t histogram::upper_edge(std::size_t bucket) {
    if (bucket < sub_buckets) {
        return bucket;
    }
    const std::size_t magnitude = (bucket - sub_buckets / 2) / (sub_buckets / 2);
    const std::size_t sub = (bucket - sub_buckets / 2) % (sub_buckets / 2) + sub_buckets / 2;
    return ((static_cast<std::uint64_t>(sub) + 1) << magnitude) - 1;
}

void histogram::record(std::int64_t micros) {
    const auto value = static_cast<std::uint64_t>(std::max<std::int64_t>(micros, 0));
    ++buckets_[bucket_of(value)];
    ++count_;
    max_ = std::max(max_, value);
}

std::int64_t histogram::quantile(double q) const {
    if (count_ == 0) {
        return 0;
    }
    const auto rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
    std::uint64_t seen = 0;
    for (std::size_t b = 0; b < bucket_count; ++b) {
        seen += buckets_[b];
        if (seen >= std::max<std::uint64_t>(rank, 1)) {
            return static_cast<std::int64_t>(std::min(upper_edge(b), max_));
        }
    }
    return static_cast<std::int64_t>(max_);
}

boost::json::object histogram::to_json() const {
    const auto ms = [](std::int64_t micros) {
        return std::round(static_cast<double>(micros)) / 1000.0;
    };
    return {{"count", count_},
            {"p50", ms(quantile(0.50))},
            {"p90", ms(quantile(0.90))},
            {"p99", ms(quantile(0.99))},
            {"p99_9", ms(quantile(0.999))},
            {"max", ms(static_cast<std::int64_t>(max_))}};
}

}  // namespace traffpunkt::loadgen
