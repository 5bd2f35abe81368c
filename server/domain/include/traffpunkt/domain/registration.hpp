#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::domain {

/** How a person takes part in a meeting. */
enum class attendance_mode { in_person, remote };

/** Where a registration stands. Cancelled registrations are kept (history, statistics). */
enum class registration_status { confirmed, waitlisted, cancelled };

std::string_view to_string(attendance_mode m);
std::optional<attendance_mode> parse_attendance_mode(std::string_view s);
std::string_view to_string(registration_status s);
std::optional<registration_status> parse_registration_status(std::string_view s);

/** One person's registration for one meeting (at most one active per person and meeting). */
struct registration {
    id registration_id = 0;
    id meeting_id = 0;
    id person_id = 0;
    attendance_mode mode = attendance_mode::in_person;
    registration_status status = registration_status::confirmed;
    std::string dietary_needs;        ///< free text, personal data
    std::string accessibility_needs;  ///< free text, personal data
    instant registered_at{};          ///< arrival order: the waitlist is ordered by this, then id
    instant updated_at{};
    std::optional<instant> checked_in_at;
    std::string checkin_code;  ///< short code the participant shows at the door
};

}  // namespace traffpunkt::domain
