#include <gtest/gtest.h>

#include <chrono>

#include "support/test_instant.hpp"
#include "traffpunkt/ical/calendar_feed.hpp"

namespace traffpunkt::ical {
namespace {

using namespace std::chrono;

using test::at;

TEST(UtcOffset, StockholmInWinterAndSummer) {
    EXPECT_EQ(utc_offset(at("2022-11-25T09:00:00Z"), "Europe/Stockholm"), hours{1});
    EXPECT_EQ(utc_offset(at("2023-06-15T09:00:00Z"), "Europe/Stockholm"), hours{2});
}

TEST(UtcOffset, ChangesExactlyAtTheDaylightSavingSwitch) {
    // 26 March 2023: clocks go from 02:00 to 03:00 local time, at 01:00 UTC.
    EXPECT_EQ(utc_offset(at("2023-03-26T00:59:59Z"), "Europe/Stockholm"), hours{1});
    EXPECT_EQ(utc_offset(at("2023-03-26T01:00:00Z"), "Europe/Stockholm"), hours{2});
}

TEST(UtcOffset, OtherZonesAndUnknownOnes) {
    EXPECT_EQ(utc_offset(at("2022-11-25T09:00:00Z"), "America/New_York"), hours{-5});
    EXPECT_EQ(utc_offset(at("2022-11-25T09:00:00Z"), "UTC"), seconds{0});
    EXPECT_EQ(utc_offset(at("2022-11-25T09:00:00Z"), "Mars/Olympus_Mons"), seconds{0});
    EXPECT_EQ(utc_offset(at("2022-11-25T09:00:00Z"), "../../etc/passwd"), seconds{0});
}

}  // namespace
}  // namespace traffpunkt::ical
