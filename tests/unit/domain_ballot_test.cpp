#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "traffpunkt/domain/ballot.hpp"

namespace traffpunkt::domain {
namespace {

poll ballot_choice_poll(poll_kind kind, int max_choices = 0) {
    poll p;
    p.poll_id = 1;
    p.meeting_id = 1;
    p.kind = kind;
    p.question = "Vilka teman vill ni ha?";
    p.options = {{1, "Skola"}, {2, "Vård"}, {3, "Kultur"}, {4, "Idrott"}};
    p.max_choices = max_choices;
    return p;
}

poll ballot_scale_poll() {
    poll p;
    p.kind = poll_kind::scale;
    p.question = "Hur nöjd är du?";
    p.scale_max = 5;
    return p;
}

poll ballot_text_poll() {
    poll p;
    p.kind = poll_kind::text;
    p.question = "Ett ord om dagen?";
    p.text_max_length = 20;
    return p;
}

poll ballot_pb_poll(pb_ballot_kind kind) {
    poll p;
    p.kind = poll_kind::pb;
    p.question = "Vilka projekt?";
    p.budget = 1'000'000;
    p.pb_ballot = kind;
    p.projects = {{1, "Lekplats", "", 400'000, std::nullopt},
                  {2, "Belysning", "", 350'000, std::nullopt},
                  {3, "Utegym", "", 600'000, std::nullopt},
                  {4, "Bänkar", "", 250'000, std::nullopt}};
    if (kind == pb_ballot_kind::points) {
        p.points_total = 100;
    }
    return p;
}

ballot ballot_choose(std::vector<id> ids) {
    ballot b;
    b.choices = std::move(ids);
    return b;
}

ballot scale_value(int v) {
    ballot b;
    b.value = v;
    return b;
}

ballot ballot_answer(std::string text) {
    ballot b;
    b.text = std::move(text);
    return b;
}

ballot give(std::vector<std::pair<id, std::int64_t>> points) {
    ballot b;
    b.points = std::move(points);
    return b;
}

/** Expects `b` refused for `p` on `field`; returns the message. */
std::string refusal(const poll& p, const ballot& b, const std::string& field) {
    const auto error = validate_ballot(p, b);
    EXPECT_TRUE(error) << "expected a refusal on " << field;
    if (!error) {
        return {};
    }
    EXPECT_EQ(error->what, rule_error::kind::invalid_value);
    EXPECT_EQ(error->field, field) << error->message;
    return error->message;
}

TEST(BallotForm, FollowsKind) {
    EXPECT_EQ(ballot_form(ballot_choice_poll(poll_kind::single)), "option");
    EXPECT_EQ(ballot_form(ballot_choice_poll(poll_kind::multiple, 2)), "options");
    EXPECT_EQ(ballot_form(ballot_choice_poll(poll_kind::approval)), "options");
    EXPECT_EQ(ballot_form(ballot_choice_poll(poll_kind::ranking)), "ranking");
    EXPECT_EQ(ballot_form(ballot_scale_poll()), "value");
    EXPECT_EQ(ballot_form(ballot_text_poll()), "text");
    EXPECT_EQ(ballot_form(ballot_pb_poll(pb_ballot_kind::approval)), "projects");
    EXPECT_EQ(ballot_form(ballot_pb_poll(pb_ballot_kind::knapsack)), "projects");
    EXPECT_EQ(ballot_form(ballot_pb_poll(pb_ballot_kind::points)), "points");
}

TEST(BallotValidate, RefusesPartsOfAnotherForm) {
    auto b = ballot_choose({1});
    b.value = 3;
    EXPECT_EQ(refusal(ballot_choice_poll(poll_kind::single), b, "ballot"),
              "a ballot of this poll has only ballot.option");
    refusal(ballot_scale_poll(), ballot_choose({1}), "ballot");
    auto t = ballot_answer("hej");
    t.choices = {1};
    refusal(ballot_text_poll(), t, "ballot");
    refusal(ballot_choice_poll(poll_kind::approval), ballot_answer("hej"), "ballot");
    refusal(ballot_pb_poll(pb_ballot_kind::approval), give({{1, 5}}), "ballot");
    refusal(ballot_pb_poll(pb_ballot_kind::points), ballot_choose({1}), "ballot");
}

TEST(BallotValidate, SingleTakesExactlyOneOption) {
    const auto p = ballot_choice_poll(poll_kind::single);
    EXPECT_FALSE(validate_ballot(p, ballot_choose({3})));
    refusal(p, ballot_choose({}), "ballot.option");
    refusal(p, ballot_choose({1, 2}), "ballot.option");
    EXPECT_EQ(refusal(p, ballot_choose({7}), "ballot.option"), "option 7 is not an option of this poll");
}

TEST(BallotValidate, MultipleTakesOneToMaxChoicesDistinctOptions) {
    const auto p = ballot_choice_poll(poll_kind::multiple, 2);
    EXPECT_FALSE(validate_ballot(p, ballot_choose({1})));
    EXPECT_FALSE(validate_ballot(p, ballot_choose({4, 2})));
    EXPECT_EQ(refusal(p, ballot_choose({1, 2, 3}), "ballot.options"), "at most 2 options may be chosen");
    EXPECT_EQ(refusal(p, ballot_choose({3, 3}), "ballot.options"), "option 3 is chosen twice");
    EXPECT_EQ(refusal(p, ballot_choose({0}), "ballot.options"), "option 0 is not an option of this poll");
    refusal(p, ballot_choose({}), "ballot.options");
    EXPECT_EQ(refusal(ballot_choice_poll(poll_kind::multiple, 1), ballot_choose({1, 2}), "ballot.options"),
              "at most 1 option may be chosen");
}

TEST(BallotValidate, ApprovalTakesAnySubset) {
    const auto p = ballot_choice_poll(poll_kind::approval);
    EXPECT_FALSE(validate_ballot(p, ballot_choose({})));  // "none of these"
    EXPECT_FALSE(validate_ballot(p, ballot_choose({1, 2, 3, 4})));
    refusal(p, ballot_choose({1, 1}), "ballot.options");
    refusal(p, ballot_choose({5}), "ballot.options");
    const auto limited = ballot_choice_poll(poll_kind::approval, 3);
    EXPECT_FALSE(validate_ballot(limited, ballot_choose({1, 2, 3})));
    refusal(limited, ballot_choose({1, 2, 3, 4}), "ballot.options");
}

TEST(BallotValidate, RankingTakesDistinctOptionsInOrder) {
    const auto p = ballot_choice_poll(poll_kind::ranking);
    EXPECT_FALSE(validate_ballot(p, ballot_choose({4, 1, 3, 2})));
    EXPECT_FALSE(validate_ballot(p, ballot_choose({2})));  // a partial ranking
    EXPECT_EQ(refusal(p, ballot_choose({3, 1, 3}), "ballot.ranking"), "option 3 is ranked twice");
    refusal(p, ballot_choose({1, 9}), "ballot.ranking");
    refusal(p, ballot_choose({}), "ballot.ranking");
}

TEST(BallotValidate, ScaleValueWithinRange) {
    const auto p = ballot_scale_poll();
    EXPECT_FALSE(validate_ballot(p, scale_value(1)));
    EXPECT_FALSE(validate_ballot(p, scale_value(5)));
    EXPECT_EQ(refusal(p, scale_value(0), "ballot.value"), "value must be between 1 and 5");
    refusal(p, scale_value(6), "ballot.value");
    refusal(p, scale_value(-1), "ballot.value");
}

TEST(BallotValidate, TextAnswerLengthInCharactersAfterTrimming) {
    const auto p = ballot_text_poll();  // at most 20 characters
    EXPECT_FALSE(validate_ballot(p, ballot_answer("Bra dag")));
    std::string twenty;
    for (int i = 0; i < 20; ++i) {
        twenty += "å";
    }
    EXPECT_FALSE(validate_ballot(p, ballot_answer(twenty)));
    EXPECT_FALSE(validate_ballot(p, ballot_answer("   " + twenty + "\r\n")));
    refusal(p, ballot_answer(twenty + "ä"), "ballot.text");
    refusal(p, ballot_answer(""), "ballot.text");
    refusal(p, ballot_answer(" \n\t "), "ballot.text");
}

TEST(BallotValidate, TextAnswerMustBeCleanUtf8) {
    const auto p = ballot_text_poll();
    EXPECT_EQ(refusal(p, ballot_answer("bra \xC3"), "ballot.text"), "ballot.text must be valid UTF-8");
    refusal(p, ballot_answer("\xED\xA0\x80"), "ballot.text");  // a surrogate
    refusal(p, ballot_answer("ring\a"), "ballot.text");
    EXPECT_FALSE(validate_ballot(p, ballot_answer("rad ett\r\nrad två")));
}

TEST(BallotValidate, PbApprovalTakesDistinctProjects) {
    auto p = ballot_pb_poll(pb_ballot_kind::approval);
    EXPECT_FALSE(validate_ballot(p, ballot_choose({})));
    // Approval ignores the budget: that is what knapsack ballots are for.
    EXPECT_FALSE(validate_ballot(p, ballot_choose({1, 2, 3, 4})));
    EXPECT_EQ(refusal(p, ballot_choose({9}), "ballot.projects"),
              "project 9 is not a project of this poll");
    EXPECT_EQ(refusal(p, ballot_choose({4, 4}), "ballot.projects"), "project 4 is chosen twice");
    p.max_choices = 2;
    EXPECT_EQ(refusal(p, ballot_choose({1, 2, 3}), "ballot.projects"), "at most 2 projects may be chosen");
}

TEST(BallotValidate, KnapsackMustFitTheBudget) {
    const auto p = ballot_pb_poll(pb_ballot_kind::knapsack);
    EXPECT_FALSE(validate_ballot(p, ballot_choose({1, 2, 4})));  // exactly 1 000 000
    EXPECT_FALSE(validate_ballot(p, ballot_choose({})));
    EXPECT_EQ(refusal(p, ballot_choose({1, 3, 4}), "ballot.projects"),
              "the chosen projects cost 1 250 000 SEK, more than the budget of 1 000 000 SEK");
    refusal(p, ballot_choose({1, 1}), "ballot.projects");
    refusal(p, ballot_choose({5}), "ballot.projects");
}

TEST(BallotValidate, PointsDistributeOneToPointsTotal) {
    const auto p = ballot_pb_poll(pb_ballot_kind::points);
    EXPECT_FALSE(validate_ballot(p, give({{1, 60}, {3, 40}})));
    EXPECT_FALSE(validate_ballot(p, give({{2, 1}})));
    EXPECT_EQ(refusal(p, give({{1, 60}, {2, 41}}), "ballot.points"),
              "the points add up to 101, more than the 100 to distribute");
    refusal(p, give({}), "ballot.points");
    EXPECT_EQ(refusal(p, give({{1, 10}, {2, 0}}), "ballot.points[1].points"),
              "points must be at least 1");
    refusal(p, give({{1, -5}, {2, 50}}), "ballot.points[0].points");
    EXPECT_EQ(refusal(p, give({{1, 10}, {1, 10}}), "ballot.points[1].project_id"),
              "project 1 is given points twice");
    refusal(p, give({{8, 10}}), "ballot.points[0].project_id");
    // Sums that would overflow are still refused as too many points.
    refusal(p, give({{1, INT64_MAX}, {2, INT64_MAX}}), "ballot.points");
}

TEST(BallotNormalised, SortsSetsAndTrimsText) {
    EXPECT_EQ(normalised(ballot_choice_poll(poll_kind::multiple, 3), ballot_choose({3, 1, 2})).choices,
              (std::vector<id>{1, 2, 3}));
    EXPECT_EQ(normalised(ballot_choice_poll(poll_kind::approval), ballot_choose({4, 2})).choices,
              (std::vector<id>{2, 4}));
    EXPECT_EQ(normalised(ballot_pb_poll(pb_ballot_kind::knapsack), ballot_choose({4, 1})).choices,
              (std::vector<id>{1, 4}));
    const auto points =
        normalised(ballot_pb_poll(pb_ballot_kind::points), give({{3, 40}, {1, 60}}));
    EXPECT_EQ(points.points, (std::vector<std::pair<id, std::int64_t>>{{1, 60}, {3, 40}}));
    EXPECT_EQ(normalised(ballot_text_poll(), ballot_answer("  rad ett\r\nrad två\n")).text, "rad ett\nrad två");
}

TEST(BallotNormalised, KeepsTheOrderOfARanking) {
    EXPECT_EQ(normalised(ballot_choice_poll(poll_kind::ranking), ballot_choose({3, 1, 2})).choices,
              (std::vector<id>{3, 1, 2}));
}

}  // namespace
}  // namespace traffpunkt::domain
