#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

namespace traffpunkt::protocol {

// Minutes ops. Every change names the version it is based on (optimistic concurrency); the
// server refuses a change based on an older version with `conflict`.

namespace enum_values {
/** minutes `status` */
inline constexpr std::array<std::string_view, 3> minutes_status{"draft", "for_review", "approved"};
/** minutes version `action` */
inline constexpr std::array<std::string_view, 4> minutes_action{"edit", "submit", "reopen",
                                                                "approve"};
}  // namespace enum_values

/** {meeting_id}: the args of minutes.get and minutes.history. */
struct minutes_meeting_args {
    std::int64_t meeting_id = 0;
};
/** Decodes the args of `minutes.get`. */
minutes_meeting_args decode_minutes_get(const boost::json::object& args);
/** Decodes the args of `minutes.history`. */
minutes_meeting_args decode_minutes_history(const boost::json::object& args);

/** minutes.edit {meeting_id, base_version, text} */
struct minutes_edit_args {
    std::int64_t meeting_id = 0;
    std::int64_t base_version = 0;  ///< the version the edit is based on; 0 before the first
    std::string text;               ///< Markdown, the whole text
};
/** Decodes the args of `minutes.edit`. */
minutes_edit_args decode_minutes_edit(const boost::json::object& args);

/**
 * {meeting_id, version}: the args of minutes.submit, minutes.reopen, minutes.approve (the version
 * the step is based on) and minutes.version (the version to read).
 */
struct minutes_version_args {
    std::int64_t meeting_id = 0;
    std::int64_t version = 0;
};
/** Decodes the args of `minutes.submit`. */
minutes_version_args decode_minutes_submit(const boost::json::object& args);
/** Decodes the args of `minutes.reopen`. */
minutes_version_args decode_minutes_reopen(const boost::json::object& args);
/** Decodes the args of `minutes.approve`. */
minutes_version_args decode_minutes_approve(const boost::json::object& args);
/** Decodes the args of `minutes.version`. */
minutes_version_args decode_minutes_version(const boost::json::object& args);

}  // namespace traffpunkt::protocol
