#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::store {

class database;

/**
 * One revoked (or deleted) token, in the order revocations happened. Triggers append these rows
 * in the same transaction as the revocation, whoever made it (this server, or another process
 * such as `traffpunkt token revoke`), so a server that reads them after `seq` learns of every
 * revocation exactly once.
 */
struct revocation {
    std::int64_t seq = 0;
    std::string kind;  ///< "account" (tokens) or "audience" (audience_tokens)
    domain::id token_id = 0;
};

/** Revocations after `seq`, oldest first (at most `limit`). */
std::vector<revocation> revocations_after(database& db, std::int64_t seq, int limit = 1000);

/** The seq of the newest revocation (0 when none). */
std::int64_t last_revocation_seq(database& db);

/** Deletes revocation rows older than `cutoff` (no server still needs them); returns how many. */
int prune_revocations_before(database& db, domain::instant cutoff);

/** True while the account token exists and is not revoked (checked inside write transactions). */
bool account_token_active(database& db, domain::id token_id);

/** True while the audience device token exists and is not revoked. */
bool audience_token_active(database& db, domain::id token_id);

}  // namespace traffpunkt::store
