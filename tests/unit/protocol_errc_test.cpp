#include "traffpunkt/protocol/errc.hpp"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace tp = traffpunkt::protocol;

TEST(Errc, every_code_round_trips_through_its_string) {
    std::set<std::string_view> seen;
    for (const auto code : tp::all_errcs()) {
        const auto text = tp::to_string(code);
        EXPECT_TRUE(seen.insert(text).second) << "duplicate string " << text;
        ASSERT_TRUE(tp::parse_errc(text).has_value()) << text;
        EXPECT_EQ(*tp::parse_errc(text), code);
    }
    EXPECT_EQ(tp::all_errcs().size(), 16U);
}

TEST(Errc, all_errcs_is_in_declaration_order) {
    const auto codes = tp::all_errcs();
    for (std::size_t i = 0; i < codes.size(); ++i) {
        EXPECT_EQ(static_cast<std::size_t>(codes[i]), i);
    }
}

TEST(Errc, wire_strings_are_stable) {
    // These strings are the contract with every client; changing one is a breaking change.
    EXPECT_EQ(tp::to_string(tp::errc::bad_request), "bad_request");
    EXPECT_EQ(tp::to_string(tp::errc::unknown_op), "unknown_op");
    EXPECT_EQ(tp::to_string(tp::errc::invalid_args), "invalid_args");
    EXPECT_EQ(tp::to_string(tp::errc::unauthorized), "unauthorized");
    EXPECT_EQ(tp::to_string(tp::errc::forbidden), "forbidden");
    EXPECT_EQ(tp::to_string(tp::errc::not_found), "not_found");
    EXPECT_EQ(tp::to_string(tp::errc::conflict), "conflict");
    EXPECT_EQ(tp::to_string(tp::errc::rate_limited), "rate_limited");
    EXPECT_EQ(tp::to_string(tp::errc::unavailable), "unavailable");
    EXPECT_EQ(tp::to_string(tp::errc::internal), "internal");
    EXPECT_EQ(tp::to_string(tp::errc::registration_closed), "registration_closed");
    EXPECT_EQ(tp::to_string(tp::errc::meeting_cancelled), "meeting_cancelled");
    EXPECT_EQ(tp::to_string(tp::errc::meeting_not_published), "meeting_not_published");
    EXPECT_EQ(tp::to_string(tp::errc::invalid_invitation), "invalid_invitation");
    EXPECT_EQ(tp::to_string(tp::errc::poll_closed), "poll_closed");
    EXPECT_EQ(tp::to_string(tp::errc::invalid_ballot), "invalid_ballot");
}

TEST(Errc, parse_refuses_unknown_strings) {
    EXPECT_FALSE(tp::parse_errc("").has_value());
    EXPECT_FALSE(tp::parse_errc("Not_Found").has_value());
    EXPECT_FALSE(tp::parse_errc("not_found ").has_value());
    EXPECT_FALSE(tp::parse_errc("teapot").has_value());
}

TEST(Errc, works_as_std_error_code) {
    const std::error_code ec = tp::errc::not_found;
    EXPECT_EQ(ec.category(), tp::protocol_category());
    EXPECT_STREQ(ec.category().name(), "traffpunkt.protocol");
    EXPECT_EQ(ec.message(), "not_found");
    EXPECT_EQ(ec, tp::make_error_code(tp::errc::not_found));
    EXPECT_NE(ec, tp::make_error_code(tp::errc::conflict));
}

TEST(ProtocolError, carries_code_message_and_details) {
    const tp::protocol_error e(tp::errc::conflict, "already published", {{"state", "published"}});
    EXPECT_EQ(e.code(), tp::errc::conflict);
    EXPECT_STREQ(e.what(), "already published");
    EXPECT_EQ(e.err().details.at("state").as_string(), "published");
}

TEST(ProtocolError, invalid_field_names_the_field) {
    const auto e = tp::invalid_field("starts_at", "field 'starts_at' must have an offset");
    EXPECT_EQ(e.code(), tp::errc::invalid_args);
    EXPECT_STREQ(e.what(), "field 'starts_at' must have an offset");
    ASSERT_EQ(e.err().details.size(), 1U);
    EXPECT_EQ(e.err().details.at("field").as_string(), "starts_at");
}
