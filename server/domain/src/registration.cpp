#include "traffpunkt/domain/registration.hpp"

#include "enum_names.hpp"
#include "traffpunkt/domain/text.hpp"

namespace traffpunkt::domain {

namespace {

using detail::name_of;
using detail::value_of;

constexpr detail::name_table<attendance_mode, 2> mode_names{{
    {attendance_mode::in_person, "in_person"},
    {attendance_mode::remote, "remote"},
}};

constexpr detail::name_table<registration_status, 3> registration_status_names{{
    {registration_status::confirmed, "confirmed"},
    {registration_status::waitlisted, "waitlisted"},
    {registration_status::cancelled, "cancelled"},
}};

}  // namespace

std::string_view to_string(attendance_mode m) {
    return name_of(mode_names, m);
}

std::optional<attendance_mode> parse_attendance_mode(std::string_view s) {
    return value_of(mode_names, s);
}

std::string_view to_string(registration_status s) {
    return name_of(registration_status_names, s);
}

std::optional<registration_status> parse_registration_status(std::string_view s) {
    return value_of(registration_status_names, s);
}

check validate_needs(const registration& r) {
    if (auto error = check_text("dietary_needs", r.dietary_needs, limits::needs_max)) {
        return error;
    }
    return check_text("accessibility_needs", r.accessibility_needs, limits::needs_max);
}

}  // namespace traffpunkt::domain
