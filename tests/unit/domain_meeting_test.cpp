#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "support/test_instant.hpp"
#include "traffpunkt/domain/meeting.hpp"

namespace traffpunkt::domain {
namespace {

using namespace std::chrono;

using test::at;

/** The first meeting of SKR's network, 25 November 2022 in Stockholm. */
meeting first_meeting() {
    meeting m;
    m.meeting_id = 1;
    m.network_id = 1;
    m.title = "Nätverksträff 1: uppstart";
    m.description = "Vi träffas på SKR.\nLunch ingår.";
    m.starts_at = at("2022-11-25T10:00:00+01:00");
    m.ends_at = at("2022-11-25T16:00:00+01:00");
    m.format = meeting_format::hybrid;
    m.venue = "SKR, Hornsgatan 20";
    m.address = "Hornsgatan 20, Stockholm";
    m.online_url = "https://teams.example.com/l/meetup-join/abc";
    m.capacity_in_person = 40;
    m.capacity_remote = 100;
    m.registration_opens = at("2022-10-01T00:00:00Z");
    m.registration_closes = at("2022-11-18T23:59:00+01:00");
    m.cost_note = "Deltagarna står för sina egna kostnader.";
    return m;
}

TEST(MeetingFormat, RoundTripsNames) {
    EXPECT_EQ(to_string(meeting_format::in_person), "in_person");
    EXPECT_EQ(to_string(meeting_format::digital), "digital");
    EXPECT_EQ(to_string(meeting_format::hybrid), "hybrid");
    for (const auto f :
         {meeting_format::in_person, meeting_format::digital, meeting_format::hybrid}) {
        EXPECT_EQ(parse_meeting_format(to_string(f)), f);
    }
    EXPECT_FALSE(parse_meeting_format("in-person"));
    EXPECT_FALSE(parse_meeting_format(""));
}

TEST(MeetingStatus, RoundTripsNames) {
    EXPECT_EQ(to_string(meeting_status::draft), "draft");
    EXPECT_EQ(to_string(meeting_status::published), "published");
    EXPECT_EQ(to_string(meeting_status::cancelled), "cancelled");
    for (const auto s :
         {meeting_status::draft, meeting_status::published, meeting_status::cancelled}) {
        EXPECT_EQ(parse_meeting_status(to_string(s)), s);
    }
    EXPECT_FALSE(parse_meeting_status("canceled"));
}

TEST(MeetingValidate, AcceptsFirstMeeting) {
    EXPECT_FALSE(validate(first_meeting()));
    EXPECT_EQ(first_meeting().zone, "Europe/Stockholm");
}

TEST(MeetingValidate, AcceptsMinimalMeeting) {
    meeting m;
    m.network_id = 1;
    m.title = "T";
    m.starts_at = at("2023-03-01T09:00:00Z");
    m.ends_at = m.starts_at + minutes{1};
    EXPECT_FALSE(validate(m));
}

/** Validates `m` and returns the field of the error, or "" when valid. */
std::string failing_field(const meeting& m) {
    const auto error = validate(m);
    if (!error) {
        return "";
    }
    EXPECT_EQ(error->what, rule_error::kind::invalid_value);
    EXPECT_FALSE(error->message.empty());
    return error->field;
}

TEST(MeetingValidate, RefusesBadTexts) {
    auto m = first_meeting();
    m.title = "";
    EXPECT_EQ(failing_field(m), "title");
    m = first_meeting();
    m.title = "Träff\r\nEND:VEVENT";
    EXPECT_EQ(failing_field(m), "title");
    m = first_meeting();
    m.description = std::string(20001, 'x');
    EXPECT_EQ(failing_field(m), "description");
    m = first_meeting();
    m.description = "CRLF must be normalised first\r\n";
    EXPECT_EQ(failing_field(m), "description");
    m = first_meeting();
    m.venue = std::string(201, 'v');
    EXPECT_EQ(failing_field(m), "venue");
    m = first_meeting();
    m.address = "Hornsgatan\n20";
    EXPECT_EQ(failing_field(m), "address");
    m = first_meeting();
    m.cost_note = std::string(2001, 'c');
    EXPECT_EQ(failing_field(m), "cost_note");
    m = first_meeting();
    m.venue.clear();
    m.address.clear();
    m.cost_note.clear();
    EXPECT_EQ(failing_field(m), "");
}

TEST(MeetingValidate, RefusesBadOnlineUrl) {
    auto m = first_meeting();
    m.online_url = "javascript:alert(1)";
    EXPECT_EQ(failing_field(m), "online_url");
    m.online_url = "https://teams example";
    EXPECT_EQ(failing_field(m), "online_url");
    m.online_url.clear();
    EXPECT_EQ(failing_field(m), "");
}

TEST(MeetingValidate, RefusesEndNotAfterStart) {
    auto m = first_meeting();
    m.ends_at = m.starts_at;
    const auto error = validate(m);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->field, "ends_at");
    EXPECT_EQ(error->message, "ends_at must be after starts_at");
    m.ends_at = m.starts_at - hours{1};
    EXPECT_EQ(failing_field(m), "ends_at");
}

TEST(MeetingValidate, LimitsDurationToFourteenDays) {
    auto m = first_meeting();
    m.registration_opens.reset();
    m.registration_closes.reset();
    m.ends_at = m.starts_at + days{14};
    EXPECT_EQ(failing_field(m), "");
    m.ends_at += seconds{1};
    EXPECT_EQ(failing_field(m), "ends_at");
}

TEST(MeetingValidate, RefusesUnknownZone) {
    auto m = first_meeting();
    m.zone = "Europe/Nowhere";
    EXPECT_EQ(failing_field(m), "zone");
    m.zone = "../etc/passwd";
    EXPECT_EQ(failing_field(m), "zone");
    m.zone = "";
    EXPECT_EQ(failing_field(m), "zone");
    m.zone = "UTC";
    EXPECT_EQ(failing_field(m), "");
}

TEST(MeetingValidate, ChecksCapacities) {
    auto m = first_meeting();
    m.capacity_in_person = -1;
    EXPECT_EQ(failing_field(m), "capacity_in_person");
    m.capacity_in_person = 100001;
    EXPECT_EQ(failing_field(m), "capacity_in_person");
    m.capacity_in_person = 100000;
    EXPECT_EQ(failing_field(m), "");
    m.capacity_remote = -5;
    EXPECT_EQ(failing_field(m), "capacity_remote");
    m.capacity_remote = 0;  // no remote option
    EXPECT_EQ(failing_field(m), "");
    m.capacity_in_person.reset();
    m.capacity_remote.reset();
    EXPECT_EQ(failing_field(m), "");
}

TEST(MeetingValidate, ChecksRegistrationWindow) {
    auto m = first_meeting();
    m.registration_closes = m.registration_opens;
    EXPECT_EQ(failing_field(m), "registration_closes");
    m = first_meeting();
    m.registration_closes = m.ends_at;
    EXPECT_EQ(failing_field(m), "");
    m.registration_closes = m.ends_at + seconds{1};
    EXPECT_EQ(failing_field(m), "registration_closes");
    m = first_meeting();
    m.registration_closes.reset();
    m.registration_opens = m.ends_at;
    EXPECT_EQ(failing_field(m), "registration_opens");
    m = first_meeting();
    m.registration_opens.reset();
    EXPECT_EQ(failing_field(m), "");
}

TEST(MeetingValidate, RefusesMissingNetworkAndBadEnums) {
    auto m = first_meeting();
    m.network_id = 0;
    EXPECT_EQ(failing_field(m), "network_id");
    m = first_meeting();
    m.format = static_cast<meeting_format>(9);
    EXPECT_EQ(failing_field(m), "format");
    m = first_meeting();
    m.status = static_cast<meeting_status>(9);
    EXPECT_EQ(failing_field(m), "status");
    m = first_meeting();
    m.sequence = -1;
    EXPECT_EQ(failing_field(m), "sequence");
}

TEST(MeetingTransitions, PublishesDraftOnce) {
    auto m = first_meeting();
    m.sequence = 2;
    EXPECT_FALSE(publish(m));
    EXPECT_EQ(m.status, meeting_status::published);
    EXPECT_EQ(m.sequence, 2);
    const auto error = publish(m);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->what, rule_error::kind::invalid_transition);
    EXPECT_EQ(error->message, "only a draft meeting can be published");
    EXPECT_EQ(m.status, meeting_status::published);
}

TEST(MeetingTransitions, RefusesPublishingCancelledMeeting) {
    auto m = first_meeting();
    ASSERT_FALSE(cancel(m));
    const auto sequence = m.sequence;
    const auto error = publish(m);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->what, rule_error::kind::invalid_transition);
    EXPECT_EQ(error->message, "meeting is cancelled");
    EXPECT_EQ(m.status, meeting_status::cancelled);
    EXPECT_EQ(m.sequence, sequence);
}

TEST(MeetingTransitions, CancelsDraftOrPublishedAndBumpsSequence) {
    auto draft = first_meeting();
    EXPECT_FALSE(cancel(draft));
    EXPECT_EQ(draft.status, meeting_status::cancelled);
    EXPECT_EQ(draft.sequence, 1);

    auto published = first_meeting();
    ASSERT_FALSE(publish(published));
    EXPECT_FALSE(cancel(published));
    EXPECT_EQ(published.status, meeting_status::cancelled);
    EXPECT_EQ(published.sequence, 1);
}

TEST(MeetingTransitions, RefusesCancellingTwice) {
    auto m = first_meeting();
    ASSERT_FALSE(cancel(m));
    const auto error = cancel(m);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->what, rule_error::kind::invalid_transition);
    EXPECT_EQ(m.sequence, 1);
}

TEST(MeetingTransitions, CancelledMeetingIsReadOnly) {
    auto m = first_meeting();
    EXPECT_FALSE(can_edit(m));
    ASSERT_FALSE(publish(m));
    EXPECT_FALSE(can_edit(m));
    ASSERT_FALSE(cancel(m));
    const auto error = can_edit(m);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->what, rule_error::kind::invalid_transition);
}

TEST(CalendarVisibleChange, DetectsEachVisibleField) {
    const auto before = first_meeting();
    EXPECT_FALSE(calendar_visible_change(before, before));

    const auto changed = [&](auto edit) {
        auto after = before;
        edit(after);
        return calendar_visible_change(before, after);
    };
    EXPECT_TRUE(changed([](meeting& m) { m.title += "!"; }));
    EXPECT_TRUE(changed([](meeting& m) { m.description += "!"; }));
    EXPECT_TRUE(changed([](meeting& m) { m.starts_at -= hours{1}; }));
    EXPECT_TRUE(changed([](meeting& m) { m.ends_at += hours{1}; }));
    EXPECT_TRUE(changed([](meeting& m) { m.zone = "Europe/Helsinki"; }));
    EXPECT_TRUE(changed([](meeting& m) { m.format = meeting_format::digital; }));
    EXPECT_TRUE(changed([](meeting& m) { m.venue = "Kalmar"; }));
    EXPECT_TRUE(changed([](meeting& m) { m.address = "Storgatan 1"; }));
    EXPECT_TRUE(changed([](meeting& m) { m.online_url = "https://zoom.example/j/1"; }));
    EXPECT_TRUE(changed([](meeting& m) { m.cost_note = "Gratis."; }));
    EXPECT_TRUE(changed([](meeting& m) { m.status = meeting_status::published; }));
}

TEST(CalendarVisibleChange, IgnoresInvisibleFields) {
    const auto before = first_meeting();
    const auto changed = [&](auto edit) {
        auto after = before;
        edit(after);
        return calendar_visible_change(before, after);
    };
    EXPECT_FALSE(changed([](meeting& m) { m.capacity_in_person = 10; }));
    EXPECT_FALSE(changed([](meeting& m) { m.capacity_remote.reset(); }));
    EXPECT_FALSE(changed([](meeting& m) { m.registration_closes.reset(); }));
    EXPECT_FALSE(changed([](meeting& m) { m.updated_at += hours{1}; }));
    EXPECT_FALSE(changed([](meeting& m) { m.sequence += 1; }));
}

}  // namespace
}  // namespace traffpunkt::domain
