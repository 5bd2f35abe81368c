#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::store {

class database;

/**
 * A person's calendar token as stored: its hash (for looking up a feed URL) and its generation
 * (the service derives the token itself from a key outside the database and the generation, so
 * the link can be shown again without the database ever holding it).
 */
struct calendar_token_record {
    domain::id person_id = 0;
    std::int64_t generation = 0;
    std::string token_hash;
};

/** The person's calendar token, if one was made. */
std::optional<calendar_token_record> find_calendar_token(database& db, domain::id person_id);

/** The person whose calendar token has this hash. */
std::optional<domain::id> calendar_token_person(database& db, std::string_view token_hash);

/** Stores (or replaces) the person's calendar token; the old one stops working. */
void put_calendar_token(database& db, domain::id person_id, std::int64_t generation,
                        std::string_view token_hash, domain::instant now);

/** Removes the person's calendar token (erasure); false if there was none. */
bool delete_calendar_token(database& db, domain::id person_id);

}  // namespace traffpunkt::store
