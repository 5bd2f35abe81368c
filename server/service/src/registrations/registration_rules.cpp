#include "registrations/registration_rules.hpp"

namespace traffpunkt::service {

registrant_refusal check_registrant(const principal& who, std::optional<std::int64_t> person_id) {
    if (who.is_coordinator()) {
        return person_id ? registrant_refusal::none : registrant_refusal::person_required;
    }
    if (!person_id || (who.person_id && *person_id == *who.person_id)) {
        return registrant_refusal::none;
    }
    return registrant_refusal::someone_else;
}

}  // namespace traffpunkt::service
