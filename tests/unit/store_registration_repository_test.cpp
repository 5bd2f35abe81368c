#include <gtest/gtest.h>

#include <chrono>

#include "support/test_instant.hpp"
#include "traffpunkt/store/database.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/membership_repository.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/registration_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::store {
namespace {

using namespace std::chrono;

using test::at;

class RegistrationRepository : public ::testing::Test {
  protected:
    void SetUp() override {
        apply_migrations(db_);
        domain::network n;
        n.name = "Medborgarbudget";
        n.starts_on = year{2022} / month{9} / day{1};
        n.ends_on = year{2024} / month{8} / day{31};
        network_ = insert_network(db_, n);
        kalmar_ = insert_organisation(db_, {0, "Kalmar kommun", domain::org_kind::municipality});
        orebro_ = insert_organisation(db_, {0, "Örebro kommun", domain::org_kind::municipality});
        botkyrka_ =
            insert_organisation(db_, {0, "Botkyrka kommun", domain::org_kind::municipality});
        for (const auto org : {kalmar_, orebro_}) {
            upsert_membership(db_, {network_, org, {"KS", "KS 2022/1", year{2022} / 9 / 1}, now_});
        }
        asa_ =
            person("Åsa Öberg, \"Kalle\"", "asa@kalmar.se", kalmar_, domain::person_role::elected);
        erik_ = person("Erik Ek", "erik@orebro.se", orebro_, domain::person_role::official);
        lina_ = person("Lina Lund", "lina@kalmar.se", kalmar_, domain::person_role::official);
        meeting_ = meeting(domain::meeting_status::published);
    }

    domain::id person(const char* name, const char* email, domain::id org,
                      domain::person_role role) {
        domain::person p;
        p.name = name;
        p.email = email;
        p.organisation_id = org;
        p.role = role;
        return insert_person(db_, p, now_);
    }

    domain::id meeting(domain::meeting_status status, const char* starts = "2022-11-25T09:00:00Z") {
        domain::meeting m;
        m.network_id = network_;
        m.title = "Träff";
        m.starts_at = at(starts);
        m.ends_at = m.starts_at + hours(6);
        m.format = domain::meeting_format::hybrid;
        m.capacity_in_person = 2;
        m.in_person_quota_per_org = 1;
        m.status = status;
        m.created_at = m.updated_at = now_;
        return insert_meeting(db_, m);
    }

    domain::registration reg(
        domain::id meeting, domain::id person, domain::id org, std::int64_t arrival,
        domain::registration_status status = domain::registration_status::confirmed,
        domain::attendance_mode mode = domain::attendance_mode::in_person) {
        domain::registration r;
        r.meeting_id = meeting;
        r.person_id = person;
        r.organisation_id = org;
        r.mode = mode;
        r.status = status;
        r.arrival = arrival;
        r.checkin_code = "C" + std::to_string(arrival) + "-" + std::to_string(person);
        r.registered_at = r.updated_at = now_;
        return r;
    }

    database db_{":memory:"};
    domain::instant now_ = at("2022-10-01T09:00:00Z");
    domain::id network_ = 0, kalmar_ = 0, orebro_ = 0, botkyrka_ = 0;
    domain::id asa_ = 0, erik_ = 0, lina_ = 0, meeting_ = 0;
};

TEST_F(RegistrationRepository, RoundTripsEveryColumn) {
    auto r = reg(meeting_, asa_, kalmar_, 1, domain::registration_status::waitlisted,
                 domain::attendance_mode::remote);
    r.dietary_needs = "Vegansk;\n\"inga nötter\"";
    r.accessibility_needs = "Hörslinga";
    r.checked_in_at = at("2022-11-25T08:30:00Z");
    r.registration_id = insert_registration(db_, r);
    const auto found = find_registration(db_, r.registration_id);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->meeting_id, meeting_);
    EXPECT_EQ(found->person_id, asa_);
    EXPECT_EQ(found->organisation_id, kalmar_);
    EXPECT_EQ(found->mode, domain::attendance_mode::remote);
    EXPECT_EQ(found->status, domain::registration_status::waitlisted);
    EXPECT_EQ(found->arrival, 1);
    EXPECT_EQ(found->dietary_needs, r.dietary_needs);
    EXPECT_EQ(found->accessibility_needs, "Hörslinga");
    EXPECT_EQ(found->checkin_code, r.checkin_code);
    EXPECT_EQ(found->registered_at, now_);
    EXPECT_EQ(found->checked_in_at, r.checked_in_at);
    EXPECT_FALSE(find_registration(db_, r.registration_id + 1));
}

TEST_F(RegistrationRepository, ExplicitIdsAreKeptAndMaxIdFollows) {
    EXPECT_EQ(max_registration_id(db_), 0);
    auto r = reg(meeting_, asa_, kalmar_, 1);
    r.registration_id = 41;
    EXPECT_EQ(insert_registration(db_, r), 41);
    EXPECT_EQ(max_registration_id(db_), 41);
}

TEST_F(RegistrationRepository, OneActiveRegistrationPerPersonAndMeeting) {
    auto first = reg(meeting_, asa_, kalmar_, 1);
    first.registration_id = insert_registration(db_, first);
    try {
        insert_registration(db_, reg(meeting_, asa_, kalmar_, 2));
        FAIL() << "a second active registration was stored";
    } catch (const store_error& e) {
        EXPECT_TRUE(e.is_constraint());
    }
    // Once cancelled, the person may register again; the cancelled one stays as history.
    first.status = domain::registration_status::cancelled;
    ASSERT_TRUE(update_registration(db_, first));
    const auto again = insert_registration(db_, reg(meeting_, asa_, kalmar_, 3));
    EXPECT_EQ(find_active_registration(db_, meeting_, asa_)->registration_id, again);
    EXPECT_EQ(list_meeting_registrations(db_, meeting_).size(), 2u);
}

TEST_F(RegistrationRepository, RefusesUnknownIdsAndBadValues) {
    EXPECT_THROW(insert_registration(db_, reg(meeting_ + 100, asa_, kalmar_, 1)), store_error);
    EXPECT_THROW(insert_registration(db_, reg(meeting_, asa_ + 100, kalmar_, 1)), store_error);
    auto r = reg(meeting_, asa_, kalmar_, 0);  // arrival numbers start at 1
    EXPECT_THROW(insert_registration(db_, r), store_error);
    r = reg(meeting_, asa_, kalmar_, 1);
    r.checkin_code.clear();
    EXPECT_THROW(insert_registration(db_, r), store_error);
}

TEST_F(RegistrationRepository, CheckinCodesAreUniqueAmongActiveRegistrationsOfAMeeting) {
    auto a = reg(meeting_, asa_, kalmar_, 1);
    a.checkin_code = "ABC234";
    insert_registration(db_, a);
    auto b = reg(meeting_, erik_, orebro_, 2);
    b.checkin_code = "ABC234";
    EXPECT_THROW(insert_registration(db_, b), store_error);
    // Another meeting may use the same code.
    b.meeting_id = meeting(domain::meeting_status::published);
    EXPECT_NO_THROW(insert_registration(db_, b));
}

TEST_F(RegistrationRepository, UpdateOverwritesChangeableColumns) {
    auto r = reg(meeting_, asa_, kalmar_, 1, domain::registration_status::waitlisted);
    r.registration_id = insert_registration(db_, r);
    r.status = domain::registration_status::confirmed;
    r.mode = domain::attendance_mode::remote;
    r.arrival = 7;
    r.dietary_needs = "Glutenfri";
    r.updated_at = now_ + hours(1);
    r.checked_in_at = now_ + hours(2);
    ASSERT_TRUE(update_registration(db_, r));
    const auto found = find_registration(db_, r.registration_id).value();
    EXPECT_EQ(found.status, domain::registration_status::confirmed);
    EXPECT_EQ(found.mode, domain::attendance_mode::remote);
    EXPECT_EQ(found.arrival, 7);
    EXPECT_EQ(found.dietary_needs, "Glutenfri");
    EXPECT_EQ(found.updated_at, now_ + hours(1));
    EXPECT_EQ(found.checked_in_at, now_ + hours(2));
    r.registration_id += 100;
    EXPECT_FALSE(update_registration(db_, r));
}

TEST_F(RegistrationRepository, ListsInArrivalOrderAndPersonsInCalendarOrder) {
    const auto later = meeting(domain::meeting_status::published, "2023-03-16T08:00:00Z");
    insert_registration(db_, reg(later, asa_, kalmar_, 1));
    insert_registration(db_, reg(meeting_, erik_, orebro_, 5));
    insert_registration(db_, reg(meeting_, asa_, kalmar_, 2));
    const auto in_meeting = list_meeting_registrations(db_, meeting_);
    ASSERT_EQ(in_meeting.size(), 2u);
    EXPECT_EQ(in_meeting[0].person_id, asa_);
    EXPECT_EQ(in_meeting[1].person_id, erik_);
    const auto mine = list_person_registrations(db_, asa_);
    ASSERT_EQ(mine.size(), 2u);
    EXPECT_EQ(mine[0].meeting_id, meeting_);
    EXPECT_EQ(mine[1].meeting_id, later);
    EXPECT_TRUE(list_person_registrations(db_, lina_).empty());
}

TEST_F(RegistrationRepository, WaitlistPositionCountsOnlyEarlierWaitingOfTheSameMode) {
    const auto w1 = insert_registration(
        db_, reg(meeting_, asa_, kalmar_, 3, domain::registration_status::waitlisted));
    const auto remote = insert_registration(
        db_, reg(meeting_, erik_, orebro_, 4, domain::registration_status::waitlisted,
                 domain::attendance_mode::remote));
    const auto w2 = insert_registration(
        db_, reg(meeting_, lina_, kalmar_, 5, domain::registration_status::waitlisted));
    EXPECT_EQ(waitlist_position(db_, w1), 1);
    EXPECT_EQ(waitlist_position(db_, w2), 2);
    EXPECT_EQ(waitlist_position(db_, remote), 1);
    auto first = find_registration(db_, w1).value();
    first.status = domain::registration_status::confirmed;
    update_registration(db_, first);
    EXPECT_EQ(waitlist_position(db_, w1), 0);
    EXPECT_EQ(waitlist_position(db_, w2), 1);
    EXPECT_EQ(waitlist_position(db_, 9999), 0);
}

TEST_F(RegistrationRepository, AttendeesCarryPersonAndOrganisation) {
    const auto id = insert_registration(db_, reg(meeting_, asa_, kalmar_, 1));
    const auto list = list_attendees(db_, meeting_);
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0].registration.registration_id, id);
    EXPECT_EQ(list[0].person.name, "Åsa Öberg, \"Kalle\"");
    EXPECT_EQ(list[0].person.email, "asa@kalmar.se");
    EXPECT_EQ(list[0].person.role, domain::person_role::elected);
    EXPECT_EQ(list[0].organisation.name, "Kalmar kommun");
    EXPECT_EQ(find_attendee(db_, id)->organisation.organisation_id, kalmar_);
    EXPECT_FALSE(find_attendee(db_, id + 1));
}

TEST_F(RegistrationRepository, MeetingStatisticsPerOrganisation) {
    auto a = reg(meeting_, asa_, kalmar_, 1);
    a.checked_in_at = now_;
    insert_registration(db_, a);
    insert_registration(db_,
                        reg(meeting_, lina_, kalmar_, 2, domain::registration_status::waitlisted));
    auto gone = reg(meeting_, erik_, orebro_, 3, domain::registration_status::cancelled,
                    domain::attendance_mode::remote);
    insert_registration(db_, gone);
    // Botkyrka is no member, but a registration of it still shows.
    const auto bo = person("Bo Berg", "bo@botkyrka.se", botkyrka_, domain::person_role::official);
    insert_registration(db_, reg(meeting_, bo, botkyrka_, 4, domain::registration_status::confirmed,
                                 domain::attendance_mode::remote));

    const auto stats = meeting_statistics(db_, meeting_);
    ASSERT_EQ(stats.size(), 3u);  // by name: Botkyrka, Kalmar, Örebro
    EXPECT_EQ(stats[0].organisation_id, botkyrka_);
    EXPECT_EQ(stats[0].remote, 1);
    const auto& k = stats[1];
    EXPECT_EQ(k.organisation_id, kalmar_);
    EXPECT_EQ(k.registered, 2);
    EXPECT_EQ(k.confirmed, 1);
    EXPECT_EQ(k.waitlisted, 1);
    EXPECT_EQ(k.attended, 1);
    EXPECT_EQ(k.in_person, 2);
    EXPECT_EQ(k.remote, 0);
    EXPECT_EQ(k.officials, 1);
    EXPECT_EQ(k.elected, 1);
    const auto& o = stats[2];
    EXPECT_EQ(o.organisation_id, orebro_);
    EXPECT_EQ(o.registered, 0);  // the cancelled one does not count
    EXPECT_EQ(o.remote, 0);
}

TEST_F(RegistrationRepository, NetworkStatisticsSkipCancelledMeetings) {
    insert_registration(db_, reg(meeting_, asa_, kalmar_, 1));
    const auto second = meeting(domain::meeting_status::published, "2023-03-16T08:00:00Z");
    insert_registration(db_, reg(second, asa_, kalmar_, 1));
    const auto called_off = meeting(domain::meeting_status::cancelled, "2023-05-16T08:00:00Z");
    insert_registration(db_, reg(called_off, erik_, orebro_, 1));
    const auto stats = network_statistics(db_, network_);
    ASSERT_EQ(stats.size(), 2u);
    EXPECT_EQ(stats[0].organisation_id, kalmar_);
    EXPECT_EQ(stats[0].registered, 2);
    EXPECT_EQ(stats[1].organisation_id, orebro_);
    EXPECT_EQ(stats[1].registered, 0);
}

TEST_F(RegistrationRepository, MeetingQuotaRoundTrips) {
    auto m = find_meeting(db_, meeting_).value();
    EXPECT_EQ(m.in_person_quota_per_org, 1);
    m.in_person_quota_per_org.reset();
    update_meeting(db_, m);
    EXPECT_FALSE(find_meeting(db_, meeting_)->in_person_quota_per_org);
    m.in_person_quota_per_org = 0;  // the schema refuses what the domain refuses
    EXPECT_THROW(update_meeting(db_, m), store_error);
}

}  // namespace
}  // namespace traffpunkt::store
