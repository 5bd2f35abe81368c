#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/network.hpp"

namespace traffpunkt::store {

class database;

/**
 * Inserts an organisation and returns its id. Names are unique regardless of ASCII case, so a
 * second "Region kalmar län" fails with a constraint error (`store_error::is_constraint`).
 */
domain::id insert_organisation(database& db, const domain::organisation& o);

/** Overwrites name and kind; false if there is no such organisation. */
bool update_organisation(database& db, const domain::organisation& o);

std::optional<domain::organisation> find_organisation(database& db, domain::id organisation_id);

/**
 * The organisation with this name, ignoring ASCII case (SQLite's NOCASE: "å" and "Å" still
 * differ).
 */
std::optional<domain::organisation> find_organisation_by_name(database& db, std::string_view name);

/** Every organisation, by name. */
std::vector<domain::organisation> list_organisations(database& db);

}  // namespace traffpunkt::store
