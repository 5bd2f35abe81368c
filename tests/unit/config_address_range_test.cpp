// metrics.allow ranges: CIDR parsing and matching of peers as the server writes them.

#include <gtest/gtest.h>

#include "traffpunkt/config/address_range.hpp"

namespace cfg = traffpunkt::config;

namespace {

bool in(std::string_view range, std::string_view remote) {
    const auto r = cfg::address_range::parse(range);
    EXPECT_TRUE(r.has_value()) << range;
    return r && r->contains_remote(remote);
}

}  // namespace

TEST(AddressRange, parsesAddressesAndPrefixes) {
    for (const auto* ok : {"127.0.0.0/8", "10.1.2.3", "0.0.0.0/0", "::1/128", "::1", "fd00::/8",
                           "::/0", "192.168.1.0/24"}) {
        EXPECT_TRUE(cfg::address_range::parse(ok).has_value()) << ok;
    }
    for (const auto* bad : {"", "localhost", "127.0.0.0/33", "::1/129", "10.0.0.0/", "10.0.0.0/-1",
                            "10.0.0.0/8x", "1.2.3", "[::1]", "10.0.0.0/08/1", " 10.0.0.1"}) {
        EXPECT_FALSE(cfg::address_range::parse(bad).has_value()) << bad;
    }
}

TEST(AddressRange, matchesPeersWithPorts) {
    EXPECT_TRUE(in("127.0.0.0/8", "127.0.0.1:5123"));
    EXPECT_TRUE(in("127.0.0.0/8", "127.200.0.9:1"));
    EXPECT_FALSE(in("127.0.0.0/8", "128.0.0.1:5123"));
    EXPECT_TRUE(in("::1/128", "[::1]:5123"));
    EXPECT_FALSE(in("::1/128", "[::2]:5123"));
    EXPECT_TRUE(in("fd00::/8", "[fd12:3456::1]:80"));
    EXPECT_TRUE(in("192.168.1.0/25", "192.168.1.127:80"));
    EXPECT_FALSE(in("192.168.1.0/25", "192.168.1.128:80"));
    EXPECT_TRUE(in("10.0.0.5", "10.0.0.5"));
    EXPECT_TRUE(in("::1", "::1"));
}

TEST(AddressRange, dualStackPeersMatchAsIpv4) {
    EXPECT_TRUE(in("127.0.0.0/8", "[::ffff:127.0.0.1]:5123"));
    EXPECT_FALSE(in("::1/128", "[::ffff:127.0.0.1]:5123"));
}

TEST(AddressRange, nothingElseMatches) {
    EXPECT_FALSE(in("0.0.0.0/0", ""));
    EXPECT_FALSE(in("0.0.0.0/0", "unknown"));
    EXPECT_FALSE(in("0.0.0.0/0", "[::1]:80"));
    EXPECT_FALSE(in("::/0", "127.0.0.1:80"));
    EXPECT_FALSE(in("::/0", "[::1:80"));
}
