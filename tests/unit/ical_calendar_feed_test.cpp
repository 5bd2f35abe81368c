#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "ical_test_meetings.hpp"
#include "traffpunkt/domain/text.hpp"
#include "traffpunkt/ical/calendar_feed.hpp"

namespace traffpunkt::ical {
namespace {

using namespace test_data;

std::string render(const std::vector<domain::meeting>& meetings,
                   calendar_options options = network_options()) {
    std::vector<feed_event> events;
    for (const auto& m : meetings) {
        events.push_back({m, std::nullopt, false});
    }
    return render_calendar(options, events);
}

/** Physical lines, without their CRLF. */
std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find("\r\n", start);
        if (end == std::string::npos) {
            out.push_back(text.substr(start));
            break;
        }
        out.push_back(text.substr(start, end - start));
        start = end + 2;
    }
    return out;
}

/** Content lines: folded lines joined again (RFC 5545 3.1). */
std::vector<std::string> content_lines(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& line : lines_of(text)) {
        if (!line.empty() && line.front() == ' ' && !out.empty()) {
            out.back() += line.substr(1);
        } else {
            out.push_back(line);
        }
    }
    return out;
}

std::size_t count_lines(const std::string& text, std::string_view line) {
    const auto lines = content_lines(text);
    return static_cast<std::size_t>(std::count(lines.begin(), lines.end(), line));
}

/** Content lines that start with `prefix`. */
std::vector<std::string> lines_starting(const std::string& text, std::string_view prefix) {
    std::vector<std::string> out;
    for (const auto& line : content_lines(text)) {
        if (line.rfind(prefix, 0) == 0) {
            out.push_back(line);
        }
    }
    return out;
}

// --- golden files ------------------------------------------------------------------------------

TEST(CalendarFeed, StockholmKickoffMatchesGoldenFile) {
    const auto text = render({kickoff()});
    EXPECT_EQ(count_lines(text, "DTSTART;TZID=Europe/Stockholm:20221125T100000"), 1U);
    EXPECT_EQ(count_lines(text, "DTEND;TZID=Europe/Stockholm:20221125T160000"), 1U);
    expect_golden("kickoff.ics", text);
}

TEST(CalendarFeed, MeetingOnTheDstSundayMatchesGoldenFile) {
    const auto text = render({dst_sunday()});
    // 07:00Z is 09:00 in Stockholm on that day: summer time has begun.
    EXPECT_EQ(count_lines(text, "DTSTART;TZID=Europe/Stockholm:20230326T090000"), 1U);
    EXPECT_EQ(count_lines(text, "DTEND;TZID=Europe/Stockholm:20230326T120000"), 1U);
    expect_golden("dst_sunday.ics", text);
}

TEST(CalendarFeed, CancelledMeetingMatchesGoldenFile) {
    const auto text = render({cancelled()});
    EXPECT_EQ(count_lines(text, "STATUS:CANCELLED"), 1U);
    EXPECT_EQ(count_lines(text, "SEQUENCE:1"), 1U);
    expect_golden("cancelled.ics", text);
}

TEST(CalendarFeed, MultiDayMeetingMatchesGoldenFile) {
    const auto text = render({multi_day()});
    EXPECT_EQ(count_lines(text, "DTSTART;TZID=Europe/Stockholm:20230510T093000"), 1U);
    EXPECT_EQ(count_lines(text, "DTEND;TZID=Europe/Stockholm:20230511T150000"), 1U);
    expect_golden("multi_day.ics", text);
}

TEST(CalendarFeed, PersonalFeedMatchesGoldenFile) {
    calendar_options options = network_options();
    options.calendar_name = "Mina träffar – Träffpunkt";
    domain::meeting digital = cancelled();
    digital.meeting_id = 5;
    digital.status = domain::meeting_status::published;
    digital.description = "Digital avstämning.";
    digital.sequence = 0;
    const auto text =
        render_calendar(options, {{kickoff(), domain::registration_status::confirmed, true},
                                  {digital, domain::registration_status::waitlisted, true}});
    expect_golden("personal.ics", text);
}

// --- the calendar ------------------------------------------------------------------------------

TEST(CalendarFeed, HasTheCalendarLevelProperties) {
    const auto text = render({kickoff()});
    const auto lines = content_lines(text);
    ASSERT_GE(lines.size(), 2U);
    EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
    EXPECT_EQ(lines.back(), "END:VCALENDAR");
    EXPECT_EQ(lines_starting(text, "PRODID:").size(), 1U);
    for (const char* line :
         {"VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
          "X-WR-CALNAME:SKR:s nätverk för medborgarbudget", "X-WR-TIMEZONE:Europe/Stockholm",
          "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H"}) {
        EXPECT_EQ(count_lines(text, line), 1U) << line;
    }
}

TEST(CalendarFeed, EveryLineEndsInCrlfAndIsAtMost75Octets) {
    domain::meeting m = kickoff();
    m.title = std::string(150, 'a') + std::string(60, 'x') + " ÅÄÖ åäö €𝄞";
    m.description = std::string(40, 'z');
    for (int i = 0; i < 40; ++i) {
        m.description += "ÅÄÖåäö€𝄞";
    }
    const auto text = render({m, dst_sunday()});
    ASSERT_GE(text.size(), 2U);
    EXPECT_EQ(text.substr(text.size() - 2), "\r\n");
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n') {
            ASSERT_TRUE(i > 0 && text[i - 1] == '\r') << "bare LF at " << i;
        }
        if (text[i] == '\r') {
            ASSERT_TRUE(i + 1 < text.size() && text[i + 1] == '\n') << "lone CR at " << i;
        }
    }
    std::size_t folded = 0;
    for (const auto& line : lines_of(text)) {
        EXPECT_LE(line.size(), 75U) << line;
        // A fold never cuts a UTF-8 sequence: every physical line is valid UTF-8 on its own.
        EXPECT_TRUE(domain::is_valid_utf8(line)) << line;
        folded += !line.empty() && line.front() == ' ';
    }
    EXPECT_GT(folded, 5U);
    // Unfolded, the title is whole again.
    EXPECT_EQ(count_lines(text, "SUMMARY:" + m.title), 1U);
}

// libical 3.0 folds a line together with its CRLF: a title that fills the last folded line
// exactly came out as CR CRLF SP LF (the feed was refused) or CRLF SP CRLF (found by the
// ical_feed fuzz target). Every length from one to three folds, ASCII and two-byte letters.
TEST(CalendarFeed, TitleOfAnyLengthFoldsWithoutTouchingTheLineEnding) {
    for (const std::string_view letter : {"a", "å"}) {
        for (std::size_t n = 1; n <= 230; ++n) {
            domain::meeting m = kickoff();
            m.title.clear();
            for (std::size_t i = 0; i < n; ++i) {
                m.title += letter;
            }
            std::string text;
            ASSERT_NO_THROW(text = render({m})) << n << " x " << letter;
            EXPECT_EQ(text.find("\r\n \r\n"), std::string::npos) << n << " x " << letter;
            for (const auto& line : lines_of(text)) {
                EXPECT_LE(line.size(), 75U) << line;
                EXPECT_EQ(line.find_first_of("\r\n"), std::string::npos) << n << " x " << letter;
            }
            EXPECT_EQ(count_lines(text, "SUMMARY:" + m.title), 1U) << n << " x " << letter;
        }
    }
}

TEST(CalendarFeed, SameDataGivesSameBytes) {
    EXPECT_EQ(render({kickoff(), dst_sunday()}), render({kickoff(), dst_sunday()}));
}

TEST(CalendarFeed, EmptyFeedIsAValidCalendarWithoutEvents) {
    const auto text = render({});
    EXPECT_EQ(count_lines(text, "BEGIN:VCALENDAR"), 1U);
    EXPECT_EQ(count_lines(text, "BEGIN:VEVENT"), 0U);
    EXPECT_EQ(count_lines(text, "BEGIN:VTIMEZONE"), 0U);
}

// --- time zones --------------------------------------------------------------------------------

TEST(CalendarFeed, OneVtimezoneForTwoMeetingsInTheSameZone) {
    const auto text = render({kickoff(), dst_sunday()});
    EXPECT_EQ(count_lines(text, "BEGIN:VTIMEZONE"), 1U);
    EXPECT_EQ(count_lines(text, "TZID:Europe/Stockholm"), 1U);
    EXPECT_EQ(count_lines(text, "BEGIN:VEVENT"), 2U);
}

TEST(CalendarFeed, TwoVtimezonesForTwoZones) {
    domain::meeting helsinki = dst_sunday();
    helsinki.zone = "Europe/Helsinki";
    const auto text = render({kickoff(), helsinki, multi_day()});
    EXPECT_EQ(count_lines(text, "BEGIN:VTIMEZONE"), 2U);
    EXPECT_EQ(count_lines(text, "TZID:Europe/Stockholm"), 1U);
    EXPECT_EQ(count_lines(text, "TZID:Europe/Helsinki"), 1U);
    // 07:00Z is 10:00 in Helsinki (EEST) that day.
    EXPECT_EQ(count_lines(text, "DTSTART;TZID=Europe/Helsinki:20230326T100000"), 1U);
}

TEST(CalendarFeed, TzidIsThePlainIanaName) {
    const auto text = render({kickoff()});
    EXPECT_EQ(text.find("freeassociation"), std::string::npos);
    EXPECT_EQ(text.find("X-LIC-LOCATION"), std::string::npos);
    // The event's times (the VTIMEZONE's own DTSTARTs are local times without parameters).
    EXPECT_EQ(lines_starting(text, "DTSTART;"),
              std::vector<std::string>{"DTSTART;TZID=Europe/Stockholm:20221125T100000"});
    EXPECT_EQ(lines_starting(text, "DTEND"),
              std::vector<std::string>{"DTEND;TZID=Europe/Stockholm:20221125T160000"});
}

TEST(CalendarFeed, VtimezoneIsLimitedToTheYearsOfTheEvents) {
    const auto text = render({kickoff()});
    // The history before 1980 (LMT, 1916's summer time) is gone; the rules end in 2022.
    EXPECT_EQ(text.find("TZNAME:SET"), std::string::npos);
    EXPECT_EQ(text.find("1916"), std::string::npos);
    for (const auto& line : lines_starting(text, "RRULE:")) {
        EXPECT_NE(line.find("UNTIL=2022"), std::string::npos) << line;
    }
    EXPECT_EQ(lines_starting(text, "BEGIN:STANDARD").size() +
                  lines_starting(text, "BEGIN:DAYLIGHT").size(),
              2U);
}

TEST(CalendarFeed, MeetingAcrossTheDstChangeKeepsItsLocalTimes) {
    domain::meeting night = dst_sunday();
    // 01:30 CET to 03:30 CEST: one hour of real time.
    night.starts_at = at("2023-03-26T01:30:00+01:00");
    night.ends_at = at("2023-03-26T03:30:00+02:00");
    const auto text = render({night});
    EXPECT_EQ(count_lines(text, "DTSTART;TZID=Europe/Stockholm:20230326T013000"), 1U);
    EXPECT_EQ(count_lines(text, "DTEND;TZID=Europe/Stockholm:20230326T033000"), 1U);
}

TEST(CalendarFeed, UnknownZoneFallsBackToUtc) {
    domain::meeting m = kickoff();
    m.zone = "Mars/Olympus_Mons";
    const auto text = render({m});
    EXPECT_EQ(count_lines(text, "DTSTART:20221125T090000Z"), 1U);
    EXPECT_EQ(count_lines(text, "BEGIN:VTIMEZONE"), 0U);
}

TEST(CalendarFeed, PathLikeZoneIsNeverLookedUp) {
    domain::meeting m = kickoff();
    m.zone = "../../../etc/passwd";
    const auto text = render({m});
    EXPECT_EQ(count_lines(text, "DTSTART:20221125T090000Z"), 1U);
    EXPECT_EQ(count_lines(text, "BEGIN:VTIMEZONE"), 0U);
}

// --- events ------------------------------------------------------------------------------------

TEST(CalendarFeed, EventCarriesUidSequenceAndUtcStamps) {
    domain::meeting m = kickoff();
    m.sequence = 7;
    const auto text = render({m});
    EXPECT_EQ(count_lines(text, "UID:meeting-1@traffpunkt.example.se"), 1U);
    EXPECT_EQ(count_lines(text, "SEQUENCE:7"), 1U);
    EXPECT_EQ(count_lines(text, "DTSTAMP:20221003T123000Z"), 1U);
    EXPECT_EQ(count_lines(text, "LAST-MODIFIED:20221003T123000Z"), 1U);
    EXPECT_EQ(count_lines(text, "CREATED:20220930T080000Z"), 1U);
    EXPECT_EQ(count_lines(text, "URL:https://traffpunkt.example.se/#/meetings/1"), 1U);
    EXPECT_EQ(count_lines(text, "STATUS:CONFIRMED"), 1U);
    EXPECT_EQ(count_lines(text, "CATEGORIES:Hybrid,Nätverksträff"), 1U);
    EXPECT_EQ(count_lines(text,
                          "LOCATION:Sveriges Kommuner och Regioner\\, Hornsgatan 20\\, 118 82 "
                          "Stockholm"),
              1U);
}

TEST(CalendarFeed, UidStaysWhenTheMeetingChanges) {
    domain::meeting before = kickoff();
    domain::meeting after = before;
    after.starts_at = at("2022-11-25T11:00:00+01:00");
    after.sequence = before.sequence + 1;
    after.updated_at = at("2022-11-01T10:00:00Z");
    const auto a = render({before});
    const auto b = render({after});
    EXPECT_EQ(lines_starting(a, "UID:"), lines_starting(b, "UID:"));
    EXPECT_EQ(count_lines(b, "SEQUENCE:1"), 1U);
    EXPECT_EQ(count_lines(b, "DTSTART;TZID=Europe/Stockholm:20221125T110000"), 1U);
    EXPECT_NE(a, b);
}

TEST(CalendarFeed, PublicFeedNeverContainsTheOnlineLink) {
    const auto text = render({kickoff(), cancelled()});
    EXPECT_EQ(text.find("meet.example.se"), std::string::npos);
    EXPECT_EQ(lines_starting(text, "CONFERENCE").size(), 0U);
    // A digital meeting still says where it happens.
    EXPECT_EQ(count_lines(text, "LOCATION:Digitalt"), 1U);
}

TEST(CalendarFeed, PersonalFeedShowsStatusAndOnlineLink) {
    domain::meeting digital = cancelled();
    digital.status = domain::meeting_status::published;
    const auto text = render_calendar(network_options(),
                                      {{kickoff(), domain::registration_status::confirmed, true},
                                       {digital, domain::registration_status::waitlisted, true}});
    EXPECT_EQ(count_lines(text, "STATUS:CONFIRMED"), 1U);
    EXPECT_EQ(count_lines(text, "STATUS:TENTATIVE"), 1U);
    EXPECT_EQ(count_lines(text, "LOCATION:https://meet.example.se/avstamning"), 1U);
    EXPECT_EQ(count_lines(text,
                          "CONFERENCE;VALUE=URI;FEATURE=VIDEO;LABEL=Delta "
                          "digitalt:https://meet.example.se/medborgarbudget-kickoff"),
              1U);
    const auto descriptions = lines_starting(text, "DESCRIPTION:");
    ASSERT_EQ(descriptions.size(), 2U);
    EXPECT_NE(
        descriptions[0].find("Delta digitalt: https://meet.example.se/medborgarbudget-kickoff"),
        std::string::npos);
    EXPECT_NE(descriptions[1].find("väntelistan"), std::string::npos);
}

TEST(CalendarFeed, CancelledMeetingIsCancelledEvenForAConfirmedPerson) {
    const auto text = render_calendar(
        network_options(), {{cancelled(), domain::registration_status::confirmed, true}});
    EXPECT_EQ(count_lines(text, "STATUS:CANCELLED"), 1U);
}

TEST(CalendarFeed, DescriptionHoldsDescriptionCostNoteAndPage) {
    const auto text = render({kickoff()});
    const auto descriptions = lines_starting(text, "DESCRIPTION:");
    ASSERT_EQ(descriptions.size(), 1U);
    const auto& d = descriptions.front();
    EXPECT_NE(d.find("i världen.\\nProgram\\; fika\\, lunch"), std::string::npos) << d;
    EXPECT_NE(d.find("\\n\\nDeltagarna står för sina egna kostnader"), std::string::npos) << d;
    EXPECT_NE(d.find("\\n\\nMer information: https://traffpunkt.example.se/#/meetings/1"),
              std::string::npos)
        << d;
}

// --- injection ---------------------------------------------------------------------------------

TEST(CalendarFeed, TitleWithCrlfCannotInjectProperties) {
    domain::meeting m = kickoff();
    m.title = "Träff\r\nEND:VEVENT\r\nBEGIN:VEVENT\nUID:evil@example.com\rSTATUS:CANCELLED";
    m.venue = "SKR\r\nURL:https://evil.example.com";
    m.description = "Rad 1\r\nEND:VCALENDAR\rRad 3";
    const auto text = render({m});
    EXPECT_EQ(count_lines(text, "BEGIN:VEVENT"), 1U);
    EXPECT_EQ(count_lines(text, "END:VEVENT"), 1U);
    EXPECT_EQ(count_lines(text, "END:VCALENDAR"), 1U);
    EXPECT_EQ(lines_starting(text, "UID:").size(), 1U);
    EXPECT_EQ(lines_starting(text, "URL:").size(), 1U);
    EXPECT_EQ(count_lines(text, "STATUS:CONFIRMED"), 1U);
    EXPECT_EQ(lines_starting(text, "STATUS:").size(), 1U);
    const auto summaries = lines_starting(text, "SUMMARY:");
    ASSERT_EQ(summaries.size(), 1U);
    EXPECT_EQ(summaries.front(),
              "SUMMARY:Träff  END:VEVENT  BEGIN:VEVENT UID:evil@example.com STATUS:CANCELLED");
    EXPECT_NE(text.find("DESCRIPTION:Rad 1\\nEND:VCALENDAR\\nRad 3"), std::string::npos);
}

TEST(CalendarFeed, CalendarNameCannotInjectProperties) {
    calendar_options options = network_options();
    options.calendar_name = "Nätverk\r\nMETHOD:CANCEL\nBEGIN:VEVENT";
    const auto text = render({kickoff()}, options);
    EXPECT_EQ(lines_starting(text, "METHOD:"), std::vector<std::string>{"METHOD:PUBLISH"});
    EXPECT_EQ(count_lines(text, "BEGIN:VEVENT"), 1U);
    EXPECT_EQ(lines_starting(text, "X-WR-CALNAME:"),
              std::vector<std::string>{"X-WR-CALNAME:Nätverk  METHOD:CANCEL BEGIN:VEVENT"});
}

TEST(CalendarFeed, ControlCharactersAndBadUtf8AreNeutralised) {
    domain::meeting m = kickoff();
    m.title = std::string("Tr\xC3\xA4") + "ff\x01\x1B[31m\x7F" + "\xFF\xC3";
    const auto text = render({m});
    const auto summaries = lines_starting(text, "SUMMARY:");
    ASSERT_EQ(summaries.size(), 1U);
    EXPECT_EQ(summaries.front(), "SUMMARY:Träff  [31m \xEF\xBF\xBD\xEF\xBF\xBD");
    EXPECT_TRUE(domain::is_valid_utf8(text));
}

}  // namespace
}  // namespace traffpunkt::ical
