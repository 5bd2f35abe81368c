#include <gtest/gtest.h>

#include "calendar/calendar_cache.hpp"

namespace traffpunkt::service {
namespace {

using cache_kind = calendar_cache::kind;

std::shared_ptr<const calendar_feed> feed(std::string body) {
    return std::make_shared<calendar_feed>(calendar_feed{std::move(body), "\"e\"", std::nullopt});
}

TEST(CalendarCache, StoresAndFindsByKindAndId) {
    calendar_cache cache;
    EXPECT_EQ(cache.find(cache_kind::network, 1), nullptr);
    cache.store(cache_kind::network, 1, cache.begin(), feed("n1"));
    ASSERT_NE(cache.find(cache_kind::network, 1), nullptr);
    EXPECT_EQ(cache.find(cache_kind::network, 1)->body, "n1");
    EXPECT_EQ(cache.find(cache_kind::meeting, 1), nullptr);
    EXPECT_EQ(cache.find(cache_kind::network, 2), nullptr);
}

TEST(CalendarCache, InvalidateForgetsOnlyThatFeed) {
    calendar_cache cache;
    cache.store(cache_kind::network, 1, cache.begin(), feed("n1"));
    cache.store(cache_kind::meeting, 1, cache.begin(), feed("m1"));
    cache.invalidate(cache_kind::network, 1);
    EXPECT_EQ(cache.find(cache_kind::network, 1), nullptr);
    EXPECT_NE(cache.find(cache_kind::meeting, 1), nullptr);
}

TEST(CalendarCache, RenderOlderThanAnInvalidationIsNotKept) {
    calendar_cache cache;
    const auto ticket = cache.begin();         // the render reads the database...
    cache.invalidate(cache_kind::network, 1);  // ...a change commits meanwhile...
    cache.store(cache_kind::network, 1, ticket, feed("stale"));
    EXPECT_EQ(cache.find(cache_kind::network, 1), nullptr);  // ...so its result is not cached
    cache.store(cache_kind::network, 1, cache.begin(), feed("fresh"));
    EXPECT_EQ(cache.find(cache_kind::network, 1)->body, "fresh");
}

}  // namespace
}  // namespace traffpunkt::service
