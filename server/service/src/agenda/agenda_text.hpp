#pragma once

// A meeting's agenda as people read it: the lines a calendar's DESCRIPTION carries, and the
// plain-text agenda served at GET /meetings/{id}/agenda.txt. Times are local wall-clock times in
// the meeting's zone (the same zone data the calendars use), in Swedish like the rest of the
// calendar text.

#include <string>
#include <vector>

#include "traffpunkt/domain/agenda.hpp"
#include "traffpunkt/domain/meeting.hpp"

namespace traffpunkt::service {

/**
 * The agenda paragraph of a calendar event: "Program:" and one line per item,
 * "10:00–10:15 Välkommen (Anna Lindqvist, Kalmar kommun)", in agenda order; each line starts
 * with the date (YYYY-MM-DD) when the meeting spans more than one local day. Empty when the
 * agenda has no items. Calendars show exactly this, so it decides when SEQUENCE grows.
 */
std::string agenda_calendar_text(const domain::meeting& m,
                                 const std::vector<domain::agenda_item>& items);

/**
 * The meeting as calendars show it: its description followed by the agenda paragraph (see
 * `agenda_calendar_text`), separated by an empty line.
 */
domain::meeting with_agenda(domain::meeting m, const std::vector<domain::agenda_item>& items);

/**
 * The agenda as a plain-text document: the meeting's title, time and place, then every item with
 * its time, kind, presenters and description (indented), LF line ends.
 */
std::string agenda_plain_text(const domain::meeting& m,
                              const std::vector<domain::agenda_item>& items);

}  // namespace traffpunkt::service
