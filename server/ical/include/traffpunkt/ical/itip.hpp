#pragma once

#include <string>

#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/domain/registration.hpp"
#include "traffpunkt/ical/calendar_feed.hpp"

namespace traffpunkt::ical {

/** The iTIP methods Träffpunkt sends (RFC 5546): an invitation, or its withdrawal. */
enum class itip_method { request, cancel };

/** One invitation for one person to one meeting, as an e-mail carries it. */
struct itip_invitation {
    itip_method method = itip_method::request;
    /** The meeting as the feeds show it (agenda in the description): same UID and SEQUENCE. */
    domain::meeting meeting;
    /** ORGANIZER: the network's mailbox (mail.from) and the name shown for it. */
    std::string organizer_email;
    std::string organizer_name;
    /** ATTENDEE: the person the mail goes to. */
    std::string attendee_email;
    std::string attendee_name;
    /** confirmed -> PARTSTAT=ACCEPTED, STATUS:CONFIRMED; waitlisted -> TENTATIVE. */
    domain::registration_status status = domain::registration_status::confirmed;
    /**
     * in_person: LOCATION is the venue and address, and no online link is shown; remote: the
     * online link is LOCATION (also for a hybrid meeting), DESCRIPTION and CONFERENCE.
     */
    domain::attendance_mode mode = domain::attendance_mode::in_person;
    /**
     * DTSTAMP: when this message was made. It must grow from one message to the next about the
     * same meeting: with an equal SEQUENCE (a promotion) it is what tells a calendar which one
     * is newer (RFC 5546 2.1.5).
     */
    domain::instant dtstamp{};
};

/**
 * A VCALENDAR with `METHOD:REQUEST` or `METHOD:CANCEL`, one VEVENT built exactly as the feeds
 * build it (UID `meeting-{id}@{uid_host}`, SEQUENCE the meeting's), with ORGANIZER and one
 * ATTENDEE (PARTSTAT ACCEPTED or TENTATIVE, RSVP=FALSE: nobody needs to answer), and the
 * VTIMEZONE of the meeting's zone. A CANCEL (the registration or the meeting was cancelled) has
 * STATUS:CANCELLED. Text escaped, folded at 75 octets, CRLF line ends, as in the feeds.
 *
 * Thread-safe (serialised with the feeds). Throws std::runtime_error if libical fails.
 */
std::string render_itip(const calendar_options& options, const itip_invitation& invitation);

}  // namespace traffpunkt::ical
