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
/** person.language: the language of the person's mail */
inline constexpr std::array<std::string_view, 2> person_language{"sv", "en"};
/** registration.mode */
inline constexpr std::array<std::string_view, 2> attendance_mode{"in_person", "remote"};
/** registration.status */
inline constexpr std::array<std::string_view, 3> registration_status{"confirmed", "waitlisted",
                                                                     "cancelled"};
/** auth result role */
inline constexpr std::array<std::string_view, 3> session_role{"coordinator", "participant",
                                                              "audience"};

/** poll.kind */
inline constexpr std::array<std::string_view, 7> poll_kind{
    "single", "multiple", "scale", "ranking", "approval", "text", "pb"};
/** poll.status */
inline constexpr std::array<std::string_view, 3> poll_status{"draft", "open", "closed"};
/** poll.audience: registered participants, or anyone with the meeting's poll link */
inline constexpr std::array<std::string_view, 2> poll_audience{"registered", "link"};
/** poll.results: when participants see results */
inline constexpr std::array<std::string_view, 3> results_visibility{"live", "after_close",
                                                                    "facilitators"};
/** poll.pb.ballot */
inline constexpr std::array<std::string_view, 3> pb_ballot{"approval", "knapsack", "points"};
/** poll.pb.utility: how Equal Shares values an approved project */
inline constexpr std::array<std::string_view, 2> pb_utility{"cost", "approval"};

/** Audience questions (PROTOCOL.md "Questions"). */
inline constexpr std::array<std::string_view, 2> question_moderation{"post", "pre"};
inline constexpr std::array<std::string_view, 2> question_origin{"room", "remote"};
inline constexpr std::array<std::string_view, 6> question_status{"pending", "visible",   "answered",
                                                                 "hidden",  "withdrawn", "merged"};
inline constexpr std::array<std::string_view, 8> question_action{
    "approve", "hide", "show", "merge", "pin", "unpin", "answer", "reopen"};
inline constexpr std::array<std::string_view, 2> question_view{"top", "newest"};

}  // namespace traffpunkt::protocol::enum_values
