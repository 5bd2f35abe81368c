#include <gtest/gtest.h>

#include <string>

#include "event_text.hpp"
#include "ical_test_meetings.hpp"

namespace traffpunkt::ical {
namespace {

using namespace test_data;

TEST(EventText, OneLineTurnsControlCharactersIntoSpaces) {
    EXPECT_EQ(one_line("Träff\r\nEND:VEVENT"), "Träff  END:VEVENT");
    EXPECT_EQ(one_line("a\tb\x1B"
                       "c\x7F"),
              "a b c ");
    EXPECT_EQ(one_line("Örebro"), "Örebro");
}

TEST(EventText, MultiLineKeepsLfAndTabAndFoldsCrlf) {
    EXPECT_EQ(multi_line("a\r\nb\rc\nd\te"), "a\nb\nc\nd\te");
    EXPECT_EQ(multi_line("a\x01\x02"
                         "b\r"),
              "ab\n");
}

TEST(EventText, InvalidUtf8BecomesReplacementCharacters) {
    const std::string fffd = "\xEF\xBF\xBD";
    EXPECT_EQ(one_line("\xC3"), fffd);                                   // cut sequence
    EXPECT_EQ(one_line("\xC0\xAF"), fffd + fffd);                        // overlong '/'
    EXPECT_EQ(one_line("\xED\xA0\x80"), fffd + fffd + fffd);             // surrogate
    EXPECT_EQ(one_line("\xF4\x90\x80\x80"), fffd + fffd + fffd + fffd);  // above U+10FFFF
    EXPECT_EQ(one_line("\xF0\x9D\x84\x9E"), "\xF0\x9D\x84\x9E");         // U+1D11E stays
}

TEST(EventText, PageUrlAndUid) {
    calendar_options o = network_options();
    EXPECT_EQ(meeting_page_url(o, 12), "https://traffpunkt.example.se/#/meetings/12");
    o.public_base_url = "http://127.0.0.1:8080";
    EXPECT_EQ(meeting_page_url(o, 1), "http://127.0.0.1:8080/#/meetings/1");
    EXPECT_EQ(meeting_uid(o, 7), "meeting-7@traffpunkt.example.se");
}

TEST(EventText, FormatCategoriesAreSwedish) {
    EXPECT_EQ(format_category(domain::meeting_format::in_person), "På plats");
    EXPECT_EQ(format_category(domain::meeting_format::digital), "Digitalt");
    EXPECT_EQ(format_category(domain::meeting_format::hybrid), "Hybrid");
}

TEST(EventText, LocationJoinsVenueAndAddress) {
    feed_event e{kickoff(), std::nullopt, false};
    EXPECT_EQ(event_location(e), "Sveriges Kommuner och Regioner, Hornsgatan 20, 118 82 Stockholm");
    e.meeting.venue.clear();
    EXPECT_EQ(event_location(e), "Hornsgatan 20, 118 82 Stockholm");
    e.meeting.address.clear();
    EXPECT_EQ(event_location(e), "");
}

TEST(EventText, DigitalLocationShowsTheLinkOnlyWhenAllowed) {
    feed_event e{cancelled(), std::nullopt, false};
    EXPECT_EQ(event_location(e), "Digitalt");
    e.include_online_url = true;
    EXPECT_EQ(event_location(e), "https://meet.example.se/avstamning");
    e.meeting.online_url.clear();
    EXPECT_EQ(event_location(e), "Digitalt");
}

TEST(EventText, DescriptionLeavesOutEmptyParts) {
    feed_event e{dst_sunday(), std::nullopt, true};
    e.meeting.description.clear();
    EXPECT_EQ(event_description(e, "https://x/#/meetings/2"),
              "Mer information: https://x/#/meetings/2");
}

TEST(EventText, DescriptionNeverShowsTheLinkOfAnInPersonMeeting) {
    feed_event e{kickoff(), std::nullopt, true};
    e.meeting.format = domain::meeting_format::in_person;
    EXPECT_EQ(event_description(e, "p").find("meet.example.se"), std::string::npos);
    e.meeting.format = domain::meeting_format::hybrid;
    EXPECT_NE(event_description(e, "p").find("Delta digitalt: https://meet.example.se/"),
              std::string::npos);
    e.include_online_url = false;
    EXPECT_EQ(event_description(e, "p").find("meet.example.se"), std::string::npos);
}

TEST(EventText, WaitlistNoteOnlyForWaitlisted) {
    feed_event e{kickoff(), domain::registration_status::confirmed, true};
    EXPECT_EQ(event_description(e, "p").find("väntelistan"), std::string::npos);
    e.personal_status = domain::registration_status::waitlisted;
    EXPECT_NE(event_description(e, "p").find("väntelistan"), std::string::npos);
}

}  // namespace
}  // namespace traffpunkt::ical
