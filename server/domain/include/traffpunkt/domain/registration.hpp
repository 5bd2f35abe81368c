#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/rule_error.hpp"
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
    instant registered_at{};
    instant updated_at{};
    std::optional<instant> checked_in_at;
    std::string checkin_code;  ///< short code the participant shows at the door
    /** The person's organisation when they registered: what seat quotas and statistics count. */
    id organisation_id = 0;
    /**
     * Arrival number within the meeting, given when the registration was made or moved to
     * another mode: each mode's waitlist is served in this order. Seconds are too coarse for
     * a rush of sign-ups, so the order is a counter, not a time.
     */
    std::int64_t arrival = 0;
};

/** Field limits of registrations, next to the other limits (network.hpp, meeting.hpp). */
namespace limits {
/** Dietary and accessibility needs: a few sentences, not a document. */
inline constexpr std::size_t needs_max = 500;
/** Check-in codes: short enough to read aloud at the door. */
inline constexpr std::size_t checkin_code_length = 6;
}  // namespace limits

/**
 * Checks the free-text fields of a registration: dietary and accessibility needs are multi-line
 * text (LF and TAB allowed) of at most `limits::needs_max` code points each.
 */
check validate_needs(const registration& r);

/** Attendance figures of one organisation (for a meeting, or summed over a network). */
struct attendance_statistics {
    id organisation_id = 0;
    int registered = 0;  ///< active registrations: confirmed + waitlisted
    int confirmed = 0;
    int waitlisted = 0;
    int attended = 0;   ///< confirmed and checked in
    int in_person = 0;  ///< active, by mode
    int remote = 0;
    int officials = 0;  ///< active, by the person's role
    int elected = 0;

    /** Adds another organisation's figures (for totals); the organisation id stays. */
    attendance_statistics& operator+=(const attendance_statistics& o) {
        registered += o.registered;
        confirmed += o.confirmed;
        waitlisted += o.waitlisted;
        attended += o.attended;
        in_person += o.in_person;
        remote += o.remote;
        officials += o.officials;
        elected += o.elected;
        return *this;
    }
};

}  // namespace traffpunkt::domain
