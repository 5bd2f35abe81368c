#include <gtest/gtest.h>

#include <vector>

#include "traffpunkt/domain/registration_book.hpp"

namespace traffpunkt::domain {
namespace {

registration stored(id registration_id, id person_id, id organisation_id, attendance_mode mode,
                    registration_status status, std::int64_t arrival) {
    registration r;
    r.registration_id = registration_id;
    r.meeting_id = 1;
    r.person_id = person_id;
    r.organisation_id = organisation_id;
    r.mode = mode;
    r.status = status;
    r.arrival = arrival;
    r.checkin_code = "K" + std::to_string(registration_id);
    return r;
}

constexpr auto in_person = attendance_mode::in_person;
constexpr auto remote = attendance_mode::remote;
constexpr auto confirmed = registration_status::confirmed;
constexpr auto waitlisted = registration_status::waitlisted;
constexpr auto cancelled = registration_status::cancelled;

TEST(RegistrationBook, BuildsFromStoredRowsInAnyOrderSkippingCancelled) {
    const registration_book book({
        stored(5, 50, 1, in_person, waitlisted, 9),
        stored(1, 10, 1, in_person, confirmed, 1),
        stored(2, 20, 2, in_person, cancelled, 2),
        stored(4, 40, 2, in_person, waitlisted, 4),
        stored(3, 30, 2, remote, confirmed, 3),
    });
    EXPECT_EQ(book.size(), 4u);
    EXPECT_EQ(book.find(2), nullptr);
    EXPECT_EQ(book.find_by_person(20), nullptr);
    EXPECT_EQ(book.find_by_person(50)->registration_id, 5);
    EXPECT_EQ(book.confirmed(in_person), 1);
    EXPECT_EQ(book.confirmed(remote), 1);
    EXPECT_EQ(book.waitlisted(in_person), 2);
    // Waitlist order is arrival order, not id or input order.
    EXPECT_EQ(book.waitlist_position(4), 1);
    EXPECT_EQ(book.waitlist_position(5), 2);
    EXPECT_EQ(book.next_arrival(), 10);
    const auto all = book.active();
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all.front().registration_id, 1);
    EXPECT_EQ(all.back().registration_id, 5);
}

TEST(RegistrationBook, PutReplacesAndKeepsCountsRight) {
    registration_book book;
    book.put(stored(1, 10, 7, in_person, confirmed, 1));
    book.put(stored(2, 20, 7, in_person, waitlisted, 2));
    EXPECT_EQ(book.in_person_confirmed_of(7), 1);
    auto promoted = *book.find(2);
    promoted.status = confirmed;
    book.put(promoted);
    EXPECT_EQ(book.in_person_confirmed_of(7), 2);
    EXPECT_EQ(book.waitlisted(in_person), 0);
    EXPECT_EQ(book.waitlist_position(2), 0);

    auto moved = *book.find(1);
    moved.mode = remote;
    book.put(moved);
    EXPECT_EQ(book.in_person_confirmed_of(7), 1);
    EXPECT_EQ(book.confirmed(remote), 1);

    auto gone = *book.find(1);
    gone.status = cancelled;
    book.put(gone);
    EXPECT_EQ(book.find(1), nullptr);
    EXPECT_EQ(book.find_by_person(10), nullptr);
    EXPECT_EQ(book.confirmed(remote), 0);
    EXPECT_EQ(book.size(), 1u);
}

TEST(RegistrationBook, CountsCheckInsOfConfirmedOnly) {
    registration_book book;
    auto a = stored(1, 10, 7, in_person, confirmed, 1);
    a.checked_in_at = instant{std::chrono::seconds{1000}};
    book.put(a);
    book.put(stored(2, 20, 7, remote, confirmed, 2));
    EXPECT_EQ(book.checked_in(in_person), 1);
    EXPECT_EQ(book.checked_in(remote), 0);
    a.checked_in_at.reset();
    book.put(a);
    EXPECT_EQ(book.checked_in(in_person), 0);
}

TEST(RegistrationBook, FindsByCheckinCodeExactly) {
    registration_book book;
    book.put(stored(1, 10, 7, in_person, confirmed, 1));
    EXPECT_EQ(book.find_by_checkin_code("K1")->registration_id, 1);
    EXPECT_EQ(book.find_by_checkin_code("k1"), nullptr);
    EXPECT_EQ(book.find_by_checkin_code(""), nullptr);
}

TEST(RegistrationBook, PersonIsLearntLater) {
    registration_book book;
    book.put(stored(1, 0, 7, in_person, confirmed, 1));
    EXPECT_EQ(book.find_by_person(0), nullptr);
    book.set_person(1, 77);
    EXPECT_EQ(book.find_by_person(77)->registration_id, 1);
    book.set_person(99, 78);  // unknown registration: nothing happens
    EXPECT_EQ(book.find_by_person(78), nullptr);
    book.erase(1);
    EXPECT_EQ(book.find_by_person(77), nullptr);
    book.erase(1);  // twice is harmless
    EXPECT_EQ(book.size(), 0u);
}

}  // namespace
}  // namespace traffpunkt::domain
