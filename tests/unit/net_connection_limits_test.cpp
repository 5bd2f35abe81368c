#include "traffpunkt/net/connection_limits.hpp"

#include <gtest/gtest.h>

namespace traffpunkt::net {
namespace {

config::connection_settings defaults() {
    return {};
}

TEST(ConnectionLimits, DefaultsUnderAGenerousLimitAreTheConfiguredTotalAndASixteenthOfIt) {
    const auto limits = derive_connection_limits(1048576, defaults(), 4);
    EXPECT_EQ(limits.total, 50000u);
    EXPECT_EQ(limits.per_address, 50000u / 16);
    // 64 fixed, 256 for documents, 3 for each of the writer and 4 readers.
    EXPECT_EQ(limits.reserved, 64u + 256u + 15u);
}

TEST(ConnectionLimits, TheTotalLeavesTheReserveOfTheDescriptorLimit) {
    const auto limits = derive_connection_limits(20000, defaults(), 4);
    EXPECT_EQ(limits.total, 20000u - 335u);
    EXPECT_EQ(limits.per_address, (20000u - 335u) / 16);
}

TEST(ConnectionLimits, ASmallLimitKeepsHalfForConnections) {
    const auto limits = derive_connection_limits(256, defaults(), 4);
    EXPECT_EQ(limits.reserved, 128u);
    EXPECT_EQ(limits.total, 128u);
    EXPECT_EQ(limits.per_address, 8u);
}

TEST(ConnectionLimits, AnExplicitPerAddressLimitHoldsUpToTheTotal) {
    auto s = defaults();
    s.max_per_address = 20000;
    EXPECT_EQ(derive_connection_limits(1048576, s, 4).per_address, 20000u);
    // Behind a proxy every client shares one address: it may have them all, not more.
    s.max_per_address = 100000;
    EXPECT_EQ(derive_connection_limits(1048576, s, 4).per_address, 50000u);
    EXPECT_EQ(derive_connection_limits(1024, s, 4).per_address, 1024u - 335u);
}

TEST(ConnectionLimits, NothingIsZero) {
    for (std::uint64_t files : {0u, 1u, 2u, 3u, 17u}) {
        const auto limits = derive_connection_limits(files, defaults(), 4);
        EXPECT_GE(limits.total, 1u) << files;
        EXPECT_GE(limits.per_address, 1u) << files;
        EXPECT_LE(limits.per_address, limits.total) << files;
    }
}

}  // namespace
}  // namespace traffpunkt::net
