#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

namespace traffpunkt::protocol {

// Wire forms of agendas, the live "now" marker and minutes (see views.hpp for the conventions:
// times are strings the server formatted, enumerations their wire strings, `to_json` writes the
// documented order, `*_from_json` reads strictly).

/** `{name, organisation}` */
struct presenter_view {
    std::string name;
    std::string organisation;  ///< "" when none
    bool operator==(const presenter_view&) const = default;
};

/** One agenda item. */
struct agenda_item_view {
    std::int64_t item_id = 0;
    std::int64_t meeting_id = 0;
    std::int64_t position = 0;  ///< 1-based place in the agenda
    std::string title;
    std::string description;
    std::string kind;       ///< talk | discussion | workshop | break | poll
    std::string starts_at;  ///< RFC 3339 UTC
    std::string ends_at;    ///< RFC 3339 UTC: starts_at + duration_minutes
    std::int64_t duration_minutes = 0;
    std::vector<presenter_view> presenters;
    std::vector<std::int64_t> document_ids;
    std::vector<std::int64_t> poll_ids;
    std::string updated_at;  ///< RFC 3339 UTC
    bool operator==(const agenda_item_view&) const = default;
};

/** `{code, item_ids, message}`: something the agenda rules allow but a person should look at. */
struct agenda_warning_view {
    std::string code;  ///< overlap | out_of_order | outside_meeting
    std::vector<std::int64_t> item_ids;
    std::string message;
    bool operator==(const agenda_warning_view&) const = default;
};

/** `{meeting_id, revision, items, warnings}`: a meeting's whole agenda. */
struct agenda_view {
    std::int64_t meeting_id = 0;
    std::int64_t revision = 0;
    std::vector<agenda_item_view> items;
    std::vector<agenda_warning_view> warnings;
    bool operator==(const agenda_view&) const = default;
};

/**
 * `{meeting_id, item_id, state, started_at, ended_at, server_time}`: the live marker, with the
 * server's clock when it was sent (all three times with milliseconds).
 */
struct agenda_now_view {
    std::int64_t meeting_id = 0;
    std::optional<std::int64_t> item_id;    ///< null: no current item
    std::string state;                      ///< none | pending | running | ended
    std::optional<std::string> started_at;  ///< RFC 3339 UTC with milliseconds, or null
    std::optional<std::string> ended_at;    ///< RFC 3339 UTC with milliseconds, or null
    std::string server_time;                ///< RFC 3339 UTC with milliseconds
    bool operator==(const agenda_now_view&) const = default;
};

/** `{person_id, name}`: who made a change (person_id null for coordinator tokens). */
struct actor_view {
    std::optional<std::int64_t> person_id;
    std::string name;
    bool operator==(const actor_view&) const = default;
};

/** One recorded change to a published meeting's agenda. */
struct agenda_change_view {
    std::int64_t change_id = 0;
    std::int64_t revision = 0;
    std::string changed_at;  ///< RFC 3339 UTC
    actor_view changed_by;
    std::string action;  ///< added | updated | moved | removed
    std::int64_t item_id = 0;
    std::string summary;
    std::optional<boost::json::object> before;  ///< the item before; null when added
    std::optional<boost::json::object> after;   ///< the item after; null when removed
    std::optional<std::int64_t> sequence;       ///< the meeting's SEQUENCE when bumped, else null
};

/** `{meeting_id, title, starts_at, minutes}`: the meeting before, with its minutes' state. */
struct minutes_link_view {
    std::int64_t meeting_id = 0;
    std::string title;
    std::string starts_at;  ///< RFC 3339 UTC
    /** Version and status of that meeting's minutes; empty (null) when none are written. */
    std::optional<std::int64_t> minutes_version;
    std::optional<std::string> minutes_status;
    bool operator==(const minutes_link_view&) const = default;
};

/** A meeting's minutes. `text` is omitted for callers who may not read it (unapproved). */
struct minutes_view {
    std::int64_t meeting_id = 0;
    std::int64_t version = 0;  ///< 0: nothing written yet
    std::string status;        ///< draft | for_review | approved
    std::optional<std::string> text;
    std::optional<std::string> updated_at;  ///< null before the first version
    std::optional<minutes_link_view> previous;
    bool operator==(const minutes_view&) const = default;
};

/** One version of a meeting's minutes; `text` only when a single version is read. */
struct minutes_version_view {
    std::int64_t version = 0;
    std::string action;  ///< edit | submit | reopen | approve
    std::string status;  ///< the status after this version
    std::string changed_at;
    actor_view changed_by;
    std::int64_t length = 0;  ///< code points of the text
    std::optional<std::string> text;
    bool operator==(const minutes_version_view&) const = default;
};

/** Wire form of an agenda item. */
boost::json::object to_json(const agenda_item_view& v);
/** Wire form of an agenda warning. */
boost::json::object to_json(const agenda_warning_view& v);
/** Wire form of an agenda. */
boost::json::object to_json(const agenda_view& v);
/** Wire form of the live marker. */
boost::json::object to_json(const agenda_now_view& v);
/** Wire form of who changed something. */
boost::json::object to_json(const actor_view& v);
/** Wire form of a recorded agenda change. */
boost::json::object to_json(const agenda_change_view& v);
/** Wire form of the link to the previous meeting's minutes. */
boost::json::object to_json(const minutes_link_view& v);
/** Wire form of minutes. */
boost::json::object to_json(const minutes_view& v);
/** Wire form of a minutes version. */
boost::json::object to_json(const minutes_version_view& v);

/** Strictly reads an agenda item. */
agenda_item_view agenda_item_view_from_json(const boost::json::object& obj);
/** Strictly reads an agenda. */
agenda_view agenda_view_from_json(const boost::json::object& obj);
/** Strictly reads the live marker. */
agenda_now_view agenda_now_view_from_json(const boost::json::object& obj);
/** Strictly reads minutes. */
minutes_view minutes_view_from_json(const boost::json::object& obj);

}  // namespace traffpunkt::protocol
