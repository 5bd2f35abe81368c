#include "join_limiter.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <boost/asio/ip/address.hpp>

namespace traffpunkt::service {

std::string source_key(std::string_view remote) {
    std::string_view host = remote;
    // "ip:port": the port is the part after the last colon (an IPv6 address has colons too).
    if (const auto colon = remote.rfind(':'); colon != std::string_view::npos) {
        const auto port = remote.substr(colon + 1);
        if (!port.empty() &&
            std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; })) {
            host = remote.substr(0, colon);
        }
    }
    if (host.size() > 2 && host.front() == '[' && host.back() == ']') {
        host = host.substr(1, host.size() - 2);
    }
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(std::string(host), ec);
    if (ec) {
        return std::string(host);
    }
    if (address.is_v4()) {
        return address.to_string();
    }
    const auto v6 = address.to_v6();
    if (v6.is_v4_mapped()) {
        return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, v6).to_string();
    }
    auto bytes = v6.to_bytes();
    std::fill(bytes.begin() + 8, bytes.end(), 0);
    return boost::asio::ip::address_v6(bytes).to_string() + "/64";
}

join_limiter::join_limiter(std::size_t burst, std::size_t per_minute, std::size_t max_keys)
    : burst_(static_cast<double>(std::max<std::size_t>(burst, 1))),
      per_second_(static_cast<double>(std::max<std::size_t>(per_minute, 1)) / 60.0),
      max_keys_(std::max<std::size_t>(max_keys, 1)) {}

std::optional<std::chrono::milliseconds> join_limiter::take(const std::string& key,
                                                            clock::time_point now) {
    std::lock_guard lock(mutex_);
    if (++takes_since_sweep_ >= 1024 || buckets_.size() >= max_keys_) {
        takes_since_sweep_ = 0;
        sweep(now);
        if (buckets_.size() >= max_keys_) {
            buckets_.clear();
        }
    }
    auto [it, fresh] = buckets_.try_emplace(key, bucket{burst_, now});
    bucket& b = it->second;
    if (!fresh) {
        const std::chrono::duration<double> elapsed = now - b.at;
        b.tokens = std::min(burst_, b.tokens + std::max(0.0, elapsed.count()) * per_second_);
        b.at = now;
    }
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return std::nullopt;
    }
    const double wait_s = (1.0 - b.tokens) / per_second_;
    return std::chrono::milliseconds(static_cast<std::int64_t>(std::ceil(wait_s * 1000.0)));
}

std::size_t join_limiter::size() const {
    std::lock_guard lock(mutex_);
    return buckets_.size();
}

void join_limiter::sweep(clock::time_point now) {
    std::erase_if(buckets_, [&](const auto& entry) {
        const std::chrono::duration<double> elapsed = now - entry.second.at;
        return entry.second.tokens + elapsed.count() * per_second_ >= burst_;
    });
}

}  // namespace traffpunkt::service
