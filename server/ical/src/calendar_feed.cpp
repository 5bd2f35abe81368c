#include "traffpunkt/ical/calendar_feed.hpp"

#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string_view>

#include "event_text.hpp"
#include "ical_handle.hpp"
#include "vevent_builder.hpp"
#include "vtimezone_set.hpp"

namespace traffpunkt::ical {

namespace {

/**
 * libical's builtin zone cache is filled lazily and shared by every thread; it is not safe to
 * fill from two threads at once. Feeds are cached by the service, so one lock costs nothing.
 */
std::mutex& libical_mutex() {
    static std::mutex m;
    return m;
}

/**
 * An X- property. libical escapes nothing in X- values but backslashes, so the value is made
 * one line here: nothing in it can end the line and start a property of its own.
 */
void add_x_property(icalcomponent* calendar, const char* name, std::string_view value) {
    icalproperty* p = add_property(calendar, icalproperty_new_x(one_line(value).c_str()));
    icalproperty_set_x_name(p, name);
}

/**
 * libical 3.0 (Debian 12 has 3.0.16) folds a property line together with its CRLF ending, so a
 * line whose content fills the last folded line exactly comes out as `CR CRLF SPACE LF` (a lone
 * CR and a line without CR: the feed was refused) or as `CRLF SPACE CRLF` (an empty continuation
 * line some servers reject). libical 4.0.3 folds before appending the CRLF (libical PR #1338);
 * until then, both are put back to a plain CRLF here. Values never contain a raw CR (the event
 * text is cleaned first), so neither sequence can be anything else.
 */
void repair_folded_line_endings(std::string& text) {
    for (const std::string_view bad :
         {std::string_view("\r\r\n \n"), std::string_view("\r\n \r\n")}) {
        std::string out;
        out.reserve(text.size());
        std::size_t start = 0;
        for (auto at = text.find(bad); at != std::string::npos; at = text.find(bad, start)) {
            out.append(text, start, at - start);
            out += "\r\n";
            start = at + bad.size();
        }
        out.append(text, start, std::string::npos);
        text = std::move(out);
    }
}

/**
 * A bare LF in the output would end a line early: a folded line split in the wrong place or
 * text that escaped escaping. Either would be a libical bug; refuse to serve such a feed.
 */
void require_crlf(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) {
            throw std::runtime_error("iCalendar output has a line that does not end in CRLF");
        }
        if (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')) {
            throw std::runtime_error("iCalendar output has a lone CR");
        }
    }
}

}  // namespace

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

    buffer_ptr text(icalcomponent_as_ical_string_r(c));
    if (!text) {
        throw std::runtime_error("libical could not serialise the calendar");
    }
    std::string out(text.get());
    repair_folded_line_endings(out);
    require_crlf(out);
    return out;
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
