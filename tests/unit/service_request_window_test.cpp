// "At most N per hour" per key (person.send_link's limits), with bounded memory.
#include <gtest/gtest.h>

#include "request_window.hpp"

namespace traffpunkt::service {
namespace {

using namespace std::chrono;
using clock_type = request_window::clock;

TEST(RequestWindow, AllowsTheLimitPerKeyWithinTheWindow) {
    request_window w(3, hours(1));
    const auto t = clock_type::time_point{} + hours(100);
    for (int i = 0; i < 3; ++i) {
        EXPECT_TRUE(w.allow("a", t + seconds(i)));
    }
    EXPECT_FALSE(w.allow("a", t + seconds(10)));
    EXPECT_TRUE(w.allow("b", t + seconds(10))) << "keys are counted apart";
    // Refusals are not counted; an hour after the first two, two more go.
    EXPECT_FALSE(w.allow("a", t + minutes(59)));
    EXPECT_TRUE(w.allow("a", t + hours(1) + seconds(1)));
    EXPECT_TRUE(w.allow("a", t + hours(1) + seconds(1)));
    EXPECT_FALSE(w.allow("a", t + hours(1) + seconds(1)));
}

TEST(RequestWindow, ForgetsOldKeysAndRefusesAFloodOfNewOnes) {
    request_window w(1, hours(1), 10);
    const auto t = clock_type::time_point{} + hours(100);
    for (int i = 0; i < 10; ++i) {
        EXPECT_TRUE(w.allow("k" + std::to_string(i), t));
    }
    EXPECT_FALSE(w.allow("new", t + seconds(1))) << "memory is bounded";
    EXPECT_LE(w.size(), 10u);
    EXPECT_TRUE(w.allow("new", t + hours(2))) << "old keys expire";
    EXPECT_EQ(w.size(), 1u);
}

}  // namespace
}  // namespace traffpunkt::service
