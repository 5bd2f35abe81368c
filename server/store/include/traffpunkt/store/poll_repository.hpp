#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/poll.hpp"

namespace traffpunkt::store {

class database;

// Polls, their options and PB projects, who voted and the ballots. Ballots and final results
// are stored as the text the service gives (canonical JSON); the store does not read them.

/** Inserts a poll with its options and projects; returns its id (`poll_id` 0: SQLite chooses). */
domain::id insert_poll(database& db, const domain::poll& p, std::int64_t now);

/** Overwrites poll `p.poll_id` and replaces its options and projects; false if not found. */
bool update_poll(database& db, const domain::poll& p, std::int64_t now);

/** Deletes a poll and everything stored with it; false if not found. */
bool delete_poll(database& db, domain::id poll_id);

std::optional<domain::poll> find_poll(database& db, domain::id poll_id);

/** The polls of a meeting, in creation order. */
std::vector<domain::poll> list_meeting_polls(database& db, domain::id meeting_id);

/** Open polls with an auto-close time, for arming their timers at start-up. */
std::vector<domain::poll> list_open_polls_with_deadline(database& db);

/** Stores the results computed at close (JSON text). */
void set_final_results(database& db, domain::id poll_id, std::string_view results);

/** The results stored at close, if any. */
std::optional<std::string> final_results(database& db, domain::id poll_id);

/** Records that `voter` ('p:<person>' or 'a:<audience token>') took part; throws if already. */
void insert_voter(database& db, domain::id poll_id, std::string_view voter);

/** Everyone who took part in a poll, in key order (never in the order they voted). */
std::vector<std::string> list_voters(database& db, domain::id poll_id);

/** A ballot of an anonymous poll under a random key (32 hex digits): no voter, no time. */
void insert_anonymous_ballot(database& db, domain::id poll_id, std::string_view key,
                             std::string_view ballot);

/** Every ballot of an anonymous poll, in key order. */
std::vector<std::string> list_anonymous_ballots(database& db, domain::id poll_id);

/**
 * Rewrites an anonymous poll's voter and ballot rows so their physical order in the pages is
 * key order (voters by voter, ballots by fresh random keys from `new_key`), not the order they
 * were cast in. With secure_delete on, the old cells are overwritten. Run after the close, in
 * its transaction.
 */
void rewrite_anonymous_poll(database& db, domain::id poll_id,
                            const std::function<std::string()>& new_key);

/** Stores or replaces the ballot of `voter` in a named poll. */
void put_named_ballot(database& db, domain::id poll_id, std::string_view voter,
                      std::string_view ballot, std::int64_t now);

/** A named ballot as stored. */
struct named_ballot_row {
    std::string voter;
    std::string ballot;
    std::int64_t cast_at = 0;
    std::int64_t changed_at = 0;
};

/** Every ballot of a named poll, by voter key. */
std::vector<named_ballot_row> list_named_ballots(database& db, domain::id poll_id);

/** Sets or replaces the meeting's audience link code. */
void set_poll_link(database& db, domain::id meeting_id, std::string_view code, std::int64_t now);

/** The meeting an audience link code opens, if any. */
std::optional<domain::id> find_poll_link(database& db, std::string_view code);

/** The meeting's audience link code, if it has one. */
std::optional<std::string> poll_link_of(database& db, domain::id meeting_id);

/** How many people and audience devices have voted in a poll. */
std::int64_t count_voters(database& db, domain::id poll_id);

/** Inserts an audience voter token (hash) for a meeting; returns its id. */
domain::id insert_audience_token(database& db, std::string_view token_hash, domain::id meeting_id,
                                 std::int64_t now);

/** An audience token as stored. */
struct audience_token_record {
    domain::id token_id = 0;
    domain::id meeting_id = 0;
};

/** The device a token hash names, unless it was revoked (audience_repository.hpp). */
std::optional<audience_token_record> find_audience_token(database& db, std::string_view token_hash);

/** How many audience tokens a meeting has handed out. */
std::int64_t count_audience_tokens(database& db, domain::id meeting_id);

}  // namespace traffpunkt::store
