#include <gtest/gtest.h>

#include <chrono>

#include "support/test_instant.hpp"
#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/minutes_repository.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::store {
namespace {

using namespace std::chrono;

using test::at;

class MinutesRepository : public ::testing::Test {
  protected:
    void SetUp() override {
        apply_migrations(db_);
        domain::network n;
        n.name = "Medborgarbudget";
        n.starts_on = year{2022} / month{9} / day{1};
        n.ends_on = year{2024} / month{8} / day{31};
        const auto network = insert_network(db_, n);
        for (auto* id : {&meeting_, &other_meeting_}) {
            domain::meeting m;
            m.network_id = network;
            m.title = "Träff";
            m.starts_at = at("2022-11-25T09:00:00Z");
            m.ends_at = m.starts_at + hours(6);
            m.created_at = m.updated_at = now_;
            *id = insert_meeting(db_, m);
        }
        domain::person p;
        p.name = "Anna Lindqvist";
        p.email = "anna@kalmar.se";
        p.organisation_id =
            insert_organisation(db_, {0, "Kalmar kommun", domain::org_kind::municipality});
        anna_ = insert_person(db_, p, now_);
    }

    database db_{":memory:"};
    domain::instant now_ = at("2022-11-25T15:00:00Z");
    domain::id meeting_ = 0;
    domain::id other_meeting_ = 0;
    domain::id anna_ = 0;
};

TEST_F(MinutesRepository, KeepsEveryVersionAndTheCurrentOne) {
    EXPECT_FALSE(find_minutes(db_, meeting_));
    domain::meeting_minutes m;
    m.meeting_id = meeting_;
    ASSERT_FALSE(domain::edit_minutes(m, 0, "Första", now_));
    store_minutes(db_, m, domain::minutes_action::edit, anna_, "Anna Lindqvist");
    ASSERT_FALSE(domain::edit_minutes(m, 1, "Andra, med å", now_ + minutes{1}));
    store_minutes(db_, m, domain::minutes_action::edit, anna_, "Anna Lindqvist");
    ASSERT_FALSE(domain::submit_minutes(m, 2, now_ + minutes{2}));
    store_minutes(db_, m, domain::minutes_action::submit, std::nullopt, "coordinator");

    EXPECT_EQ(find_minutes(db_, meeting_), m);
    const auto versions = list_minutes_versions(db_, meeting_);
    ASSERT_EQ(versions.size(), 3u);
    EXPECT_EQ(versions[0].version, 1);
    EXPECT_TRUE(versions[0].text.empty()) << "the list leaves texts out";
    EXPECT_EQ(versions[1].text_length, 12) << "code points, not bytes";
    EXPECT_EQ(versions[2].action, domain::minutes_action::submit);
    EXPECT_EQ(versions[2].status, domain::minutes_status::for_review);
    EXPECT_FALSE(versions[2].person_id);
    EXPECT_EQ(versions[2].changed_by, "coordinator");

    const auto first = find_minutes_version(db_, meeting_, 1);
    ASSERT_TRUE(first);
    EXPECT_EQ(first->text, "Första");
    EXPECT_EQ(first->person_id, anna_);
    EXPECT_FALSE(find_minutes_version(db_, meeting_, 4));
    EXPECT_FALSE(find_minutes_version(db_, other_meeting_, 1));
}

TEST_F(MinutesRepository, ASecondWriterOfOneVersionFails) {
    domain::meeting_minutes m;
    m.meeting_id = meeting_;
    ASSERT_FALSE(domain::edit_minutes(m, 0, "Text", now_));
    store_minutes(db_, m, domain::minutes_action::edit, anna_, "Anna");
    m.text = "Annan text, samma version";
    try {
        store_minutes(db_, m, domain::minutes_action::edit, anna_, "Anna");
        FAIL() << "a version was stored twice";
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_constraint());
    }
}

}  // namespace
}  // namespace traffpunkt::store
