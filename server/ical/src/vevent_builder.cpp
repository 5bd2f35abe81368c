#include "vevent_builder.hpp"

#include <string>

#include "event_text.hpp"

namespace traffpunkt::ical {

namespace {

icalproperty_status event_status(const feed_event& event) {
    switch (event.meeting.status) {
        case domain::meeting_status::cancelled:
            return ICAL_STATUS_CANCELLED;
        case domain::meeting_status::draft:
            return ICAL_STATUS_TENTATIVE;
        case domain::meeting_status::published:
            break;
    }
    if (!event.personal_status) {
        return ICAL_STATUS_CONFIRMED;
    }
    switch (*event.personal_status) {
        case domain::registration_status::confirmed:
            return ICAL_STATUS_CONFIRMED;
        case domain::registration_status::waitlisted:
            return ICAL_STATUS_TENTATIVE;
        case domain::registration_status::cancelled:
            return ICAL_STATUS_CANCELLED;
    }
    return ICAL_STATUS_CONFIRMED;
}

/** DTSTART or DTEND with the TZID parameter the zone set chose. */
void add_zoned(icalcomponent* vevent, icalproperty* (*make)(icaltimetype),
               const vtimezone_set::zoned_time& value) {
    icalproperty* p = add_property(vevent, make(value.time));
    if (!value.tzid.empty()) {
        icalproperty_add_parameter(p, icalparameter_new_tzid(value.tzid.c_str()));
    }
}

}  // namespace

component_ptr build_vevent(const calendar_options& options, const feed_event& event,
                           vtimezone_set& zones) {
    const domain::meeting& m = event.meeting;
    component_ptr vevent = make_component(ICAL_VEVENT_COMPONENT);
    icalcomponent* e = vevent.get();
    const std::string page = meeting_page_url(options, m.meeting_id);

    add_property(e, icalproperty_new_uid(meeting_uid(options, m.meeting_id).c_str()));
    add_property(e, icalproperty_new_sequence(m.sequence));
    // DTSTAMP is the last change, not "now": the same data must give the same bytes.
    add_property(e, icalproperty_new_dtstamp(utc_time(m.updated_at)));
    add_property(e, icalproperty_new_created(utc_time(m.created_at)));
    add_property(e, icalproperty_new_lastmodified(utc_time(m.updated_at)));
    add_zoned(e, icalproperty_new_dtstart, zones.local(m.starts_at, m.zone));
    add_zoned(e, icalproperty_new_dtend, zones.local(m.ends_at, m.zone));
    add_property(e, icalproperty_new_summary(one_line(m.title).c_str()));
    add_property(e, icalproperty_new_description(event_description(event, page).c_str()));
    if (const std::string location = event_location(event); !location.empty()) {
        add_property(e, icalproperty_new_location(location.c_str()));
    }
    add_property(e, icalproperty_new_url(page.c_str()));
    add_property(e, icalproperty_new_status(event_status(event)));
    // CATEGORIES is a list: libical writes the comma unescaped, as the separator it is.
    const std::string categories = std::string(format_category(m.format)) + ",Nätverksträff";
    add_property(e, icalproperty_new_categories(categories.c_str()));
    if (event.include_online_url && m.format != domain::meeting_format::in_person &&
        !m.online_url.empty()) {
        icalproperty* conference =
            add_property(e, icalproperty_new_conference(one_line(m.online_url).c_str()));
        icalproperty_add_parameter(conference, icalparameter_new_value(ICAL_VALUE_URI));
        icalproperty_add_parameter(conference, icalparameter_new_feature(ICAL_FEATURE_VIDEO));
        icalproperty_add_parameter(conference, icalparameter_new_label("Delta digitalt"));
    }
    return vevent;
}

}  // namespace traffpunkt::ical
