#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "support/test_instant.hpp"
#include "traffpunkt/domain/registration_policy.hpp"

namespace traffpunkt::domain {
namespace {

using namespace std::chrono;

using test::at;

/** A published hybrid meeting with a window from 1 October to 18 November 2022. */
meeting hybrid_meeting() {
    meeting m;
    m.meeting_id = 7;
    m.network_id = 1;
    m.title = "Nätverksträff";
    m.starts_at = at("2022-11-25T09:00:00Z");
    m.ends_at = at("2022-11-25T15:00:00Z");
    m.format = meeting_format::hybrid;
    m.capacity_in_person = 2;
    m.capacity_remote = 1;
    m.registration_opens = at("2022-10-01T00:00:00Z");
    m.registration_closes = at("2022-11-18T23:00:00Z");
    m.status = meeting_status::published;
    return m;
}

const instant during_window = at("2022-11-01T12:00:00Z");

/** A registration to book: ids, organisation and mode; the policy sets the rest. */
registration newcomer(id registration_id, id person_id, id organisation_id,
                      attendance_mode mode = attendance_mode::in_person) {
    registration r;
    r.registration_id = registration_id;
    r.person_id = person_id;
    r.organisation_id = organisation_id;
    r.mode = mode;
    r.checkin_code = "C" + std::to_string(registration_id);
    return r;
}

std::vector<id> ids_of(const std::vector<registration>& rs) {
    std::vector<id> out;
    for (const auto& r : rs) {
        out.push_back(r.registration_id);
    }
    return out;
}

std::vector<id> waitlist_ids(const registration_book& book, attendance_mode mode) {
    std::vector<id> out;
    for (const auto* r : book.waitlist(mode)) {
        out.push_back(r->registration_id);
    }
    return out;
}

// --- names and needs -----------------------------------------------------------------------

TEST(RegistrationNames, RoundTrip) {
    EXPECT_EQ(to_string(attendance_mode::in_person), "in_person");
    EXPECT_EQ(to_string(attendance_mode::remote), "remote");
    EXPECT_EQ(parse_attendance_mode("remote"), attendance_mode::remote);
    EXPECT_FALSE(parse_attendance_mode("online"));
    EXPECT_FALSE(parse_attendance_mode("Remote"));
    for (const auto s : {registration_status::confirmed, registration_status::waitlisted,
                         registration_status::cancelled}) {
        EXPECT_EQ(parse_registration_status(to_string(s)), s);
    }
    EXPECT_EQ(to_string(registration_status::waitlisted), "waitlisted");
    EXPECT_FALSE(parse_registration_status("canceled"));
}

TEST(RegistrationNeeds, AcceptsMultiLineTextUpTo500CodePoints) {
    registration r;
    r.dietary_needs = "Vegetarisk.\nInga nötter.\tTack!";
    r.accessibility_needs = std::string(500, 'a');
    EXPECT_FALSE(validate_needs(r));
    // 500 code points of two bytes each is still 500.
    r.accessibility_needs.clear();
    for (int i = 0; i < 500; ++i) {
        r.accessibility_needs += "ö";
    }
    EXPECT_FALSE(validate_needs(r));
}

TEST(RegistrationNeeds, RefusesTooLongControlCharactersAndBadUtf8) {
    registration r;
    r.dietary_needs = std::string(501, 'a');
    auto e = validate_needs(r);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->field, "dietary_needs");
    EXPECT_EQ(e->what, rule_error::kind::invalid_value);

    r.dietary_needs.clear();
    r.accessibility_needs = "rullstol\x07";
    e = validate_needs(r);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->field, "accessibility_needs");

    r.accessibility_needs = "\xC3\x28";
    e = validate_needs(r);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->field, "accessibility_needs");
}

TEST(RegistrationQuota, MeetingValidationWantsAtLeastOneSeatPerOrganisation) {
    auto m = hybrid_meeting();
    m.in_person_quota_per_org = 3;
    EXPECT_FALSE(validate(m));
    m.in_person_quota_per_org = 0;
    auto e = validate(m);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->field, "in_person_quota_per_org");
    m.in_person_quota_per_org = limits::capacity_max + 1;
    EXPECT_TRUE(validate(m));
    m.in_person_quota_per_org.reset();
    EXPECT_FALSE(validate(m));
}

// --- window --------------------------------------------------------------------------------

TEST(RegistrationWindow, OpenAtExactlyOpensClosedAtExactlyCloses) {
    const auto m = hybrid_meeting();
    EXPECT_EQ(check_window(m, *m.registration_opens - seconds(1)),
              registration_refusal::registration_not_open);
    EXPECT_FALSE(check_window(m, *m.registration_opens));
    EXPECT_FALSE(check_window(m, *m.registration_closes - seconds(1)));
    EXPECT_EQ(check_window(m, *m.registration_closes), registration_refusal::registration_closed);
    EXPECT_EQ(check_window(m, *m.registration_closes + seconds(1)),
              registration_refusal::registration_closed);
}

TEST(RegistrationWindow, WithoutBoundsOpenUntilTheStart) {
    auto m = hybrid_meeting();
    m.registration_opens.reset();
    m.registration_closes.reset();
    EXPECT_FALSE(check_window(m, at("2000-01-01T00:00:00Z")));
    EXPECT_EQ(registration_deadline(m), m.starts_at);
    EXPECT_FALSE(check_window(m, m.starts_at - seconds(1)));
    EXPECT_EQ(check_window(m, m.starts_at), registration_refusal::registration_closed);
}

TEST(RegistrationWindow, ClosesMayLieAfterTheStart) {
    auto m = hybrid_meeting();
    m.registration_closes = m.starts_at + hours(1);
    EXPECT_FALSE(check_window(m, m.starts_at + minutes(30)));
    EXPECT_EQ(check_window(m, m.starts_at + hours(1)), registration_refusal::registration_closed);
}

TEST(RegistrationWindow, StaffRegisterOutsideTheWindowButNotForDraftsOrCancelled) {
    auto m = hybrid_meeting();
    const auto late = *m.registration_closes + hours(1);
    EXPECT_EQ(may_register(m, attendance_mode::in_person, late, false),
              registration_refusal::registration_closed);
    EXPECT_FALSE(may_register(m, attendance_mode::in_person, late, true));

    m.status = meeting_status::draft;
    EXPECT_EQ(may_register(m, attendance_mode::in_person, during_window, false),
              registration_refusal::meeting_not_published);
    EXPECT_EQ(may_register(m, attendance_mode::in_person, during_window, true),
              registration_refusal::meeting_not_published);
    m.status = meeting_status::cancelled;
    EXPECT_EQ(may_register(m, attendance_mode::in_person, during_window, true),
              registration_refusal::meeting_cancelled);
}

TEST(RegistrationWindow, StatusIsCheckedBeforeTheWindow) {
    auto m = hybrid_meeting();
    m.status = meeting_status::cancelled;
    EXPECT_EQ(may_register(m, attendance_mode::in_person, *m.registration_closes, false),
              registration_refusal::meeting_cancelled);
}

// --- modes ---------------------------------------------------------------------------------

TEST(RegistrationModes, FollowTheFormat) {
    auto m = hybrid_meeting();
    m.format = meeting_format::in_person;
    EXPECT_TRUE(offers(m, attendance_mode::in_person));
    EXPECT_FALSE(offers(m, attendance_mode::remote));
    EXPECT_EQ(may_register(m, attendance_mode::remote, during_window, false),
              registration_refusal::mode_not_offered);
    // Staff cannot register someone in a mode that does not exist either.
    EXPECT_EQ(may_register(m, attendance_mode::remote, during_window, true),
              registration_refusal::mode_not_offered);

    m.format = meeting_format::digital;
    EXPECT_FALSE(offers(m, attendance_mode::in_person));
    EXPECT_TRUE(offers(m, attendance_mode::remote));
    EXPECT_FALSE(may_register(m, attendance_mode::remote, during_window, false));

    m.format = meeting_format::hybrid;
    EXPECT_TRUE(offers(m, attendance_mode::in_person));
    EXPECT_TRUE(offers(m, attendance_mode::remote));
}

TEST(RegistrationModes, RemoteCapacityZeroMeansNoRemoteOption) {
    auto m = hybrid_meeting();
    m.capacity_remote = 0;
    EXPECT_FALSE(offers(m, attendance_mode::remote));
    m.capacity_remote.reset();  // no limit
    EXPECT_TRUE(offers(m, attendance_mode::remote));
    m.format = meeting_format::digital;
    m.capacity_remote = 0;
    EXPECT_FALSE(offers(m, attendance_mode::remote));
}

TEST(RegistrationModes, InPersonCapacityZeroWaitlistsEveryone) {
    auto m = hybrid_meeting();
    m.capacity_in_person = 0;
    registration_book book;
    EXPECT_TRUE(offers(m, attendance_mode::in_person));
    const auto r = book_new(book, m, newcomer(1, 1, 1), during_window);
    EXPECT_EQ(r.status, registration_status::waitlisted);
}

// --- capacity and waitlist -----------------------------------------------------------------

TEST(RegistrationSeats, ConfirmsUntilFullThenWaitlistsInArrivalOrder) {
    const auto m = hybrid_meeting();  // 2 in person, 1 remote
    registration_book book;
    EXPECT_EQ(book_new(book, m, newcomer(10, 1, 1), during_window).status,
              registration_status::confirmed);
    EXPECT_EQ(book_new(book, m, newcomer(11, 2, 2), during_window).status,
              registration_status::confirmed);
    const auto third = book_new(book, m, newcomer(12, 3, 3), during_window);
    EXPECT_EQ(third.status, registration_status::waitlisted);
    const auto fourth = book_new(book, m, newcomer(13, 4, 4), during_window);
    EXPECT_EQ(fourth.status, registration_status::waitlisted);
    EXPECT_LT(third.arrival, fourth.arrival);
    EXPECT_EQ(book.waitlist_position(12), 1);
    EXPECT_EQ(book.waitlist_position(13), 2);
    EXPECT_EQ(book.waitlist_position(10), 0);

    // Remote seats are counted apart.
    EXPECT_EQ(book_new(book, m, newcomer(14, 5, 5, attendance_mode::remote), during_window).status,
              registration_status::confirmed);
    EXPECT_EQ(book_new(book, m, newcomer(15, 6, 6, attendance_mode::remote), during_window).status,
              registration_status::waitlisted);
    EXPECT_EQ(book.waitlist_position(15), 1);

    const auto c = counts_of(book, m);
    EXPECT_EQ(c.in_person.confirmed, 2);
    EXPECT_EQ(c.in_person.waitlisted, 2);
    EXPECT_EQ(c.in_person.capacity, 2);
    EXPECT_EQ(c.remote.confirmed, 1);
    EXPECT_EQ(c.remote.waitlisted, 1);
    EXPECT_EQ(c.remote.capacity, 1);
    EXPECT_TRUE(c.remote.offered);
}

TEST(RegistrationSeats, NoCapacityMeansNoLimit) {
    auto m = hybrid_meeting();
    m.capacity_in_person.reset();
    registration_book book;
    for (id i = 1; i <= 500; ++i) {
        ASSERT_EQ(book_new(book, m, newcomer(i, i, 1), during_window).status,
                  registration_status::confirmed);
    }
    EXPECT_EQ(counts_of(book, m).in_person.capacity, std::nullopt);
    EXPECT_EQ(book.confirmed(attendance_mode::in_person), 500);
}

TEST(RegistrationSeats, QuotaPerOrganisationLimitsInPersonSeatsOnly) {
    auto m = hybrid_meeting();
    m.capacity_in_person = 10;
    m.capacity_remote.reset();
    m.in_person_quota_per_org = 2;
    registration_book book;
    EXPECT_EQ(book_new(book, m, newcomer(1, 1, 100), during_window).status,
              registration_status::confirmed);
    EXPECT_EQ(book_new(book, m, newcomer(2, 2, 100), during_window).status,
              registration_status::confirmed);
    // Seats are free, but Kalmar has its two.
    EXPECT_EQ(book_new(book, m, newcomer(3, 3, 100), during_window).status,
              registration_status::waitlisted);
    // Another organisation is not held up by Kalmar's waiting person.
    EXPECT_EQ(book_new(book, m, newcomer(4, 4, 200), during_window).status,
              registration_status::confirmed);
    // Remote seats have no quota.
    EXPECT_EQ(book_new(book, m, newcomer(5, 5, 100, attendance_mode::remote), during_window).status,
              registration_status::confirmed);
    EXPECT_EQ(book.in_person_confirmed_of(100), 2);
    EXPECT_EQ(book.in_person_confirmed_of(200), 1);
}

// --- promotion -----------------------------------------------------------------------------

TEST(RegistrationPromotion, FirstInLineOfThatModeGetsTheFreedSeat) {
    const auto m = hybrid_meeting();
    registration_book book;
    book_new(book, m, newcomer(1, 1, 1), during_window);
    book_new(book, m, newcomer(2, 2, 2), during_window);
    book_new(book, m, newcomer(3, 3, 3), during_window);                           // waits 1st
    book_new(book, m, newcomer(4, 4, 4, attendance_mode::remote), during_window);  // remote seat
    book_new(book, m, newcomer(5, 5, 5, attendance_mode::remote), during_window);  // waits remote
    book_new(book, m, newcomer(6, 6, 6), during_window);                           // waits 2nd

    const auto cancelled = cancel(book, 1, during_window);
    EXPECT_EQ(cancelled.status, registration_status::cancelled);
    EXPECT_EQ(book.find(1), nullptr);
    const auto promoted = fill_free_seats(book, m, during_window);
    ASSERT_EQ(ids_of(promoted), std::vector<id>{3});
    EXPECT_EQ(promoted[0].status, registration_status::confirmed);
    EXPECT_EQ(book.find(3)->status, registration_status::confirmed);
    EXPECT_EQ(book.waitlist_position(6), 1);
    // The remote waitlist did not move.
    EXPECT_EQ(book.waitlist_position(5), 1);
    EXPECT_TRUE(fill_free_seats(book, m, during_window).empty());
}

TEST(RegistrationPromotion, OrderFollowsArrivalForManyCancellations) {
    auto m = hybrid_meeting();
    m.capacity_in_person = 3;
    registration_book book;
    for (id i = 1; i <= 10; ++i) {
        book_new(book, m, newcomer(i, i, i), during_window);
    }
    EXPECT_EQ(waitlist_ids(book, attendance_mode::in_person),
              (std::vector<id>{4, 5, 6, 7, 8, 9, 10}));
    cancel(book, 2, during_window);
    cancel(book, 1, during_window);
    EXPECT_EQ(ids_of(fill_free_seats(book, m, during_window)), (std::vector<id>{4, 5}));
    cancel(book, 5, during_window);
    EXPECT_EQ(ids_of(fill_free_seats(book, m, during_window)), (std::vector<id>{6}));
    EXPECT_EQ(waitlist_ids(book, attendance_mode::in_person), (std::vector<id>{7, 8, 9, 10}));
}

TEST(RegistrationPromotion, SkipsThoseWhoseOrganisationIsAtItsQuota) {
    auto m = hybrid_meeting();
    m.capacity_in_person = 3;
    m.in_person_quota_per_org = 2;
    registration_book book;
    book_new(book, m, newcomer(1, 1, 100), during_window);
    book_new(book, m, newcomer(2, 2, 100), during_window);
    book_new(book, m, newcomer(3, 3, 200), during_window);  // full now
    book_new(book, m, newcomer(4, 4, 100), during_window);  // waits 1st (Kalmar, at quota)
    book_new(book, m, newcomer(5, 5, 300), during_window);  // waits 2nd
    cancel(book, 3, during_window);
    EXPECT_EQ(ids_of(fill_free_seats(book, m, during_window)), (std::vector<id>{5}));
    // A Kalmar seat frees up: Kalmar's waiting person is next.
    book_new(book, m, newcomer(6, 6, 400), during_window);  // waits behind 4
    cancel(book, 1, during_window);
    EXPECT_EQ(ids_of(fill_free_seats(book, m, during_window)), (std::vector<id>{4}));
    EXPECT_EQ(waitlist_ids(book, attendance_mode::in_person), (std::vector<id>{6}));
}

TEST(RegistrationPromotion, NoneOnceTheMeetingHasStarted) {
    const auto m = hybrid_meeting();
    registration_book book;
    book_new(book, m, newcomer(1, 1, 1), during_window);
    book_new(book, m, newcomer(2, 2, 2), during_window);
    book_new(book, m, newcomer(3, 3, 3), during_window);
    cancel(book, 1, m.starts_at);
    EXPECT_TRUE(fill_free_seats(book, m, m.starts_at).empty());
    EXPECT_EQ(book.find(3)->status, registration_status::waitlisted);
    // One second before the start it still happens.
    EXPECT_EQ(ids_of(fill_free_seats(book, m, m.starts_at - seconds(1))), (std::vector<id>{3}));
}

TEST(RegistrationPromotion, NewcomerDoesNotOvertakeTheWaitlistAfterTheStart) {
    auto m = hybrid_meeting();
    m.registration_closes = m.starts_at + hours(1);
    registration_book book;
    book_new(book, m, newcomer(1, 1, 1), during_window);
    book_new(book, m, newcomer(2, 2, 2), during_window);
    book_new(book, m, newcomer(3, 3, 3), during_window);  // waits
    const auto started = m.starts_at + minutes(5);
    cancel(book, 1, started);
    EXPECT_TRUE(fill_free_seats(book, m, started).empty());
    EXPECT_EQ(book_new(book, m, newcomer(4, 4, 4), started).status,
              registration_status::waitlisted);
}

TEST(RegistrationPromotion, NoneForCancelledMeetings) {
    auto m = hybrid_meeting();
    registration_book book;
    book_new(book, m, newcomer(1, 1, 1), during_window);
    book_new(book, m, newcomer(2, 2, 2), during_window);
    book_new(book, m, newcomer(3, 3, 3), during_window);
    cancel(book, 1, during_window);
    m.status = meeting_status::cancelled;
    EXPECT_TRUE(fill_free_seats(book, m, during_window).empty());
}

TEST(RegistrationPromotion, CapacityRaisedFillsSeveralSeats) {
    auto m = hybrid_meeting();
    registration_book book;
    for (id i = 1; i <= 6; ++i) {
        book_new(book, m, newcomer(i, i, i), during_window);
    }
    m.capacity_in_person = 5;
    EXPECT_EQ(ids_of(fill_free_seats(book, m, during_window)), (std::vector<id>{3, 4, 5}));
}

// --- change of mode ------------------------------------------------------------------------

TEST(RegistrationModeChange, ToAFreeSeatConfirmsAndFreesTheOldSeat) {
    auto m = hybrid_meeting();
    m.capacity_remote = 5;
    registration_book book;
    book_new(book, m, newcomer(1, 1, 1), during_window);
    book_new(book, m, newcomer(2, 2, 2), during_window);
    book_new(book, m, newcomer(3, 3, 3), during_window);  // waits in person
    const auto moved = change_mode(book, m, 1, attendance_mode::remote, during_window);
    EXPECT_EQ(moved.mode, attendance_mode::remote);
    EXPECT_EQ(moved.status, registration_status::confirmed);
    EXPECT_EQ(ids_of(fill_free_seats(book, m, during_window)), (std::vector<id>{3}));
    EXPECT_EQ(book.confirmed(attendance_mode::remote), 1);
    EXPECT_EQ(book.confirmed(attendance_mode::in_person), 2);
}

TEST(RegistrationModeChange, ToAFullModeJoinsTheEndOfItsWaitlist) {
    const auto m = hybrid_meeting();  // 1 remote seat
    registration_book book;
    book_new(book, m, newcomer(1, 1, 1, attendance_mode::remote), during_window);
    book_new(book, m, newcomer(2, 2, 2, attendance_mode::remote), during_window);  // waits
    book_new(book, m, newcomer(3, 3, 3), during_window);
    const auto moved = change_mode(book, m, 3, attendance_mode::remote, during_window);
    EXPECT_EQ(moved.status, registration_status::waitlisted);
    EXPECT_EQ(waitlist_ids(book, attendance_mode::remote), (std::vector<id>{2, 3}));
    EXPECT_EQ(book.confirmed(attendance_mode::in_person), 0);
}

TEST(RegistrationModeChange, WaitlistedPersonQueuesAnewInTheOtherMode) {
    auto m = hybrid_meeting();
    m.capacity_remote = 1;
    registration_book book;
    book_new(book, m, newcomer(1, 1, 1), during_window);
    book_new(book, m, newcomer(2, 2, 2), during_window);
    book_new(book, m, newcomer(3, 3, 3), during_window);  // waits in person
    const auto moved = change_mode(book, m, 3, attendance_mode::remote, during_window);
    EXPECT_EQ(moved.status, registration_status::confirmed);
    EXPECT_TRUE(book.waitlist(attendance_mode::in_person).empty());
}

TEST(RegistrationModeChange, SameModeChangesNothing) {
    const auto m = hybrid_meeting();
    registration_book book;
    const auto r = book_new(book, m, newcomer(1, 1, 1), during_window);
    const auto same = change_mode(book, m, 1, attendance_mode::in_person, during_window);
    EXPECT_EQ(same.arrival, r.arrival);
    EXPECT_EQ(same.status, r.status);
}

}  // namespace
}  // namespace traffpunkt::domain
