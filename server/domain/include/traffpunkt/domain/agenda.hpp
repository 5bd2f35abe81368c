#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/domain/rule_error.hpp"
#include "traffpunkt/domain/time.hpp"

// A meeting's agenda: items in the order the agenda lists them, each with a planned start and
// duration inside the meeting's time, and the live "now" marker a facilitator moves during the
// meeting.
//
// - Items must lie inside the meeting (start not before the meeting's start, end not after its
//   end), last at least a minute and start on a whole minute. Breaking one of these is refused.
// - Overlapping items, items listed out of time order, and items left outside the meeting after
//   the meeting itself moved are allowed but reported as warnings, so a client can show them
//   instead of the server silently accepting (or refusing) a deliberate parallel session.
// - The list order is the facilitator's: moving an item changes its place, never its time.
// - Live state: one current item (or none); it is pending until started, running until ended.
//   Times are the server's, in milliseconds, so clients can show elapsed and overrun time
//   against the server's clock whatever their own clock says.

namespace traffpunkt::domain {

/** What kind of item. `pause` is "break" on the wire and on disk (a C++ keyword). */
enum class agenda_item_kind { talk, discussion, workshop, pause, poll };

std::string_view to_string(agenda_item_kind k);
std::optional<agenda_item_kind> parse_agenda_item_kind(std::string_view s);

/** Someone who presents an item, and the organisation they speak for (may be empty). */
struct presenter {
    std::string name;
    std::string organisation;
    bool operator==(const presenter&) const = default;
};

/** One item of a meeting's agenda. */
struct agenda_item {
    id item_id = 0;
    id meeting_id = 0;
    std::string title;
    std::string description;
    agenda_item_kind kind = agenda_item_kind::talk;
    instant starts_at{};
    std::chrono::minutes duration{0};
    std::vector<presenter> presenters;
    std::vector<id> document_ids;  ///< documents of the meeting shown with the item
    std::vector<id> poll_ids;      ///< polls of the meeting run during the item
    instant updated_at{};

    /** The planned end: start plus duration. */
    instant ends_at() const { return starts_at + duration; }
    bool operator==(const agenda_item&) const = default;
};

/** Limits of agendas, next to the other field limits (network.hpp, meeting.hpp). */
namespace limits {
/** Items per meeting: a conference day has tens; a hundred is a typo or a script. */
inline constexpr std::size_t agenda_items_max = 100;
/** Presenters per item: a panel, not an audience. */
inline constexpr std::size_t presenters_max = 20;
/** Linked documents, and linked polls, per item. */
inline constexpr std::size_t agenda_links_max = 50;
/** An item's description: a paragraph or two, the documents carry the rest. */
inline constexpr std::size_t agenda_description_max = 5000;
}  // namespace limits

/**
 * Checks one item against its meeting: title (one line, 1-200 code points), description
 * (multi-line, at most `limits::agenda_description_max`), start on a whole minute, duration at
 * least one minute, start not before and end not after the meeting, presenters (at most
 * `limits::presenters_max`; names 1-200, organisations 0-200, one line each), and the document
 * and poll ids (at most `limits::agenda_links_max` each, positive, no repeats). Field names are
 * the wire names: "title", "starts_at", "duration_minutes", "presenters[1].name", "poll_ids[0]".
 */
check validate(const agenda_item& item, const meeting& m);

/** A point in time with milliseconds: the live marker's times and the server's clock. */
using precise_instant = std::chrono::sys_time<std::chrono::milliseconds>;

/** Where the live marker stands. */
enum class live_phase {
    none,     ///< no current item
    pending,  ///< an item is current but not started
    running,  ///< started, not ended
    ended,    ///< started and ended
};

std::string_view to_string(live_phase p);

/** The live "now" marker of a meeting. */
struct agenda_live {
    std::optional<id> item_id;
    std::optional<precise_instant> started_at;
    std::optional<precise_instant> ended_at;

    live_phase phase() const;
    bool operator==(const agenda_live&) const = default;
};

/** A meeting's agenda: its items in agenda order and the live marker. */
struct agenda {
    id meeting_id = 0;
    /** Grows by one with every change to the items (not with live changes). */
    std::int64_t revision = 0;
    std::vector<agenda_item> items;
    agenda_live live;

    /** The item with this id, or nullptr. */
    const agenda_item* find(id item_id) const;
    /** 1-based place of an item in the list; 0 when it is not there. */
    std::size_t position_of(id item_id) const;
};

/**
 * Inserts `item` at `position` (1-based, 1 to items + 1; empty: at the end). Refused when the
 * agenda is full (`limits::agenda_items_max`, field "meeting_id") or the position is out of
 * range (field "position"). The item is not validated here: call `validate` first.
 */
check insert_item(agenda& a, agenda_item item, std::optional<std::size_t> position);

/** Moves an item to `position` (1-based, 1 to items). Its time does not change. */
check move_item(agenda& a, id item_id, std::size_t position);

/** Replaces the item with `item.item_id`, keeping its place. */
check replace_item(agenda& a, const agenda_item& item);

/** Removes an item; when it was the current one, the live marker is cleared too. */
check remove_item(agenda& a, id item_id);

/**
 * Makes `item_id` the current item (empty: no current item), pending, or running from `now`
 * when `start` is true. Setting the current item again starts it over.
 */
check set_current(agenda& a, std::optional<id> item_id, bool start, precise_instant now);

/** Starts the current item: it must be pending (not running, not ended). */
check start_current(agenda& a, precise_instant now);

/** Ends the current item: it must be running. */
check end_current(agenda& a, precise_instant now);

/** Something about an agenda worth a second look, which the rules still allow. */
struct agenda_warning {
    enum class kind {
        overlap,          ///< two items' times overlap
        out_of_order,     ///< an item starts before the one listed before it
        outside_meeting,  ///< an item lies (partly) outside the meeting's time
    };
    kind what = kind::overlap;
    std::vector<id> item_ids;  ///< the items concerned, in agenda order
    std::string message;       ///< English, names the items by title
    bool operator==(const agenda_warning&) const = default;
};

std::string_view to_string(agenda_warning::kind k);

/**
 * The warnings of an agenda in meeting `m`: every overlapping pair once (items touching end to
 * start do not overlap), every item listed after one that starts later, every item outside the
 * meeting. Ordered by kind, then by the first item's place.
 */
std::vector<agenda_warning> warnings(const agenda& a, const meeting& m);

/** What a recorded agenda change did to its item. */
enum class agenda_change_action { added, updated, moved, removed };

std::string_view to_string(agenda_change_action a);
std::optional<agenda_change_action> parse_agenda_change_action(std::string_view s);

/**
 * The wire names of the fields in which two versions of an item differ ("title", "starts_at",
 * "duration_minutes", "presenters", ...), in a fixed order; empty when they are the same.
 */
std::vector<std::string> changed_fields(const agenda_item& before, const agenda_item& after);

}  // namespace traffpunkt::domain
