#include "traffpunkt/log/log_throttle.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace traffpunkt::log {
namespace {

using namespace std::chrono_literals;

/** A throttle whose summaries land in `lines`. */
struct captured {
    std::vector<std::string> lines;
    log_throttle throttle{"refused upgrades", 10s, 2,
                          [this](const std::string& line) { lines.push_back(line); }};
};

const auto t0 = log_throttle::clock::time_point{} + 1h;

TEST(LogThrottle, TheFirstOfAWindowIsLoggedAndTheRestSummedUpOnce) {
    captured c;
    EXPECT_TRUE(c.throttle.note("192.0.2.7:4000", t0));
    for (int i = 1; i < 37; ++i) {
        EXPECT_FALSE(c.throttle.note("192.0.2.7:" + std::to_string(4000 + i), t0 + 1s));
    }
    c.throttle.flush(t0 + 9s);
    EXPECT_TRUE(c.lines.empty());
    c.throttle.flush(t0 + 10s);
    ASSERT_EQ(c.lines.size(), 1u);
    EXPECT_EQ(c.lines[0], "37 refused upgrades from 192.0.2.7 in the last 10 s");
    // A new window starts with a full line again.
    EXPECT_TRUE(c.throttle.note("192.0.2.7:5000", t0 + 11s));
}

TEST(LogThrottle, OneEventNeedsNoSummary) {
    captured c;
    EXPECT_TRUE(c.throttle.note("192.0.2.7:4000", t0));
    c.throttle.flush(t0 + 20s);
    EXPECT_TRUE(c.lines.empty());
}

TEST(LogThrottle, AddressesAreCountedApartAndBeyondTheBoundTogether) {
    captured c;  // tracks 2 addresses
    EXPECT_TRUE(c.throttle.note("192.0.2.1:1", t0));
    EXPECT_TRUE(c.throttle.note("192.0.2.2:1", t0));
    EXPECT_TRUE(c.throttle.note("192.0.2.3:1", t0));   // the first beyond the bound
    EXPECT_FALSE(c.throttle.note("192.0.2.4:1", t0));  // shares its count
    EXPECT_FALSE(c.throttle.note("192.0.2.1:2", t0));
    // The next note after the window sums up what ended.
    c.throttle.note("192.0.2.9:1", t0 + 10s);
    EXPECT_EQ(c.lines, (std::vector<std::string>{
                           "2 refused upgrades from 192.0.2.1 in the last 10 s",
                           "2 refused upgrades from other addresses in the last 10 s"}));
}

TEST(LogThrottle, FlushAllReachesEveryThrottle) {
    captured a;
    captured b;
    a.throttle.note("192.0.2.1:1", t0);
    a.throttle.note("192.0.2.1:2", t0);
    b.throttle.note("192.0.2.2:1", t0);
    b.throttle.note("192.0.2.2:2", t0);
    log_throttle::flush_all(t0 + 10s);
    EXPECT_EQ(a.lines.size(), 1u);
    EXPECT_EQ(b.lines.size(), 1u);
}

TEST(LogThrottle, AddressOfStripsThePort) {
    EXPECT_EQ(address_of("192.0.2.7:4000"), "192.0.2.7");
    EXPECT_EQ(address_of("::1:4000"), "::1");
    EXPECT_EQ(address_of("2001:db8::5:443"), "2001:db8::5");
    EXPECT_EQ(address_of("unknown"), "unknown");
}

}  // namespace
}  // namespace traffpunkt::log
