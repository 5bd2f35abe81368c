#pragma once

#include <optional>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/network.hpp"

namespace traffpunkt::store {

class database;

/** Inserts a network and returns its id (`network_id` 0 lets SQLite choose one). */
domain::id insert_network(database& db, const domain::network& n);

/** Overwrites every column of network `n.network_id`; false if there is no such network. */
bool update_network(database& db, const domain::network& n);

std::optional<domain::network> find_network(database& db, domain::id network_id);

/** Every network, oldest first. */
std::vector<domain::network> list_networks(database& db);

}  // namespace traffpunkt::store
