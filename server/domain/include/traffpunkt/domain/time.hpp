#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace traffpunkt::domain {

/** A point in time, UTC, whole seconds. Meetings store instants plus an IANA zone name. */
using instant = std::chrono::sys_seconds;
/** A calendar date without time (board decisions, network periods). */
using date = std::chrono::year_month_day;

/**
 * Parses an RFC 3339 timestamp with an explicit offset: `2022-11-25T10:00:00+01:00` or
 * `2022-11-25T09:00:00Z` (fractions of a second are accepted and dropped). A timestamp without
 * an offset is refused: it would be ambiguous, and an hour off is the classic calendar bug.
 */
std::optional<instant> parse_instant(std::string_view text);

/** Formats as RFC 3339 UTC, e.g. `2022-11-25T09:00:00Z`. */
std::string format_instant(instant t);

/** Parses `YYYY-MM-DD` (a valid calendar date). */
std::optional<date> parse_date(std::string_view text);

/** Formats as `YYYY-MM-DD`. */
std::string format_date(date d);

/**
 * True if `zone` names an IANA time zone known to this machine's tz database
 * (`/usr/share/zoneinfo`, or `$TZDIR`). Names are checked for shape first, so a name like
 * `../../etc/passwd` is never looked up on disk.
 */
bool is_known_zone(std::string_view zone);

/** The zone meetings get when none is given. */
inline constexpr std::string_view default_zone = "Europe/Stockholm";

}  // namespace traffpunkt::domain
