// What the poll ops and the poll room share: who sees results, the tally of
// stored ballots. Private to the service.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "traffpunkt/domain/poll.hpp"
#include "traffpunkt/domain/poll_tally.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::service {

struct room;
struct live_poll;

/** Seconds since the Unix epoch, as polls store their times. */
std::int64_t unix_now();

/** Tallies carry the whole result, so a newer one replaces an older one still queued. */
std::uint64_t tally_coalesce_key(std::int64_t poll_id);

/** Whether participants see the results of `p` now. */
bool results_public(const domain::poll& p);

/** What a caller may know of a poll (PROTOCOL.md, Polls: Lifecycle, audience and visibility). */
enum class poll_sight {
    hidden,    ///< answered as for a poll that does not exist (not_found)
    refused,   ///< it exists for the caller, who may not read it (forbidden)
    readable,  ///< the poll, and its results as `results_public` allows
};

/** Who asks about a poll, as far as poll_sight needs to know. */
struct poll_viewer {
    bool staff = false;           ///< a coordinator or a facilitator of the poll's meeting
    bool reader = false;          ///< takes part: a confirmed registration, or a device of it
    bool device = false;          ///< an audience device
    bool meeting_visible = true;  ///< the meeting is no draft hidden from the caller
};

/**
 * Staff see every poll. For everyone else a draft, or a poll of a draft meeting they may not
 * see, does not exist (so a draft cannot be told from an unknown id); a poll of a meeting they
 * take no part in is refused, and so is a poll for registered participants to a device.
 */
poll_sight sight_of(const poll_viewer& viewer, const domain::poll& p);

/** Tally of every stored ballot of a poll (close, snapshots of polls not in a room). */
domain::poll_tally stored_tally(store::database& db, const domain::poll& p);

/**
 * A poll write landed: on the room's strand, one write fewer is in flight, then `then` runs on
 * the poll's live state (if it is still in the room).
 */
void poll_write_landed(const std::shared_ptr<room>& r, std::int64_t poll_id,
                       std::function<void(live_poll&)> then = {});

/**
 * The `failed` step of a poll write: the room's copy is now ahead of the database, so it is
 * marked stale and read again once no write of the poll is in flight.
 */
std::function<void()> poll_write_failed(std::shared_ptr<room> r, std::int64_t poll_id);

}  // namespace traffpunkt::service
