#pragma once

// Audience devices (tokens handed out through a meeting's poll link): revocation, which devices
// are live, and the facilitators' list of them. Inserting and finding a token is in
// poll_repository.hpp.

#include <cstdint>
#include <optional>
#include <vector>

#include "traffpunkt/domain/ids.hpp"

namespace traffpunkt::store {

class database;

/**
 * Devices of the meeting that joined at or before `joined_by` and have not voted stop counting
 * as live. Each device is settled once; call before reading the live count of a join.
 */
void settle_audience_tokens(database& db, domain::id meeting_id, std::int64_t joined_by);

/** The meeting's live devices as of its last settle (kept by triggers; one row read). */
std::int64_t count_live_audience_tokens(database& db, domain::id meeting_id);

/**
 * Revokes those of `token_ids` that are devices of the meeting and not revoked yet; returns
 * the ids it revoked, in the order given.
 */
std::vector<domain::id> revoke_audience_tokens(database& db, domain::id meeting_id,
                                               const std::vector<domain::id>& token_ids,
                                               std::int64_t now);

/** Revokes every device of the meeting not revoked yet (`unvoted_only`: those that never voted). */
std::int64_t revoke_meeting_audience_tokens(database& db, domain::id meeting_id, std::int64_t now,
                                            bool unvoted_only);

/** True when the device was revoked (or no longer exists). */
bool is_audience_token_revoked(database& db, domain::id token_id);

/** One device as facilitators see it. */
struct audience_device {
    domain::id token_id = 0;
    std::int64_t joined_at = 0;
    bool voted = false;
    std::optional<std::int64_t> revoked_at;
};

/** The meeting's devices with ids above `after`, by id, at most `limit`. */
std::vector<audience_device> list_audience_devices(database& db, domain::id meeting_id,
                                                   domain::id after, std::int64_t limit);

/** How many devices a meeting has: all joined, live now, voted, revoked. */
struct audience_device_counts {
    std::int64_t joined = 0;
    std::int64_t live = 0;
    std::int64_t voted = 0;
    std::int64_t revoked = 0;
};

/** The counts now, with live = not revoked and (voted or joined after `live_since`). */
audience_device_counts count_audience_devices(database& db, domain::id meeting_id,
                                              std::int64_t live_since);

}  // namespace traffpunkt::store
