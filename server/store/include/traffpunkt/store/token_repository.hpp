#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::store {

class database;

/** An access token as stored: only its hash is kept, never the token itself. */
struct token_record {
    domain::id token_id = 0;
    std::string role;  ///< "coordinator" or "participant"
    std::optional<domain::id> person_id;
    std::string name;  ///< what the token is for, e.g. "Lena (SKR)"
    domain::instant created_at{};
    std::optional<domain::instant> revoked_at;
};

/**
 * Stores a token hash. A participant token needs a person; a hash stored before, an unknown
 * role or an unknown person fail with a constraint error.
 */
domain::id insert_token(database& db, std::string_view token_hash, std::string_view role,
                        std::optional<domain::id> person_id, std::string_view name,
                        domain::instant now);

/** The token with this hash unless it was revoked. */
std::optional<token_record> find_active_token(database& db, std::string_view token_hash);

/** Every token, revoked ones included, oldest first (for `traffpunkt token list`). */
std::vector<token_record> list_tokens(database& db);

/** Revokes a token; false if it does not exist or was revoked already. */
bool revoke_token(database& db, domain::id token_id, domain::instant now);

/** Revokes the token with this hash; false if none is active. */
bool revoke_token_by_hash(database& db, std::string_view token_hash, domain::instant now);

/**
 * Revokes every active participant token of a person (their personal links); returns how many.
 * Other kinds of token the person may hold are left alone.
 */
int revoke_person_tokens(database& db, domain::id person_id, domain::instant now);

/** For each person with an active participant token: when the newest one was made. */
std::unordered_map<domain::id, domain::instant> person_link_times(database& db);

}  // namespace traffpunkt::store
