#include "traffpunkt/ical/calendar_feed.hpp"

#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include "event_text.hpp"
#include "ical_handle.hpp"
#include "ical_output.hpp"
#include "vevent_builder.hpp"
#include "vtimezone_set.hpp"

namespace traffpunkt::ical {

std::string render_calendar(const calendar_options& options,
                            const std::vector<feed_event>& events) {
    std::lock_guard lock(libical_mutex());

    vtimezone_set zones;
    std::vector<component_ptr> vevents;
    vevents.reserve(events.size());
    for (const auto& event : events) {
        vevents.push_back(build_vevent(options, event, zones));
    }

    component_ptr calendar = make_component(ICAL_VCALENDAR_COMPONENT);
    icalcomponent* c = calendar.get();
    add_property(c, icalproperty_new_prodid("-//Traffpunkt//Traffpunkt calendar feed//SV"));
    add_property(c, icalproperty_new_version("2.0"));
    add_property(c, icalproperty_new_calscale("GREGORIAN"));
    add_property(c, icalproperty_new_method(ICAL_METHOD_PUBLISH));
    add_x_property(c, "X-WR-CALNAME", options.calendar_name);
    add_x_property(c, "X-WR-TIMEZONE", options.zone);
    // Clients poll a subscription at this interval: RFC 7986 and the older Microsoft name.
    icalproperty* refresh =
        add_property(c, icalproperty_new_refreshinterval(icaldurationtype_from_int(3600)));
    icalproperty_add_parameter(refresh, icalparameter_new_value(ICAL_VALUE_DURATION));
    add_x_property(c, "X-PUBLISHED-TTL", "PT1H");

    // Zones first: some parsers resolve a TZID only against VTIMEZONEs they have already read.
    zones.add_to(c);
    for (auto& vevent : vevents) {
        icalcomponent_add_component(c, vevent.release());
    }

    return serialise_calendar(c);
}

std::chrono::seconds utc_offset(domain::instant t, const std::string& zone) {
    std::lock_guard lock(libical_mutex());
    vtimezone_set zones;
    const auto local = zones.local(t, zone);
    if (local.tzid.empty()) {
        return std::chrono::seconds{0};
    }
    // The local wall-clock time read as if it were UTC, minus the instant: the offset.
    const auto wall = static_cast<std::int64_t>(icaltime_as_timet(local.time));
    return std::chrono::seconds{wall - t.time_since_epoch().count()};
}

}  // namespace traffpunkt::ical
