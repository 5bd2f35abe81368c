// iTIP invitations (the calendar part of the mails): METHOD, ORGANIZER, ATTENDEE with its
// PARTSTAT, the place or link for in-person and remote participants, and the feeds' own UID
// and SEQUENCE.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "ical_test_meetings.hpp"
#include "traffpunkt/ical/calendar_feed.hpp"
#include "traffpunkt/ical/itip.hpp"

namespace traffpunkt::ical {
namespace {

using namespace test_data;

/** The calendar's logical lines (folded lines joined), without CRLF. */
std::vector<std::string> unfolded(const std::string& text) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find("\r\n", start);
        if (end == std::string::npos) {
            end = text.size();
        }
        const auto line = text.substr(start, end - start);
        if (!line.empty() && line[0] == ' ' && !out.empty()) {
            out.back() += line.substr(1);
        } else {
            out.push_back(line);
        }
        start = end + 2;
    }
    return out;
}

/** The lines of the VEVENT whose name (before ':' or ';') is `name`. */
std::vector<std::string> properties(const std::string& text, const std::string& name) {
    std::vector<std::string> out;
    bool in_event = false;
    for (const auto& line : unfolded(text)) {
        if (line == "BEGIN:VEVENT") {
            in_event = true;
        } else if (line == "END:VEVENT") {
            in_event = false;
        } else if ((in_event || name == "METHOD") &&
                   (line.starts_with(name + ":") || line.starts_with(name + ";"))) {
            out.push_back(line);
        }
    }
    return out;
}

std::string one(const std::string& text, const std::string& name) {
    const auto found = properties(text, name);
    EXPECT_EQ(found.size(), 1u) << name << " in\n" << text;
    return found.empty() ? std::string() : found[0];
}

itip_invitation invitation(domain::registration_status status, domain::attendance_mode mode) {
    itip_invitation i;
    i.meeting = kickoff();
    i.meeting.sequence = 3;
    i.organizer_email = "traffpunkt@skr.example";
    i.organizer_name = "SKR:s nätverk";
    i.attendee_email = "asa.oberg@kalmar.example";
    i.attendee_name = "Åsa Öberg";
    i.status = status;
    i.mode = mode;
    i.dtstamp = at("2022-10-05T07:00:00Z");
    return i;
}

TEST(Itip, RequestCarriesOrganizerAttendeeAndTheFeedsUidAndSequence) {
    const auto text = render_itip(
        network_options(),
        invitation(domain::registration_status::confirmed, domain::attendance_mode::in_person));
    EXPECT_EQ(one(text, "METHOD"), "METHOD:REQUEST");
    auto m = kickoff();
    m.sequence = 3;
    const auto feed = render_calendar(network_options(), {{m, std::nullopt, false}});
    EXPECT_EQ(one(text, "UID"), one(feed, "UID"));
    EXPECT_EQ(one(text, "SEQUENCE"), one(feed, "SEQUENCE"));
    EXPECT_EQ(one(text, "SEQUENCE"), "SEQUENCE:3");
    EXPECT_EQ(one(text, "DTSTART"), one(feed, "DTSTART"));
    EXPECT_EQ(one(text, "DTSTAMP"), "DTSTAMP:20221005T070000Z");
    EXPECT_EQ(one(text, "STATUS"), "STATUS:CONFIRMED");
    const auto organizer = one(text, "ORGANIZER");
    EXPECT_NE(organizer.find("mailto:traffpunkt@skr.example"), std::string::npos) << organizer;
    EXPECT_NE(organizer.find("CN="), std::string::npos) << organizer;
    const auto attendee = one(text, "ATTENDEE");
    EXPECT_NE(attendee.find("PARTSTAT=ACCEPTED"), std::string::npos) << attendee;
    EXPECT_NE(attendee.find("RSVP=FALSE"), std::string::npos) << attendee;
    EXPECT_NE(attendee.find("mailto:asa.oberg@kalmar.example"), std::string::npos) << attendee;
    // The zone the event uses, once.
    EXPECT_EQ(text.find("BEGIN:VTIMEZONE"), text.rfind("BEGIN:VTIMEZONE"));
    EXPECT_NE(text.find("TZID:Europe/Stockholm"), std::string::npos);
}

TEST(Itip, WaitlistedIsTentative) {
    const auto text = render_itip(
        network_options(),
        invitation(domain::registration_status::waitlisted, domain::attendance_mode::in_person));
    EXPECT_NE(one(text, "ATTENDEE").find("PARTSTAT=TENTATIVE"), std::string::npos);
    EXPECT_EQ(one(text, "STATUS"), "STATUS:TENTATIVE");
}

TEST(Itip, InPersonGetsThePlaceAndNoOnlineLink) {
    const auto text = render_itip(
        network_options(),
        invitation(domain::registration_status::confirmed, domain::attendance_mode::in_person));
    EXPECT_NE(one(text, "LOCATION").find("Hornsgatan 20"), std::string::npos);
    EXPECT_EQ(text.find("meet.example.se"), std::string::npos) << text;
    EXPECT_TRUE(properties(text, "CONFERENCE").empty());
}

TEST(Itip, RemoteGetsTheOnlineLinkAsLocation) {
    const auto text = render_itip(
        network_options(),
        invitation(domain::registration_status::confirmed, domain::attendance_mode::remote));
    EXPECT_EQ(one(text, "LOCATION"), "LOCATION:https://meet.example.se/medborgarbudget-kickoff");
    EXPECT_EQ(properties(text, "CONFERENCE").size(), 1u);
    EXPECT_NE(one(text, "DESCRIPTION").find("meet.example.se"), std::string::npos);
}

TEST(Itip, CancelIsCancelledWithTheSameUid) {
    auto i = invitation(domain::registration_status::confirmed, domain::attendance_mode::in_person);
    i.method = itip_method::cancel;
    const auto text = render_itip(network_options(), i);
    EXPECT_EQ(one(text, "METHOD"), "METHOD:CANCEL");
    EXPECT_EQ(one(text, "STATUS"), "STATUS:CANCELLED");
    EXPECT_EQ(one(text, "UID"), "UID:meeting-1@traffpunkt.example.se");
    EXPECT_EQ(one(text, "SEQUENCE"), "SEQUENCE:3");
    EXPECT_NE(one(text, "ATTENDEE").find("PARTSTAT=DECLINED"), std::string::npos);
}

TEST(Itip, NamesCannotStartLinesOfTheirOwn) {
    auto i = invitation(domain::registration_status::confirmed, domain::attendance_mode::in_person);
    i.attendee_name = "Eve\r\nATTENDEE:mailto:mallory@evil.example";
    i.organizer_name = "Org\nMETHOD:PUBLISH";
    const auto text = render_itip(network_options(), i);
    EXPECT_EQ(properties(text, "ATTENDEE").size(), 1u) << text;
    EXPECT_EQ(properties(text, "METHOD").size(), 1u) << text;
    for (std::size_t p = text.find('\n'); p != std::string::npos; p = text.find('\n', p + 1)) {
        EXPECT_EQ(text[p - 1], '\r');
    }
}

}  // namespace
}  // namespace traffpunkt::ical
