#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/rule_error.hpp"
#include "traffpunkt/domain/time.hpp"

// The minutes of a meeting (protokoll/minnesanteckningar): one Markdown text per meeting with a
// small state machine and optimistic concurrency.
//
//   draft --submit--> for_review --approve--> approved (read-only for good)
//     ^                  |
//     +-----reopen-------+        an edit of minutes under review also returns them to draft
//
// Every change (an edit or a status step) makes a new version, numbered 1, 2, 3, ... Each step
// names the version it is based on; when that is not the current version the step is refused
// (someone else changed the minutes meanwhile), never applied over the other change.

namespace traffpunkt::domain {

enum class minutes_status { draft, for_review, approved };
/** What made a version. */
enum class minutes_action { edit, submit, reopen, approve };

std::string_view to_string(minutes_status s);
std::optional<minutes_status> parse_minutes_status(std::string_view s);
std::string_view to_string(minutes_action a);
std::optional<minutes_action> parse_minutes_action(std::string_view s);

/** Limits of minutes, next to the other field limits. */
namespace limits {
/**
 * Code points of minutes text. An edit carries the whole text in one WebSocket message of at
 * most 64 KiB, so the limit stays below that with room for JSON escaping.
 */
inline constexpr std::size_t minutes_max = 40000;
}  // namespace limits

/** A meeting's minutes as they stand. Version 0: nothing written yet (an empty draft). */
struct meeting_minutes {
    id meeting_id = 0;
    std::int64_t version = 0;
    minutes_status status = minutes_status::draft;
    std::string text;  ///< Markdown, LF line ends
    std::optional<instant> updated_at;
    bool operator==(const meeting_minutes&) const = default;
};

/** Minutes text: multi-line (LF and TAB allowed), at most `limits::minutes_max` code points. */
check validate_minutes_text(std::string_view text);

/** True once approved: nothing changes any more. */
bool is_read_only(const meeting_minutes& m);

/**
 * Replaces the text (a new version). Refused (invalid_transition) when the minutes are approved
 * or `base_version` is not the current version (field "base_version"); refused
 * (invalid_value, field "text") when the text breaks `validate_minutes_text`. Minutes under
 * review go back to draft: what was submitted is no longer what is there.
 */
check edit_minutes(meeting_minutes& m, std::int64_t base_version, std::string text, instant now);

/** draft -> for_review. `version` must be the current one; empty minutes are not submitted. */
check submit_minutes(meeting_minutes& m, std::int64_t version, instant now);

/** for_review -> draft (a reviewer sends them back). `version` must be the current one. */
check reopen_minutes(meeting_minutes& m, std::int64_t version, instant now);

/**
 * for_review -> approved. `version` must be the current one, so nobody approves a text they
 * have not seen.
 */
check approve_minutes(meeting_minutes& m, std::int64_t version, instant now);

}  // namespace traffpunkt::domain
