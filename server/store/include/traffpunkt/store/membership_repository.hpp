#pragma once

#include <optional>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/network.hpp"

namespace traffpunkt::store {

class database;

/**
 * Records the decision by which an organisation is a member of a network. Admitting an existing
 * member replaces the decision and the admission time (the protocol's "re-records the
 * decision"). Unknown network or organisation: constraint error.
 */
void upsert_membership(database& db, const domain::membership& m);

std::optional<domain::membership> find_membership(database& db, domain::id network_id,
                                                  domain::id organisation_id);

/** The members of one network, or of every network when `network_id` is empty. */
std::vector<domain::membership> list_memberships(database& db,
                                                 std::optional<domain::id> network_id);

/** The networks an organisation is a member of, by network id. */
std::vector<domain::membership> memberships_of(database& db, domain::id organisation_id);

}  // namespace traffpunkt::store
