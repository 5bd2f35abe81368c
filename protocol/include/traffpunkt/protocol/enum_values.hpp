#pragma once

#include <array>
#include <string_view>

namespace traffpunkt::protocol::enum_values {

// The wire strings of every enumerated field. The server maps them to its domain enums with the
// domain's parsers; these lists let the codec refuse a misspelt value with a helpful message
// before any handler runs. Keep them in step with server/domain and PROTOCOL.md.

/** meeting.format */
inline constexpr std::array<std::string_view, 3> meeting_format{"in_person", "digital", "hybrid"};
/** meeting.status */
inline constexpr std::array<std::string_view, 3> meeting_status{"draft", "published", "cancelled"};
/** organisation.kind */
inline constexpr std::array<std::string_view, 3> org_kind{"municipality", "region", "other"};
/** person.role */
inline constexpr std::array<std::string_view, 2> person_role{"official", "elected"};
/** registration.mode */
inline constexpr std::array<std::string_view, 2> attendance_mode{"in_person", "remote"};
/** registration.status */
inline constexpr std::array<std::string_view, 3> registration_status{"confirmed", "waitlisted",
                                                                     "cancelled"};
/** auth result role */
inline constexpr std::array<std::string_view, 2> session_role{"coordinator", "participant"};

}  // namespace traffpunkt::protocol::enum_values
