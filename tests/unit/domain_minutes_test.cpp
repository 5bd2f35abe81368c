#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "traffpunkt/domain/minutes.hpp"

namespace traffpunkt::domain {
namespace {

using namespace std::chrono;

const instant t0 = sys_days{2022y / November / 25} + hours{15};

bool is_transition(const check& c) {
    return c && c->what == rule_error::kind::invalid_transition;
}

/** Minutes of meeting 1 written once (version 1, draft). */
meeting_minutes written() {
    meeting_minutes m;
    m.meeting_id = 1;
    EXPECT_FALSE(edit_minutes(m, 0, "# Minnesanteckningar\n\n- Välkommen", t0));
    return m;
}

TEST(MinutesNames, RoundTrip) {
    for (const auto s :
         {minutes_status::draft, minutes_status::for_review, minutes_status::approved}) {
        EXPECT_EQ(parse_minutes_status(to_string(s)), s);
    }
    for (const auto a : {minutes_action::edit, minutes_action::submit, minutes_action::reopen,
                         minutes_action::approve}) {
        EXPECT_EQ(parse_minutes_action(to_string(a)), a);
    }
    EXPECT_EQ(to_string(minutes_status::for_review), "for_review");
    EXPECT_FALSE(parse_minutes_status("review"));
    EXPECT_FALSE(parse_minutes_action(""));
}

TEST(MinutesEdit, FirstEditIsBasedOnVersionZero) {
    meeting_minutes m;
    EXPECT_FALSE(edit_minutes(m, 0, "Text", t0));
    EXPECT_EQ(m.version, 1);
    EXPECT_EQ(m.status, minutes_status::draft);
    EXPECT_EQ(m.text, "Text");
    EXPECT_EQ(m.updated_at, t0);
}

TEST(MinutesEdit, StaleEditIsRefusedAndChangesNothing) {
    auto m = written();
    ASSERT_FALSE(edit_minutes(m, 1, "Version två", t0 + minutes{1}));
    const auto before = m;
    const auto e = edit_minutes(m, 1, "Skriver över", t0 + minutes{2});
    ASSERT_TRUE(is_transition(e));
    EXPECT_EQ(e->field, "base_version");
    EXPECT_NE(e->message.find("current version is 2"), std::string::npos) << e->message;
    EXPECT_EQ(m, before);
    // A base from the future is as wrong as one from the past.
    EXPECT_TRUE(is_transition(edit_minutes(m, 3, "x", t0)));
}

TEST(MinutesEdit, RefusesInvalidText) {
    auto m = written();
    const auto e = edit_minutes(m, 1, "ok\x07", t0);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->what, rule_error::kind::invalid_value);
    EXPECT_EQ(e->field, "text");
    EXPECT_EQ(m.version, 1);
    EXPECT_TRUE(validate_minutes_text(std::string(limits::minutes_max + 1, 'x')));
    EXPECT_FALSE(validate_minutes_text(std::string(limits::minutes_max, 'x')));
    EXPECT_FALSE(validate_minutes_text("rad 1\n\trad 2"));
}

TEST(MinutesStates, DraftToReviewToApproved) {
    auto m = written();
    ASSERT_FALSE(submit_minutes(m, 1, t0));
    EXPECT_EQ(m.status, minutes_status::for_review);
    EXPECT_EQ(m.version, 2);
    ASSERT_FALSE(approve_minutes(m, 2, t0));
    EXPECT_EQ(m.status, minutes_status::approved);
    EXPECT_EQ(m.version, 3);
    EXPECT_TRUE(is_read_only(m));
}

TEST(MinutesStates, ApprovedMinutesAreReadOnly) {
    auto m = written();
    ASSERT_FALSE(submit_minutes(m, 1, t0));
    ASSERT_FALSE(approve_minutes(m, 2, t0));
    const auto before = m;
    EXPECT_TRUE(is_transition(edit_minutes(m, 3, "ändrad", t0)));
    EXPECT_TRUE(is_transition(submit_minutes(m, 3, t0)));
    EXPECT_TRUE(is_transition(reopen_minutes(m, 3, t0)));
    EXPECT_TRUE(is_transition(approve_minutes(m, 3, t0)));
    EXPECT_EQ(m, before);
}

TEST(MinutesStates, ReopenAndEditUnderReviewGoBackToDraft) {
    auto m = written();
    ASSERT_FALSE(submit_minutes(m, 1, t0));
    ASSERT_FALSE(reopen_minutes(m, 2, t0));
    EXPECT_EQ(m.status, minutes_status::draft);
    ASSERT_FALSE(submit_minutes(m, 3, t0));
    ASSERT_FALSE(edit_minutes(m, 4, "rättat", t0));
    EXPECT_EQ(m.status, minutes_status::draft);
    EXPECT_EQ(m.version, 5);
}

TEST(MinutesStates, RefusesStepsFromTheWrongState) {
    auto m = written();
    EXPECT_TRUE(is_transition(approve_minutes(m, 1, t0))) << "a draft is not approved directly";
    EXPECT_TRUE(is_transition(reopen_minutes(m, 1, t0)));
    ASSERT_FALSE(submit_minutes(m, 1, t0));
    EXPECT_TRUE(is_transition(submit_minutes(m, 2, t0)));
    EXPECT_EQ(m.version, 2);
}

TEST(MinutesStates, EmptyMinutesAreNotSubmitted) {
    meeting_minutes m;
    EXPECT_TRUE(is_transition(submit_minutes(m, 0, t0)));
    ASSERT_FALSE(edit_minutes(m, 0, "", t0));
    EXPECT_TRUE(is_transition(submit_minutes(m, 1, t0)));
    EXPECT_EQ(m.status, minutes_status::draft);
}

TEST(MinutesStates, StaleStatusStepNamesTheVersionField) {
    auto m = written();
    const auto e = submit_minutes(m, 0, t0);
    ASSERT_TRUE(is_transition(e));
    EXPECT_EQ(e->field, "version");
}

}  // namespace
}  // namespace traffpunkt::domain
