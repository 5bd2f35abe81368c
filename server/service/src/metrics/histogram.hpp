#pragma once

// A Prometheus histogram (cumulative buckets, count, sum) that any thread may observe into
// without a lock: one relaxed atomic add per bucket hit and one for the sum.

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace traffpunkt::service {

class histogram {
  public:
    /** `upper_bounds` ascending; the +Inf bucket is implied. */
    explicit histogram(std::vector<double> upper_bounds);

    void observe(double value) noexcept;

    struct reading {
        std::vector<std::uint64_t> cumulative;  ///< per bound, then +Inf (== count)
        double sum = 0;
    };
    /** The counts so far (each bucket read once; a concurrent observe may show in some only). */
    reading read() const;
    const std::vector<double>& bounds() const noexcept { return bounds_; }

  private:
    std::vector<double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  ///< bounds_.size() + 1, not cumulative
    std::atomic<double> sum_{0};
};

/** Latency buckets in seconds: 0.5 ms .. 10 s. */
std::vector<double> latency_buckets();

/**
 * Appends the samples of `h` in the text exposition format (no HELP/TYPE lines): `name_bucket`
 * with `le`, `name_sum`, `name_count`; `labels` (e.g. `op="qa.vote"`) goes before `le`.
 */
void write_histogram(std::string& out, std::string_view name, std::string_view labels,
                     const histogram& h);

/** A number as Prometheus reads it ("+Inf", integers without a fraction). */
std::string prometheus_number(double v);

}  // namespace traffpunkt::service
