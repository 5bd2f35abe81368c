#include <gtest/gtest.h>

#include <stdexcept>

#include "ws_url.hpp"

using traffpunkt::cli::parse_ws_url;

TEST(WsUrl, parsesHostPortAndPath) {
    const auto url = parse_ws_url("ws://127.0.0.1:8080/ws");
    EXPECT_EQ(url.host, "127.0.0.1");
    EXPECT_EQ(url.port, 8080);
    EXPECT_EQ(url.target, "/ws");
    EXPECT_EQ(url.authority(), "127.0.0.1:8080");
}

TEST(WsUrl, defaultsPortAndPath) {
    const auto url = parse_ws_url("WS://example.org");
    EXPECT_EQ(url.host, "example.org");
    EXPECT_EQ(url.port, 80);
    EXPECT_EQ(url.target, "/");
    EXPECT_EQ(url.authority(), "example.org");
}

TEST(WsUrl, keepsQueryAndAddsSlashBeforeIt) {
    EXPECT_EQ(parse_ws_url("ws://h/ws?x=1").target, "/ws?x=1");
    EXPECT_EQ(parse_ws_url("ws://h?x=1").target, "/?x=1");
}

TEST(WsUrl, parsesIpv6Literal) {
    const auto url = parse_ws_url("ws://[::1]:9000/ws");
    EXPECT_EQ(url.host, "::1");
    EXPECT_EQ(url.port, 9000);
    EXPECT_EQ(url.authority(), "[::1]:9000");
}

TEST(WsUrl, rejectsWssAndOtherSchemes) {
    EXPECT_THROW(parse_ws_url("wss://h/ws"), std::invalid_argument);
    EXPECT_THROW(parse_ws_url("http://h/ws"), std::invalid_argument);
    EXPECT_THROW(parse_ws_url("h:80/ws"), std::invalid_argument);
}

TEST(WsUrl, rejectsBadPortsAndHosts) {
    EXPECT_THROW(parse_ws_url("ws://h:0/"), std::invalid_argument);
    EXPECT_THROW(parse_ws_url("ws://h:65536/"), std::invalid_argument);
    EXPECT_THROW(parse_ws_url("ws://h:/"), std::invalid_argument);
    EXPECT_THROW(parse_ws_url("ws://h:8a/"), std::invalid_argument);
    EXPECT_THROW(parse_ws_url("ws://:80/"), std::invalid_argument);
    EXPECT_THROW(parse_ws_url("ws:///ws"), std::invalid_argument);
    EXPECT_THROW(parse_ws_url("ws://[::1/ws"), std::invalid_argument);
    EXPECT_THROW(parse_ws_url("ws://[::1]x/ws"), std::invalid_argument);
}

TEST(WsUrl, rejectsUserInfoAndFragment) {
    EXPECT_THROW(parse_ws_url("ws://user:pw@h/ws"), std::invalid_argument);
    EXPECT_THROW(parse_ws_url("ws://h/ws#x"), std::invalid_argument);
}
