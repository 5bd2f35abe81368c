#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "traffpunkt/domain/agenda.hpp"
#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::store {

class database;

// Agendas: items with their presenters and links, each meeting's revision and live marker, and
// the record of changes made after publishing.

/**
 * The agenda of a meeting: items in agenda order with presenters and links, the revision and the
 * live marker. A meeting whose agenda was never written has an empty agenda, revision 0.
 */
domain::agenda load_agenda(database& db, domain::id meeting_id);

/** The items of a meeting in agenda order (what calendars and the text agenda show). */
std::vector<domain::agenda_item> list_agenda_items(database& db, domain::id meeting_id);

/** The meeting an item belongs to; empty when there is no such item. */
std::optional<domain::id> agenda_item_meeting(database& db, domain::id item_id);

/** The highest item id stored, 0 when there is none. */
domain::id max_agenda_item_id(database& db);

/**
 * Inserts an item (with its id as given, or SQLite's when 0) at `position` (1-based) with its
 * presenters and links; returns its id. Other items' positions are not touched: see
 * `store_agenda_order`.
 */
domain::id insert_agenda_item(database& db, const domain::agenda_item& item, std::size_t position);

/** Overwrites an item and replaces its presenters and links; false if there is no such item. */
bool update_agenda_item(database& db, const domain::agenda_item& item);

/**
 * Deletes an item with its presenters and links (clearing the live marker first when it was the
 * current item); false if there is no such item.
 */
bool delete_agenda_item(database& db, domain::id item_id);

/** Writes each item's position (its 1-based place in `a.items`) where it differs. */
void store_agenda_order(database& db, const domain::agenda& a);

/** Writes the agenda's revision and live marker (creating the meeting's row on first use). */
void store_agenda_state(database& db, const domain::agenda& a);

/** One recorded change to a published meeting's agenda. */
struct agenda_change {
    domain::id change_id = 0;
    domain::id meeting_id = 0;
    std::int64_t revision = 0;  ///< the agenda's revision after the change
    domain::instant changed_at{};
    std::optional<domain::id> person_id;  ///< who, when a person (coordinator tokens: none)
    std::string changed_by;               ///< the person's or the token's name
    domain::agenda_change_action action = domain::agenda_change_action::added;
    domain::id item_id = 0;
    std::string summary;                     ///< English, e.g. "updated starts_at, title"
    std::optional<std::string> item_before;  ///< the item as JSON text, as the service gives it
    std::optional<std::string> item_after;
    std::optional<int> sequence;  ///< the meeting's SEQUENCE when the change bumped it
};

/** Records a change; returns its id. */
domain::id insert_agenda_change(database& db, const agenda_change& c);

/** The recorded changes of a meeting, oldest first. */
std::vector<agenda_change> list_agenda_changes(database& db, domain::id meeting_id);

/** The meeting of poll `poll_id`; empty when there is no such poll. */
std::optional<domain::id> meeting_of_poll(database& db, domain::id poll_id);

/** The meeting of document `document_id`; empty when there is none or it was removed. */
std::optional<domain::id> meeting_of_document(database& db, domain::id document_id);

}  // namespace traffpunkt::store
