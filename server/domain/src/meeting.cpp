#include "traffpunkt/domain/meeting.hpp"

#include <string>

#include "enum_names.hpp"
#include "traffpunkt/domain/network.hpp"
#include "traffpunkt/domain/text.hpp"

namespace traffpunkt::domain {

namespace {

using detail::name_of;
using detail::value_of;

constexpr detail::name_table<meeting_format, 3> meeting_format_names{{
    {meeting_format::in_person, "in_person"},
    {meeting_format::digital, "digital"},
    {meeting_format::hybrid, "hybrid"},
}};

constexpr detail::name_table<meeting_status, 3> meeting_status_names{{
    {meeting_status::draft, "draft"},
    {meeting_status::published, "published"},
    {meeting_status::cancelled, "cancelled"},
}};

check check_capacity(std::string_view field, const std::optional<int>& capacity) {
    if (capacity && (*capacity < 0 || *capacity > limits::capacity_max)) {
        return invalid_value(std::string(field), std::string(field) + " must be between 0 and " +
                                                     std::to_string(limits::capacity_max));
    }
    return std::nullopt;
}

check check_times(const meeting& m) {
    if (m.ends_at <= m.starts_at) {
        return invalid_value("ends_at", "ends_at must be after starts_at");
    }
    if (m.ends_at - m.starts_at > limits::meeting_duration_max) {
        return invalid_value("ends_at", "a meeting may last at most " +
                                            std::to_string(limits::meeting_duration_max.count()) +
                                            " days");
    }
    if (m.registration_opens && m.registration_closes &&
        *m.registration_opens >= *m.registration_closes) {
        return invalid_value("registration_closes",
                             "registration_closes must be after registration_opens");
    }
    if (m.registration_opens && *m.registration_opens >= m.ends_at) {
        return invalid_value("registration_opens", "registration_opens must be before ends_at");
    }
    if (m.registration_closes && *m.registration_closes > m.ends_at) {
        return invalid_value("registration_closes",
                             "registration_closes must not be after ends_at");
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(meeting_format f) {
    return name_of(meeting_format_names, f);
}

std::optional<meeting_format> parse_meeting_format(std::string_view s) {
    return value_of(meeting_format_names, s);
}

std::string_view to_string(meeting_status s) {
    return name_of(meeting_status_names, s);
}

std::optional<meeting_status> parse_meeting_status(std::string_view s) {
    return value_of(meeting_status_names, s);
}

check validate(const meeting& m) {
    if (m.network_id <= 0) {
        return invalid_value("network_id", "network_id must name a network");
    }
    if (auto error = check_line("title", m.title, 1, limits::name_max)) {
        return error;
    }
    if (auto error = check_text("description", m.description, limits::description_max)) {
        return error;
    }
    if (auto error = check_times(m)) {
        return error;
    }
    if (!is_known_zone(m.zone)) {
        return invalid_value("zone", "zone must be a known IANA time zone, e.g. Europe/Stockholm");
    }
    if (!parse_meeting_format(to_string(m.format))) {
        return invalid_value("format", "format must be in_person, digital or hybrid");
    }
    if (auto error = check_line("venue", m.venue, 0, limits::name_max)) {
        return error;
    }
    if (auto error = check_line("address", m.address, 0, limits::name_max)) {
        return error;
    }
    if (!m.online_url.empty()) {
        if (auto error = check_url("online_url", m.online_url)) {
            return error;
        }
    }
    if (auto error = check_capacity("capacity_in_person", m.capacity_in_person)) {
        return error;
    }
    if (auto error = check_capacity("capacity_remote", m.capacity_remote)) {
        return error;
    }
    if (m.in_person_quota_per_org &&
        (*m.in_person_quota_per_org < 1 || *m.in_person_quota_per_org > limits::capacity_max)) {
        // 0 would lock every organisation out; "no in-person seats" is capacity_in_person 0.
        return invalid_value("in_person_quota_per_org",
                             "in_person_quota_per_org must be between 1 and " +
                                 std::to_string(limits::capacity_max));
    }
    if (auto error = check_text("cost_note", m.cost_note, limits::note_max)) {
        return error;
    }
    if (auto error = check_line("contact_name", m.contact_name, 0, limits::name_max)) {
        return error;
    }
    if (!m.contact_email.empty()) {
        if (auto error = check_email("contact_email", m.contact_email)) {
            return error;
        }
    }
    if (!parse_meeting_status(to_string(m.status))) {
        return invalid_value("status", "status must be draft, published or cancelled");
    }
    if (m.sequence < 0) {
        return invalid_value("sequence", "sequence must not be negative");
    }
    return std::nullopt;
}

check publish(meeting& m) {
    switch (m.status) {
        case meeting_status::draft:
            // The first version calendars see; SEQUENCE starts where the draft left it.
            m.status = meeting_status::published;
            return std::nullopt;
        case meeting_status::published:
            return invalid_transition("only a draft meeting can be published");
        case meeting_status::cancelled:
            return invalid_transition("meeting is cancelled");
    }
    return invalid_transition("only a draft meeting can be published");
}

check cancel(meeting& m) {
    if (m.status == meeting_status::cancelled) {
        return invalid_transition("meeting is already cancelled");
    }
    if (m.status != meeting_status::draft && m.status != meeting_status::published) {
        return invalid_transition("meeting cannot be cancelled");
    }
    m.status = meeting_status::cancelled;
    // Calendars replace an event only when SEQUENCE grows; STATUS:CANCELLED must win.
    ++m.sequence;
    return std::nullopt;
}

check can_edit(const meeting& m) {
    if (m.status == meeting_status::cancelled) {
        return invalid_transition("meeting is cancelled");
    }
    return std::nullopt;
}

bool calendar_visible_change(const meeting& before, const meeting& after) {
    return before.title != after.title || before.description != after.description ||
           before.starts_at != after.starts_at || before.ends_at != after.ends_at ||
           before.zone != after.zone || before.format != after.format ||
           before.venue != after.venue || before.address != after.address ||
           before.online_url != after.online_url || before.cost_note != after.cost_note ||
           before.status != after.status;
}

}  // namespace traffpunkt::domain
