// Audience devices in SQLite (migration 7): revocation is a stored fact that finding a token
// honours, and the live count per meeting (kept by triggers) follows joins, votes, the time a
// device may stay unused, revocation and deletion, as PROTOCOL.md (Limits) defines live.
#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "traffpunkt/store/audience_repository.hpp"
#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/poll_repository.hpp"

namespace traffpunkt::store {
namespace {

using namespace std::chrono;

class AudienceRepository : public ::testing::Test {
  protected:
    void SetUp() override {
        apply_migrations(db_);
        domain::network n;
        n.name = "Medborgarbudget";
        n.starts_on = year{2022} / month{9} / day{1};
        n.ends_on = year{2024} / month{8} / day{31};
        const auto network = insert_network(db_, n);
        meeting_ = insert_meeting(db_, meeting(network));
        other_ = insert_meeting(db_, meeting(network));
        domain::poll p;
        p.meeting_id = meeting_;
        p.kind = domain::poll_kind::single;
        p.question = "Ja eller nej?";
        p.options = {{1, "Ja"}, {2, "Nej"}};
        p.audience = domain::poll_audience::link;
        poll_ = insert_poll(db_, p, 100);
    }

    static domain::meeting meeting(domain::id network) {
        domain::meeting m;
        m.network_id = network;
        m.title = "Uppstartsträff";
        m.starts_at = domain::parse_instant("2022-11-25T09:00:00Z").value();
        m.ends_at = m.starts_at + hours(6);
        m.created_at = m.updated_at = m.starts_at;
        return m;
    }

    domain::id join(std::int64_t at, domain::id meeting_id = 0) {
        return insert_audience_token(db_, "hash-" + std::to_string(++tokens_),
                                     meeting_id == 0 ? meeting_ : meeting_id, at);
    }

    void vote(domain::id token_id) { insert_voter(db_, poll_, "a:" + std::to_string(token_id)); }

    database db_{":memory:"};
    domain::id meeting_ = 0;
    domain::id other_ = 0;
    domain::id poll_ = 0;
    int tokens_ = 0;
};

TEST_F(AudienceRepository, JoinedDevicesAreLiveUntilTheirUnusedTimeIsSettled) {
    const auto a = join(100);
    const auto b = join(200);
    join(300);
    join(100, other_);
    EXPECT_EQ(count_live_audience_tokens(db_, meeting_), 3);
    vote(a);
    // At 1000 with 800 s of unused time: b (joined at 200) has run out, the one at 300 not,
    // and a voted. Settling touches this meeting only.
    settle_audience_tokens(db_, meeting_, 1000 - 800);
    EXPECT_EQ(count_live_audience_tokens(db_, meeting_), 2);
    EXPECT_EQ(count_live_audience_tokens(db_, other_), 1);
    // Settling again changes nothing; a late vote makes b live again, once.
    settle_audience_tokens(db_, meeting_, 1000 - 800);
    EXPECT_EQ(count_live_audience_tokens(db_, meeting_), 2);
    vote(b);
    EXPECT_EQ(count_live_audience_tokens(db_, meeting_), 3);
    settle_audience_tokens(db_, meeting_, 5000);
    EXPECT_EQ(count_live_audience_tokens(db_, meeting_), 2) << "voted devices stay live";
    // A device is still found (not revoked) when it no longer counts.
    EXPECT_TRUE(find_audience_token(db_, "hash-3"));
}

TEST_F(AudienceRepository, RevokedDevicesAreNotFoundAndNoLongerCount) {
    const auto a = join(100);
    const auto b = join(100);
    const auto c = join(100);
    const auto foreign = join(100, other_);
    vote(a);
    EXPECT_EQ(revoke_audience_tokens(db_, meeting_, {b, foreign, b, 999}, 500),
              std::vector<domain::id>{b})
        << "another meeting's device, a repeat and an unknown id are left out";
    EXPECT_FALSE(find_audience_token(db_, "hash-2"));
    EXPECT_TRUE(is_audience_token_revoked(db_, b));
    EXPECT_FALSE(is_audience_token_revoked(db_, a));
    EXPECT_TRUE(is_audience_token_revoked(db_, 999)) << "an unknown device is no device";
    EXPECT_EQ(count_live_audience_tokens(db_, meeting_), 2);
    // Rotating the link: the devices that never voted go, the voter stays.
    EXPECT_EQ(revoke_meeting_audience_tokens(db_, meeting_, 600, true), 1);
    EXPECT_TRUE(is_audience_token_revoked(db_, c));
    EXPECT_FALSE(is_audience_token_revoked(db_, a));
    EXPECT_EQ(count_live_audience_tokens(db_, meeting_), 1);
    // A revoked device that votes (a vote already on its way) does not come back to life.
    vote(c);
    EXPECT_EQ(count_live_audience_tokens(db_, meeting_), 1);
    EXPECT_EQ(revoke_meeting_audience_tokens(db_, meeting_, 700, false), 1);
    EXPECT_EQ(count_live_audience_tokens(db_, meeting_), 0);
    EXPECT_FALSE(is_audience_token_revoked(db_, foreign));
    EXPECT_EQ(count_live_audience_tokens(db_, other_), 1);
}

TEST_F(AudienceRepository, ListAndCountsDescribeEveryDevice) {
    const auto a = join(100);
    const auto b = join(200);
    const auto c = join(300);
    vote(a);
    revoke_audience_tokens(db_, meeting_, {c}, 400);
    const auto page = list_audience_devices(db_, meeting_, 0, 2);
    ASSERT_EQ(page.size(), 2u);
    EXPECT_EQ(page[0].token_id, a);
    EXPECT_TRUE(page[0].voted);
    EXPECT_EQ(page[0].joined_at, 100);
    EXPECT_FALSE(page[1].revoked_at);
    const auto rest = list_audience_devices(db_, meeting_, page.back().token_id, 2);
    ASSERT_EQ(rest.size(), 1u);
    EXPECT_EQ(rest[0].token_id, c);
    EXPECT_EQ(rest[0].revoked_at, 400);
    // Live now, with devices joined after 150 still within their unused time: a (voted), b.
    const auto counts = count_audience_devices(db_, meeting_, 150);
    EXPECT_EQ(counts.joined, 3);
    EXPECT_EQ(counts.live, 2);
    EXPECT_EQ(counts.voted, 1);
    EXPECT_EQ(counts.revoked, 1);
    EXPECT_EQ(count_audience_devices(db_, meeting_, 250).live, 1) << "b ran out by then";
    (void)b;
}

TEST_F(AudienceRepository, DeletingADeviceKeepsTheCountsRight) {
    join(100);
    join(100);
    EXPECT_EQ(count_live_audience_tokens(db_, meeting_), 2);
    db_.exec("DELETE FROM audience_tokens WHERE token_hash = 'hash-1'");
    EXPECT_EQ(count_live_audience_tokens(db_, meeting_), 1);
    EXPECT_EQ(count_audience_tokens(db_, meeting_), 1);
}

}  // namespace
}  // namespace traffpunkt::store
