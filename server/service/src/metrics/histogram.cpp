#include "histogram.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace traffpunkt::service {

histogram::histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

void histogram::observe(double value) noexcept {
    const auto it = std::lower_bound(bounds_.begin(), bounds_.end(), value);
    counts_[static_cast<std::size_t>(it - bounds_.begin())].fetch_add(1, std::memory_order_relaxed);
    sum_.fetch_add(value, std::memory_order_relaxed);
}

histogram::reading histogram::read() const {
    reading r;
    std::uint64_t running = 0;
    for (std::size_t i = 0; i <= bounds_.size(); ++i) {
        running += counts_[i].load(std::memory_order_relaxed);
        r.cumulative.push_back(running);
    }
    r.sum = sum_.load(std::memory_order_relaxed);
    return r;
}

std::vector<double> latency_buckets() {
    return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
}

std::string prometheus_number(double v) {
    if (std::isinf(v)) {
        return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == std::floor(v) && std::fabs(v) < 1e15) {
        return std::to_string(static_cast<long long>(v));
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

void write_histogram(std::string& out, std::string_view name, std::string_view labels,
                     const histogram& h) {
    const auto r = h.read();
    const std::string sep = labels.empty() ? "" : ",";
    const auto& bounds = h.bounds();
    for (std::size_t i = 0; i <= bounds.size(); ++i) {
        const std::string le =
            i < bounds.size() ? prometheus_number(bounds[i]) : std::string("+Inf");
        out += std::string(name) + "_bucket{" + std::string(labels) + sep + "le=\"" + le + "\"} " +
               std::to_string(r.cumulative[i]) + "\n";
    }
    const std::string braces = labels.empty() ? "" : "{" + std::string(labels) + "}";
    out += std::string(name) + "_sum" + braces + " " + prometheus_number(r.sum) + "\n";
    out += std::string(name) + "_count" + braces + " " + std::to_string(r.cumulative.back()) + "\n";
}

}  // namespace traffpunkt::service
