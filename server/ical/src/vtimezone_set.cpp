#include "vtimezone_set.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>

namespace traffpunkt::ical {

namespace {

using namespace std::chrono;

/** Same shape rule as domain::is_known_zone: never hand libical a path like `../x`. */
bool has_zone_shape(const std::string& zone) {
    if (zone.empty() || zone.size() > 64 || zone.front() == '/' || zone.back() == '/' ||
        zone.find("//") != std::string::npos) {
        return false;
    }
    return std::all_of(zone.begin(), zone.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_' || c == '+' || c == '-' || c == '/';
    });
}

icaltimezone* builtin_zone(const std::string& zone) {
    if (!has_zone_shape(zone)) {
        return nullptr;
    }
    icaltimezone* z = icaltimezone_get_builtin_timezone(zone.c_str());
    if (z == nullptr || z == icaltimezone_get_utc_timezone() ||
        icaltimezone_get_component(z) == nullptr) {
        return nullptr;
    }
    return z;
}

/** 00:00:00 UTC on 1 January of `y`. */
icaltimetype new_year(int y) {
    const auto t = sys_days{year{y} / January / 1};
    return utc_time(domain::instant{duration_cast<seconds>(t.time_since_epoch())});
}

int utc_year(domain::instant t) {
    return static_cast<int>(year_month_day{floor<days>(t)}.year());
}

}  // namespace

icaltimetype utc_time(domain::instant t) {
    return icaltime_from_timet_with_zone(static_cast<std::time_t>(t.time_since_epoch().count()), 0,
                                         icaltimezone_get_utc_timezone());
}

vtimezone_set::zoned_time vtimezone_set::local(domain::instant t, const std::string& zone) {
    auto it = used_.find(zone);
    if (it == used_.end()) {
        icaltimezone* z = builtin_zone(zone);
        if (z == nullptr) {
            return {utc_time(t), {}};
        }
        it = used_.emplace(zone, span{z, t, t}).first;
    }
    span& s = it->second;
    s.first = std::min(s.first, t);
    s.last = std::max(s.last, t);
    icaltimetype local = icaltime_from_timet_with_zone(
        static_cast<std::time_t>(t.time_since_epoch().count()), 0, s.zone);
    // A floating value plus our own TZID parameter: libical would otherwise name the zone with
    // its "/freeassociation.sourceforge.net/" prefix, which calendar clients do not recognise.
    local.zone = nullptr;
    return {local, zone};
}

void vtimezone_set::add_to(icalcomponent* calendar) const {
    for (const auto& [name, s] : used_) {
        component_ptr vtimezone(icalcomponent_new_clone(icaltimezone_get_component(s.zone)));
        if (!vtimezone) {
            throw std::runtime_error("libical could not copy the zone " + name);
        }
        // Whole years around the events: small, yet the same bytes for the same events.
        // ms_compatible keeps the transitions as RRULEs (not RDATEs), which Outlook needs.
        icaltimezone_truncate_vtimezone(vtimezone.get(), new_year(utc_year(s.first)),
                                        new_year(utc_year(s.last) + 1), 1);
        if (icalproperty* tzid =
                icalcomponent_get_first_property(vtimezone.get(), ICAL_TZID_PROPERTY)) {
            icalproperty_set_tzid(tzid, name.c_str());
        } else {
            add_property(vtimezone.get(), icalproperty_new_tzid(name.c_str()));
        }
        // libical's private hint, redundant now that TZID is the IANA name itself.
        while (icalproperty* hint =
                   icalcomponent_get_first_property(vtimezone.get(), ICAL_X_PROPERTY)) {
            icalcomponent_remove_property(vtimezone.get(), hint);
            icalproperty_free(hint);
        }
        icalcomponent_add_component(calendar, vtimezone.release());
    }
}

}  // namespace traffpunkt::ical
