#pragma once

#include <optional>
#include <vector>

#include "traffpunkt/domain/document.hpp"
#include "traffpunkt/domain/ids.hpp"

namespace traffpunkt::store {

class database;

/** Inserts a document (every column as given) and returns its id. */
domain::id insert_document(database& db, const domain::document& d);

/** Overwrites agenda item, title, visibility, times and removal; false if there is none. */
bool update_document(database& db, const domain::document& d);

/** A document by id, removed ones included (`removed_at` says so). */
std::optional<domain::document> find_document(database& db, domain::id document_id);

/**
 * Adds the next version of `v.document_id` (numbered one above the highest so far, 1 for the
 * first; `v.version` is ignored) and returns its number. Call inside the writer's transaction,
 * which serialises versions of the same document.
 */
int insert_document_version(database& db, const domain::document_version& v);

/** One version of a document, or nothing. */
std::optional<domain::document_version> find_document_version(database& db, domain::id document_id,
                                                              int version);

/** The newest version of a document, or nothing when it has none. */
std::optional<domain::document_version> latest_document_version(database& db,
                                                                domain::id document_id);

/** Every version of a document, oldest first. */
std::vector<domain::document_version> list_document_versions(database& db, domain::id document_id);

/**
 * The documents of a meeting that are not removed, each with its newest version, in the order
 * they were added. Documents without any version (never the case after a committed upload) are
 * left out.
 */
std::vector<domain::document_with_latest> list_meeting_documents(database& db,
                                                                 domain::id meeting_id);

/** Whether agenda item `item_id` exists and belongs to meeting `meeting_id`. */
bool agenda_item_in_meeting(database& db, domain::id item_id, domain::id meeting_id);

}  // namespace traffpunkt::store
