#include <gtest/gtest.h>

#include <chrono>
#include <optional>

#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/membership_repository.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::store {
namespace {

using namespace std::chrono;

database migrated() {
    database db(":memory:");
    apply_migrations(db);
    return db;
}

domain::network skr_network() {
    domain::network n;
    n.name = "Medborgarbudget – nätverk för kommuner och regioner";
    n.description = "Två år.\nMed möjlighet till förlängning.";
    n.starts_on = year{2022} / month{11} / day{1};
    n.ends_on = year{2024} / month{10} / day{31};
    return n;
}

void expect_same(const domain::network& a, const domain::network& b) {
    EXPECT_EQ(a.network_id, b.network_id);
    EXPECT_EQ(a.name, b.name);
    EXPECT_EQ(a.description, b.description);
    EXPECT_EQ(a.starts_on, b.starts_on);
    EXPECT_EQ(a.ends_on, b.ends_on);
    EXPECT_EQ(a.extended_until, b.extended_until);
}

TEST(NetworkRepository, RoundTripsWithoutExtension) {
    auto db = migrated();
    auto n = skr_network();
    n.network_id = insert_network(db, n);
    EXPECT_GT(n.network_id, 0);
    const auto found = find_network(db, n.network_id);
    ASSERT_TRUE(found);
    expect_same(*found, n);
    EXPECT_FALSE(found->extended_until);
}

TEST(NetworkRepository, UpdatesEveryColumnAndClearsExtension) {
    auto db = migrated();
    auto n = skr_network();
    n.extended_until = year{2025} / month{6} / day{30};
    n.network_id = insert_network(db, n);
    expect_same(*find_network(db, n.network_id), n);

    n.name = "Nytt namn";
    n.description = "";
    n.starts_on = year{2022} / month{12} / day{1};
    n.ends_on = year{2025} / month{2} / day{28};
    n.extended_until.reset();
    EXPECT_TRUE(update_network(db, n));
    expect_same(*find_network(db, n.network_id), n);
}

TEST(NetworkRepository, MissingNetwork) {
    auto db = migrated();
    EXPECT_FALSE(find_network(db, 42));
    auto n = skr_network();
    n.network_id = 42;
    EXPECT_FALSE(update_network(db, n));
    EXPECT_TRUE(list_networks(db).empty());
}

TEST(NetworkRepository, ListsByIdAndKeepsExplicitIds) {
    auto db = migrated();
    auto a = skr_network();
    a.network_id = 7;
    EXPECT_EQ(insert_network(db, a), 7);
    auto b = skr_network();
    b.name = "Andra";
    const auto b_id = insert_network(db, b);
    EXPECT_EQ(b_id, 8);
    const auto all = list_networks(db);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].network_id, 7);
    EXPECT_EQ(all[1].name, "Andra");
    EXPECT_THROW(insert_network(db, a), store_error);  // id 7 taken
}

TEST(NetworkRepository, InvalidPeriodIsAConstraintError) {
    auto db = migrated();
    auto n = skr_network();
    n.ends_on = n.starts_on;
    try {
        insert_network(db, n);
        FAIL();
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_constraint());
    }
}

TEST(NetworkRepository, CorruptDateIsReported) {
    auto db = migrated();
    const auto id = insert_network(db, skr_network());
    // A hand edit that still matches the GLOB but is no calendar date.
    db.exec("UPDATE networks SET starts_on = '2022-02-30' WHERE network_id = " +
            std::to_string(id));
    EXPECT_THROW(find_network(db, id), store_error);
}

TEST(OrganisationRepository, RoundTripsSwedishNames) {
    auto db = migrated();
    domain::organisation o{0, "Södermöre kommundelsnämnd", domain::org_kind::other};
    o.organisation_id = insert_organisation(db, o);
    const auto found = find_organisation(db, o.organisation_id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->name, "Södermöre kommundelsnämnd");
    EXPECT_EQ(found->kind, domain::org_kind::other);
    EXPECT_FALSE(find_organisation(db, o.organisation_id + 1));
}

TEST(OrganisationRepository, FindsByNameIgnoringCase) {
    auto db = migrated();
    const auto id = insert_organisation(db, {0, "Region Kalmar län", domain::org_kind::region});
    const auto found = find_organisation_by_name(db, "REGION KALMAR län");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->organisation_id, id);
    EXPECT_FALSE(find_organisation_by_name(db, "Region Kalmar"));
    // NOCASE folds ASCII only: "Ä" and "ä" still differ (see organisation_repository.hpp).
    EXPECT_FALSE(find_organisation_by_name(db, "Region Kalmar LÄN"));
}

TEST(OrganisationRepository, DuplicateNameIsAConstraintError) {
    auto db = migrated();
    insert_organisation(db, {0, "Kalmar kommun", domain::org_kind::municipality});
    try {
        insert_organisation(db, {0, "kalmar KOMMUN", domain::org_kind::municipality});
        FAIL() << "duplicate name accepted";
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_constraint());
    }
}

TEST(OrganisationRepository, UpdatesAndLists) {
    auto db = migrated();
    const auto b = insert_organisation(db, {0, "Botkyrka kommun", domain::org_kind::municipality});
    const auto a = insert_organisation(db, {0, "Alingsås kommun", domain::org_kind::municipality});
    EXPECT_TRUE(update_organisation(db, {b, "Region Botkyrka", domain::org_kind::region}));
    EXPECT_FALSE(update_organisation(db, {999, "X", domain::org_kind::other}));
    const auto all = list_organisations(db);
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].organisation_id, a);
    EXPECT_EQ(all[1].name, "Region Botkyrka");
    EXPECT_EQ(all[1].kind, domain::org_kind::region);
}

class MembershipRepository : public ::testing::Test {
  protected:
    void SetUp() override {
        network_ = insert_network(db_, skr_network());
        auto other = skr_network();
        other.name = "Annat nätverk";
        other_network_ = insert_network(db_, other);
        org_ = insert_organisation(db_, {0, "Södermöre kommundelsnämnd", domain::org_kind::other});
        other_org_ = insert_organisation(db_, {0, "Region Kalmar län", domain::org_kind::region});
    }

    domain::membership membership(domain::id network, domain::id org) const {
        domain::membership m;
        m.network_id = network;
        m.organisation_id = org;
        m.basis = {"Södermöre kommundelsnämnd", "SKDN 2022/0104", year{2022} / month{9} / day{14}};
        m.admitted_at = sys_days{year{2022} / month{10} / day{3}} + hours{8};
        return m;
    }

    database db_ = migrated();
    domain::id network_ = 0;
    domain::id other_network_ = 0;
    domain::id org_ = 0;
    domain::id other_org_ = 0;
};

TEST_F(MembershipRepository, RoundTripsDecision) {
    const auto m = membership(network_, org_);
    upsert_membership(db_, m);
    const auto found = find_membership(db_, network_, org_);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->network_id, network_);
    EXPECT_EQ(found->organisation_id, org_);
    EXPECT_EQ(found->basis.deciding_body, "Södermöre kommundelsnämnd");
    EXPECT_EQ(found->basis.diary_number, "SKDN 2022/0104");
    EXPECT_EQ(found->basis.decided_on, m.basis.decided_on);
    EXPECT_EQ(found->admitted_at, m.admitted_at);
    EXPECT_FALSE(find_membership(db_, network_, other_org_));
}

TEST_F(MembershipRepository, UpsertReplacesTheDecision) {
    upsert_membership(db_, membership(network_, org_));
    auto again = membership(network_, org_);
    again.basis.diary_number = "SKDN 2023/0007";
    again.admitted_at += hours{24};
    upsert_membership(db_, again);
    const auto all = list_memberships(db_, network_);
    ASSERT_EQ(all.size(), 1u);
    EXPECT_EQ(all[0].basis.diary_number, "SKDN 2023/0007");
    EXPECT_EQ(all[0].admitted_at, again.admitted_at);
}

TEST_F(MembershipRepository, ListsPerNetworkAllAndPerOrganisation) {
    upsert_membership(db_, membership(network_, other_org_));
    upsert_membership(db_, membership(network_, org_));
    upsert_membership(db_, membership(other_network_, org_));

    const auto of_network = list_memberships(db_, network_);
    ASSERT_EQ(of_network.size(), 2u);
    EXPECT_EQ(of_network[0].organisation_id, org_);
    EXPECT_EQ(of_network[1].organisation_id, other_org_);

    const auto all = list_memberships(db_, std::nullopt);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[2].network_id, other_network_);

    const auto of_org = memberships_of(db_, org_);
    ASSERT_EQ(of_org.size(), 2u);
    EXPECT_EQ(of_org[0].network_id, network_);
    EXPECT_EQ(of_org[1].network_id, other_network_);
    EXPECT_TRUE(memberships_of(db_, 999).empty());
}

TEST_F(MembershipRepository, UnknownNetworkOrOrganisationIsAConstraintError) {
    try {
        upsert_membership(db_, membership(999, org_));
        FAIL();
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_constraint());
    }
    EXPECT_THROW(upsert_membership(db_, membership(network_, 999)), store_error);
}

}  // namespace
}  // namespace traffpunkt::store
