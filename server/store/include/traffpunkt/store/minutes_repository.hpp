#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/minutes.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::store {

class database;

// Minutes: the current text and status of each meeting's minutes, and every version.

/** The minutes of a meeting as they stand; empty when none were ever written. */
std::optional<domain::meeting_minutes> find_minutes(database& db, domain::id meeting_id);

/** One version of a meeting's minutes: what made it, who and when, and the text it left. */
struct minutes_version {
    std::int64_t version = 0;
    domain::minutes_action action = domain::minutes_action::edit;
    domain::minutes_status status = domain::minutes_status::draft;  ///< status after the step
    std::string text;              ///< empty in `list_minutes_versions` (see `text_length`)
    std::int64_t text_length = 0;  ///< in code points
    domain::instant changed_at{};
    std::optional<domain::id> person_id;  ///< who, when a person (coordinator tokens: none)
    std::string changed_by;               ///< the person's or the token's name
};

/**
 * Stores minutes `m` as they now stand (`m.version` is the new version) and the version row
 * `action` made, by `person_id` / `changed_by`. A second writer of the same version fails with a
 * constraint error: the key (meeting_id, version) keeps every version exactly once.
 */
void store_minutes(database& db, const domain::meeting_minutes& m, domain::minutes_action action,
                   std::optional<domain::id> person_id, std::string_view changed_by);

/** Every version of a meeting's minutes, oldest first, without their texts. */
std::vector<minutes_version> list_minutes_versions(database& db, domain::id meeting_id);

/** One version with its text; empty when there is no such version. */
std::optional<minutes_version> find_minutes_version(database& db, domain::id meeting_id,
                                                    std::int64_t version);

}  // namespace traffpunkt::store
