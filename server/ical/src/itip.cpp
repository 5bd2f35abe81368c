#include "traffpunkt/ical/itip.hpp"

#include <mutex>

#include "event_text.hpp"
#include "ical_handle.hpp"
#include "ical_output.hpp"
#include "vevent_builder.hpp"
#include "vtimezone_set.hpp"

namespace traffpunkt::ical {

namespace {

/** A `mailto:` URI; the addresses are checked by the domain, control characters go anyway. */
std::string mailto(const std::string& address) {
    return "mailto:" + one_line(address);
}

/** Replaces the value of the first property of `kind` (build_vevent wrote the feed's one). */
void replace_property(icalcomponent* vevent, icalproperty_kind kind, icalproperty* replacement) {
    if (icalproperty* old = icalcomponent_get_first_property(vevent, kind)) {
        icalcomponent_remove_property(vevent, old);
        icalproperty_free(old);
    }
    add_property(vevent, replacement);
}

icalparameter_partstat partstat_of(domain::registration_status status) {
    switch (status) {
        case domain::registration_status::confirmed:
            return ICAL_PARTSTAT_ACCEPTED;
        case domain::registration_status::waitlisted:
            return ICAL_PARTSTAT_TENTATIVE;
        case domain::registration_status::cancelled:
            return ICAL_PARTSTAT_DECLINED;
    }
    return ICAL_PARTSTAT_ACCEPTED;
}

}  // namespace

std::string render_itip(const calendar_options& options, const itip_invitation& invitation) {
    std::lock_guard lock(libical_mutex());

    const bool remote = invitation.mode == domain::attendance_mode::remote;
    const bool cancel = invitation.method == itip_method::cancel;
    feed_event event;
    event.meeting = invitation.meeting;
    event.personal_status = cancel ? domain::registration_status::cancelled : invitation.status;
    // The online link is for those who take part remotely; in-person participants get the place.
    event.include_online_url = remote;

    vtimezone_set zones;
    component_ptr vevent = build_vevent(options, event, zones);
    icalcomponent* e = vevent.get();
    replace_property(e, ICAL_DTSTAMP_PROPERTY,
                     icalproperty_new_dtstamp(utc_time(invitation.dtstamp)));
    const domain::meeting& m = invitation.meeting;
    if (remote && m.format == domain::meeting_format::hybrid && !m.online_url.empty()) {
        // The feed shows a hybrid meeting's venue; a remote participant's place is the link.
        replace_property(e, ICAL_LOCATION_PROPERTY,
                         icalproperty_new_location(one_line(m.online_url).c_str()));
    }
    if (cancel) {
        replace_property(e, ICAL_STATUS_PROPERTY, icalproperty_new_status(ICAL_STATUS_CANCELLED));
    }

    icalproperty* organizer =
        add_property(e, icalproperty_new_organizer(mailto(invitation.organizer_email).c_str()));
    if (!invitation.organizer_name.empty()) {
        icalproperty_add_parameter(
            organizer, icalparameter_new_cn(one_line(invitation.organizer_name).c_str()));
    }
    icalproperty* attendee =
        add_property(e, icalproperty_new_attendee(mailto(invitation.attendee_email).c_str()));
    if (!invitation.attendee_name.empty()) {
        icalproperty_add_parameter(
            attendee, icalparameter_new_cn(one_line(invitation.attendee_name).c_str()));
    }
    icalproperty_add_parameter(attendee, icalparameter_new_cutype(ICAL_CUTYPE_INDIVIDUAL));
    icalproperty_add_parameter(attendee, icalparameter_new_role(ICAL_ROLE_REQPARTICIPANT));
    icalproperty_add_parameter(attendee,
                               icalparameter_new_partstat(cancel ? ICAL_PARTSTAT_DECLINED
                                                                 : partstat_of(invitation.status)));
    icalproperty_add_parameter(attendee, icalparameter_new_rsvp(ICAL_RSVP_FALSE));

    component_ptr calendar = make_component(ICAL_VCALENDAR_COMPONENT);
    icalcomponent* c = calendar.get();
    add_property(c, icalproperty_new_prodid("-//Traffpunkt//Traffpunkt calendar feed//SV"));
    add_property(c, icalproperty_new_version("2.0"));
    add_property(c, icalproperty_new_calscale("GREGORIAN"));
    add_property(c, icalproperty_new_method(cancel ? ICAL_METHOD_CANCEL : ICAL_METHOD_REQUEST));
    zones.add_to(c);
    icalcomponent_add_component(c, vevent.release());
    return serialise_calendar(c);
}

}  // namespace traffpunkt::ical
