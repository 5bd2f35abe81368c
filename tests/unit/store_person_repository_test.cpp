#include <gtest/gtest.h>

#include <chrono>

#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::store {
namespace {

using namespace std::chrono;

class PersonRepository : public ::testing::Test {
  protected:
    void SetUp() override {
        apply_migrations(db_);
        org_ = insert_organisation(db_, {0, "Region Kalmar län", domain::org_kind::region});
    }

    domain::person asa() const {
        domain::person p;
        p.name = "Åsa Öberg";
        p.email = "Asa.Oberg@RegionKalmar.se";
        p.organisation_id = org_;
        p.role = domain::person_role::elected;
        return p;
    }

    database db_{":memory:"};
    domain::id org_ = 0;
    domain::instant now_ = sys_days{year{2022} / month{10} / day{1}} + hours{9};
};

TEST_F(PersonRepository, RoundTrips) {
    auto p = asa();
    p.person_id = insert_person(db_, p, now_);
    const auto found = find_person(db_, p.person_id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->person_id, p.person_id);
    EXPECT_EQ(found->name, "Åsa Öberg");
    EXPECT_EQ(found->email, "Asa.Oberg@RegionKalmar.se");
    EXPECT_EQ(found->organisation_id, org_);
    EXPECT_EQ(found->role, domain::person_role::elected);
    EXPECT_FALSE(find_person(db_, p.person_id + 1));
}

TEST_F(PersonRepository, ListsWithTheMailLanguage) {
    auto p = asa();
    p.person_id = insert_person(db_, p, now_);
    ASSERT_TRUE(set_person_language(db_, p.person_id, domain::person_language::en));
    // Every reader of a person reads the same columns: find, by e-mail and the list.
    EXPECT_EQ(find_person(db_, p.person_id)->language, domain::person_language::en);
    const auto listed = list_persons(db_);
    ASSERT_EQ(listed.size(), 1u);
    EXPECT_EQ(listed.front().language, domain::person_language::en);
    EXPECT_EQ(list_persons(db_, org_).size(), 1u);
    EXPECT_TRUE(list_persons(db_, org_ + 1).empty());
}

TEST_F(PersonRepository, FindsByEmailIgnoringCase) {
    const auto id = insert_person(db_, asa(), now_);
    const auto found = find_person_by_email(db_, "asa.oberg@regionkalmar.se");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->person_id, id);
    EXPECT_FALSE(find_person_by_email(db_, "asa@regionkalmar.se"));
}

TEST_F(PersonRepository, DuplicateEmailInOtherCaseIsAConstraintError) {
    insert_person(db_, asa(), now_);
    auto twin = asa();
    twin.name = "Någon annan";
    twin.email = "ASA.OBERG@regionkalmar.SE";
    try {
        insert_person(db_, twin, now_);
        FAIL() << "duplicate e-mail accepted";
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_constraint());
        EXPECT_FALSE(e.is_unavailable());
    }
}

TEST_F(PersonRepository, UnknownOrganisationIsAConstraintError) {
    auto p = asa();
    p.organisation_id = 999;
    try {
        insert_person(db_, p, now_);
        FAIL();
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_constraint());
    }
}

TEST_F(PersonRepository, Updates) {
    auto p = asa();
    p.person_id = insert_person(db_, p, now_);
    p.name = "Åsa Öberg-Lind";
    p.email = "asa.lind@regionkalmar.se";
    p.role = domain::person_role::official;
    EXPECT_TRUE(update_person(db_, p));
    const auto found = find_person(db_, p.person_id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->name, "Åsa Öberg-Lind");
    EXPECT_EQ(found->email, "asa.lind@regionkalmar.se");
    EXPECT_EQ(found->role, domain::person_role::official);
    p.person_id = 999;
    EXPECT_FALSE(update_person(db_, p));
}

TEST_F(PersonRepository, UpdateToAnotherPersonsEmailIsAConstraintError) {
    insert_person(db_, asa(), now_);
    auto other = asa();
    other.email = "other@regionkalmar.se";
    other.person_id = insert_person(db_, other, now_);
    other.email = "asa.oberg@regionkalmar.se";
    try {
        update_person(db_, other);
        FAIL();
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_constraint());
    }
}

}  // namespace
}  // namespace traffpunkt::store
