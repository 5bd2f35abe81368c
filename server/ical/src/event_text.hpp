#pragma once

// The human-readable text of an event: what goes into SUMMARY, LOCATION, DESCRIPTION and
// CATEGORIES. Plain strings in, plain strings out; libical escapes and folds them afterwards.

#include <string>
#include <string_view>

#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/ical/calendar_feed.hpp"

namespace traffpunkt::ical {

/**
 * A one-line value (SUMMARY, LOCATION): invalid UTF-8 becomes U+FFFD and every control
 * character (CR, LF and TAB included) a space. The domain refuses such titles already; the
 * renderer does not rely on it.
 */
std::string one_line(std::string_view text);

/**
 * A multi-line value (DESCRIPTION): invalid UTF-8 becomes U+FFFD, CRLF and lone CR become LF
 * (which libical writes as the escape `\n`), other control characters but TAB are dropped.
 */
std::string multi_line(std::string_view text);

/** The meeting page, `{public_base_url}/#/meetings/{id}` (a trailing slash of the base is dropped).
 */
std::string meeting_page_url(const calendar_options& options, domain::id meeting_id);

/** `meeting-{id}@{uid_host}`. */
std::string meeting_uid(const calendar_options& options, domain::id meeting_id);

/** The format as calendar users read it: "På plats", "Digitalt", "Hybrid". */
std::string_view format_category(domain::meeting_format format);

/**
 * LOCATION: venue and address joined by ", ". A digital meeting has no place: it shows the
 * online link when the feed may carry it, else "Digitalt".
 */
std::string event_location(const feed_event& event);

/**
 * DESCRIPTION: the meeting's description, its cost note, the online link (when the feed may
 * carry it and the meeting is digital or hybrid), a waitlist note for personal feeds, and the
 * meeting page (many clients do not show the URL property), as paragraphs.
 */
std::string event_description(const feed_event& event, std::string_view page_url);

}  // namespace traffpunkt::ical
