#include <gtest/gtest.h>

#include <string>

#include "traffpunkt/domain/text.hpp"

namespace traffpunkt::domain {
namespace {

TEST(Utf8, AcceptsAsciiAndSwedish) {
    EXPECT_TRUE(is_valid_utf8(""));
    EXPECT_TRUE(is_valid_utf8("Medborgarbudget"));
    EXPECT_TRUE(is_valid_utf8("Södermöre kommundelsnämnd, Åre"));
    EXPECT_TRUE(is_valid_utf8("\xF0\x9F\x98\x80"));  // U+1F600, four bytes
    EXPECT_TRUE(is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

TEST(Utf8, RefusesOverlongForms) {
    EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // '/' in two bytes
    EXPECT_FALSE(is_valid_utf8("\xC1\xBF"));          // U+007F in two bytes
    EXPECT_FALSE(is_valid_utf8("\xE0\x80\xAF"));      // '/' in three bytes
    EXPECT_FALSE(is_valid_utf8("\xE0\x9F\xBF"));      // U+07FF in three bytes
    EXPECT_FALSE(is_valid_utf8("\xF0\x8F\xBF\xBF"));  // U+FFFF in four bytes
}

TEST(Utf8, RefusesSurrogatesAndOutOfRange) {
    EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // U+D800
    EXPECT_FALSE(is_valid_utf8("\xED\xBF\xBF"));      // U+DFFF
    EXPECT_TRUE(is_valid_utf8("\xED\x9F\xBF"));       // U+D7FF, just below
    EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000
    EXPECT_FALSE(is_valid_utf8("\xF5\x80\x80\x80"));
    EXPECT_FALSE(is_valid_utf8("\xFF"));
}

TEST(Utf8, RefusesTruncatedAndStraySequences) {
    EXPECT_FALSE(is_valid_utf8("\xC3"));          // lead byte at the end
    EXPECT_FALSE(is_valid_utf8("abc\xE2\x82"));   // three-byte sequence cut short
    EXPECT_FALSE(is_valid_utf8("\x80"));          // continuation without lead
    EXPECT_FALSE(is_valid_utf8("\xC3\x28"));      // lead followed by ASCII
    EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98"));  // four-byte sequence cut short
}

TEST(Utf8, LengthCountsCodePoints) {
    EXPECT_EQ(utf8_length(""), 0u);
    EXPECT_EQ(utf8_length("abc"), 3u);
    EXPECT_EQ(utf8_length("åäö"), 3u);
    EXPECT_EQ(utf8_length("ÅÄÖ"), 3u);
    EXPECT_EQ(utf8_length("Träff"), 5u);
    EXPECT_EQ(utf8_length("\xF0\x9F\x98\x80"), 1u);
}

TEST(CheckLine, AcceptsOrdinaryTitle) {
    EXPECT_FALSE(check_line("title", "Nätverksträff 1: medborgarbudget", 1, 200));
}

TEST(CheckLine, CountsSwedishCharactersOnce) {
    // 200 x "å" is 400 bytes but 200 characters.
    std::string two_hundred;
    for (int i = 0; i < 200; ++i) {
        two_hundred += "å";
    }
    EXPECT_FALSE(check_line("title", two_hundred, 1, 200));
    const auto error = check_line("title", two_hundred + "ö", 1, 200);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->what, rule_error::kind::invalid_value);
    EXPECT_EQ(error->field, "title");
    EXPECT_EQ(error->message, "title must be 1 to 200 characters");
}

TEST(CheckLine, RefusesEmptyWhenMinimumIsOne) {
    const auto error = check_line("title", "", 1, 200);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->message, "title must be 1 to 200 characters");
}

TEST(CheckLine, AllowsEmptyWhenMinimumIsZero) {
    EXPECT_FALSE(check_line("venue", "", 0, 200));
    const auto error = check_line("venue", std::string(201, 'x'), 0, 200);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->message, "venue must be at most 200 characters");
}

TEST(CheckLine, RefusesLineInjection) {
    const auto error = check_line("title", "Träff\r\nEND:VEVENT", 1, 200);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->field, "title");
    EXPECT_EQ(error->message, "title must not contain control characters");
    EXPECT_TRUE(check_line("title", "a\nb", 1, 200));
    EXPECT_TRUE(check_line("title", "a\rb", 1, 200));
}

TEST(CheckLine, RefusesEveryControlCharacter) {
    for (int c = 0; c < 0x20; ++c) {
        const std::string text = std::string("a") + static_cast<char>(c) + "b";
        EXPECT_TRUE(check_line("name", text, 1, 200)) << "C0 control " << c;
    }
    EXPECT_TRUE(check_line("name",
                           "a\x7F"
                           "b",
                           1, 200));  // DEL
    EXPECT_TRUE(check_line("name",
                           "a\xC2\x80"
                           "b",
                           1, 200));  // U+0080
    EXPECT_TRUE(check_line("name",
                           "a\xC2\x85"
                           "b",
                           1, 200));  // U+0085 NEL
    EXPECT_TRUE(check_line("name",
                           "a\xC2\x9F"
                           "b",
                           1, 200));  // U+009F
    EXPECT_FALSE(check_line("name",
                            "a\xC2\xA0"
                            "b",
                            1, 200));  // U+00A0 NBSP is text
    EXPECT_TRUE(check_line("name",
                           "a\xE2\x80\xA8"
                           "b",
                           1, 200));  // U+2028
    EXPECT_TRUE(check_line("name",
                           "a\xE2\x80\xA9"
                           "b",
                           1, 200));  // U+2029
}

TEST(CheckLine, RefusesInvalidUtf8) {
    const auto error = check_line("name", "\xC0\xAF", 0, 200);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->message, "name must be valid UTF-8");
}

TEST(CheckText, AllowsNewlinesAndTabs) {
    EXPECT_FALSE(check_text("description", "Rad ett\nRad två\n\tindrag", 20000));
    EXPECT_FALSE(check_text("description", "", 20000));
}

TEST(CheckText, RefusesOtherControls) {
    EXPECT_TRUE(check_text("description", "a\rb", 20000));
    EXPECT_TRUE(check_text("description", std::string("a\0b", 3), 20000));
    EXPECT_TRUE(check_text("description", "a\x1B[31mb", 20000));
    EXPECT_TRUE(check_text("description",
                           "a\xC2\x85"
                           "b",
                           20000));
    const auto error = check_text("description", "a\x07", 20000);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->field, "description");
}

TEST(CheckText, RefusesTooLongAndInvalid) {
    EXPECT_FALSE(check_text("cost_note", std::string(2000, 'x'), 2000));
    const auto error = check_text("cost_note", std::string(2001, 'x'), 2000);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->message, "cost_note must be at most 2000 characters");
    EXPECT_TRUE(check_text("description", "ok \xED\xA0\x80", 20000));
}

TEST(NormaliseNewlines, TurnsCrlfAndCrIntoLf) {
    EXPECT_EQ(normalise_newlines("a\r\nb\rc\nd"), "a\nb\nc\nd");
    EXPECT_EQ(normalise_newlines("\r\n\r\n"), "\n\n");
    EXPECT_EQ(normalise_newlines("\r"), "\n");
    EXPECT_EQ(normalise_newlines("\n\r"), "\n\n");
    EXPECT_EQ(normalise_newlines(""), "");
    EXPECT_FALSE(check_text("description", normalise_newlines("a\r\nb"), 100));
}

TEST(Trim, RemovesAsciiWhitespaceOnly) {
    EXPECT_EQ(trim("  Åre kommun \t\n"), "Åre kommun");
    EXPECT_EQ(trim("   "), "");
    EXPECT_EQ(trim(""), "");
    EXPECT_EQ(trim("a b"), "a b");
    // A non-breaking space is not ASCII whitespace and stays.
    EXPECT_EQ(trim("\xC2\xA0x"), "\xC2\xA0x");
}

TEST(CheckEmail, AcceptsOrdinaryAddresses) {
    EXPECT_FALSE(check_email("email", "anna.andersson@sodermore.se"));
    EXPECT_FALSE(check_email("email", "a+b@skr.se"));
    EXPECT_FALSE(check_email("email", "o'hara@kalmar.se"));
    EXPECT_FALSE(check_email("email", "first.last-x_y@sub.kommun-2.example"));
    // An international domain in its ASCII form (åre.se).
    EXPECT_FALSE(check_email("email", "info@xn--re-roa.se"));
}

// Addresses go into the To header and the SMTP envelope: nothing that could end a header line,
// add a recipient, quote, comment or need encoding gets through (issue 19).
TEST(CheckEmail, RefusesWhatCouldInjectHeadersOrRecipients) {
    for (const char* bad : {"anna@skr.se\nBcc: x@y.se",
                            "anna@skr.se\rBcc: x@y.se",
                            "anna@skr.se\r\n",
                            "anna\t@skr.se",
                            "anna@skr.se, eve@evil.example",
                            "anna@skr.se;eve@evil.example",
                            "Anna <anna@skr.se>",
                            "\"anna\"@skr.se",
                            "anna(x)@skr.se",
                            "anna@[127.0.0.1]",
                            "anna@skr.se>",
                            "anna%eve@skr.se@x.se",
                            "anna@-skr.se",
                            "anna@skr-.se",
                            "anna@skr.123",
                            "anna@skr_x.se",
                            ".anna@skr.se",
                            "anna.@skr.se",
                            "an..na@skr.se",
                            "anna@sk r.se"}) {
        const auto error = check_email("email", bad);
        EXPECT_TRUE(error) << bad;
        if (error) {
            EXPECT_EQ(error->field, "email");
        }
    }
}

TEST(CheckEmail, RefusesNonAsciiAddresses) {
    // SMTPUTF8 is not universally supported; such an address could not be delivered everywhere.
    for (const char* bad : {"åsa@kommun.example", "asa@kömmun.example", "anna@skr.se\xC2\xA0"}) {
        const auto error = check_email("email", bad);
        ASSERT_TRUE(error) << bad;
        EXPECT_EQ(error->field, "email");
    }
}

TEST(CheckEmail, RefusesMalformedAddresses) {
    for (const char* bad :
         {"", "anna", "@skr.se", "anna@", "anna@skr", "anna@@skr.se", "a@b@skr.se", "anna@.skr.se",
          "anna@skr.se.", "anna@skr..se", "anna andersson@skr.se", "anna@skr.se\r\nBcc: x@y.se",
          "<anna@skr.se>", "anna,b@skr.se"}) {
        const auto error = check_email("email", bad);
        EXPECT_TRUE(error) << bad;
        if (error) {
            EXPECT_EQ(error->field, "email");
        }
    }
}

TEST(CheckEmail, RefusesTooLong) {
    const std::string local(64, 'a');
    EXPECT_FALSE(check_email("email", local + "@skr.se"));
    EXPECT_TRUE(check_email("email", local + "a@skr.se"));
    const std::string long_domain(250, 'd');
    EXPECT_TRUE(check_email("email", "a@" + long_domain + ".se"));
    // A label longer than 63 characters.
    EXPECT_TRUE(check_email("email", "a@" + std::string(64, 'd') + ".se"));
    EXPECT_FALSE(check_email("email", "a@" + std::string(63, 'd') + ".se"));
}

TEST(CheckUrl, AcceptsHttpAndHttps) {
    EXPECT_FALSE(check_url("online_url", "https://teams.example.com/l/meetup-join/19%3a"));
    EXPECT_FALSE(check_url("online_url", "http://example.com"));
    EXPECT_FALSE(check_url("online_url", "HTTPS://Example.com:8443/x?y=1#z"));
    EXPECT_FALSE(check_url("online_url", "https://[::1]:8080/room"));
    EXPECT_FALSE(check_url("online_url", "https://user@zoom.example/j/123"));
}

TEST(CheckUrl, RefusesOtherSchemesAndBrokenUrls) {
    for (const char* bad :
         {"", "javascript:alert(1)", "ftp://example.com", "https://", "https:///path",
          "https://exa mple.com", "https://example.com/\"x", "https://example.com/<script>",
          "https://example.com:port/", "https://example.com:123456/", "https://[::1/",
          "example.com", "https://example.com/\nx"}) {
        const auto error = check_url("online_url", bad);
        EXPECT_TRUE(error) << bad;
        if (error) {
            EXPECT_EQ(error->field, "online_url");
        }
    }
}

TEST(CheckUrl, RefusesTooLong) {
    const std::string base = "https://example.com/";
    EXPECT_FALSE(check_url("online_url", base + std::string(2000 - base.size(), 'a')));
    EXPECT_TRUE(check_url("online_url", base + std::string(2001 - base.size(), 'a')));
}

}  // namespace
}  // namespace traffpunkt::domain
