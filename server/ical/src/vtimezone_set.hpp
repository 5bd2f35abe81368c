#pragma once

#include <map>
#include <string>

#include "ical_handle.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::ical {

/**
 * The zones one calendar uses. Each DTSTART/DTEND asks for its local time here, which records
 * the zone and the span of instants it must cover; afterwards `add_to` writes exactly one
 * VTIMEZONE per recorded zone, whose TZID is the plain IANA name the events refer to.
 *
 * Zone data comes from libical's builtin zones (on Debian: the system tz database), so the
 * offsets in the VTIMEZONE and the local times written agree by construction.
 */
class vtimezone_set {
  public:
    /** A date-time value and, unless it is UTC, the TZID parameter that goes with it. */
    struct zoned_time {
        icaltimetype time{};
        std::string tzid;  ///< empty: `time` is UTC (written with a trailing Z)
    };

    /**
     * `t` as local time in `zone`. A zone libical does not know (or UTC itself) gives UTC,
     * which is still the right instant, and no VTIMEZONE.
     */
    zoned_time local(domain::instant t, const std::string& zone);

    /** Adds one VTIMEZONE per zone used, in name order, limited to the years of its events. */
    void add_to(icalcomponent* calendar) const;

  private:
    struct span {
        icaltimezone* zone = nullptr;
        domain::instant first{};
        domain::instant last{};
    };
    std::map<std::string, span> used_;
};

/** `t` as a UTC date-time value (DTSTAMP, LAST-MODIFIED). */
icaltimetype utc_time(domain::instant t);

}  // namespace traffpunkt::ical
