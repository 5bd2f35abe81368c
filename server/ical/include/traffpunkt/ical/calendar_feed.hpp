#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/domain/registration.hpp"

namespace traffpunkt::ical {

/** What a calendar says about itself and where its links point. */
struct calendar_options {
    /** Host part of every UID, `meeting-{id}@{uid_host}`; must never change once feeds are out. */
    std::string uid_host;
    /** Base of the meeting pages: URL is `{public_base_url}/#/meetings/{id}`. */
    std::string public_base_url;
    /** X-WR-CALNAME: the network's name, the meeting's title or "Mina träffar – Träffpunkt". */
    std::string calendar_name;
    /** X-WR-TIMEZONE: the zone clients show the calendar in when they ask. */
    std::string zone{domain::default_zone};
};

/** One meeting as a feed shows it. */
struct feed_event {
    domain::meeting meeting;
    /**
     * Set in personal feeds: a confirmed registration is STATUS:CONFIRMED, a waitlisted one
     * TENTATIVE (a cancelled one CANCELLED). A cancelled meeting is CANCELLED whatever this says.
     */
    std::optional<domain::registration_status> personal_status;
    /**
     * Whether the online link may be shown (personal feeds only): then it is in DESCRIPTION, in
     * CONFERENCE (RFC 7986) and, for digital meetings, in LOCATION. Public feeds never carry it.
     */
    bool include_online_url = false;
};

/**
 * Renders a VCALENDAR (METHOD:PUBLISH) with one VEVENT per entry, in the given order, and exactly
 * one VTIMEZONE per zone the events use, limited to the years they span. The UID is
 * `meeting-{id}@{uid_host}`; DTSTAMP and LAST-MODIFIED are the meeting's `updated_at`, so the same
 * data always renders to the same bytes (strong ETags, golden files). Text is escaped and folded
 * by libical (lines of at most 75 octets, never inside a UTF-8 sequence), every line ends in CRLF,
 * and control characters in the input cannot start a line of their own.
 *
 * Thread-safe: libical's time zone cache is shared, so rendering is serialised internally.
 * Throws std::runtime_error if libical fails.
 */
std::string render_calendar(const calendar_options& options, const std::vector<feed_event>& events);

/**
 * The offset from UTC of `zone` at instant `t` (+1 h in Stockholm in winter, +2 h in summer), from
 * the same zone data the feeds use, so text that shows local times (a meeting's agenda) agrees with
 * the calendars. A zone libical does not know gives 0 (UTC). Thread-safe.
 */
std::chrono::seconds utc_offset(domain::instant t, const std::string& zone);

}  // namespace traffpunkt::ical
