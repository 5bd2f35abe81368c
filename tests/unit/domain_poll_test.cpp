#include <gtest/gtest.h>

#include <string>

#include "traffpunkt/domain/poll.hpp"

namespace traffpunkt::domain {
namespace {

poll choice_poll(poll_kind kind = poll_kind::single) {
    poll p;
    p.poll_id = 1;
    p.meeting_id = 1;
    p.kind = kind;
    p.question = "Vilket tema ska nästa träff ha?";
    p.description = "Välj det som passar er kommun bäst.\nResultatet visas direkt.";
    p.options = {{1, "Medborgarbudget i skolan"}, {2, "Digitala dialoger"}, {3, "Uppföljning"}};
    if (kind == poll_kind::multiple) {
        p.max_choices = 2;
    }
    p.created_by = 7;
    return p;
}

poll scale_poll() {
    poll p = choice_poll(poll_kind::scale);
    p.options.clear();
    p.question = "Hur nöjd är du med dagen?";
    p.scale_max = 5;
    p.scale_min_label = "Inte alls";
    p.scale_max_label = "Mycket";
    return p;
}

poll text_poll() {
    poll p = choice_poll(poll_kind::text);
    p.options.clear();
    p.question = "Vad tar du med dig hem?";
    p.text_max_length = 200;
    return p;
}

poll pb_poll(pb_ballot_kind ballot = pb_ballot_kind::approval) {
    poll p = choice_poll(poll_kind::pb);
    p.options.clear();
    p.question = "Vilka projekt ska genomföras i Södermöre?";
    p.budget = 1'000'000;
    p.pb_ballot = ballot;
    p.projects = {{1, "Ny lekplats", "Vid skolan", 400'000, 12},
                  {2, "Belysning i parken", "", 350'000, std::nullopt},
                  {3, "Utegym", "Nära badplatsen", 600'000, std::nullopt}};
    if (ballot == pb_ballot_kind::points) {
        p.points_total = 100;
    }
    return p;
}

void expect_invalid(const poll& p, const std::string& field) {
    const auto error = validate(p);
    ASSERT_TRUE(error) << "expected a refusal of " << field;
    EXPECT_EQ(error->what, rule_error::kind::invalid_value);
    EXPECT_EQ(error->field, field) << error->message;
    EXPECT_FALSE(error->message.empty());
}

TEST(PollEnums, RoundTripNames) {
    for (const auto k : {poll_kind::single, poll_kind::multiple, poll_kind::scale,
                         poll_kind::ranking, poll_kind::approval, poll_kind::text, poll_kind::pb}) {
        EXPECT_EQ(parse_poll_kind(to_string(k)), k);
    }
    EXPECT_EQ(to_string(poll_kind::multiple), "multiple");
    for (const auto s : {poll_status::draft, poll_status::open, poll_status::closed}) {
        EXPECT_EQ(parse_poll_status(to_string(s)), s);
    }
    for (const auto a : {poll_audience::registered, poll_audience::link}) {
        EXPECT_EQ(parse_poll_audience(to_string(a)), a);
    }
    for (const auto v : {results_visibility::live, results_visibility::after_close,
                         results_visibility::facilitators}) {
        EXPECT_EQ(parse_results_visibility(to_string(v)), v);
    }
    EXPECT_EQ(to_string(results_visibility::after_close), "after_close");
    for (const auto b :
         {pb_ballot_kind::approval, pb_ballot_kind::knapsack, pb_ballot_kind::points}) {
        EXPECT_EQ(parse_pb_ballot_kind(to_string(b)), b);
    }
    for (const auto u : {pb_utility_kind::cost, pb_utility_kind::approval}) {
        EXPECT_EQ(parse_pb_utility(to_string(u)), u);
    }
}

TEST(PollEnums, RefuseUnknownNames) {
    EXPECT_FALSE(parse_poll_kind("Single"));
    EXPECT_FALSE(parse_poll_kind("borda"));
    EXPECT_FALSE(parse_poll_status(""));
    EXPECT_FALSE(parse_poll_audience("public"));
    EXPECT_FALSE(parse_results_visibility("after-close"));
    EXPECT_FALSE(parse_pb_ballot_kind("cumulative"));
    EXPECT_FALSE(parse_pb_utility("points"));
    EXPECT_EQ(to_string(static_cast<poll_kind>(42)), "unknown");
}

TEST(PollValidate, AcceptsEveryKind) {
    for (const auto k :
         {poll_kind::single, poll_kind::multiple, poll_kind::ranking, poll_kind::approval}) {
        EXPECT_FALSE(validate(choice_poll(k))) << to_string(k);
    }
    EXPECT_FALSE(validate(scale_poll()));
    EXPECT_FALSE(validate(text_poll()));
    for (const auto b :
         {pb_ballot_kind::approval, pb_ballot_kind::knapsack, pb_ballot_kind::points}) {
        EXPECT_FALSE(validate(pb_poll(b))) << to_string(b);
    }
}

TEST(PollValidate, QuestionIsRequiredOneLineAndBounded) {
    auto p = choice_poll();
    p.question = "";
    expect_invalid(p, "question");
    p.question = "   ";
    expect_invalid(p, "question");
    p.question = "Rad ett\nrad två";
    expect_invalid(p, "question");
    p.question = std::string(300, 'x');
    EXPECT_FALSE(validate(p));
    p.question = std::string(301, 'x');
    expect_invalid(p, "question");
    // Limits count characters, not bytes: 300 × "ö" is 600 bytes.
    p.question.clear();
    for (int i = 0; i < 300; ++i) {
        p.question += "ö";
    }
    EXPECT_FALSE(validate(p));
    p.question = "bad \xC3";
    expect_invalid(p, "question");
}

TEST(PollValidate, DescriptionIsMultiLineAndBounded) {
    auto p = choice_poll();
    p.description = "Rad ett\nrad två\tmed tab";
    EXPECT_FALSE(validate(p));
    p.description = std::string(4000, 'x');
    EXPECT_FALSE(validate(p));
    p.description = std::string(4001, 'x');
    expect_invalid(p, "description");
    p.description = "bell\a";
    expect_invalid(p, "description");
}

TEST(PollValidate, ChoiceKindsNeedTwoToFiftyOptions) {
    for (const auto k :
         {poll_kind::single, poll_kind::multiple, poll_kind::ranking, poll_kind::approval}) {
        auto p = choice_poll(k);
        p.options.resize(1);
        p.max_choices = k == poll_kind::multiple ? 1 : 0;
        expect_invalid(p, "options");
        p.options.clear();
        for (int i = 1; i <= 51; ++i) {
            p.options.push_back({i, "Alternativ " + std::to_string(i)});
        }
        expect_invalid(p, "options");
        p.options.pop_back();
        EXPECT_FALSE(validate(p)) << to_string(k);
    }
}

TEST(PollValidate, OptionLabelsNameTheirIndex) {
    auto p = choice_poll();
    p.options[2].label = "";
    expect_invalid(p, "options[2]");
    p.options[2].label = " ";
    expect_invalid(p, "options[2]");
    p.options[2].label = std::string(201, 'x');
    expect_invalid(p, "options[2]");
    p.options[2].label = std::string(200, 'x');
    EXPECT_FALSE(validate(p));
    p.options[1].label = "två\rrader";
    expect_invalid(p, "options[1]");
}

TEST(PollValidate, OptionIdsAndLabelsAreDistinct) {
    auto p = choice_poll();
    p.options[2].option_id = 1;
    expect_invalid(p, "options[2]");
    p = choice_poll();
    p.options[0].option_id = 0;
    expect_invalid(p, "options[0]");
    p = choice_poll();
    p.options[2].label = p.options[0].label;
    const auto error = validate(p);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->field, "options[2]");
    EXPECT_EQ(error->message, "options[2] repeats options[0]");
}

TEST(PollValidate, OptionsOnlyForChoiceKinds) {
    auto s = scale_poll();
    s.options = {{1, "a"}, {2, "b"}};
    expect_invalid(s, "options");
    auto t = text_poll();
    t.options = {{1, "a"}, {2, "b"}};
    expect_invalid(t, "options");
    auto b = pb_poll();
    b.options = {{1, "a"}, {2, "b"}};
    expect_invalid(b, "options");
}

TEST(PollValidate, MaxChoicesOfMultipleIsRequiredAndBounded) {
    auto p = choice_poll(poll_kind::multiple);
    p.max_choices = 0;
    expect_invalid(p, "max_choices");
    p.max_choices = 4;
    expect_invalid(p, "max_choices");
    p.max_choices = 3;
    EXPECT_FALSE(validate(p));
    p.max_choices = 1;
    EXPECT_FALSE(validate(p));
}

TEST(PollValidate, MaxChoicesOfApprovalIsOptional) {
    auto p = choice_poll(poll_kind::approval);
    p.max_choices = 0;
    EXPECT_FALSE(validate(p));
    p.max_choices = 2;
    EXPECT_FALSE(validate(p));
    p.max_choices = 4;
    expect_invalid(p, "max_choices");
    p.max_choices = -1;
    expect_invalid(p, "max_choices");
}

TEST(PollValidate, MaxChoicesOnlyForMultipleAndApproval) {
    for (const auto k : {poll_kind::single, poll_kind::ranking}) {
        auto p = choice_poll(k);
        p.max_choices = 1;
        expect_invalid(p, "max_choices");
    }
    auto s = scale_poll();
    s.max_choices = 2;
    expect_invalid(s, "max_choices");
}

TEST(PollValidate, ScaleMaxBetweenTwoAndTen) {
    auto p = scale_poll();
    p.scale_max = 1;
    expect_invalid(p, "scale.max");
    p.scale_max = 11;
    expect_invalid(p, "scale.max");
    p.scale_max = 2;
    EXPECT_FALSE(validate(p));
    p.scale_max = 10;
    EXPECT_FALSE(validate(p));
    // Other kinds keep the default and are not checked for it.
    auto c = choice_poll();
    c.scale_max = 0;
    EXPECT_FALSE(validate(c));
}

TEST(PollValidate, ScaleLabelsAreShortLines) {
    auto p = scale_poll();
    p.scale_min_label = std::string(101, 'x');
    expect_invalid(p, "scale.min_label");
    p = scale_poll();
    p.scale_max_label = "Mycket\nnöjd";
    expect_invalid(p, "scale.max_label");
    p.scale_max_label = "";
    p.scale_min_label = "";
    EXPECT_FALSE(validate(p));
}

TEST(PollValidate, TextMaxLengthBetweenOneAndFiveHundred) {
    auto p = text_poll();
    p.text_max_length = 0;
    expect_invalid(p, "text_max_length");
    p.text_max_length = 501;
    expect_invalid(p, "text_max_length");
    p.text_max_length = 500;
    EXPECT_FALSE(validate(p));
}

TEST(PollValidate, PbBudgetAndCurrency) {
    auto p = pb_poll();
    p.budget = 0;
    expect_invalid(p, "pb.budget");
    p.budget = limits::pb_budget_max + 1;
    expect_invalid(p, "pb.budget");
    p = pb_poll();
    p.currency = "sek";
    expect_invalid(p, "pb.currency");
    p.currency = "SEKR";
    expect_invalid(p, "pb.currency");
    p.currency = "EUR";
    EXPECT_FALSE(validate(p));
}

TEST(PollValidate, PbProjectsCountAndTexts) {
    auto p = pb_poll();
    p.projects.clear();
    expect_invalid(p, "pb.projects");
    p = pb_poll();
    p.projects.clear();
    for (int i = 1; i <= 501; ++i) {
        p.projects.push_back({i, "Projekt " + std::to_string(i), "", 1, std::nullopt});
    }
    expect_invalid(p, "pb.projects");
    p = pb_poll();
    p.projects[1].title = "";
    expect_invalid(p, "pb.projects[1].title");
    p.projects[1].title = std::string(201, 'x');
    expect_invalid(p, "pb.projects[1].title");
    p = pb_poll();
    p.projects[0].description = std::string(2001, 'x');
    expect_invalid(p, "pb.projects[0].description");
    p.projects[0].description = "Två rader\nbeskrivning";
    EXPECT_FALSE(validate(p));
}

TEST(PollValidate, PbProjectCostWithinBudget) {
    auto p = pb_poll();
    p.projects[2].cost = 0;
    expect_invalid(p, "pb.projects[2].cost");
    p.projects[2].cost = 1'000'001;
    const auto error = validate(p);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->field, "pb.projects[2].cost");
    EXPECT_EQ(error->message,
              "pb.projects[2].cost must be between 1 and the budget (1 000 000 SEK)");
    p.projects[2].cost = 1'000'000;
    EXPECT_FALSE(validate(p));
}

TEST(PollValidate, PbProjectIdsDistinctAndPositive) {
    auto p = pb_poll();
    p.projects[2].project_id = 2;
    expect_invalid(p, "pb.projects[2]");
    p = pb_poll();
    p.projects[0].project_id = 0;
    expect_invalid(p, "pb.projects[0]");
    p = pb_poll();
    p.projects[0].organisation_id = 0;
    expect_invalid(p, "pb.projects[0].organisation_id");
}

TEST(PollValidate, PbMaxChoicesOnlyForApprovalBallots) {
    auto p = pb_poll(pb_ballot_kind::approval);
    p.max_choices = 2;
    EXPECT_FALSE(validate(p));
    p.max_choices = 4;
    expect_invalid(p, "pb.max_choices");
    auto k = pb_poll(pb_ballot_kind::knapsack);
    k.max_choices = 1;
    expect_invalid(k, "pb.max_choices");
}

TEST(PollValidate, PbPointsTotalOnlyForPointsBallots) {
    auto p = pb_poll(pb_ballot_kind::points);
    p.points_total = 0;
    expect_invalid(p, "pb.points_total");
    p.points_total = 1001;
    expect_invalid(p, "pb.points_total");
    p.points_total = 1000;
    EXPECT_FALSE(validate(p));
    auto a = pb_poll(pb_ballot_kind::approval);
    a.points_total = 10;
    expect_invalid(a, "pb.points_total");
}

TEST(PollValidate, PbFieldsOnlyMatterForPb) {
    auto p = choice_poll();
    p.budget = -5;
    p.currency = "";
    p.points_total = 7;
    EXPECT_FALSE(validate(p));
    p.projects = {{1, "Lekplats", "", 10, std::nullopt}};
    expect_invalid(p, "pb.projects");
}

TEST(PollValidate, EnumsAndIdsOutOfRange) {
    auto p = choice_poll();
    p.kind = static_cast<poll_kind>(42);
    expect_invalid(p, "kind");
    p = choice_poll();
    p.visibility = static_cast<results_visibility>(9);
    expect_invalid(p, "results");
    p = choice_poll();
    p.audience = static_cast<poll_audience>(9);
    expect_invalid(p, "audience");
    p = choice_poll();
    p.status = static_cast<poll_status>(9);
    expect_invalid(p, "status");
    p = pb_poll();
    p.pb_ballot = static_cast<pb_ballot_kind>(9);
    expect_invalid(p, "pb.ballot");
    p = choice_poll();
    p.agenda_item_id = 0;
    expect_invalid(p, "agenda_item_id");
    p.agenda_item_id = 4;
    EXPECT_FALSE(validate(p));
}

TEST(PollLifecycle, OpenSetsOpenedAt) {
    auto p = choice_poll();
    EXPECT_FALSE(open_poll(p, 1000));
    EXPECT_EQ(p.status, poll_status::open);
    EXPECT_EQ(p.opened_at, 1000);
    EXPECT_FALSE(p.closed_at);
}

TEST(PollLifecycle, OpenOnlyDrafts) {
    auto p = choice_poll();
    ASSERT_FALSE(open_poll(p, 1000));
    auto error = open_poll(p, 1001);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->what, rule_error::kind::invalid_transition);
    EXPECT_EQ(p.opened_at, 1000);
    ASSERT_FALSE(close_poll(p, 2000));
    error = open_poll(p, 3000);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->what, rule_error::kind::invalid_transition);
    EXPECT_EQ(p.status, poll_status::closed);
}

TEST(PollLifecycle, AutoCloseMustBeInTheFuture) {
    auto p = choice_poll();
    p.auto_close_at = 1000;
    auto error = open_poll(p, 1000);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->what, rule_error::kind::invalid_value);
    EXPECT_EQ(error->field, "auto_close_at");
    EXPECT_EQ(p.status, poll_status::draft);
    EXPECT_FALSE(p.opened_at);
    p.auto_close_at = 500;
    EXPECT_TRUE(open_poll(p, 1000));
    p.auto_close_at = 1001;
    EXPECT_FALSE(open_poll(p, 1000));
    EXPECT_EQ(p.status, poll_status::open);
}

TEST(PollLifecycle, CloseOnlyOpenPolls) {
    auto p = choice_poll();
    auto error = close_poll(p, 1000);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->what, rule_error::kind::invalid_transition);
    EXPECT_EQ(p.status, poll_status::draft);
    ASSERT_FALSE(open_poll(p, 1000));
    EXPECT_FALSE(close_poll(p, 1500));
    EXPECT_EQ(p.status, poll_status::closed);
    EXPECT_EQ(p.closed_at, 1500);
    error = close_poll(p, 1600);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->what, rule_error::kind::invalid_transition);
    EXPECT_EQ(p.closed_at, 1500);
}

TEST(PollLifecycle, OnlyDraftsAreEditable) {
    auto p = choice_poll();
    EXPECT_FALSE(require_editable(p));
    ASSERT_FALSE(open_poll(p, 1000));
    auto error = require_editable(p);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->what, rule_error::kind::invalid_transition);
    ASSERT_FALSE(close_poll(p, 2000));
    error = require_editable(p);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->what, rule_error::kind::invalid_transition);
}

}  // namespace
}  // namespace traffpunkt::domain
