#pragma once

// Ballots between their wire form ({"option": 2}, {"ranking": [3, 1, 2]}, ...) and the domain.
// The stored form is the canonical wire form, so a stored ballot reads back with the same
// decoder a client's ballot goes through.

#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "traffpunkt/domain/ballot.hpp"
#include "traffpunkt/domain/poll.hpp"
#include "traffpunkt/protocol/ops_poll.hpp"

namespace traffpunkt::service {

/**
 * The domain ballot of a decoded wire ballot, checked against the poll (normalised, valid).
 * Throws protocol_error invalid_ballot when the form does not fit the poll or a rule fails.
 */
domain::ballot to_ballot(const domain::poll& p, const protocol::ballot_input& in);

/** The canonical wire form of a (normalised) ballot. */
boost::json::object ballot_json(const domain::poll& p, const domain::ballot& b);

/** The stored text of a ballot: its canonical wire form, serialised. */
std::string encode_ballot(const domain::poll& p, const domain::ballot& b);

/** Reads a stored ballot back (trusted: it was checked before it was stored). */
domain::ballot decode_stored_ballot(std::string_view text);

}  // namespace traffpunkt::service
