#include <gtest/gtest.h>

#include <chrono>

#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/idempotency_repository.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/store_error.hpp"
#include "traffpunkt/store/token_repository.hpp"

namespace traffpunkt::store {
namespace {

using namespace std::chrono;

class TokenRepository : public ::testing::Test {
  protected:
    void SetUp() override {
        apply_migrations(db_);
        const auto org =
            insert_organisation(db_, {0, "Kalmar kommun", domain::org_kind::municipality});
        domain::person p;
        p.name = "Göran";
        p.email = "goran@kalmar.se";
        p.organisation_id = org;
        person_ = insert_person(db_, p, now_);
    }

    database db_{":memory:"};
    domain::id person_ = 0;
    domain::instant now_ = sys_days{year{2022} / month{10} / day{1}} + hours{9};
};

TEST_F(TokenRepository, RoundTripsParticipantToken) {
    const auto id = insert_token(db_, "hash-1", "participant", person_, "Göran (Kalmar)", now_);
    const auto found = find_active_token(db_, "hash-1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->token_id, id);
    EXPECT_EQ(found->role, "participant");
    EXPECT_EQ(found->person_id, person_);
    EXPECT_EQ(found->name, "Göran (Kalmar)");
    EXPECT_EQ(found->created_at, now_);
    EXPECT_FALSE(found->revoked_at);
    EXPECT_FALSE(find_active_token(db_, "hash-2"));
}

TEST_F(TokenRepository, CoordinatorTokenHasNoPerson) {
    insert_token(db_, "hash-c", "coordinator", std::nullopt, "", now_);
    const auto found = find_active_token(db_, "hash-c");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->role, "coordinator");
    EXPECT_FALSE(found->person_id);
    EXPECT_EQ(found->name, "");
}

TEST_F(TokenRepository, RefusesDuplicateHashUnknownRoleAndPersonlessParticipant) {
    insert_token(db_, "hash-1", "participant", person_, "", now_);
    const auto constraint = [&](auto insert) {
        try {
            insert();
        } catch (const store_error& e) {
            return e.is_constraint();
        }
        return false;
    };
    EXPECT_TRUE(
        constraint([&] { insert_token(db_, "hash-1", "coordinator", std::nullopt, "", now_); }));
    EXPECT_TRUE(constraint([&] { insert_token(db_, "hash-2", "admin", std::nullopt, "", now_); }));
    EXPECT_TRUE(
        constraint([&] { insert_token(db_, "hash-3", "participant", std::nullopt, "", now_); }));
    EXPECT_TRUE(constraint([&] { insert_token(db_, "hash-4", "participant", 999, "", now_); }));
}

TEST_F(TokenRepository, RevokesById) {
    const auto id = insert_token(db_, "hash-1", "participant", person_, "", now_);
    EXPECT_TRUE(revoke_token(db_, id, now_ + hours{1}));
    EXPECT_FALSE(find_active_token(db_, "hash-1"));
    EXPECT_FALSE(revoke_token(db_, id, now_ + hours{2}));  // already revoked
    EXPECT_FALSE(revoke_token(db_, id + 1, now_));
    auto st = db_.prepare("SELECT revoked_at FROM tokens WHERE token_id = ?");
    st.bind_all(id);
    ASSERT_TRUE(st.step());
    EXPECT_EQ(st.int64(0), (now_ + hours{1}).time_since_epoch().count());
}

TEST_F(TokenRepository, RevokesByHash) {
    insert_token(db_, "hash-1", "participant", person_, "", now_);
    insert_token(db_, "hash-2", "participant", person_, "", now_);
    EXPECT_TRUE(revoke_token_by_hash(db_, "hash-1", now_));
    EXPECT_FALSE(revoke_token_by_hash(db_, "hash-1", now_));
    EXPECT_FALSE(revoke_token_by_hash(db_, "nope", now_));
    EXPECT_FALSE(find_active_token(db_, "hash-1"));
    EXPECT_TRUE(find_active_token(db_, "hash-2"));
}

TEST_F(TokenRepository, ListsEveryTokenRevokedIncluded) {
    const auto a = insert_token(db_, "hash-1", "coordinator", std::nullopt, "SKR", now_);
    const auto b = insert_token(db_, "hash-2", "participant", person_, "", now_);
    revoke_token(db_, a, now_ + hours{1});
    const auto all = list_tokens(db_);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].token_id, a);
    EXPECT_EQ(all[0].name, "SKR");
    EXPECT_EQ(all[0].revoked_at, now_ + hours{1});
    EXPECT_EQ(all[1].token_id, b);
    EXPECT_EQ(all[1].person_id, person_);
    EXPECT_FALSE(all[1].revoked_at);
}

TEST_F(TokenRepository, IdempotencyRoundTrip) {
    EXPECT_FALSE(find_idem(db_, "person:1", "k-1"));
    insert_idem(db_, "person:1", "k-1", "meeting.create", R"({"meeting":{"title":"Träff"}})", now_);
    const auto found = find_idem(db_, "person:1", "k-1");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->op, "meeting.create");
    EXPECT_EQ(found->response, R"({"meeting":{"title":"Träff"}})");
    // Keys are per principal.
    EXPECT_FALSE(find_idem(db_, "person:2", "k-1"));
    EXPECT_NO_THROW(insert_idem(db_, "person:2", "k-1", "meeting.update", "{}", now_));
}

TEST_F(TokenRepository, IdempotencyKeyReuseIsAConstraintError) {
    insert_idem(db_, "coordinator:1", "k", "network.create", "{}", now_);
    try {
        insert_idem(db_, "coordinator:1", "k", "network.create", "{}", now_);
        FAIL();
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_constraint());
    }
}

TEST_F(TokenRepository, IdempotencyPruning) {
    insert_idem(db_, "p", "old", "op", "{}", now_ - hours{48});
    insert_idem(db_, "p", "new", "op", "{}", now_);
    EXPECT_EQ(delete_idem_before(db_, now_ - hours{24}), 1);
    EXPECT_FALSE(find_idem(db_, "p", "old"));
    EXPECT_TRUE(find_idem(db_, "p", "new"));
}

}  // namespace
}  // namespace traffpunkt::store
