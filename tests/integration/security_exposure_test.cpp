// Issue 16, items 7, 8, 10 and 14: what a facilitator, a poll link or a token of the wrong kind
// could learn or do that it should not. Each test is the attack as an outsider would make it,
// named after its item; the suites are named SecurityN because each item needs a server set up
// its own way (security_test.cpp holds the other items).
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <thread>
#include <vector>

#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

/** Admits a new organisation called `name` to `network_id`; returns its id. */
std::int64_t admit(ws_client& coordinator, std::int64_t network_id, const std::string& name) {
    const auto admitted = result_of(
        coordinator.call("org.admit", {{"network_id", network_id},
                                       {"organisation", {{"name", name}, {"kind", "municipality"}}},
                                       {"decision",
                                        {{"deciding_body", "Kommunstyrelsen"},
                                         {"diary_number", "KS 2030/17"},
                                         {"decided_on", "2030-01-15"}}}}));
    return int_at(admitted, "member.organisation.organisation_id");
}

/** A person with a name and e-mail address we can look for in answers. */
struct known_person {
    std::int64_t person_id = 0;
    std::string name;
    std::string email;
};

known_person create_known(ws_client& coordinator, std::int64_t organisation_id,
                          const std::string& name) {
    known_person p;
    p.name = name;
    p.email = unique_name("hemlig") + "@example.se";
    const auto created =
        result_of(coordinator.call("person.create", {{"name", p.name},
                                                     {"email", p.email},
                                                     {"organisation_id", organisation_id},
                                                     {"role", "elected"}}));
    p.person_id = int_at(created, "person.person_id");
    return p;
}

/**
 * An answer without its `re`, with every run of digits replaced by N: two answers of the same
 * shape about different ids compare equal, different words or codes do not.
 */
std::string error_shape(json::object answer) {
    answer.erase("re");
    return std::regex_replace(json::serialize(answer), std::regex("[0-9]+"), "N");
}

}  // namespace

// --- 7: a facilitator harvesting personal data ----------------------------------------------

class Security7 : public integration_fixture {};

TEST_F(Security7, FacilitatorCannotHarvestPersons) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto member = admit(*coordinator, network_id, unique_name("Kalmar kommun"));
    // An organisation of the server that is not a member of this meeting's network.
    const std::string outsider_org = unique_name("Hemliga kommunen");
    const auto outsider_id = admit(*coordinator, create_network(*coordinator), outsider_org);
    const auto meeting_id =
        create_published(*coordinator, open_meeting(network_id, "hybrid", {}, {}));
    const auto facilitator = make_person(*coordinator, member);
    result_of(coordinator->call("meeting.add_facilitator", {{"meeting_id", meeting_id},
                                                            {"person_id", facilitator.person_id}}));
    // The people the facilitator is after: one of a member organisation, one of another.
    const auto victim = create_known(*coordinator, member, "Vera Offersson");
    const auto outsider = create_known(*coordinator, outsider_id, "Otto Utomstående");
    constexpr std::int64_t nobody = 9'000'000'000'000;

    auto f = connect_with(facilitator.token);
    const auto register_other = [&](std::int64_t person_id) {
        return f->call("registration.create",
                       {{"meeting_id", meeting_id}, {"mode", "remote"}, {"person_id", person_id}});
    };
    const auto as_member = register_other(victim.person_id);
    const auto as_outsider = register_other(outsider.person_id);
    const auto as_nobody = register_other(nobody);
    for (const auto* answer : {&as_member, &as_outsider, &as_nobody}) {
        const auto text = json::serialize(*answer);
        for (const auto& secret :
             {victim.name, victim.email, outsider.name, outsider.email, outsider_org}) {
            EXPECT_TRUE(text.find(secret) == std::string::npos)
                << "a facilitator read " << secret << " from " << text;
        }
    }
    EXPECT_EQ(error_code(as_member), "forbidden") << json::serialize(as_member);
    // Whether a person id exists, and of which organisation, is not in the answer either.
    EXPECT_EQ(error_shape(as_member), error_shape(as_nobody));
    EXPECT_EQ(error_shape(as_outsider), error_shape(as_nobody));
    // Nobody was registered.
    const auto listed =
        result_of(coordinator->call("registration.list", {{"meeting_id", meeting_id}}));
    EXPECT_TRUE(listed.at("registrations").as_array().empty()) << json::serialize(listed);

    // The other registration ops do not tell an existing person from an unknown id either.
    for (const auto* op : {"registration.get", "registration.list"}) {
        const auto known =
            f->call(op, {{"meeting_id", meeting_id}, {"person_id", victim.person_id}});
        const auto unknown = f->call(op, {{"meeting_id", meeting_id}, {"person_id", nobody}});
        EXPECT_EQ(error_shape(known), error_shape(unknown)) << op;
    }
    const auto everywhere = f->call("registration.list", {{"person_id", victim.person_id}});
    EXPECT_EQ(error_code(everywhere), "forbidden") << json::serialize(everywhere);

    // A plain participant gets the same answers.
    auto p = connect_with(make_person(*coordinator, member).token);
    EXPECT_EQ(error_shape(p->call("registration.create", {{"meeting_id", meeting_id},
                                                          {"mode", "remote"},
                                                          {"person_id", victim.person_id}})),
              error_shape(as_nobody));

    // What stays allowed: the facilitator registers themself, the coordinator anyone.
    result_of(f->call("registration.create", {{"meeting_id", meeting_id}, {"mode", "remote"}}));
    const auto by_coordinator = result_of(coordinator->call(
        "registration.create",
        {{"meeting_id", meeting_id}, {"mode", "remote"}, {"person_id", victim.person_id}}));
    EXPECT_EQ(string_at(by_coordinator, "registration.person.email"), victim.email);
}

// --- 10: an invitation code as an e-mail oracle ----------------------------------------------

class Security10 : public integration_fixture {};

TEST_F(Security10, InvitationRevealsNoKnownEmail) {
    auto coordinator = connect_coordinator();
    const auto home = create_network(*coordinator);
    const auto org = admit(*coordinator, home, unique_name("Kalmar kommun"));
    const auto code = string_at(
        result_of(coordinator->call("org.invitation.create", {{"organisation_id", org}})), "code");
    const auto known = create_known(*coordinator, org, "Kända Personsson");

    // Meetings whose refusals the attacker tries: another network's (the organisation is not a
    // member there), a closed registration window, a cancelled meeting, a mode not offered.
    const auto elsewhere = create_published(
        *coordinator, open_meeting(create_network(*coordinator), "hybrid", {}, {}));
    auto closed_args = open_meeting(home, "hybrid", {}, {});
    closed_args["registration_closes"] = "2021-01-01T00:00:00Z";
    const auto closed = create_published(*coordinator, closed_args);
    const auto cancelled = create_published(*coordinator, open_meeting(home, "hybrid", {}, {}));
    result_of(coordinator->call("meeting.cancel", {{"meeting_id", cancelled}}));
    const auto in_person = create_published(*coordinator, open_meeting(home, "in_person", {}, {}));
    const auto open = create_published(*coordinator, open_meeting(home, "hybrid", {}, {}));

    auto stranger = connect_public();
    const auto self_register = [&](std::int64_t meeting_id, const std::string& email) {
        return stranger->call(
            "registration.create",
            {{"meeting_id", meeting_id},
             {"mode", "remote"},
             {"invitation", code},
             {"person", {{"name", "Åsa Öberg"}, {"email", email}, {"role", "elected"}}}});
    };
    struct attempt {
        const char* what;
        std::int64_t meeting_id;
        const char* expected;
    };
    for (const auto& a :
         {attempt{"another network's meeting", elsewhere, "forbidden"},
          attempt{"a closed registration window", closed, "registration_closed"},
          attempt{"a cancelled meeting", cancelled, "meeting_cancelled"},
          attempt{"a mode the meeting does not offer", in_person, "invalid_args"}}) {
        const auto unknown_email = unique_name("ny") + "@example.se";
        const auto with_known = self_register(a.meeting_id, known.email);
        const auto with_unknown = self_register(a.meeting_id, unknown_email);
        EXPECT_EQ(error_code(with_unknown), a.expected)
            << a.what << ": " << json::serialize(with_unknown);
        EXPECT_EQ(error_shape(with_known), error_shape(with_unknown))
            << a.what << ": a known e-mail address is told apart from an unknown one";
        // Nothing was made for the unknown address.
        EXPECT_NE(error_code(coordinator->call("person.create", {{"name", "Ny Nysson"},
                                                                 {"email", unknown_email},
                                                                 {"organisation_id", org},
                                                                 {"role", "official"}})),
                  "conflict")
            << a.what << ": a refused self-registration created a person";
    }

    // The one documented answer that tells: a registration that would succeed, with a known
    // address, is refused with conflict (PROTOCOL.md, self-registration).
    const auto documented = self_register(open, known.email);
    EXPECT_EQ(error_code(documented), "conflict") << json::serialize(documented);
    EXPECT_EQ(error_field(documented), "person.email");
    EXPECT_EQ(json::serialize(documented).find(known.name), std::string::npos);
}

}  // namespace traffpunkt::integration
