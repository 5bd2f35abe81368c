#pragma once

#include <optional>
#include <string_view>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::store {

class database;

/**
 * An organisation's invitation code as stored: only the code's hash is kept, like tokens, so a
 * leaked database cannot be used to self-register for a municipality.
 */
struct invitation_record {
    domain::id invitation_id = 0;
    domain::id organisation_id = 0;
    domain::instant created_at{};
    std::optional<domain::instant> revoked_at;
};

/**
 * Stores a new invitation for an organisation. An organisation has at most one valid code: a
 * second one while the first is not revoked, a hash stored before, or an unknown organisation
 * fail with a constraint error.
 */
domain::id insert_invitation(database& db, domain::id organisation_id, std::string_view code_hash,
                             domain::instant now);

/** The valid (not revoked) invitation with this code hash. */
std::optional<invitation_record> find_active_invitation(database& db, std::string_view code_hash);

/** The organisation's valid invitation, if it has one. */
std::optional<invitation_record> active_invitation_of(database& db, domain::id organisation_id);

/** Revokes the organisation's valid invitation; false if it had none. */
bool revoke_invitation_of(database& db, domain::id organisation_id, domain::instant now);

}  // namespace traffpunkt::store
