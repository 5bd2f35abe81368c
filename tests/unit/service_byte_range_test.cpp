#include <gtest/gtest.h>

#include "documents/byte_range.hpp"

namespace traffpunkt::service {
namespace {

using kind = range_request::kind;

void expect_partial(std::string_view header, std::uint64_t size, std::uint64_t first,
                    std::uint64_t last) {
    const auto r = parse_range(header, size);
    EXPECT_EQ(r.what, kind::partial) << header;
    EXPECT_EQ(r.first, first) << header;
    EXPECT_EQ(r.last, last) << header;
}

TEST(ByteRange, no_header_is_the_whole) {
    EXPECT_EQ(parse_range(std::nullopt, 100).what, kind::whole);
}

TEST(ByteRange, the_three_forms) {
    expect_partial("bytes=0-9", 100, 0, 9);
    expect_partial("bytes=90-", 100, 90, 99);
    expect_partial("bytes=-10", 100, 90, 99);
    expect_partial("bytes=5-5", 100, 5, 5);
    expect_partial(" Bytes = 1-2 ", 100, 1, 2);
}

TEST(ByteRange, ends_beyond_the_size_are_cut) {
    expect_partial("bytes=50-1000", 100, 50, 99);
    expect_partial("bytes=-1000", 100, 0, 99);
    expect_partial("bytes=0-18446744073709551615", 100, 0, 99);
}

TEST(ByteRange, unsatisfiable) {
    EXPECT_EQ(parse_range("bytes=100-", 100).what, kind::unsatisfiable);
    EXPECT_EQ(parse_range("bytes=100-200", 100).what, kind::unsatisfiable);
    EXPECT_EQ(parse_range("bytes=-0", 100).what, kind::unsatisfiable);
    EXPECT_EQ(parse_range("bytes=0-0", 0).what, kind::unsatisfiable);
}

TEST(ByteRange, anything_else_is_ignored) {
    for (const char* h :
         {"items=0-1", "bytes", "bytes=", "bytes=-", "bytes=a-b", "bytes=5-1", "bytes=0-1,5-6",
          "bytes=+1-2", "bytes=1-2-3", "bytes=99999999999999999999-"}) {
        EXPECT_EQ(parse_range(std::string_view(h), 100).what, kind::whole) << h;
    }
}

}  // namespace
}  // namespace traffpunkt::service
