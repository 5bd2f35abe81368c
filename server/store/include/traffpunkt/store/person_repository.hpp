#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/network.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::store {

class database;

/**
 * Inserts a person and returns the id. An e-mail address already in use (ignoring ASCII case)
 * fails with a constraint error (`store_error::is_constraint`), as does an unknown organisation.
 */
domain::id insert_person(database& db, const domain::person& p, domain::instant created_at);

/** Overwrites name, e-mail, organisation and role; false if there is no such person. */
bool update_person(database& db, const domain::person& p);

/**
 * Sets the language the person gets mail in (update_person leaves it alone); false if there is
 * no such person.
 */
bool set_person_language(database& db, domain::id person_id, domain::person_language language);

/** The person, unless there is none or they were erased (a tombstone is no person). */
std::optional<domain::person> find_person(database& db, domain::id person_id);

/** The person with this address, ignoring ASCII case. */
std::optional<domain::person> find_person_by_email(database& db, std::string_view email);

/**
 * Every person, or those of one organisation, by name (ignoring ASCII case), then by id: the
 * coordinator's list of people (person.list filters and pages it).
 */
std::vector<domain::person> list_persons(database& db,
                                         std::optional<domain::id> organisation_id = {});

}  // namespace traffpunkt::store
