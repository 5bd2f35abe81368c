#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/object.hpp>

#include "traffpunkt/protocol/args_reader.hpp"

namespace traffpunkt::protocol {

// Agenda ops. The codec checks shapes, types, enum values and ranges; whether an item fits in its
// meeting (time, lengths, repeated ids) is a domain rule the server checks.

namespace enum_values {
/** agenda item `kind` */
inline constexpr std::array<std::string_view, 5> agenda_item_kind{"talk", "discussion", "workshop",
                                                                  "break", "poll"};
/** agenda.now `state` */
inline constexpr std::array<std::string_view, 4> agenda_live_state{"none", "pending", "running",
                                                                   "ended"};
/** agenda warning `code` */
inline constexpr std::array<std::string_view, 3> agenda_warning_code{"overlap", "out_of_order",
                                                                     "outside_meeting"};
/** agenda change `action` */
inline constexpr std::array<std::string_view, 4> agenda_change_action{"added", "updated", "moved",
                                                                      "removed"};
}  // namespace enum_values

namespace limits {
/** Longest an agenda item may be, in minutes: a meeting lasts at most 14 days. */
inline constexpr std::int64_t agenda_duration_max = 14 * 24 * 60;
/** Elements of a list in agenda args; the domain's own limits are lower. */
inline constexpr std::size_t agenda_list_max = 100;
/** Largest position a client may name; an agenda has at most 100 items. */
inline constexpr std::int64_t agenda_position_max = 1000;
}  // namespace limits

/** `{name, organisation?}`: who presents an item. */
struct presenter_input {
    std::string name;
    std::string organisation;
};

/** {meeting_id}: the args of agenda.get, agenda.history, agenda.start and agenda.end. */
struct agenda_meeting_args {
    std::int64_t meeting_id = 0;
};
/** Decodes the args of `agenda.get`. */
agenda_meeting_args decode_agenda_get(const boost::json::object& args);
/** Decodes the args of `agenda.history`. */
agenda_meeting_args decode_agenda_history(const boost::json::object& args);
/** Decodes the args of `agenda.start`. */
agenda_meeting_args decode_agenda_start(const boost::json::object& args);
/** Decodes the args of `agenda.end`. */
agenda_meeting_args decode_agenda_end(const boost::json::object& args);

/**
 * agenda.add {meeting_id, title, description?, kind, starts_at, duration_minutes, presenters?,
 * document_ids?, poll_ids?, position?}
 */
struct agenda_add_args {
    std::int64_t meeting_id = 0;
    std::string title;
    std::string description;
    std::string kind;       ///< talk | discussion | workshop | break | poll
    std::string starts_at;  ///< RFC 3339 with an offset
    std::int64_t duration_minutes = 0;
    std::vector<presenter_input> presenters;
    std::vector<std::int64_t> document_ids;
    std::vector<std::int64_t> poll_ids;
    std::optional<std::int64_t> position;  ///< 1-based; absent: at the end
};
/** Decodes the args of `agenda.add`. */
agenda_add_args decode_agenda_add(const boost::json::object& args);

/**
 * agenda.update {item_id, and any of title, description (null clears), kind, starts_at,
 * duration_minutes, presenters, document_ids, poll_ids}. A given list replaces the whole list
 * (`[]` empties it). At least one field besides item_id.
 */
struct agenda_update_args {
    std::int64_t item_id = 0;
    args_reader::patch<std::string> title;
    args_reader::patch<std::string> description;
    args_reader::patch<std::string> kind;
    args_reader::patch<std::string> starts_at;
    args_reader::patch<std::int64_t> duration_minutes;
    std::optional<std::vector<presenter_input>> presenters;
    std::optional<std::vector<std::int64_t>> document_ids;
    std::optional<std::vector<std::int64_t>> poll_ids;
};
/** Decodes the args of `agenda.update`. */
agenda_update_args decode_agenda_update(const boost::json::object& args);

/** agenda.move {item_id, position} */
struct agenda_move_args {
    std::int64_t item_id = 0;
    std::int64_t position = 0;  ///< 1-based place after the move
};
/** Decodes the args of `agenda.move`. */
agenda_move_args decode_agenda_move(const boost::json::object& args);

/** agenda.remove {item_id} */
struct agenda_remove_args {
    std::int64_t item_id = 0;
};
/** Decodes the args of `agenda.remove`. */
agenda_remove_args decode_agenda_remove(const boost::json::object& args);

/** agenda.set_current {meeting_id, item_id (null: none), start? (default true)} */
struct agenda_set_current_args {
    std::int64_t meeting_id = 0;
    std::optional<std::int64_t> item_id;  ///< required member; null clears the marker
    bool start = true;
};
/** Decodes the args of `agenda.set_current`. */
agenda_set_current_args decode_agenda_set_current(const boost::json::object& args);

}  // namespace traffpunkt::protocol
