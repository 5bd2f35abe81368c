#include "traffpunkt/config/address_range.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <charconv>
#include <string>

namespace traffpunkt::config {

namespace {

struct address {
    bool v4 = true;
    std::array<std::uint8_t, 16> bytes{};
};

/** A bare address (no port, no brackets), v4-mapped v6 as v4. */
std::optional<address> parse_address(std::string_view text) {
    const std::string s(text);
    address a;
    if (inet_pton(AF_INET, s.c_str(), a.bytes.data()) == 1) {
        return a;
    }
    std::array<std::uint8_t, 16> v6{};
    if (inet_pton(AF_INET6, s.c_str(), v6.data()) != 1) {
        return std::nullopt;
    }
    constexpr std::array<std::uint8_t, 12> mapped{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(mapped.begin(), mapped.end(), v6.begin())) {
        std::copy(v6.begin() + 12, v6.end(), a.bytes.begin());
        return a;
    }
    a.v4 = false;
    a.bytes = v6;
    return a;
}

bool all_digits(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::optional<address_range> address_range::parse(std::string_view text) {
    std::string_view host = text;
    std::optional<int> prefix;
    if (const auto slash = text.find('/'); slash != std::string_view::npos) {
        host = text.substr(0, slash);
        const auto digits = text.substr(slash + 1);
        int n = -1;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (!all_digits(digits) || ec != std::errc{} || end != digits.data() + digits.size()) {
            return std::nullopt;
        }
        prefix = n;
    }
    const auto a = parse_address(host);
    if (!a) {
        return std::nullopt;
    }
    const int bits = a->v4 ? 32 : 128;
    if (prefix && (*prefix < 0 || *prefix > bits)) {
        return std::nullopt;
    }
    address_range r;
    r.v4_ = a->v4;
    r.bytes_ = a->bytes;
    r.prefix_ = prefix.value_or(bits);
    return r;
}

bool address_range::contains_remote(std::string_view remote) const {
    std::string_view host = remote;
    if (host.starts_with('[')) {  // "[v6]:port"
        const auto close = host.find(']');
        if (close == std::string_view::npos) {
            return false;
        }
        host = host.substr(1, close - 1);
    } else if (const auto colon = host.find(':');
               colon != std::string_view::npos && host.rfind(':') == colon) {
        host = host.substr(0, colon);  // "v4:port"; more colons: a bare IPv6 address
    }
    const auto a = parse_address(host);
    if (!a || a->v4 != v4_) {
        return false;
    }
    const int whole = prefix_ / 8;
    if (!std::equal(bytes_.begin(), bytes_.begin() + whole, a->bytes.begin())) {
        return false;
    }
    if (const int rest = prefix_ % 8; rest != 0) {
        const auto mask = static_cast<std::uint8_t>(0xff << (8 - rest));
        return (bytes_[whole] & mask) == (a->bytes[whole] & mask);
    }
    return true;
}

}  // namespace traffpunkt::config
