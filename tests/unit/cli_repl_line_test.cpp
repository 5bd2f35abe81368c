#include <gtest/gtest.h>

#include "repl_line.hpp"
#include "usage_error.hpp"

using traffpunkt::cli::parse_repl_line;
using traffpunkt::cli::repl_line;
using traffpunkt::cli::usage_error;

TEST(ReplLine, skipsBlankAndCommentLines) {
    EXPECT_EQ(parse_repl_line("").type, repl_line::kind::skip);
    EXPECT_EQ(parse_repl_line("  \t\r").type, repl_line::kind::skip);
    EXPECT_EQ(parse_repl_line(" # network.list").type, repl_line::kind::skip);
}

TEST(ReplLine, parsesOpArgsAndIdem) {
    auto line = parse_repl_line("  meeting.get  {\"meeting_id\": 3}  --idem k-1 \r");
    EXPECT_EQ(line.type, repl_line::kind::request);
    EXPECT_EQ(line.op, "meeting.get");
    EXPECT_EQ(line.args.at("meeting_id"), 3);
    EXPECT_EQ(line.idem, "k-1");

    line = parse_repl_line("network.list");
    EXPECT_EQ(line.op, "network.list");
    EXPECT_TRUE(line.args.empty());
    EXPECT_FALSE(line.idem);

    line = parse_repl_line("x --idem k");
    EXPECT_TRUE(line.args.empty());
    EXPECT_EQ(line.idem, "k");
}

TEST(ReplLine, keepsIdemInsideJsonStrings) {
    const auto line = parse_repl_line(R"(x {"title":"a --idem b"})");
    EXPECT_EQ(line.args.at("title"), "a --idem b");
    EXPECT_FALSE(line.idem);
}

TEST(ReplLine, passesEnvelopesThroughUnchanged) {
    const auto line = parse_repl_line(R"( {"id":9,"op":"x","bogus":1})");
    EXPECT_EQ(line.type, repl_line::kind::raw);
    EXPECT_EQ(line.raw, R"({"id":9,"op":"x","bogus":1})");
}

TEST(ReplLine, rejectsBadArguments) {
    EXPECT_THROW(parse_repl_line("x [1]"), usage_error);
    EXPECT_THROW(parse_repl_line("x {bad"), usage_error);
    EXPECT_THROW(parse_repl_line("x {} --idem"), usage_error);
    EXPECT_THROW(parse_repl_line("x {} --idem a b"), usage_error);
}

TEST(ReplLine, rejectsTrailingGarbage) {
    EXPECT_THROW(parse_repl_line("x {} extra"), usage_error);
    EXPECT_THROW(parse_repl_line("x {} --idemk"), usage_error);
    EXPECT_THROW(parse_repl_line("x {} {}"), usage_error);
}
