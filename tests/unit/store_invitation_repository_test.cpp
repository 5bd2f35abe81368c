#include <gtest/gtest.h>

#include <chrono>

#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/invitation_repository.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::store {
namespace {

using namespace std::chrono;

class InvitationRepository : public ::testing::Test {
  protected:
    void SetUp() override {
        apply_migrations(db_);
        kalmar_ = insert_organisation(db_, {0, "Kalmar kommun", domain::org_kind::municipality});
        orebro_ = insert_organisation(db_, {0, "Örebro kommun", domain::org_kind::municipality});
    }

    database db_{":memory:"};
    domain::instant now_ = sys_days{year{2022} / month{10} / day{1}} + hours{9};
    domain::id kalmar_ = 0, orebro_ = 0;
};

TEST_F(InvitationRepository, OneValidCodePerOrganisation) {
    EXPECT_FALSE(active_invitation_of(db_, kalmar_));
    insert_invitation(db_, kalmar_, "hash-1", now_);
    EXPECT_EQ(find_active_invitation(db_, "hash-1")->organisation_id, kalmar_);
    EXPECT_EQ(active_invitation_of(db_, kalmar_)->created_at, now_);
    EXPECT_THROW(insert_invitation(db_, kalmar_, "hash-2", now_), store_error);
    EXPECT_THROW(insert_invitation(db_, orebro_, "hash-1", now_), store_error);
    EXPECT_THROW(insert_invitation(db_, 999, "hash-3", now_), store_error);

    // Rotation: revoke, then a new code; the old one no longer finds anything.
    EXPECT_TRUE(revoke_invitation_of(db_, kalmar_, now_ + hours(1)));
    EXPECT_FALSE(revoke_invitation_of(db_, kalmar_, now_ + hours(1)));
    EXPECT_FALSE(find_active_invitation(db_, "hash-1"));
    insert_invitation(db_, kalmar_, "hash-2", now_ + hours(1));
    EXPECT_EQ(find_active_invitation(db_, "hash-2")->organisation_id, kalmar_);
    EXPECT_FALSE(find_active_invitation(db_, "unknown"));
}

TEST_F(InvitationRepository, UnknownOrganisationHasNoInvitationToRevoke) {
    EXPECT_FALSE(revoke_invitation_of(db_, 999, now_));
    EXPECT_FALSE(active_invitation_of(db_, 999));
}

}  // namespace
}  // namespace traffpunkt::store
