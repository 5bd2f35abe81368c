#include <string>

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include "protocol_test_support.hpp"

#include "traffpunkt/protocol/ops.hpp"

namespace tp = traffpunkt::protocol;
namespace json = boost::json;

namespace {

using traffpunkt::protocol::test_support::expect_invalid;
using traffpunkt::protocol::test_support::obj;

}  // namespace

TEST(OpsPoll, createSingleChoiceWithDefaults) {
    const auto a = tp::decode_poll_create(obj(
        R"({"meeting_id":1,"kind":"single","question":"Vilken dag?","options":["Tis","Ons"]})"));
    EXPECT_EQ(a.meeting_id, 1);
    EXPECT_EQ(a.kind, "single");
    EXPECT_EQ(a.options, (std::vector<std::string>{"Tis", "Ons"}));
    EXPECT_FALSE(a.anonymous);
    EXPECT_EQ(a.audience, "registered");
    EXPECT_EQ(a.results, "live");
    EXPECT_FALSE(a.pb);
}

TEST(OpsPoll, createScaleGetsADefaultScale) {
    const auto a =
        tp::decode_poll_create(obj(R"({"meeting_id":1,"kind":"scale","question":"Hur?"})"));
    ASSERT_TRUE(a.scale);
    EXPECT_EQ(a.scale->max, 5);
    const auto b = tp::decode_poll_create(obj(
        R"({"meeting_id":1,"kind":"scale","question":"Hur?","scale":{"max":7,"min_label":"Dåligt","max_label":"Bra"}})"));
    EXPECT_EQ(b.scale->max, 7);
    EXPECT_EQ(b.scale->max_label, "Bra");
}

TEST(OpsPoll, createPb) {
    const auto a = tp::decode_poll_create(obj(R"({"meeting_id":1,"kind":"pb","question":"Budget",
        "pb":{"budget":1000000,"ballot":"knapsack","projects":[
            {"title":"Lekplats","cost":400000},{"title":"Belysning","cost":250000,"organisation_id":3}]}})"));
    ASSERT_TRUE(a.pb);
    EXPECT_EQ(a.pb->budget, 1000000);
    EXPECT_EQ(a.pb->currency, "SEK");
    EXPECT_EQ(a.pb->ballot, "knapsack");
    ASSERT_EQ(a.pb->projects.size(), 2U);
    EXPECT_EQ(a.pb->projects[1].organisation_id, 3);
}

TEST(OpsPoll, createRefusals) {
    expect_invalid(tp::decode_poll_create, R"({"meeting_id":1,"kind":"vote","question":"q"})",
                   "kind",
                   "field 'kind' must be one of single, multiple, scale, ranking, approval, text, "
                   "pb");
    expect_invalid(tp::decode_poll_create, R"({"meeting_id":1,"kind":"pb","question":"q"})", "pb",
                   "field 'pb' is required for kind pb");
    expect_invalid(tp::decode_poll_create,
                   R"({"meeting_id":1,"kind":"single","question":"q","options":["a",2]})",
                   "options[1]", "field 'options[1]' must be a string");
    expect_invalid(
        tp::decode_poll_create,
        R"({"meeting_id":1,"kind":"pb","question":"q","pb":{"budget":10,"ballot":"points","projects":[]}})",
        "pb.points_total", "field 'pb.points_total' is required for points ballots");
    expect_invalid(
        tp::decode_poll_create,
        R"({"meeting_id":1,"kind":"pb","question":"q","pb":{"budget":10,"ballot":"approval","projects":[{"title":"x","cost":0}]}})",
        "pb.projects[0].cost",
        "field 'pb.projects[0].cost' must be between 1 and 9007199254740991");
    expect_invalid(tp::decode_poll_create,
                   R"({"meeting_id":1,"kind":"single","question":"q","secret":true})", "secret",
                   "unknown field 'secret'");
}

TEST(OpsPoll, updateNeedsAChange) {
    expect_invalid(tp::decode_poll_update, R"({"poll_id":4})", "question",
                   "field 'question' is required (or another field to change): nothing to change");
    const auto a = tp::decode_poll_update(obj(R"({"poll_id":4,"auto_close_at":null})"));
    EXPECT_TRUE(a.auto_close_at.clears());
    expect_invalid(tp::decode_poll_update, R"({"poll_id":4,"question":null})", "question",
                   "field 'question' cannot be null");
}

TEST(OpsPoll, voteForms) {
    EXPECT_EQ(tp::decode_poll_vote(obj(R"({"poll_id":1,"ballot":{"option":2}})")).ballot.ids,
              std::vector<std::int64_t>{2});
    const auto r = tp::decode_poll_vote(obj(R"({"poll_id":1,"ballot":{"ranking":[3,1,2]}})"));
    EXPECT_EQ(r.ballot.form, "ranking");
    EXPECT_EQ(r.ballot.ids, (std::vector<std::int64_t>{3, 1, 2}));
    const auto v = tp::decode_poll_vote(obj(R"({"poll_id":1,"ballot":{"value":4}})"));
    EXPECT_EQ(v.ballot.value, 4);
    const auto t = tp::decode_poll_vote(obj(R"({"poll_id":1,"ballot":{"text":"Mer dialog"}})"));
    EXPECT_EQ(t.ballot.text, "Mer dialog");
    const auto p = tp::decode_poll_vote(
        obj(R"({"poll_id":1,"ballot":{"points":[{"project_id":2,"points":7}]}})"));
    ASSERT_EQ(p.ballot.points.size(), 1U);
    EXPECT_EQ(p.ballot.points[0], (std::pair<std::int64_t, std::int64_t>{2, 7}));
}

TEST(OpsPoll, voteRefusals) {
    expect_invalid(tp::decode_poll_vote, R"({"poll_id":1,"ballot":{}})", "ballot",
                   "field 'ballot' must have one of option, options, value, ranking, text, "
                   "projects, points");
    expect_invalid(tp::decode_poll_vote, R"({"poll_id":1,"ballot":{"option":1,"options":[1]}})",
                   "ballot.options",
                   "field 'ballot.options' cannot be given with 'option': a ballot has exactly "
                   "one of option, options, value, ranking, text, projects, points");
    expect_invalid(tp::decode_poll_vote, R"({"poll_id":1,"ballot":{"options":[1,"2"]}})",
                   "ballot.options[1]",
                   "field 'ballot.options[1]' must be an id (a positive integer)");
    expect_invalid(tp::decode_poll_vote, R"({"poll_id":1,"ballot":{"option":1,"why":"x"}})",
                   "ballot.why", "unknown field 'ballot.why'");
    expect_invalid(tp::decode_poll_vote, R"({"poll_id":1})", "ballot",
                   "field 'ballot' is required");
}

TEST(OpsPoll, linkAndJoin) {
    EXPECT_TRUE(tp::decode_poll_link(obj(R"({"meeting_id":2,"rotate":true})")).rotate);
    EXPECT_EQ(tp::decode_audience_join(obj(R"({"code":"abc"})")).code, "abc");
    expect_invalid(tp::decode_audience_join, R"({})", "code", "field 'code' is required");
}

TEST(OpsPoll, audienceListPages) {
    const auto first = tp::decode_audience_list(obj(R"({"meeting_id":2})"));
    EXPECT_EQ(first.after, 0);
    EXPECT_EQ(first.limit, 200);
    const auto next = tp::decode_audience_list(obj(R"({"meeting_id":2,"after":311,"limit":500})"));
    EXPECT_EQ(next.after, 311);
    EXPECT_EQ(next.limit, 500);
    expect_invalid(tp::decode_audience_list, R"({"meeting_id":2,"limit":501})", "limit",
                   "field 'limit' must be between 1 and 500");
    expect_invalid(tp::decode_audience_list, R"({"meeting_id":2,"after":-1})", "after",
                   "field 'after' must be between 0 and 9007199254740991");
}

TEST(OpsPoll, audienceRevokeTakesIdsOrAll) {
    const auto some = tp::decode_audience_revoke(obj(R"({"meeting_id":2,"token_ids":[5,7]})"));
    EXPECT_EQ(some.token_ids, (std::vector<std::int64_t>{5, 7}));
    EXPECT_FALSE(some.all);
    EXPECT_TRUE(tp::decode_audience_revoke(obj(R"({"meeting_id":2,"all":true})")).all);
    expect_invalid(tp::decode_audience_revoke, R"({"meeting_id":2})", "token_ids",
                   "field 'token_ids' or 'all' must be given, not both");
    expect_invalid(tp::decode_audience_revoke, R"({"meeting_id":2,"token_ids":[1],"all":true})",
                   "token_ids", "field 'token_ids' or 'all' must be given, not both");
    expect_invalid(tp::decode_audience_revoke, R"({"meeting_id":2,"all":false})", "all",
                   "field 'all' must be true when given");
    expect_invalid(tp::decode_audience_revoke, R"({"meeting_id":2,"token_ids":[]})", "token_ids",
                   "field 'token_ids' must name at least one device");
}
