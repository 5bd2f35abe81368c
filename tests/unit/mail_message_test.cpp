// The MIME messages the mailer sends (server/mail, GMime): headers, encodings, line lengths,
// and that nothing in a name or a subject can add a header or a recipient.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "traffpunkt/mail/mail_message.hpp"

namespace {

using traffpunkt::mail::build_message;
using traffpunkt::mail::calendar_part;
using traffpunkt::mail::is_plain_address;
using traffpunkt::mail::mail_message;

mail_message sample() {
    mail_message m;
    m.from = {"Träffpunkt – SKR", "traffpunkt@skr.example"};
    m.to = {"Åsa Öberg", "asa.oberg@kalmar.example"};
    m.subject = "Du har fått en plats: Första nätverksträffen om medborgarbudget";
    m.text = "Hej Åsa!\n\nDu är anmäld till träffen.\nVälkommen!\n";
    m.message_id = "traffpunkt.1.0123456789abcdef@skr.example";
    m.date = std::chrono::sys_seconds{std::chrono::seconds{1669366800}};  // 2022-11-25 09:00 UTC
    return m;
}

/** The message's lines, without their CRLF; fails the test on a line without one. */
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find("\r\n", start);
        if (end == std::string::npos) {
            ADD_FAILURE() << "the last line has no CRLF: " << text.substr(start);
            break;
        }
        const auto line = text.substr(start, end - start);
        EXPECT_EQ(line.find('\n'), std::string::npos) << "a bare LF in: " << line;
        EXPECT_EQ(line.find('\r'), std::string::npos) << "a bare CR in: " << line;
        out.push_back(line);
        start = end + 2;
    }
    return out;
}

/** The header section, unfolded: one entry per header field. */
std::vector<std::string> headers_of(const std::string& text) {
    std::vector<std::string> headers;
    for (const auto& line : lines_of(text)) {
        if (line.empty()) {
            break;
        }
        if ((line[0] == ' ' || line[0] == '\t') && !headers.empty()) {
            headers.back() += line;
        } else {
            headers.push_back(line);
        }
    }
    return headers;
}

std::vector<std::string> named(const std::vector<std::string>& headers, std::string_view name) {
    std::vector<std::string> out;
    for (const auto& h : headers) {
        const auto colon = h.find(':');
        std::string field = h.substr(0, colon);
        std::transform(field.begin(), field.end(), field.begin(), ::tolower);
        std::string wanted(name);
        std::transform(wanted.begin(), wanted.end(), wanted.begin(), ::tolower);
        if (colon != std::string::npos && field == wanted) {
            out.push_back(h.substr(colon + 1));
        }
    }
    return out;
}

TEST(MailMessage, HasTheHeadersOfAnAutomaticMessage) {
    const auto text = build_message(sample());
    const auto headers = headers_of(text);
    EXPECT_EQ(named(headers, "Message-ID").size(), 1u);
    EXPECT_NE(
        named(headers, "Message-ID").at(0).find("<traffpunkt.1.0123456789abcdef@skr.example>"),
        std::string::npos);
    EXPECT_EQ(named(headers, "Date").size(), 1u);
    EXPECT_NE(named(headers, "Date").at(0).find("25 Nov 2022 09:00:00"), std::string::npos);
    EXPECT_EQ(named(headers, "MIME-Version").size(), 1u);
    ASSERT_EQ(named(headers, "Auto-Submitted").size(), 1u);
    EXPECT_NE(named(headers, "Auto-Submitted")[0].find("auto-generated"), std::string::npos);
    ASSERT_EQ(named(headers, "Content-Language").size(), 1u);
    EXPECT_NE(named(headers, "Content-Language")[0].find("sv"), std::string::npos);
    ASSERT_EQ(named(headers, "From").size(), 1u);
    EXPECT_NE(named(headers, "From")[0].find("<traffpunkt@skr.example>"), std::string::npos);
    ASSERT_EQ(named(headers, "To").size(), 1u);
    EXPECT_NE(named(headers, "To")[0].find("<asa.oberg@kalmar.example>"), std::string::npos);
}

TEST(MailMessage, IsSevenBitWithShortCrlfLines) {
    auto m = sample();
    m.text =
        std::string(300, 'x') + " " + std::string(20, 'y') + "\nÅäö på en rad som är längre " +
        "än sjuttioåtta tecken för att se att den delas i den kodade formen, men inte i texten.";
    m.calendar = calendar_part{"REQUEST",
                               "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\n"
                               "SUMMARY:Träff\r\nEND:VCALENDAR\r\n"};
    const auto text = build_message(m);
    for (const auto& line : lines_of(text)) {
        EXPECT_LE(line.size(), 78u) << line;
        for (const char c : line) {
            EXPECT_LT(static_cast<unsigned char>(c), 0x80) << "8-bit byte in: " << line;
        }
    }
}

TEST(MailMessage, EncodesUtf8NamesAndSubjectAsEncodedWords) {
    const auto text = build_message(sample());
    const auto headers = headers_of(text);
    const auto subject = named(headers, "Subject").at(0);
    EXPECT_NE(subject.find("=?"), std::string::npos) << subject;
    EXPECT_NE(subject.find("?="), std::string::npos) << subject;
    const auto to = named(headers, "To").at(0);
    EXPECT_NE(to.find("=?"), std::string::npos) << "Åsa Öberg must be an encoded word: " << to;
    // The text body is quoted-printable UTF-8.
    EXPECT_NE(text.find("Content-Transfer-Encoding: quoted-printable"), std::string::npos);
    EXPECT_NE(text.find("charset=utf-8"), std::string::npos);
    EXPECT_NE(text.find("Hej =C3=85sa!"), std::string::npos);
}

TEST(MailMessage, CarriesTheCalendarInlineAndAsAnAttachment) {
    auto m = sample();
    m.calendar = calendar_part{"REQUEST", "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"};
    const auto text = build_message(m);
    EXPECT_NE(text.find("multipart/mixed"), std::string::npos);
    EXPECT_NE(text.find("multipart/alternative"), std::string::npos);
    EXPECT_NE(text.find("text/calendar"), std::string::npos);
    EXPECT_NE(text.find("method=REQUEST"), std::string::npos);
    EXPECT_NE(text.find("application/ics"), std::string::npos);
    EXPECT_NE(text.find("invite.ics"), std::string::npos);
    // base64 of "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"
    EXPECT_NE(text.find("QkVHSU46VkNBTEVOREFSDQpNRVRIT0Q6UkVRVUVTVA0KRU5EOlZDQUxFTkRBUg0K"),
              std::string::npos);
}

// The attack: a display name or a subject with CR/LF and a header after it. Whatever they hold,
// the message has exactly one To, no Bcc or Cc, and the injected text stays inside its header.
TEST(MailMessage, NamesAndSubjectsCannotAddHeadersOrRecipients) {
    for (const std::string& evil :
         {std::string("Eve\r\nBcc: victim@evil.example"), std::string("Eve\nCc: a@evil.example"),
          std::string("Eve\rTo: b@evil.example"),
          std::string("Eve <c@evil.example>, d@evil.example"),
          std::string("\"Eve\" <e@evil.example>; f@evil.example"), std::string("Eve\x00X", 5),
          std::string("Eve\xE2\x80\xA8"
                      "Bcc: g@evil.example"),
          std::string("Eve\xC2\x85"
                      "Bcc: h@e.example")}) {
        auto m = sample();
        m.to.name = evil;
        m.from.name = evil;
        m.subject = evil + "\r\n\r\nbody injected";
        const auto text = build_message(m);
        const auto headers = headers_of(text);
        EXPECT_TRUE(named(headers, "Bcc").empty()) << text;
        EXPECT_TRUE(named(headers, "Cc").empty()) << text;
        ASSERT_EQ(named(headers, "To").size(), 1u) << text;
        EXPECT_EQ(named(headers, "From").size(), 1u) << text;
        EXPECT_EQ(named(headers, "Subject").size(), 1u) << text;
        // The only address outside quotes or encoded words is the real one, last, in brackets.
        const auto to = named(headers, "To")[0];
        EXPECT_TRUE(to.ends_with("<asa.oberg@kalmar.example>")) << to;
        EXPECT_EQ(std::count(to.begin(), to.end(), '<') - std::count(to.begin(), to.end(), '>'), 0)
            << to;
        for (const auto& h : headers) {
            EXPECT_FALSE(h.starts_with("body injected")) << h;
        }
    }
}

// Text that looks like an encoded word would be decoded by mail programs into other text (a
// spoofed subject or name): such text is encoded itself, so it reads back as it was written.
TEST(MailMessage, TextThatLooksEncodedIsEncoded) {
    const std::string lookalike = "=?UTF-8?B?QmNjOiB4QGV2aWwuZXhhbXBsZQ==?=";  // "Bcc: x@evil..."
    auto m = sample();
    m.subject = "Träff " + lookalike;
    m.to.name = "Eve " + lookalike;
    const auto text = build_message(m);
    const auto headers = headers_of(text);
    const auto subject = named(headers, "Subject").at(0);
    const auto to = named(headers, "To").at(0);
    EXPECT_EQ(subject.find(lookalike), std::string::npos) << subject;
    EXPECT_EQ(to.find(lookalike), std::string::npos) << to;
    EXPECT_NE(subject.find("=?UTF-8?B?"), std::string::npos) << subject;
    EXPECT_TRUE(to.ends_with("<asa.oberg@kalmar.example>")) << to;
    for (const auto& line : lines_of(text)) {
        EXPECT_LE(line.size(), 78u) << line;
    }
}

TEST(MailMessage, RefusesAddressesThatAreNotPlain) {
    for (const char* text : {"a@b.se\r\nBcc: x@y.se", "a@b.se, c@d.se", "A <a@b.se>", "a b@c.se",
                             "a@b@c.se", "åsa@b.se", "", "nobody", "a@b.se;c@d.se"}) {
        const std::string bad = text;
        EXPECT_FALSE(is_plain_address(bad)) << bad;
        auto m = sample();
        m.to.address = bad;
        EXPECT_THROW(build_message(m), std::invalid_argument) << bad;
        m = sample();
        m.from.address = bad;
        EXPECT_THROW(build_message(m), std::invalid_argument) << bad;
    }
    EXPECT_TRUE(is_plain_address("first.last+tag@kalmar.example"));
    auto m = sample();
    m.message_id = "";
    EXPECT_THROW(build_message(m), std::invalid_argument);
}

TEST(MailMessage, SameInputSameBytes) {
    // A retry sends exactly what the first attempt sent (the outbox keeps it anyway).
    EXPECT_EQ(build_message(sample()), build_message(sample()));
}

}  // namespace
