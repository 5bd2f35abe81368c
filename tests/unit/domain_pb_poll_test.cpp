// PB polls as cities run them: sub-budgets per district (or category), category labels,
// coordinates, amounts with decimals, and knapsack ballots that keep every sub-budget.

#include <gtest/gtest.h>

#include <string>

#include "traffpunkt/domain/ballot.hpp"
#include "traffpunkt/domain/poll.hpp"

namespace traffpunkt::domain {
namespace {

poll district_poll() {
    poll p;
    p.kind = poll_kind::pb;
    p.question = "Budżet obywatelski";
    p.budget = 1'000'000;  // city-wide projects
    p.pb_ballot = pb_ballot_kind::knapsack;
    p.pb_districts = {{"Mokotów", 400'000}, {"Wola", 300'000}};
    p.projects = {{1, "Park", "", 800'000, std::nullopt},
                  {2, "Boisko", "", 300'000, std::nullopt},
                  {3, "Ławki", "", 200'000, std::nullopt},
                  {4, "Rowery", "", 250'000, std::nullopt}};
    p.projects[1].district = "Mokotów";
    p.projects[2].district = "Mokotów";
    p.projects[3].district = "Wola";
    return p;
}

std::string pb_field_of(const check& c) {
    return c ? c->field : "";
}

TEST(PbPoll, AcceptsDistrictsCategoriesAndCoordinates) {
    auto p = district_poll();
    p.projects[0].categories = {"zieleń", "sport"};
    p.projects[0].latitude = "52.2297";
    p.projects[0].longitude = "-21.0122";
    p.pb_rule = "greedy-no-skip";
    p.pb_min_support = 30;
    EXPECT_FALSE(validate(p).has_value()) << validate(p)->message;
}

TEST(PbPoll, RefusesBadDistrictsWithTheField) {
    auto p = district_poll();
    p.projects[3].district = "Ursynów";
    EXPECT_EQ(pb_field_of(validate(p)), "pb.projects[3].district");
    p = district_poll();
    p.projects[1].cost = 400'001;  // more than Mokotów's budget, less than the city's
    const auto dear = validate(p);
    EXPECT_EQ(pb_field_of(dear), "pb.projects[1].cost");
    EXPECT_NE(dear->message.find("400 000 SEK"), std::string::npos) << dear->message;
    p = district_poll();
    p.pb_districts[1].name = "Mokotów";
    EXPECT_EQ(pb_field_of(validate(p)), "pb.districts[1].name");
    p = district_poll();
    p.pb_districts[0].budget = 0;
    EXPECT_EQ(pb_field_of(validate(p)), "pb.districts[0].budget");
    p = district_poll();
    p.pb_districts[0].name = "";
    EXPECT_EQ(pb_field_of(validate(p)), "pb.districts[0].name");
}

TEST(PbPoll, RefusesBadCategoriesCoordinatesDecimalsAndThresholds) {
    auto p = district_poll();
    p.projects[0].categories = {"zieleń,sport"};
    EXPECT_EQ(pb_field_of(validate(p)), "pb.projects[0].categories[0]");
    p = district_poll();
    p.projects[0].latitude = "52.2";
    EXPECT_EQ(pb_field_of(validate(p)), "pb.projects[0].latitude");  // without a longitude
    for (const char* bad : {"91", "52,2", "x", "", "1e3", "-90.5"}) {
        p = district_poll();
        p.projects[0].latitude = bad;
        p.projects[0].longitude = "21.0";
        EXPECT_EQ(pb_field_of(validate(p)), "pb.projects[0].latitude") << bad;
    }
    p = district_poll();
    p.projects[0].latitude = "-90";
    p.projects[0].longitude = "180.0";
    EXPECT_FALSE(validate(p).has_value());
    p = district_poll();
    p.pb_decimals = 3;
    EXPECT_EQ(pb_field_of(validate(p)), "pb.decimals");
    p = district_poll();
    p.pb_min_support = -1;
    EXPECT_EQ(pb_field_of(validate(p)), "pb.min_support");
}

TEST(PbPoll, KnapsackBallotsKeepEveryBudget) {
    const auto p = district_poll();
    ballot fits;
    fits.choices = {1, 2, 4};  // 800 000 city-wide, 300 000 of Mokotów, 250 000 of Wola
    EXPECT_FALSE(validate_ballot(p, normalised(p, fits)).has_value());
    ballot over;
    over.choices = {2, 3};  // 500 000 of Mokotów's 400 000
    const auto refused = validate_ballot(p, normalised(p, over));
    ASSERT_TRUE(refused.has_value());
    EXPECT_EQ(refused->message,
              "the chosen projects of Mokotów cost 500 000 SEK, more than the budget of "
              "400 000 SEK");
}

TEST(PbPoll, AmountsWithDecimalsAreShownWithThem) {
    auto p = district_poll();
    p.pb_decimals = 2;  // the amounts above are then in öre
    p.projects[1].cost = 400'001;
    const auto dear = validate(p);
    ASSERT_TRUE(dear.has_value());
    EXPECT_NE(dear->message.find("4 000.00 SEK"), std::string::npos) << dear->message;
}

}  // namespace
}  // namespace traffpunkt::domain
