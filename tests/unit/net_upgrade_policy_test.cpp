#include "traffpunkt/net/upgrade_policy.hpp"

#include <gtest/gtest.h>

#include "static_files.hpp"

namespace traffpunkt::net {
namespace {

TEST(UpgradePolicy, SplitsAndDecodesTargets) {
    auto t = split_target("/calendar/network/1.ics?x=1&y=%C3%A5");
    ASSERT_TRUE(t);
    EXPECT_EQ(t->path, "/calendar/network/1.ics");
    EXPECT_EQ(t->query, "x=1&y=%C3%A5");
    EXPECT_EQ(split_target("/a%20b")->path, "/a b");
}

TEST(UpgradePolicy, RefusesTraversalAndControlCharacters) {
    EXPECT_FALSE(split_target("/../etc/passwd"));
    EXPECT_FALSE(split_target("/a/%2e%2e/b"));
    EXPECT_FALSE(split_target("/a/./b"));
    EXPECT_FALSE(split_target("/a%00b"));
    EXPECT_FALSE(split_target("/a%5Cb"));
    EXPECT_FALSE(split_target("/a%0d%0ab"));
    EXPECT_FALSE(split_target("relative"));
    EXPECT_FALSE(split_target(""));
    EXPECT_FALSE(split_target("/bad%zz"));
    EXPECT_FALSE(split_target("/truncated%4"));
    EXPECT_TRUE(split_target("/a..b/c"));  // dots inside a name are fine
}

TEST(UpgradePolicy, QueryParameters) {
    EXPECT_EQ(query_param("a=1&access_token=abc%2Bd&b", "access_token"), "abc+d");
    EXPECT_EQ(query_param("q=a+b", "q"), "a b");
    EXPECT_EQ(query_param("b", "b"), "");
    EXPECT_FALSE(query_param("a=1", "access_token"));
}

TEST(UpgradePolicy, BearerTokens) {
    EXPECT_EQ(bearer_token("Bearer abc"), "abc");
    EXPECT_EQ(bearer_token("bearer   abc "), "abc");
    EXPECT_FALSE(bearer_token("Basic abc"));
    EXPECT_FALSE(bearer_token("Bearer "));
    EXPECT_FALSE(bearer_token("Bearerabc"));
}

TEST(UpgradePolicy, OriginAllowlist) {
    const std::vector<std::string> allowed{"https://traffpunkt.example.se"};
    EXPECT_TRUE(origin_allowed(std::nullopt, allowed));  // non-browser client
    EXPECT_TRUE(origin_allowed("https://traffpunkt.example.se", allowed));
    EXPECT_TRUE(origin_allowed("HTTPS://Traffpunkt.Example.se", allowed));
    EXPECT_FALSE(origin_allowed("https://evil.example", allowed));
    EXPECT_FALSE(origin_allowed("null", allowed));
    EXPECT_FALSE(origin_allowed("https://traffpunkt.example.se.evil.example", allowed));
}

TEST(UpgradePolicy, Subprotocols) {
    EXPECT_EQ(negotiate_subprotocol(std::nullopt), subprotocol_choice::none_offered);
    EXPECT_EQ(negotiate_subprotocol("traffpunkt.v1"), subprotocol_choice::v1);
    EXPECT_EQ(negotiate_subprotocol("chat, traffpunkt.v1"), subprotocol_choice::v1);
    EXPECT_EQ(negotiate_subprotocol("traffpunkt.v2"), subprotocol_choice::unsupported);
}

TEST(UpgradePolicy, OnlyChunkedAloneIsATransferEncodingWeRead) {
    EXPECT_TRUE(is_chunked_only("chunked"));
    EXPECT_TRUE(is_chunked_only("Chunked"));
    EXPECT_TRUE(is_chunked_only(" chunked\t"));
    EXPECT_TRUE(is_chunked_only(", chunked,"));  // empty list elements carry nothing
    // RFC 9112 §6.3: chunked not final, or not alone, or not chunked at all.
    EXPECT_FALSE(is_chunked_only("chunked, identity"));
    EXPECT_FALSE(is_chunked_only("identity"));
    EXPECT_FALSE(is_chunked_only("gzip, chunked"));
    EXPECT_FALSE(is_chunked_only("chunked,chunked"));
    EXPECT_FALSE(is_chunked_only("chunked;x=1"));
    EXPECT_FALSE(is_chunked_only("chunkedx"));
    EXPECT_FALSE(is_chunked_only(""));
    EXPECT_FALSE(is_chunked_only(" , "));
}

TEST(StaticFiles, ContentTypes) {
    EXPECT_EQ(content_type_for("/index.html"), "text/html; charset=utf-8");
    EXPECT_EQ(content_type_for("/app.js"), "text/javascript; charset=utf-8");
    EXPECT_EQ(content_type_for("/noext"), "application/octet-stream");
}

}  // namespace
}  // namespace traffpunkt::net
