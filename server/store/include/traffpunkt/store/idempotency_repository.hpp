#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::store {

class database;

/** The first answer given to a request with an idem key. */
struct idem_record {
    std::string op;        ///< the op the key was first used for
    std::string response;  ///< the serialised result, replayed as is
};

/** The answer recorded for (principal, key), if any. */
std::optional<idem_record> find_idem(database& db, std::string_view principal,
                                     std::string_view key);

/**
 * Records an answer. A key used before by the same principal fails with a constraint error,
 * which is how two racing requests with one key are told apart.
 */
void insert_idem(database& db, std::string_view principal, std::string_view key,
                 std::string_view op, std::string_view response, domain::instant now);

/** Forgets answers recorded before `cutoff`; returns how many. */
int delete_idem_before(database& db, domain::instant cutoff);

}  // namespace traffpunkt::store
