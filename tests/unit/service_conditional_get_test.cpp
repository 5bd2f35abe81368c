#include <gtest/gtest.h>

#include "http/conditional_get.hpp"
#include "support/test_instant.hpp"

namespace traffpunkt::service {
namespace {

using test::at;

http_request with(std::map<std::string, std::string> headers) {
    http_request r;
    r.method = "GET";
    r.path = "/calendar/network/1.ics";
    r.headers = std::move(headers);
    return r;
}

const std::string etag = strong_etag("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n");

TEST(ConditionalGet, EtagIsQuotedSha256Hex) {
    EXPECT_EQ(strong_etag(""),
              "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"");
    EXPECT_NE(strong_etag("a"), strong_etag("b"));
}

TEST(ConditionalGet, FormatsAndParsesImfFixdate) {
    EXPECT_EQ(http_date(at("2022-11-25T09:00:00Z")), "Fri, 25 Nov 2022 09:00:00 GMT");
    EXPECT_EQ(http_date(at("2024-02-29T23:59:59Z")), "Thu, 29 Feb 2024 23:59:59 GMT");
    EXPECT_EQ(parse_http_date("Fri, 25 Nov 2022 09:00:00 GMT"), at("2022-11-25T09:00:00Z"));
    EXPECT_EQ(parse_http_date(http_date(at("2031-01-05T07:08:09Z"))), at("2031-01-05T07:08:09Z"));
}

TEST(ConditionalGet, RefusesOtherDates) {
    for (const char* text : {"", "Friday, 25-Nov-22 09:00:00 GMT", "Fri Nov 25 09:00:00 2022",
                             "Fri, 25 Nov 2022 09:00:00 UTC", "Fri, 31 Nov 2022 09:00:00 GMT",
                             "Fri, 25 Nov 2022 24:00:00 GMT", "Fri, 25 Foo 2022 09:00:00 GMT",
                             "Fri, 2x Nov 2022 09:00:00 GMT", "Fri, 25 Nov 2022 09:00:00 GMT "}) {
        EXPECT_FALSE(parse_http_date(text)) << text;
    }
}

TEST(ConditionalGet, IfNoneMatchComparesWeakly) {
    EXPECT_TRUE(is_not_modified(with({{"if-none-match", etag}}), etag, std::nullopt));
    EXPECT_TRUE(is_not_modified(with({{"if-none-match", "W/" + etag}}), etag, std::nullopt));
    EXPECT_TRUE(is_not_modified(with({{"if-none-match", "*"}}), etag, std::nullopt));
    EXPECT_TRUE(is_not_modified(with({{"if-none-match", "\"x\", " + etag + " ,\"y\""}}), etag, {}));
    EXPECT_FALSE(is_not_modified(with({{"if-none-match", "\"x\", \"y\""}}), etag, {}));
    EXPECT_FALSE(is_not_modified(with({{"if-none-match", etag.substr(1)}}), etag, {}));
    EXPECT_FALSE(is_not_modified(with({{"if-none-match", ""}}), etag, {}));
    EXPECT_FALSE(is_not_modified(with({}), etag, {}));
}

TEST(ConditionalGet, IfModifiedSinceOnlyWithoutIfNoneMatch) {
    const auto changed = at("2022-11-25T09:00:00Z");
    EXPECT_TRUE(is_not_modified(with({{"if-modified-since", "Fri, 25 Nov 2022 09:00:00 GMT"}}),
                                etag, changed));
    EXPECT_TRUE(is_not_modified(with({{"if-modified-since", "Sat, 26 Nov 2022 09:00:00 GMT"}}),
                                etag, changed));
    EXPECT_FALSE(is_not_modified(with({{"if-modified-since", "Fri, 25 Nov 2022 08:59:59 GMT"}}),
                                 etag, changed));
    // An If-None-Match that does not match wins over a date that would.
    EXPECT_FALSE(is_not_modified(with({{"if-none-match", "\"other\""},
                                       {"if-modified-since", "Sat, 26 Nov 2022 09:00:00 GMT"}}),
                                 etag, changed));
    // An invalid date, or no Last-Modified to compare with, is no condition.
    EXPECT_FALSE(is_not_modified(with({{"if-modified-since", "yesterday"}}), etag, changed));
    EXPECT_FALSE(is_not_modified(with({{"if-modified-since", "Sat, 26 Nov 2022 09:00:00 GMT"}}),
                                 etag, std::nullopt));
}

}  // namespace
}  // namespace traffpunkt::service
