// Who sees a poll (PROTOCOL.md, Polls: Who sees a poll): a draft looks like an unknown poll to
// everyone but staff, and devices see link polls only.
#include "polls/poll_shared.hpp"

#include <gtest/gtest.h>

namespace traffpunkt::service {
namespace {

domain::poll poll_of(domain::poll_status status, domain::poll_audience audience) {
    domain::poll p;
    p.status = status;
    p.audience = audience;
    return p;
}

using domain::poll_audience;
using domain::poll_status;

TEST(PollSight, StaffSeeEveryPoll) {
    poll_viewer staff{true, false, false, false};
    for (auto status : {poll_status::draft, poll_status::open, poll_status::closed}) {
        EXPECT_EQ(sight_of(staff, poll_of(status, poll_audience::registered)),
                  poll_sight::readable);
    }
}

TEST(PollSight, ADraftIsHiddenFromEveryoneElseReaderOrNot) {
    for (bool reader : {false, true}) {
        for (bool device : {false, true}) {
            const poll_viewer v{false, reader, device, true};
            EXPECT_EQ(sight_of(v, poll_of(poll_status::draft, poll_audience::link)),
                      poll_sight::hidden)
                << reader << device;
        }
    }
    // So is any poll of a draft meeting the caller may not see.
    const poll_viewer outside{false, true, false, false};
    EXPECT_EQ(sight_of(outside, poll_of(poll_status::open, poll_audience::link)),
              poll_sight::hidden);
}

TEST(PollSight, OthersAreRefusedOrRead) {
    const poll_viewer stranger{false, false, false, true};
    EXPECT_EQ(sight_of(stranger, poll_of(poll_status::open, poll_audience::link)),
              poll_sight::refused);
    const poll_viewer participant{false, true, false, true};
    EXPECT_EQ(sight_of(participant, poll_of(poll_status::open, poll_audience::registered)),
              poll_sight::readable);
    EXPECT_EQ(sight_of(participant, poll_of(poll_status::closed, poll_audience::link)),
              poll_sight::readable);
}

TEST(PollSight, DevicesTakePartInLinkPollsOnly) {
    const poll_viewer device{false, true, true, true};
    EXPECT_EQ(sight_of(device, poll_of(poll_status::open, poll_audience::link)),
              poll_sight::readable);
    EXPECT_EQ(sight_of(device, poll_of(poll_status::open, poll_audience::registered)),
              poll_sight::refused);
    EXPECT_EQ(sight_of(device, poll_of(poll_status::closed, poll_audience::registered)),
              poll_sight::refused);
}

}  // namespace
}  // namespace traffpunkt::service
