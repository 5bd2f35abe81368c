#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::store {

class database;

/**
 * One read or export of personal data: who (`actor`, e.g. "coordinator token 3 (Lena)"), what
 * (`action`: attendees.csv, registration.list, person.export, person.erase, ...), about whom or
 * which meeting, when and from where. Append-only; kept for retention.access_log_months.
 */
struct access_entry {
    domain::id entry_id = 0;
    domain::instant at{};
    std::string actor;
    std::optional<domain::id> actor_person_id;
    std::optional<domain::id> actor_token_id;
    std::string action;
    std::optional<domain::id> subject_person_id;
    std::optional<domain::id> meeting_id;
    std::string remote;
    std::string details;
};

/** Appends an entry; returns its id. */
domain::id insert_access(database& db, const access_entry& e);

/** Entries newest first, with ids below `before` (0: from the newest), at most `limit`. */
std::vector<access_entry> list_access(database& db, domain::id before, int limit,
                                      std::optional<domain::id> subject_person_id = {});

/** Deletes entries older than `cutoff` (retention); returns how many. */
int prune_access_before(database& db, domain::instant cutoff);

}  // namespace traffpunkt::store
