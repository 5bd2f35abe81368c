#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "traffpunkt/domain/network.hpp"

namespace traffpunkt::domain {
namespace {

using namespace std::chrono;

network skr_network() {
    network n;
    n.network_id = 1;
    n.name = "Medborgarbudget 2022–2024";
    n.description = "SKR:s nätverk om medborgarbudget.\nTvå år.";
    n.starts_on = year{2022} / month{11} / day{1};
    n.ends_on = year{2024} / month{10} / day{31};
    return n;
}

decision skr_decision() {
    return {"Södermöre kommundelsnämnd", "SKDN 2022/0104", year{2022} / month{9} / day{14}};
}

person anna() {
    person p;
    p.name = "Anna Åkesson";
    p.email = "anna.akesson@kalmar.se";
    p.organisation_id = 3;
    p.role = person_role::official;
    return p;
}

TEST(NetworkValidate, AcceptsValidNetwork) {
    EXPECT_FALSE(validate(skr_network()));
    auto n = skr_network();
    n.extended_until = year{2025} / month{6} / day{30};
    EXPECT_FALSE(validate(n));
    n.description.clear();
    EXPECT_FALSE(validate(n));
}

TEST(NetworkValidate, RefusesBadName) {
    auto n = skr_network();
    n.name = "";
    auto error = validate(n);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->field, "name");
    n.name = std::string(201, 'n');
    EXPECT_TRUE(validate(n));
    n.name = "Nätverk\nEND:VCALENDAR";
    error = validate(n);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->message, "name must not contain control characters");
}

TEST(NetworkValidate, RefusesLongDescription) {
    auto n = skr_network();
    n.description = std::string(20000, 'd');
    EXPECT_FALSE(validate(n));
    n.description += "d";
    const auto error = validate(n);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->field, "description");
}

TEST(NetworkValidate, RefusesPeriodEndingBeforeItStarts) {
    auto n = skr_network();
    n.ends_on = n.starts_on;
    auto error = validate(n);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->field, "ends_on");
    EXPECT_EQ(error->message, "ends_on must be after starts_on");
    n.ends_on = year{2022} / month{10} / day{1};
    EXPECT_TRUE(validate(n));
}

TEST(NetworkValidate, RefusesExtensionNotAfterEnd) {
    auto n = skr_network();
    n.extended_until = n.ends_on;
    const auto error = validate(n);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->field, "extended_until");
    n.extended_until = year{2023} / month{1} / day{1};
    EXPECT_TRUE(validate(n));
}

TEST(NetworkValidate, RefusesInvalidDates) {
    auto n = skr_network();
    n.starts_on = year{2023} / month{2} / day{29};
    auto error = validate(n);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->field, "starts_on");
    n = skr_network();
    n.extended_until = year{2025} / month{13} / day{1};
    error = validate(n);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->field, "extended_until");
}

TEST(OrgKind, RoundTripsNames) {
    for (const auto k : {org_kind::municipality, org_kind::region, org_kind::other}) {
        EXPECT_EQ(parse_org_kind(to_string(k)), k);
    }
    EXPECT_EQ(to_string(org_kind::municipality), "municipality");
    EXPECT_EQ(to_string(org_kind::region), "region");
    EXPECT_EQ(to_string(org_kind::other), "other");
    EXPECT_FALSE(parse_org_kind("Municipality"));
    EXPECT_FALSE(parse_org_kind("kommun"));
    EXPECT_FALSE(parse_org_kind(""));
}

TEST(OrganisationValidate, ChecksNameAndKind) {
    organisation o{0, "Region Kalmar län", org_kind::region};
    EXPECT_FALSE(validate(o));
    o.name = "";
    EXPECT_TRUE(validate(o));
    o.name = "Tab\there";
    EXPECT_TRUE(validate(o));
    o = {0, "Övertorneå kommun", static_cast<org_kind>(42)};
    const auto error = validate(o);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->field, "kind");
}

TEST(DecisionValidate, AcceptsRealDecision) {
    EXPECT_FALSE(validate(skr_decision()));
}

TEST(DecisionValidate, ChecksEachField) {
    auto d = skr_decision();
    d.deciding_body = "";
    auto error = validate(d);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->field, "deciding_body");

    d = skr_decision();
    d.diary_number = std::string(64, '1');
    EXPECT_FALSE(validate(d));
    d.diary_number += "1";
    error = validate(d);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->field, "diary_number");
    EXPECT_EQ(error->message, "diary_number must be 1 to 64 characters");

    d = skr_decision();
    d.decided_on = year{2022} / month{2} / day{30};
    error = validate(d);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->field, "decided_on");
}

TEST(PersonRole, RoundTripsNames) {
    EXPECT_EQ(to_string(person_role::official), "official");
    EXPECT_EQ(to_string(person_role::elected), "elected");
    EXPECT_EQ(parse_person_role("official"), person_role::official);
    EXPECT_EQ(parse_person_role("elected"), person_role::elected);
    EXPECT_FALSE(parse_person_role("förtroendevald"));
    EXPECT_FALSE(parse_person_role("OFFICIAL"));
}

TEST(PersonLanguage, SwedishByDefaultAndRoundTripsNames) {
    EXPECT_EQ(person{}.language, person_language::sv);
    EXPECT_EQ(to_string(person_language::sv), "sv");
    EXPECT_EQ(to_string(person_language::en), "en");
    EXPECT_EQ(parse_person_language("en"), person_language::en);
    EXPECT_FALSE(parse_person_language("EN"));
    EXPECT_FALSE(parse_person_language("de"));
}

TEST(PersonValidate, AcceptsValidPerson) {
    EXPECT_FALSE(validate(anna()));
}

TEST(PersonValidate, ChecksEachField) {
    auto p = anna();
    p.name = "";
    EXPECT_EQ(validate(p)->field, "name");
    p = anna();
    p.email = "anna.kalmar.se";
    EXPECT_EQ(validate(p)->field, "email");
    p = anna();
    p.organisation_id = 0;
    EXPECT_EQ(validate(p)->field, "organisation_id");
    p = anna();
    p.role = static_cast<person_role>(7);
    EXPECT_EQ(validate(p)->field, "role");
}

}  // namespace
}  // namespace traffpunkt::domain
