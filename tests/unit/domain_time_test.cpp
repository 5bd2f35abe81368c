#include <gtest/gtest.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::domain {
namespace {

using namespace std::chrono;

instant utc(int y, unsigned m, unsigned d, int hh, int mm, int ss) {
    return instant{sys_days{year{y} / month{m} / day{d}}} + hours{hh} + minutes{mm} + seconds{ss};
}

TEST(ParseInstant, ParsesUtc) {
    const auto t = parse_instant("2022-11-25T09:00:00Z");
    ASSERT_TRUE(t);
    EXPECT_EQ(*t, utc(2022, 11, 25, 9, 0, 0));
    EXPECT_EQ(t->time_since_epoch().count(), 1669366800);
}

TEST(ParseInstant, ConvertsOffsets) {
    EXPECT_EQ(parse_instant("2022-11-25T10:00:00+01:00"), parse_instant("2022-11-25T09:00:00Z"));
    EXPECT_EQ(parse_instant("2022-11-25T04:30:00-04:30"), utc(2022, 11, 25, 9, 0, 0));
    // Crossing midnight and a year boundary.
    EXPECT_EQ(parse_instant("2023-01-01T00:30:00+02:00"), utc(2022, 12, 31, 22, 30, 0));
    EXPECT_EQ(parse_instant("2022-11-25T09:00:00-00:00"), utc(2022, 11, 25, 9, 0, 0));
}

TEST(ParseInstant, AcceptsLowerCaseSpaceAndFractions) {
    const auto expected = utc(2022, 11, 25, 9, 0, 0);
    EXPECT_EQ(parse_instant("2022-11-25t09:00:00z"), expected);
    EXPECT_EQ(parse_instant("2022-11-25 09:00:00Z"), expected);
    EXPECT_EQ(parse_instant("2022-11-25T09:00:00.999Z"), expected);
    EXPECT_EQ(parse_instant("2022-11-25T10:00:00.5+01:00"), expected);
}

TEST(ParseInstant, RefusesMissingOffset) {
    EXPECT_FALSE(parse_instant("2022-11-25T09:00:00"));
    EXPECT_FALSE(parse_instant("2022-11-25T09:00:00.123"));
    EXPECT_FALSE(parse_instant("2022-11-25"));
}

TEST(ParseInstant, RefusesMalformedText) {
    for (const char* bad :
         {"", "2022-11-25X09:00:00Z", "2022-11-25T9:00:00Z", "2022-11-25T09:00Z",
          "2022-11-25T09:00:00.Z", "2022-11-25T09:00:00+0100", "2022-11-25T09:00:00+01",
          "2022-11-25T09:00:00+01:00 ", " 2022-11-25T09:00:00Z", "2022-11-25T09:00:00ZZ",
          "2022/11/25T09:00:00Z", "22-11-25T09:00:00Z", "2022-11-25T09-00-00Z",
          "2022-11-25T09:00:00+1:000", "2022-11-25T09:00:00UTC", "+2022-11-25T09:00:00Z"}) {
        EXPECT_FALSE(parse_instant(bad)) << bad;
    }
}

TEST(ParseInstant, ValidatesRanges) {
    EXPECT_TRUE(parse_instant("2024-02-29T12:00:00Z"));  // leap day
    EXPECT_FALSE(parse_instant("2023-02-29T12:00:00Z"));
    EXPECT_FALSE(parse_instant("2100-02-29T12:00:00Z"));  // not a leap year
    EXPECT_TRUE(parse_instant("2000-02-29T12:00:00Z"));   // but this one is
    EXPECT_FALSE(parse_instant("2022-04-31T12:00:00Z"));
    EXPECT_FALSE(parse_instant("2022-13-01T12:00:00Z"));
    EXPECT_FALSE(parse_instant("2022-00-01T12:00:00Z"));
    EXPECT_FALSE(parse_instant("2022-01-00T12:00:00Z"));
    EXPECT_FALSE(parse_instant("2022-01-01T24:00:00Z"));
    EXPECT_FALSE(parse_instant("2022-01-01T23:60:00Z"));
    EXPECT_FALSE(parse_instant("2022-01-01T23:59:60Z"));
    EXPECT_TRUE(parse_instant("2022-01-01T23:59:59Z"));
    EXPECT_FALSE(parse_instant("2022-01-01T12:00:00+24:00"));
    EXPECT_FALSE(parse_instant("2022-01-01T12:00:00+01:60"));
}

TEST(ParseInstant, ValidatesYearRange) {
    EXPECT_TRUE(parse_instant("1970-01-01T00:00:00Z"));
    EXPECT_EQ(parse_instant("1970-01-01T00:00:00Z")->time_since_epoch().count(), 0);
    EXPECT_FALSE(parse_instant("1969-12-31T23:59:59Z"));
    EXPECT_TRUE(parse_instant("9999-12-31T23:59:59Z"));
    EXPECT_FALSE(parse_instant("0000-01-01T00:00:00Z"));
}

TEST(FormatInstant, FormatsUtc) {
    EXPECT_EQ(format_instant(utc(2022, 11, 25, 9, 0, 0)), "2022-11-25T09:00:00Z");
    EXPECT_EQ(format_instant(instant{}), "1970-01-01T00:00:00Z");
    EXPECT_EQ(format_instant(utc(2024, 2, 29, 23, 59, 59)), "2024-02-29T23:59:59Z");
}

TEST(FormatInstant, RoundTripsThroughParse) {
    for (const char* text :
         {"2022-11-25T09:00:00Z", "2031-07-04T00:00:01Z", "9999-12-31T23:59:59Z"}) {
        const auto t = parse_instant(text);
        ASSERT_TRUE(t) << text;
        EXPECT_EQ(format_instant(*t), text);
    }
    EXPECT_EQ(format_instant(*parse_instant("2022-11-25T10:00:00+01:00")), "2022-11-25T09:00:00Z");
}

TEST(ParseDate, ParsesValidDates) {
    const auto d = parse_date("2022-11-25");
    ASSERT_TRUE(d);
    EXPECT_EQ(*d, year{2022} / month{11} / day{25});
    EXPECT_TRUE(parse_date("2024-02-29"));
}

TEST(ParseDate, RefusesInvalidDates) {
    for (const char* bad : {"", "2023-02-29", "2022-11-31", "2022-1-25", "2022-11-25T00:00:00Z",
                            "20221125", "2022-11-2a", "1969-12-31", "2022-11-25 "}) {
        EXPECT_FALSE(parse_date(bad)) << bad;
    }
}

TEST(FormatDate, PadsWithZeros) {
    EXPECT_EQ(format_date(year{2022} / month{1} / day{5}), "2022-01-05");
    EXPECT_EQ(format_date(*parse_date("2024-02-29")), "2024-02-29");
}

TEST(KnownZone, AcceptsRealZones) {
    EXPECT_TRUE(is_known_zone("Europe/Stockholm"));
    EXPECT_TRUE(is_known_zone(default_zone));
    EXPECT_TRUE(is_known_zone("America/Argentina/Buenos_Aires"));
    EXPECT_TRUE(is_known_zone("Etc/GMT+1"));
    EXPECT_TRUE(is_known_zone("UTC"));
}

TEST(KnownZone, RefusesUnknownAndDangerousNames) {
    for (const char* bad :
         {"", "Europe/Nowhere", "../etc/passwd", "../../etc/passwd", "/etc/passwd",
          "Europe/../Europe/Stockholm", "Europe//Stockholm", "Europe/Stockholm/",
          "Europe/Stockholm ", "Europe", "europe/stockholm_x", "Europe\\Stockholm",
          "Europe/Stockholm\n", "posix/Europe/Stockholm", "localtime"}) {
        EXPECT_FALSE(is_known_zone(bad)) << bad;
    }
    EXPECT_FALSE(is_known_zone(std::string(65, 'A')));
    EXPECT_FALSE(is_known_zone(std::string("Europe/Stockholm\0x", 18)));
}

TEST(KnownZone, HonoursTzdir) {
    const char* previous = std::getenv("TZDIR");
    const std::string saved = previous != nullptr ? previous : "";
    ASSERT_EQ(setenv("TZDIR", "/nonexistent-tzdir", 1), 0);
    EXPECT_FALSE(is_known_zone("Europe/Stockholm"));
    EXPECT_TRUE(is_known_zone("UTC"));
    if (previous != nullptr) {
        setenv("TZDIR", saved.c_str(), 1);
    } else {
        unsetenv("TZDIR");
    }
    EXPECT_TRUE(is_known_zone("Europe/Stockholm"));
}

}  // namespace
}  // namespace traffpunkt::domain
