// The rules of a room's state kept ahead of its commits (optimistic.hpp), without a room.
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>

#include "optimistic.hpp"

using traffpunkt::service::optimistic;

namespace {

struct counted_load {
    int loads = 0;
    std::string value = "from the database";
    std::string operator()() {
        ++loads;
        return value;
    }
};

std::runtime_error refusal() {
    return std::runtime_error("reloading");
}

}  // namespace

TEST(Optimistic, LoadsOnFirstUseOnly) {
    optimistic<std::string> s;
    counted_load load;
    EXPECT_EQ(s.get(), nullptr);
    EXPECT_FALSE(s.reloading());
    EXPECT_EQ(s.use(std::ref(load), refusal), "from the database");
    EXPECT_EQ(s.use(std::ref(load), refusal), "from the database");
    EXPECT_EQ(load.loads, 1);
}

TEST(Optimistic, TheNextCommandSeesADecidedChangeBeforeItsCommit) {
    optimistic<std::string> s;
    counted_load load;
    s.use(std::ref(load), refusal);
    s.set("decided");
    s.begin_write();
    EXPECT_EQ(s.use(std::ref(load), refusal), "decided");
    s.landed();
    EXPECT_EQ(s.use(std::ref(load), refusal), "decided");
    EXPECT_EQ(load.loads, 1);
    EXPECT_EQ(s.writes_in_flight(), 0);
}

TEST(Optimistic, AFailedWriteDropsTheStateAndRefusesUntilTheOthersLand) {
    optimistic<std::string> s;
    counted_load load;
    s.use(std::ref(load), refusal);
    s.set("first");
    s.begin_write();
    s.set("second");
    s.begin_write();
    s.failed();  // the first failed: "second" holds what it would have done
    EXPECT_EQ(s.get(), nullptr);
    EXPECT_TRUE(s.reloading());
    EXPECT_THROW(s.use(std::ref(load), refusal), std::runtime_error);
    s.landed();  // the second committed: the database has all there is
    EXPECT_FALSE(s.reloading());
    load.value = "as committed";
    EXPECT_EQ(s.use(std::ref(load), refusal), "as committed");
    EXPECT_EQ(load.loads, 2);
}

TEST(Optimistic, AChangeFromOutsideDropsAtOnceWhenNothingIsInFlight) {
    optimistic<std::string> s;
    counted_load load;
    s.use(std::ref(load), refusal);
    s.invalidate();
    EXPECT_EQ(s.get(), nullptr);
    EXPECT_FALSE(s.reloading());
    s.use(std::ref(load), refusal);
    EXPECT_EQ(load.loads, 2);
}

TEST(Optimistic, AChangeFromOutsideWaitsForTheWritesInFlight) {
    optimistic<std::string> s;
    counted_load load;
    s.use(std::ref(load), refusal);
    s.set("decided");
    s.begin_write();
    s.begin_write();
    s.invalidate();
    // Still usable: dropping it now would refuse every command until the writes land.
    ASSERT_NE(s.get(), nullptr);
    EXPECT_EQ(*s.get(), "decided");
    s.landed();
    EXPECT_NE(s.get(), nullptr);
    s.landed();
    EXPECT_EQ(s.get(), nullptr);  // the last write landed: read again
    s.use(std::ref(load), refusal);
    EXPECT_EQ(load.loads, 2);
    // The reload cleared the mark: a later write landing keeps the state.
    s.begin_write();
    s.landed();
    EXPECT_NE(s.get(), nullptr);
}
