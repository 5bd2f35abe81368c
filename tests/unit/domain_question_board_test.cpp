// Question boards (domain/question_board.hpp): order, votes, moderation and merge, without
// sockets or storage.
#include <gtest/gtest.h>

#include "traffpunkt/domain/question_board.hpp"

namespace d = traffpunkt::domain;

namespace {

d::instant at(int s) {
    return d::instant{std::chrono::seconds{1'669'366'800 + s}};
}

class BoardState : public ::testing::Test {
  protected:
    d::board_state b;

    void SetUp() override {
        b.board.board_id = 1;
        b.board.meeting_id = 7;
    }

    d::question& add(std::int64_t id, int asked, std::optional<std::int64_t> person = {}) {
        d::question q;
        q.question_id = id;
        q.board_id = 1;
        q.meeting_id = 7;
        q.text = "Fråga " + std::to_string(id);
        q.asked_at = at(asked);
        q.asker_person_id = person;
        q.anonymous = !person;
        q.status = b.new_status();
        b.add(q);
        return b.questions.at(id);
    }

    std::int64_t vote(std::int64_t id, const std::string& voter, bool give = true,
                      std::optional<std::int64_t> person = {}) {
        d::board_state::vote_change out;
        const auto refused = b.vote(id, voter, give, person, out);
        EXPECT_FALSE(refused) << (refused ? refused->message : "");
        return out.votes;
    }

    std::vector<std::int64_t> top() const {
        std::vector<std::int64_t> ids;
        for (const auto* q : b.top([](const d::question&) { return true; })) {
            ids.push_back(q->question_id);
        }
        return ids;
    }

    d::moderation_outcome moderate(std::int64_t id, d::moderation_action a,
                                   std::optional<std::int64_t> into = {}) {
        d::moderation_outcome out;
        const auto refused = b.moderate(id, a, "", into, at(100), out);
        EXPECT_FALSE(refused) << (refused ? refused->message : "");
        return out;
    }
};

}  // namespace

TEST_F(BoardState, orderIsPinnedThenVotesThenOldest) {
    add(1, 10);
    add(2, 20);
    add(3, 5);
    EXPECT_EQ(top(), (std::vector<std::int64_t>{3, 1, 2})) << "equal votes: oldest first";
    vote(2, "a:1");
    vote(2, "a:2");
    vote(1, "a:1");
    EXPECT_EQ(top(), (std::vector<std::int64_t>{2, 1, 3}));
    moderate(3, d::moderation_action::pin);
    EXPECT_EQ(top(), (std::vector<std::int64_t>{3, 2, 1}));
    std::vector<const d::question*> newest;
    for (const auto& [id, q] : b.questions) {
        newest.push_back(&q);
    }
    d::board_state::sort_newest(newest);
    EXPECT_EQ(newest.front()->question_id, 3);
}

TEST_F(BoardState, sameAgeAndVotesFallsBackToId) {
    add(5, 10);
    add(4, 10);
    EXPECT_EQ(top(), (std::vector<std::int64_t>{4, 5}));
}

TEST_F(BoardState, aVoteCountsOnceAndCanBeTakenBack) {
    add(1, 0);
    EXPECT_EQ(vote(1, "p:3"), 1);
    d::board_state::vote_change again;
    EXPECT_FALSE(b.vote(1, "p:3", true, 3, again));
    EXPECT_FALSE(again.changed);
    EXPECT_EQ(again.votes, 1);
    EXPECT_EQ(vote(1, "a:9"), 2);
    EXPECT_EQ(vote(1, "p:3", false), 1);
    d::board_state::vote_change none;
    EXPECT_FALSE(b.vote(1, "p:3", false, 3, none));
    EXPECT_FALSE(none.changed) << "taking back a vote not given changes nothing";
}

TEST_F(BoardState, noVoteForOwnNamedQuestionNorForHiddenOrClosed) {
    add(1, 0, 3);
    d::board_state::vote_change out;
    auto refused = b.vote(1, "p:3", true, 3, out);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->what, d::rule_error::kind::invalid_transition);
    moderate(1, d::moderation_action::hide);
    EXPECT_TRUE(b.vote(1, "a:1", true, std::nullopt, out));
    moderate(1, d::moderation_action::show);
    b.board.open = false;
    EXPECT_TRUE(b.vote(1, "a:1", true, std::nullopt, out));
}

TEST_F(BoardState, preModeratedQuestionsWaitForApproval) {
    b.board.moderation = d::moderation_mode::pre;
    auto& q = add(1, 0);
    EXPECT_EQ(q.status, d::question_status::pending);
    d::board_state::vote_change out;
    EXPECT_TRUE(b.vote(1, "a:1", true, std::nullopt, out)) << "pending takes no votes";
    moderate(1, d::moderation_action::approve);
    EXPECT_EQ(q.status, d::question_status::visible);
    d::moderation_outcome again;
    EXPECT_TRUE(b.moderate(1, d::moderation_action::approve, "", {}, at(1), again));
}

TEST_F(BoardState, pinningOneUnpinsTheOtherAndAnsweringUnpins) {
    add(1, 0);
    add(2, 1);
    moderate(1, d::moderation_action::pin);
    const auto out = moderate(2, d::moderation_action::pin);
    EXPECT_EQ(out.changed, (std::vector<std::int64_t>{2, 1}));
    EXPECT_FALSE(b.questions.at(1).pinned);
    moderate(2, d::moderation_action::answer);
    EXPECT_FALSE(b.questions.at(2).pinned);
    EXPECT_EQ(b.questions.at(2).answered_at, at(100));
    moderate(2, d::moderation_action::reopen);
    EXPECT_FALSE(b.questions.at(2).answered_at);
}

TEST_F(BoardState, mergeAddsDistinctVotersOnly) {
    add(1, 0, 8);
    add(2, 1);
    vote(1, "a:1");
    vote(2, "a:1");
    vote(2, "a:2");
    vote(2, "p:8");  // the target's asker: not moved onto their own question
    const auto out = moderate(2, d::moderation_action::merge, 1);
    EXPECT_EQ(out.added_voters, (std::vector<std::string>{"a:2"}));
    EXPECT_EQ(b.questions.at(1).votes, 2);
    EXPECT_EQ(b.questions.at(2).status, d::question_status::merged);
    EXPECT_EQ(b.questions.at(2).merged_into, 1);
    d::moderation_outcome again;
    EXPECT_TRUE(b.moderate(2, d::moderation_action::merge, "", 1, at(1), again))
        << "merged is final";
}

TEST_F(BoardState, mergeRefusesItselfUnknownAndHiddenTargets) {
    add(1, 0);
    add(2, 1);
    d::moderation_outcome out;
    auto self = b.moderate(1, d::moderation_action::merge, "", 1, at(1), out);
    ASSERT_TRUE(self);
    EXPECT_EQ(self->field, "into");
    auto unknown = b.moderate(1, d::moderation_action::merge, "", 99, at(1), out);
    ASSERT_TRUE(unknown);
    EXPECT_EQ(unknown->field, "into");
    moderate(2, d::moderation_action::hide);
    auto hidden = b.moderate(1, d::moderation_action::merge, "", 2, at(1), out);
    ASSERT_TRUE(hidden);
    EXPECT_EQ(hidden->what, d::rule_error::kind::invalid_transition);
    EXPECT_EQ(b.questions.at(1).status, d::question_status::visible) << "nothing changed";
}

TEST_F(BoardState, hideKeepsTheReasonAndVotes) {
    add(1, 0);
    vote(1, "a:1");
    d::moderation_outcome out;
    ASSERT_FALSE(b.moderate(1, d::moderation_action::hide, "Reklam", {}, at(1), out));
    EXPECT_EQ(b.questions.at(1).hide_reason, "Reklam");
    EXPECT_EQ(b.questions.at(1).votes, 1);
}

TEST_F(BoardState, withdrawIsFinal) {
    add(1, 0);
    EXPECT_FALSE(b.withdraw(1));
    EXPECT_TRUE(b.withdraw(1));
    d::moderation_outcome out;
    EXPECT_TRUE(b.moderate(1, d::moderation_action::show, "", {}, at(1), out));
}

TEST_F(BoardState, capAndClosedBoardRefuseAsking) {
    add(1, 0);
    add(2, 0);
    EXPECT_FALSE(b.can_ask(3));
    EXPECT_TRUE(b.can_ask(2));
    b.board.open = false;
    EXPECT_TRUE(b.can_ask(100));
}

TEST(QuestionText, trimmedOneLineAndBounded) {
    std::string t = "  Hur?  ";
    EXPECT_FALSE(d::check_question_text(t, 500));
    EXPECT_EQ(t, "Hur?");
    std::string empty = "   ";
    EXPECT_TRUE(d::check_question_text(empty, 500));
    std::string two = "en\ntvå";
    EXPECT_TRUE(d::check_question_text(two, 500));
    std::string long_one(501, 'x');
    EXPECT_TRUE(d::check_question_text(long_one, 500));
    std::string exact(500, 'x');
    EXPECT_FALSE(d::check_question_text(exact, 500));
    std::string aao;
    for (int i = 0; i < 500; ++i) {
        aao += "å";  // 500 code points, 1000 bytes
    }
    EXPECT_FALSE(d::check_question_text(aao, 500)) << "code points, not bytes";
}

TEST(QuestionNames, roundTrip) {
    for (auto s :
         {d::question_status::pending, d::question_status::visible, d::question_status::answered,
          d::question_status::hidden, d::question_status::withdrawn, d::question_status::merged}) {
        EXPECT_EQ(d::parse_question_status(d::to_string(s)), s);
    }
    EXPECT_FALSE(d::parse_moderation_action("explode"));
    EXPECT_EQ(d::parse_moderation_mode("pre"), d::moderation_mode::pre);
}
