#include <gtest/gtest.h>

#include <string>

#include "traffpunkt/domain/poll_tally.hpp"

namespace traffpunkt::domain {
namespace {

poll tally_choice_poll(poll_kind kind, int options = 3) {
    poll p;
    p.kind = kind;
    p.question = "Fråga";
    for (int i = 1; i <= options; ++i) {
        p.options.push_back({i, "Alternativ " + std::to_string(i)});
    }
    p.max_choices = kind == poll_kind::multiple ? 2 : 0;
    return p;
}

poll tally_pb_poll(pb_ballot_kind kind) {
    poll p;
    p.kind = poll_kind::pb;
    p.question = "Projekt";
    p.budget = 1000;
    p.pb_ballot = kind;
    p.projects = {{1, "Lekplats", "", 400, std::nullopt},
                  {2, "Belysning", "", 300, std::nullopt},
                  {3, "Utegym", "", 600, std::nullopt}};
    if (kind == pb_ballot_kind::points) {
        p.points_total = 10;
    }
    return p;
}

ballot tally_choose(std::vector<id> ids) {
    ballot b;
    b.choices = std::move(ids);
    return b;
}

ballot tally_answer(std::string text) {
    ballot b;
    b.text = std::move(text);
    return b;
}

std::vector<std::int64_t> counts(const std::vector<option_count>& rows) {
    std::vector<std::int64_t> out;
    for (const auto& r : rows) {
        out.push_back(r.count);
    }
    return out;
}

TEST(PollTally, EmptyTallyListsEveryOption) {
    const poll_tally t(tally_choice_poll(poll_kind::single));
    const auto r = t.results();
    EXPECT_EQ(r.kind, poll_kind::single);
    EXPECT_EQ(r.ballots, 0);
    ASSERT_EQ(r.options.size(), 3U);
    EXPECT_EQ(r.options[0].option_id, 1);
    EXPECT_EQ(r.options[2].option_id, 3);
    EXPECT_EQ(counts(r.options), (std::vector<std::int64_t>{0, 0, 0}));
    EXPECT_TRUE(r.ranking.empty());
    EXPECT_TRUE(r.words.empty());
    EXPECT_TRUE(t.pb_profile().empty());
}

TEST(PollTally, SingleCountsInOptionOrder) {
    auto p = tally_choice_poll(poll_kind::single);
    // Options in an order that is not by id: results follow the poll's order.
    p.options = {{3, "C"}, {1, "A"}, {2, "B"}};
    poll_tally t(p);
    t.add(tally_choose({1}));
    t.add(tally_choose({1}));
    t.add(tally_choose({2}));
    const auto r = t.results();
    EXPECT_EQ(r.ballots, 3);
    EXPECT_EQ(t.ballots(), 3);
    ASSERT_EQ(r.options.size(), 3U);
    EXPECT_EQ(r.options[0].option_id, 3);
    EXPECT_EQ(counts(r.options), (std::vector<std::int64_t>{0, 2, 1}));
}

TEST(PollTally, RemoveThenAddChangesANamedBallot) {
    poll_tally t(tally_choice_poll(poll_kind::multiple));
    t.add(tally_choose({1, 2}));
    t.add(tally_choose({2, 3}));
    // The first voter changes their mind.
    t.remove(tally_choose({1, 2}));
    t.add(tally_choose({3}));
    const auto r = t.results();
    EXPECT_EQ(r.ballots, 2);
    EXPECT_EQ(counts(r.options), (std::vector<std::int64_t>{0, 1, 2}));
}

TEST(PollTally, RemovingWhatWasNeverAddedStaysAtZero) {
    poll_tally t(tally_choice_poll(poll_kind::approval));
    t.remove(tally_choose({1}));
    const auto r = t.results();
    EXPECT_EQ(r.ballots, 0);
    EXPECT_EQ(counts(r.options), (std::vector<std::int64_t>{0, 0, 0}));
}

TEST(PollTally, ApprovalCountsEveryApprovedOption) {
    poll_tally t(tally_choice_poll(poll_kind::approval));
    t.add(tally_choose({1, 2, 3}));
    t.add(tally_choose({}));
    t.add(tally_choose({3}));
    const auto r = t.results();
    EXPECT_EQ(r.ballots, 3);
    EXPECT_EQ(counts(r.options), (std::vector<std::int64_t>{1, 1, 2}));
}

TEST(PollTally, ScaleCountsAndSum) {
    poll p;
    p.kind = poll_kind::scale;
    p.scale_max = 5;
    poll_tally t(p);
    for (const int v : {5, 4, 4, 1}) {
        ballot b;
        b.value = v;
        t.add(b);
    }
    ballot old;
    old.value = 1;
    t.remove(old);
    ballot changed;
    changed.value = 2;
    t.add(changed);
    const auto r = t.results();
    EXPECT_EQ(r.ballots, 4);
    EXPECT_EQ(r.scale_counts, (std::vector<std::int64_t>{0, 1, 0, 2, 1}));
    EXPECT_EQ(r.scale_sum, 15);
}

TEST(PollTally, BordaScoresAndFirstPreferences) {
    poll_tally t(tally_choice_poll(poll_kind::ranking, 4));
    t.add(tally_choose({2, 1, 3, 4}));  // 2:3 1:2 3:1 4:0
    t.add(tally_choose({2, 3}));        // 2:3 3:2
    t.add(tally_choose({1}));           // 1:3
    const auto r = t.results();
    ASSERT_EQ(r.ranking.size(), 4U);
    EXPECT_EQ(r.ranking[0].option_id, 2);
    EXPECT_EQ(r.ranking[0].borda, 6);
    EXPECT_EQ(r.ranking[0].first_preferences, 2);
    EXPECT_EQ(r.ranking[0].rank, 1);
    EXPECT_EQ(r.ranking[1].option_id, 1);
    EXPECT_EQ(r.ranking[1].borda, 5);
    EXPECT_EQ(r.ranking[1].first_preferences, 1);
    EXPECT_EQ(r.ranking[1].rank, 2);
    EXPECT_EQ(r.ranking[2].option_id, 3);
    EXPECT_EQ(r.ranking[2].borda, 3);
    EXPECT_EQ(r.ranking[2].rank, 3);
    EXPECT_EQ(r.ranking[3].option_id, 4);
    EXPECT_EQ(r.ranking[3].borda, 0);
    EXPECT_EQ(r.ranking[3].first_preferences, 0);
    EXPECT_EQ(r.ranking[3].rank, 4);
}

TEST(PollTally, BordaTiesShareARank) {
    poll_tally t(tally_choice_poll(poll_kind::ranking, 3));
    t.add(tally_choose({1, 2, 3}));  // 1:2 2:1
    t.add(tally_choose({2, 1, 3}));  // 2:2 1:1
    const auto r = t.results();
    ASSERT_EQ(r.ranking.size(), 3U);
    EXPECT_EQ(r.ranking[0].option_id, 1);
    EXPECT_EQ(r.ranking[1].option_id, 2);
    EXPECT_EQ(r.ranking[2].option_id, 3);
    EXPECT_EQ(r.ranking[0].borda, 3);
    EXPECT_EQ(r.ranking[1].borda, 3);
    EXPECT_EQ(r.ranking[0].rank, 1);
    EXPECT_EQ(r.ranking[1].rank, 1);
    EXPECT_EQ(r.ranking[2].rank, 3);
    EXPECT_EQ(r.ranking[0].first_preferences, 1);
    EXPECT_EQ(r.ranking[1].first_preferences, 1);
}

TEST(PollTally, AllTiedAtZeroShareRankOne) {
    const poll_tally t(tally_choice_poll(poll_kind::ranking, 3));
    for (const auto& row : t.results().ranking) {
        EXPECT_EQ(row.rank, 1);
        EXPECT_EQ(row.borda, 0);
    }
}

TEST(PollTally, RankingRemoveTakesBackPoints) {
    poll_tally t(tally_choice_poll(poll_kind::ranking, 3));
    t.add(tally_choose({3, 2, 1}));
    t.add(tally_choose({1, 2, 3}));
    t.remove(tally_choose({3, 2, 1}));
    t.add(tally_choose({2, 1}));
    const auto r = t.results();
    EXPECT_EQ(r.ballots, 2);
    // 1: 2 + 1 = 3, 2: 1 + 2 = 3, 3: 0
    ASSERT_EQ(r.ranking.size(), 3U);
    EXPECT_EQ(r.ranking[0].option_id, 1);
    EXPECT_EQ(r.ranking[0].borda, 3);
    EXPECT_EQ(r.ranking[0].first_preferences, 1);
    EXPECT_EQ(r.ranking[1].option_id, 2);
    EXPECT_EQ(r.ranking[1].first_preferences, 1);
    EXPECT_EQ(r.ranking[2].option_id, 3);
    EXPECT_EQ(r.ranking[2].borda, 0);
    EXPECT_EQ(r.ranking[2].first_preferences, 0);
    EXPECT_EQ(r.ranking[2].rank, 3);
}

TEST(PollTally, WordCloudCountsEachWordOncePerAnswer) {
    poll p;
    p.kind = poll_kind::text;
    poll_tally t(p);
    t.add(tally_answer("Dialog, dialog och DIALOG!"));
    t.add(tally_answer("Mer dialog med medborgarna"));
    t.add(tally_answer("Medborgarna först"));
    const auto r = t.results();
    EXPECT_EQ(r.ballots, 3);
    ASSERT_EQ(r.words.size(), 4U);
    EXPECT_EQ(r.words[0].word, "dialog");
    EXPECT_EQ(r.words[0].count, 2);
    EXPECT_EQ(r.words[1].word, "medborgarna");
    EXPECT_EQ(r.words[1].count, 2);
    // Equal counts by word.
    EXPECT_EQ(r.words[2].word, "först");
    EXPECT_EQ(r.words[3].word, "mer");
    EXPECT_EQ(r.words[3].count, 1);
}

TEST(PollTally, WordCloudRemoveDropsWordsAtZero) {
    poll p;
    p.kind = poll_kind::text;
    poll_tally t(p);
    t.add(tally_answer("trygghet"));
    t.add(tally_answer("trygghet skola"));
    t.remove(tally_answer("trygghet skola"));
    t.add(tally_answer("vård"));
    const auto r = t.results();
    ASSERT_EQ(r.words.size(), 2U);
    EXPECT_EQ(r.words[0].word, "trygghet");
    EXPECT_EQ(r.words[1].word, "vård");
}

TEST(PollTally, WordCloudShowsTheHundredMostFrequent) {
    poll p;
    p.kind = poll_kind::text;
    poll_tally t(p);
    for (int i = 0; i < 120; ++i) {
        t.add(tally_answer("ord" + std::to_string(1000 + i)));
    }
    t.add(tally_answer("ord1119"));
    const auto r = t.results();
    ASSERT_EQ(r.words.size(), limits::word_cloud_max);
    EXPECT_EQ(r.words[0].word, "ord1119");
    EXPECT_EQ(r.words[0].count, 2);
    EXPECT_EQ(r.words[1].word, "ord1000");
    EXPECT_EQ(r.words[99].word, "ord1098");
}

TEST(PollTally, WordCloudTiesAreInSwedishOrder) {
    poll p;
    p.kind = poll_kind::text;
    poll_tally t(p);
    for (const auto* text : {"öppenhet", "ängel", "zon", "ålder", "Dialog"}) {
        t.add(tally_answer(text));
    }
    const auto r = t.results();
    std::vector<std::string> words;
    for (const auto& w : r.words) {
        words.push_back(w.word);
    }
    EXPECT_EQ(words, (std::vector<std::string>{"dialog", "zon", "ålder", "ängel", "öppenhet"}));
}

TEST(PollTally, PbApprovalSupportAndProfile) {
    poll_tally t(tally_pb_poll(pb_ballot_kind::approval));
    t.add(tally_choose({1, 2}));
    t.add(tally_choose({2, 1}));  // the same ballot to the PB rules
    t.add(tally_choose({3}));
    t.add(tally_choose({}));
    const auto r = t.results();
    EXPECT_EQ(r.ballots, 4);
    ASSERT_EQ(r.projects.size(), 3U);
    EXPECT_EQ(r.projects[0].option_id, 1);
    EXPECT_EQ(counts(r.projects), (std::vector<std::int64_t>{2, 2, 1}));
    const pb_ballot_profile expected{{{{1, 1}, {2, 1}}, 2}, {{{3, 1}}, 1}, {{}, 1}};
    EXPECT_EQ(t.pb_profile(), expected);
}

TEST(PollTally, PbProfileFollowsRemove) {
    poll_tally t(tally_pb_poll(pb_ballot_kind::knapsack));
    t.add(tally_choose({1, 2}));
    t.add(tally_choose({1, 2}));
    t.remove(tally_choose({1, 2}));
    t.add(tally_choose({3}));
    EXPECT_EQ(t.pb_profile(), (pb_ballot_profile{{{{1, 1}, {2, 1}}, 1}, {{{3, 1}}, 1}}));
    t.remove(tally_choose({3}));
    EXPECT_EQ(t.pb_profile(), (pb_ballot_profile{{{{1, 1}, {2, 1}}, 1}}));
    EXPECT_EQ(counts(t.results().projects), (std::vector<std::int64_t>{1, 1, 0}));
}

TEST(PollTally, PbPointsSumPointsAndKeepThemInTheProfile) {
    poll_tally t(tally_pb_poll(pb_ballot_kind::points));
    ballot a;
    a.points = {{3, 4}, {1, 6}};
    ballot b;
    b.points = {{1, 6}, {3, 4}};
    ballot c;
    c.points = {{2, 10}};
    t.add(a);
    t.add(b);
    t.add(c);
    EXPECT_EQ(counts(t.results().projects), (std::vector<std::int64_t>{12, 10, 8}));
    EXPECT_EQ(t.pb_profile(), (pb_ballot_profile{{{{1, 6}, {3, 4}}, 2}, {{{2, 10}}, 1}}));
    t.remove(c);
    EXPECT_EQ(counts(t.results().projects), (std::vector<std::int64_t>{12, 0, 8}));
    EXPECT_EQ(t.results().ballots, 2);
}

TEST(PollTally, ProfileIsEmptyForOtherKinds) {
    poll_tally t(tally_choice_poll(poll_kind::approval));
    t.add(tally_choose({1, 2}));
    EXPECT_TRUE(t.pb_profile().empty());
    EXPECT_TRUE(t.results().projects.empty());
}

}  // namespace
}  // namespace traffpunkt::domain
