#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/domain/registration.hpp"
#include "traffpunkt/domain/registration_book.hpp"
#include "traffpunkt/domain/time.hpp"

// The rules of registering for a meeting: when, in which mode, and who gets a seat.
//
// - Window: registration is open from `registration_opens` (inclusive: open at exactly that
//   instant) until `registration_closes` (exclusive: closed at exactly that instant). Without
//   `registration_opens` it is open from publication; without `registration_closes` it closes
//   when the meeting starts.
// - Modes: in_person meetings offer only in_person, digital meetings only remote, hybrid both;
//   `capacity_remote == 0` means there is no remote option. `capacity_in_person == 0` is a
//   meeting without free seats: in-person registrations are waitlisted.
// - Seats: a registration is confirmed when its mode has a free seat, its organisation is
//   below `in_person_quota_per_org` (in person only), and nobody who could take that seat is
//   waiting already; otherwise it joins the end of its mode's waitlist.
// - Promotion: whenever seats free up, the first waitlisted registrations of that mode whose
//   organisation's quota allows are confirmed, in arrival order; never after the meeting has
//   started, nor for a cancelled meeting.
// - Changing mode: the registration leaves its seat (or place in line) and is placed in the new
//   mode as a newcomer would be: confirmed if a seat is free there, else at the end of the new
//   mode's waitlist. The seat it left goes to the next in line.

namespace traffpunkt::domain {

/** Why a registration, or a change of its mode, is refused. */
enum class registration_refusal {
    meeting_not_published,  ///< the meeting is a draft
    meeting_cancelled,      ///< the meeting was cancelled
    registration_not_open,  ///< before `registration_opens`
    registration_closed,    ///< at or after the deadline (see `registration_deadline`)
    mode_not_offered,       ///< the meeting's format has no such option
};

/** A short English explanation of a refusal, for error messages. */
std::string_view describe(registration_refusal r);

/** Seats of one mode, as anyone may see them: numbers only, never who. */
struct seat_counts {
    bool offered = true;          ///< false: the meeting has no such option
    std::optional<int> capacity;  ///< empty: no limit
    int confirmed = 0;
    int waitlisted = 0;
    int checked_in = 0;
    bool operator==(const seat_counts&) const = default;
};

/** A meeting's seats in both modes. */
struct registration_counts {
    seat_counts in_person;
    seat_counts remote;
    bool operator==(const registration_counts&) const = default;
};

/** The counts of `book` for meeting `m` (capacities and offered modes come from `m`). */
registration_counts counts_of(const registration_book& book, const meeting& m);

/** True if `m` offers `mode` (format, and `capacity_remote` 0 for remote). */
bool offers(const meeting& m, attendance_mode mode);

/** True from the meeting's start on. */
bool has_started(const meeting& m, instant now);

/** The first instant at which registration is closed: `registration_closes`, else the start. */
instant registration_deadline(const meeting& m);

/** Draft and cancelled meetings take no registrations and no changes to them. */
std::optional<registration_refusal> check_status(const meeting& m);

/** The window: open at exactly `registration_opens`, closed at exactly the deadline. */
std::optional<registration_refusal> check_window(const meeting& m, instant now);

/**
 * Whether a registration in `mode` may be made (or a registration moved to `mode`) at `now`.
 * Coordinators and facilitators (`by_staff`) register people outside the window too, but not
 * for draft or cancelled meetings, nor in a mode the meeting does not offer.
 */
std::optional<registration_refusal> may_register(const meeting& m, attendance_mode mode,
                                                 instant now, bool by_staff);

/** True if a registration of `organisation_id` may hold one more seat in `mode`. */
bool quota_allows(const registration_book& book, const meeting& m, id organisation_id,
                  attendance_mode mode);

/**
 * The status a newcomer of `organisation_id` gets in `mode`: confirmed when a seat is free,
 * the quota allows, and nobody who could take the seat is waiting; else waitlisted.
 */
registration_status place(const registration_book& book, const meeting& m, id organisation_id,
                          attendance_mode mode);

/**
 * Books a new registration: sets its status (see `place`), arrival number and times, and adds
 * it to `book`. `r` carries the ids, mode, organisation, needs and check-in code. Returns the
 * registration as booked.
 */
registration book_new(registration_book& book, const meeting& m, registration r, instant now);

/**
 * Moves registration `registration_id` to `mode` (see the rules above) and returns it as
 * changed. The same mode changes nothing. The seat it leaves is not refilled here: call
 * `fill_free_seats` afterwards.
 */
registration change_mode(registration_book& book, const meeting& m, id registration_id,
                         attendance_mode mode, instant now);

/** Cancels a registration (it leaves the book) and returns it as cancelled. */
registration cancel(registration_book& book, id registration_id, instant now);

/**
 * Promotes waitlisted registrations into free seats, first in line first per mode, skipping
 * those whose organisation has reached its in-person quota. Nothing moves once the meeting has
 * started or when it is not published. Applies the promotions to `book` and returns them
 * (status confirmed), in the order they were promoted.
 */
std::vector<registration> fill_free_seats(registration_book& book, const meeting& m, instant now);

}  // namespace traffpunkt::domain
