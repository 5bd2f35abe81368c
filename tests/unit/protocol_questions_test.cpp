// The qa.* decoders (PROTOCOL.md "Questions"): shapes, defaults and refusals.
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include "protocol_test_support.hpp"

#include "traffpunkt/protocol/errc.hpp"
#include "traffpunkt/protocol/ops.hpp"

namespace tp = traffpunkt::protocol;
namespace json = boost::json;

namespace {

using traffpunkt::protocol::test_support::obj;

template <class Decode>
std::string refused_field(Decode decode, std::string_view text) {
    try {
        decode(obj(text));
    } catch (const tp::protocol_error& e) {
        EXPECT_EQ(e.err().code, tp::errc::invalid_args);
        const auto* f = e.err().details.if_contains("field");
        return f ? std::string(f->as_string()) : "";
    }
    ADD_FAILURE() << "accepted: " << text;
    return "";
}

}  // namespace

TEST(ProtocolQuestions, askDefaultsAndRefusals) {
    const auto a = tp::decode_qa_ask(obj(R"({"board_id":2,"text":"Hur?"})"));
    EXPECT_EQ(a.board_id, 2);
    EXPECT_FALSE(a.anonymous);
    EXPECT_EQ(a.origin, "room");
    EXPECT_EQ(
        tp::decode_qa_ask(obj(R"({"board_id":2,"text":"Hur?","origin":"remote","anonymous":true})"))
            .origin,
        "remote");
    EXPECT_EQ(refused_field(tp::decode_qa_ask, R"({"board_id":2,"text":"x","origin":"moon"})"),
              "origin");
    EXPECT_EQ(refused_field(tp::decode_qa_ask, R"({"board_id":0,"text":"x"})"), "board_id");
    EXPECT_EQ(refused_field(tp::decode_qa_ask, R"({"board_id":2})"), "text");
    EXPECT_EQ(refused_field(tp::decode_qa_ask, R"({"board_id":2,"text":"x","extra":1})"), "extra");
}

TEST(ProtocolQuestions, moderateNeedsTheRightCompanions) {
    EXPECT_EQ(tp::decode_qa_moderate(obj(R"({"question_id":3,"action":"merge","into":4})")).into,
              4);
    EXPECT_EQ(tp::decode_qa_moderate(obj(R"({"question_id":3,"action":"hide","reason":"Reklam"})"))
                  .reason,
              "Reklam");
    EXPECT_EQ(refused_field(tp::decode_qa_moderate, R"({"question_id":3,"action":"merge"})"),
              "into");
    EXPECT_EQ(refused_field(tp::decode_qa_moderate, R"({"question_id":3,"action":"pin","into":4})"),
              "into");
    EXPECT_EQ(
        refused_field(tp::decode_qa_moderate, R"({"question_id":3,"action":"pin","reason":"x"})"),
        "reason");
    EXPECT_EQ(refused_field(tp::decode_qa_moderate, R"({"question_id":3,"action":"explode"})"),
              "action");
}

TEST(ProtocolQuestions, openVoteListMuteWithdraw) {
    const auto o = tp::decode_qa_open(obj(R"({"meeting_id":1})"));
    EXPECT_FALSE(o.agenda_item_id);
    EXPECT_FALSE(o.moderation);
    EXPECT_EQ(refused_field(tp::decode_qa_open, R"({"meeting_id":1,"moderation":"none"})"),
              "moderation");
    EXPECT_TRUE(tp::decode_qa_vote(obj(R"({"question_id":1})")).vote);
    EXPECT_FALSE(tp::decode_qa_vote(obj(R"({"question_id":1,"vote":false})")).vote);
    EXPECT_EQ(refused_field(tp::decode_qa_vote, R"({"question_id":1,"vote":"yes"})"), "vote");
    EXPECT_EQ(tp::decode_qa_list(obj(R"({"meeting_id":1})")).view, "top");
    EXPECT_EQ(refused_field(tp::decode_qa_list, R"({"meeting_id":1,"view":"oldest"})"), "view");
    EXPECT_TRUE(tp::decode_qa_mute(obj(R"({"question_id":1})")).muted);
    EXPECT_EQ(refused_field(tp::decode_qa_withdraw,
                            R"({"question_id":1,"withdraw_key":")" + std::string(200, 'k') + "\"}"),
              "withdraw_key");
    EXPECT_TRUE(tp::is_known_op("qa.ask"));
}
