#pragma once

// Who may register whom (PROTOCOL.md, Registrations: Who). Pure; private to the service.

#include <cstdint>
#include <optional>

#include "traffpunkt/service/principal.hpp"

namespace traffpunkt::service {

/** Why `registration.create` refuses the person it names, before anything is looked up. */
enum class registrant_refusal {
    none,             ///< the caller may register that person
    someone_else,     ///< forbidden: a participant (facilitator or not) names another person
    person_required,  ///< invalid_args: a coordinator names nobody (a coordinator is no person)
};

/**
 * For a caller with a token (self-registration with an invitation is apart): a participant
 * registers themself (`person_id` absent or their own); only coordinators register someone
 * else. Facilitators are participants here: they manage the registrations of their meeting,
 * but naming any person id would let them read anyone's name, e-mail and organisation.
 */
registrant_refusal check_registrant(const principal& who, std::optional<std::int64_t> person_id);

}  // namespace traffpunkt::service
