#include <gtest/gtest.h>

#include "command_line.hpp"
#include "usage_error.hpp"

using traffpunkt::cli::command_kind;
using traffpunkt::cli::parse_command_line;
using traffpunkt::cli::usage_error;

TEST(CommandLine, parsesCallWithOptionsInAnyPosition) {
    const auto cl = parse_command_line({"--url", "ws://h:1/ws", "call", "meeting.get",
                                        R"({"meeting_id":3})", "--idem=k-1", "--token", "secret"},
                                       nullptr, nullptr);
    EXPECT_EQ(cl.command, command_kind::call);
    EXPECT_EQ(cl.url, "ws://h:1/ws");
    ASSERT_EQ(cl.arguments.size(), 2u);
    EXPECT_EQ(cl.arguments[0], "meeting.get");
    EXPECT_EQ(cl.idem, "k-1");
    EXPECT_EQ(cl.token, "secret");
}

TEST(CommandLine, takesTokenAndUrlFromEnvironmentUnlessGiven) {
    auto cl = parse_command_line({"call", "network.list"}, "envtok", "ws://e/ws");
    EXPECT_EQ(cl.token, "envtok");
    EXPECT_EQ(cl.url, "ws://e/ws");
    cl = parse_command_line({"--token", "t", "call", "network.list"}, "envtok", "");
    EXPECT_EQ(cl.token, "t");
    EXPECT_EQ(cl.url, "ws://127.0.0.1:8080/ws");
    EXPECT_FALSE(parse_command_line({"repl"}, "", nullptr).token);
}

TEST(CommandLine, parsesSubscribe) {
    const auto cl = parse_command_line({"subscribe", "network:1", "meeting:2", "--since", "5",
                                        "--epoch", "abc", "--count", "3", "--timeout", "1.5"},
                                       nullptr, nullptr);
    EXPECT_EQ(cl.command, command_kind::subscribe);
    EXPECT_EQ(cl.arguments.size(), 2u);
    EXPECT_EQ(cl.since, 5);
    EXPECT_EQ(cl.epoch, "abc");
    EXPECT_EQ(cl.count, 3);
    EXPECT_DOUBLE_EQ(*cl.timeout_s, 1.5);
}

TEST(CommandLine, helpWinsOverEverythingElse) {
    EXPECT_EQ(parse_command_line({"help"}, nullptr, nullptr).command, command_kind::help);
    EXPECT_EQ(parse_command_line({"--bogus", "-h"}, nullptr, nullptr).command, command_kind::help);
    EXPECT_EQ(parse_command_line({"call", "--help"}, nullptr, nullptr).command, command_kind::help);
}

TEST(CommandLine, rejectsMistakes) {
    const auto bad = [](std::vector<std::string> args) {
        EXPECT_THROW(parse_command_line(args, nullptr, nullptr), usage_error) << args.at(0);
    };
    EXPECT_THROW(parse_command_line({}, nullptr, nullptr), usage_error);
    bad({"--url", "ws://h/"});
    bad({"frobnicate"});
    bad({"call"});
    bad({"call", "a", "{}", "extra"});
    bad({"subscribe"});
    bad({"repl", "x"});
    bad({"call", "x", "--since", "1"});
    bad({"subscribe", "t", "--idem", "k"});
    bad({"--idem", "k", "call", "x"});
    bad({"subscribe", "t", "--count", "0"});
    bad({"subscribe", "t", "--since", "-1"});
    bad({"subscribe", "t", "--since", "1x"});
    bad({"subscribe", "t", "--timeout", "0"});
    bad({"subscribe", "t", "--timeout", "soon"});
    bad({"call", "x", "--url"});
    bad({"--bogus", "call", "x"});
    bad({"--token", "", "call", "x"});
}
