#pragma once

#include "ical_handle.hpp"
#include "traffpunkt/ical/calendar_feed.hpp"
#include "vtimezone_set.hpp"

namespace traffpunkt::ical {

/**
 * One VEVENT for one meeting: UID, SEQUENCE, DTSTAMP/LAST-MODIFIED/CREATED in UTC, DTSTART/DTEND
 * in the meeting's zone (recorded in `zones`), SUMMARY, DESCRIPTION, LOCATION, URL, STATUS,
 * CATEGORIES and, when the feed may carry it, CONFERENCE with the online link.
 */
component_ptr build_vevent(const calendar_options& options, const feed_event& event,
                           vtimezone_set& zones);

}  // namespace traffpunkt::ical
