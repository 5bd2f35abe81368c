// audience.join per source address (PROTOCOL.md, Limits): the key an address counts under, and
// the token bucket with a clock of the test's own.
#include "join_limiter.hpp"

#include <gtest/gtest.h>

namespace traffpunkt::service {
namespace {

using namespace std::chrono_literals;

TEST(SourceKey, IsTheAddressWithoutThePort) {
    EXPECT_EQ(source_key("127.0.0.1:54321"), "127.0.0.1");
    EXPECT_EQ(source_key("10.1.2.3:1"), "10.1.2.3");
    EXPECT_EQ(source_key("::ffff:192.0.2.7:443"), "192.0.2.7") << "IPv4-mapped is IPv4";
    EXPECT_EQ(source_key("unknown"), "unknown");
}

TEST(SourceKey, CountsAnIpv6HostAsItsSlash64) {
    // One host gets a whole /64: every address in it is one key.
    EXPECT_EQ(source_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd:8080"), "2001:db8:1:2::/64");
    EXPECT_EQ(source_key("2001:db8:1:2::1:8080"), "2001:db8:1:2::/64");
    EXPECT_NE(source_key("2001:db8:1:3::1:8080"), source_key("2001:db8:1:2::1:8080"));
    EXPECT_EQ(source_key("::1:5555"), "::/64");
    EXPECT_EQ(source_key("[2001:db8::5]:80"), "2001:db8::/64");
}

TEST(JoinLimiter, BurstThenSteadyRatePerKey) {
    join_limiter limiter(3, 60);  // 3 at once, then one a second
    const auto t0 = join_limiter::clock::time_point{} + 1000s;
    for (int i = 0; i < 3; ++i) {
        EXPECT_FALSE(limiter.take("a", t0)) << i;
    }
    const auto wait = limiter.take("a", t0);
    ASSERT_TRUE(wait);
    EXPECT_EQ(*wait, 1000ms);
    EXPECT_FALSE(limiter.take("b", t0)) << "another address is not held up";
    EXPECT_TRUE(limiter.take("a", t0 + 500ms));
    EXPECT_FALSE(limiter.take("a", t0 + 1000ms)) << "refilled after a second";
    EXPECT_TRUE(limiter.take("a", t0 + 1000ms));
    // Refilling stops at the burst.
    const auto later = t0 + 1h;
    for (int i = 0; i < 3; ++i) {
        EXPECT_FALSE(limiter.take("a", later)) << i;
    }
    EXPECT_TRUE(limiter.take("a", later));
}

TEST(JoinLimiter, MemoryStaysBounded) {
    join_limiter limiter(2, 60, 100);
    const auto t0 = join_limiter::clock::time_point{} + 1000s;
    for (int i = 0; i < 1000; ++i) {
        limiter.take("10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250), t0);
    }
    EXPECT_LE(limiter.size(), 100u);
    // Buckets that refilled are dropped by the next sweep.
    for (int i = 0; i < 1100; ++i) {
        limiter.take("10.9.9.9", t0 + 10s + std::chrono::milliseconds(i));
    }
    EXPECT_LE(limiter.size(), 2u);
}

}  // namespace
}  // namespace traffpunkt::service
