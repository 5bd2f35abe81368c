#pragma once

#include <optional>
#include <string>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/network.hpp"
#include "traffpunkt/domain/registration.hpp"

namespace traffpunkt::store {

class database;

/**
 * Inserts a registration with every column as given and returns its id (`registration_id` 0:
 * SQLite chooses). A second active registration of the same person for the same meeting, an
 * active check-in code used twice in a meeting, or unknown meeting/person/organisation ids fail
 * with a constraint error.
 */
domain::id insert_registration(database& db, const domain::registration& r);

/**
 * Overwrites the changeable columns of registration `r.registration_id` (mode, status, arrival,
 * needs, check-in code, updated_at, checked_in_at); false if there is no such registration.
 */
bool update_registration(database& db, const domain::registration& r);

std::optional<domain::registration> find_registration(database& db, domain::id registration_id);

/** The active (confirmed or waitlisted) registration of a person for a meeting. */
std::optional<domain::registration> find_active_registration(database& db, domain::id meeting_id,
                                                             domain::id person_id);

/** Every registration of a meeting, cancelled ones included, in arrival order. */
std::vector<domain::registration> list_meeting_registrations(database& db, domain::id meeting_id);

/**
 * Every registration of a person, cancelled ones included, in calendar order (by the meeting's
 * start, then registration id). Personal calendar feeds are built from this.
 */
std::vector<domain::registration> list_person_registrations(database& db, domain::id person_id);

/** The highest registration id stored, 0 when there is none. */
domain::id max_registration_id(database& db);

/**
 * 1-based place of a waitlisted registration in its meeting's waitlist for its mode (active
 * waitlisted registrations of the same mode with a lower arrival number, plus one); 0 when the
 * registration is not waitlisted or does not exist.
 */
int waitlist_position(database& db, domain::id registration_id);

/** A registration with the person and organisation an attendee list shows. */
struct attendee {
    domain::registration registration;
    domain::person person;
    domain::organisation organisation;  ///< the registration's organisation
};

/** Every registration of a meeting with its person and organisation, in arrival order. */
std::vector<attendee> list_attendees(database& db, domain::id meeting_id);

/** One registration with its person and organisation. */
std::optional<attendee> find_attendee(database& db, domain::id registration_id);

/**
 * Attendance figures per organisation for one meeting: every member organisation of the
 * meeting's network (zeros when nobody registered), plus any other organisation with
 * registrations, ordered by organisation name.
 */
std::vector<domain::attendance_statistics> meeting_statistics(database& db, domain::id meeting_id);

/**
 * The same summed over the meetings of a network that are not cancelled: every member
 * organisation, plus any other organisation with registrations, ordered by name.
 */
std::vector<domain::attendance_statistics> network_statistics(database& db, domain::id network_id);

}  // namespace traffpunkt::store
