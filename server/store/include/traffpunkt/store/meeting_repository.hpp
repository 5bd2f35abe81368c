#pragma once

#include <optional>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/meeting.hpp"

namespace traffpunkt::store {

class database;

/** Inserts a meeting with every column as given and returns its id. */
domain::id insert_meeting(database& db, const domain::meeting& m);

/** Overwrites every column of meeting `m.meeting_id`; false if there is no such meeting. */
bool update_meeting(database& db, const domain::meeting& m);

std::optional<domain::meeting> find_meeting(database& db, domain::id meeting_id);

/** The meetings of a network, every status, ordered by start time then id. */
std::vector<domain::meeting> list_meetings(database& db, domain::id network_id);

/** Makes `person_id` a facilitator of `meeting_id`; adding twice is not an error. */
void add_facilitator(database& db, domain::id meeting_id, domain::id person_id);

/** Removes a facilitator; false if the person was not one. */
bool remove_facilitator(database& db, domain::id meeting_id, domain::id person_id);

/** The facilitators of a meeting, by person id. */
std::vector<domain::id> facilitators_of(database& db, domain::id meeting_id);

/** The meetings a person facilitates, by meeting id. */
std::vector<domain::id> meetings_facilitated_by(database& db, domain::id person_id);

}  // namespace traffpunkt::store
