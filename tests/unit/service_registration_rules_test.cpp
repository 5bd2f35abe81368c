// Who may register whom (PROTOCOL.md, Registrations: Who): only coordinators name someone else.
#include "registrations/registration_rules.hpp"

#include <gtest/gtest.h>

namespace traffpunkt::service {
namespace {

principal person(std::int64_t id) {
    principal p;
    p.who = principal::role::participant;
    p.person_id = id;
    return p;
}

TEST(RegistrationRules, AParticipantRegistersThemselfOnly) {
    EXPECT_EQ(check_registrant(person(5), std::nullopt), registrant_refusal::none);
    EXPECT_EQ(check_registrant(person(5), 5), registrant_refusal::none);
    // Facilitators are participants here: naming another id is refused before any lookup, the
    // same whoever it names.
    EXPECT_EQ(check_registrant(person(5), 6), registrant_refusal::someone_else);
    EXPECT_EQ(check_registrant(person(5), 9'000'000'000'000), registrant_refusal::someone_else);
}

TEST(RegistrationRules, ACoordinatorNamesThePerson) {
    principal c;
    c.who = principal::role::coordinator;
    EXPECT_EQ(check_registrant(c, 6), registrant_refusal::none);
    EXPECT_EQ(check_registrant(c, std::nullopt), registrant_refusal::person_required);
}

}  // namespace
}  // namespace traffpunkt::service
