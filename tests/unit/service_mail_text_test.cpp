// What the mails say (mail_text): Swedish by default, English on request, times in the
// meeting's own zone as the calendars show them, and the parts each kind of mail must have.
#include <gtest/gtest.h>

#include "mail/mail_text.hpp"
#include "support/test_instant.hpp"

namespace traffpunkt::service {
namespace {

using test::at;

domain::meeting mail_kickoff() {
    domain::meeting m;
    m.meeting_id = 1;
    m.title = "Första nätverksträffen";
    m.starts_at = at("2022-11-25T10:00:00+01:00");
    m.ends_at = at("2022-11-25T16:00:00+01:00");
    m.format = domain::meeting_format::hybrid;
    m.venue = "SKR";
    m.address = "Hornsgatan 20, Stockholm";
    m.online_url = "https://meet.example.se/kickoff";
    m.status = domain::meeting_status::published;
    return m;
}

mail_text_input input(mail_kind kind, domain::person_language language) {
    mail_text_input in;
    in.kind = kind;
    in.language = language;
    in.name = "Åsa Öberg";
    in.meeting = mail_kickoff();
    in.meeting_url = "https://traffpunkt.example.se/#/meetings/1";
    in.my_page_url = "https://traffpunkt.example.se/#/me";
    return in;
}

TEST(MailText, TimesAreLocalInSwedishAndEnglish) {
    const auto m = mail_kickoff();
    EXPECT_EQ(meeting_time_text(m.starts_at, m.ends_at, m.zone, domain::person_language::sv),
              "fredag 25 november 2022 kl. 10.00–16.00");
    EXPECT_EQ(meeting_time_text(m.starts_at, m.ends_at, m.zone, domain::person_language::en),
              "Friday 25 November 2022, 10:00–16:00 (Swedish time)");
    // Summer time: 09:00 local is 07:00 UTC on 30 March 2031.
    EXPECT_EQ(meeting_time_text(at("2031-03-30T07:00:00Z"), at("2031-03-30T10:00:00Z"),
                                "Europe/Stockholm", domain::person_language::sv),
              "söndag 30 mars 2031 kl. 09.00–12.00");
    // Over several days, and in another zone.
    EXPECT_EQ(meeting_time_text(at("2023-05-10T07:30:00Z"), at("2023-05-11T13:00:00Z"),
                                "Europe/Helsinki", domain::person_language::sv),
              "onsdag 10 maj 2023 kl. 10.30 – torsdag 11 maj 2023 kl. 16.00 (tid i "
              "Europe/Helsinki)");
}

TEST(MailText, ConfirmationInPersonHasThePlaceAndNoLink) {
    const auto t =
        compose_mail(input(mail_kind::registration_confirmed, domain::person_language::sv));
    EXPECT_EQ(t.subject, "Du är anmäld: Första nätverksträffen");
    EXPECT_TRUE(t.body.starts_with("Hej Åsa Öberg!\n"));
    EXPECT_NE(t.body.find("Plats: SKR, Hornsgatan 20, Stockholm"), std::string::npos);
    EXPECT_EQ(t.body.find("meet.example.se"), std::string::npos);
    EXPECT_NE(t.body.find("https://traffpunkt.example.se/#/meetings/1"), std::string::npos);
}

TEST(MailText, RemoteGetsTheLinkOnlyWithASeat) {
    auto in = input(mail_kind::registration_confirmed, domain::person_language::en);
    in.mode = domain::attendance_mode::remote;
    auto t = compose_mail(in);
    EXPECT_EQ(t.subject, "You are registered: Första nätverksträffen");
    EXPECT_NE(t.body.find("Join online: https://meet.example.se/kickoff"), std::string::npos);
    in.kind = mail_kind::registration_waitlisted;
    in.status = domain::registration_status::waitlisted;
    in.position = 4;
    t = compose_mail(in);
    EXPECT_EQ(t.subject, "You are on the waiting list: Första nätverksträffen");
    EXPECT_NE(t.body.find("number 4 on the waiting list"), std::string::npos);
    EXPECT_EQ(t.body.find("meet.example.se"), std::string::npos)
        << "the online link is for those with a seat";
}

TEST(MailText, EveryKindHasItsSubjectInBothLanguages) {
    const std::vector<std::pair<mail_kind, std::pair<const char*, const char*>>> subjects{
        {mail_kind::registration_promoted, {"Du har fått en plats: ", "You have a seat: "}},
        {mail_kind::registration_cancelled, {"Avbokad anmälan: ", "Registration cancelled: "}},
        {mail_kind::meeting_changed, {"Ändrad träff: ", "Meeting changed: "}},
        {mail_kind::meeting_cancelled, {"Inställd träff: ", "Meeting cancelled: "}},
        {mail_kind::reminder, {"Påminnelse: ", "Reminder: "}},
    };
    for (const auto& [kind, pair] : subjects) {
        EXPECT_TRUE(
            compose_mail(input(kind, domain::person_language::sv)).subject.starts_with(pair.first))
            << pair.first;
        EXPECT_TRUE(
            compose_mail(input(kind, domain::person_language::en)).subject.starts_with(pair.second))
            << pair.second;
    }
}

TEST(MailText, AChangeSaysWhatChangedAndWhatItWas) {
    auto in = input(mail_kind::meeting_changed, domain::person_language::sv);
    in.changes = {"time", "place"};
    meeting_before before;
    before.starts_at = at("2022-11-24T10:00:00+01:00");
    before.ends_at = at("2022-11-24T16:00:00+01:00");
    before.venue = "Kalmar slott";
    in.previous = before;
    const auto t = compose_mail(in);
    EXPECT_NE(t.body.find("Träffen är ändrad: tiden, platsen."), std::string::npos) << t.body;
    EXPECT_NE(t.body.find("Tidigare: torsdag 24 november 2022 kl. 10.00–16.00"), std::string::npos)
        << t.body;
    EXPECT_NE(t.body.find("Platsen var: Kalmar slott"), std::string::npos) << t.body;
}

TEST(MailText, ALinkMailCarriesTheLinkAndSaysOldOnesStillWork) {
    mail_text_input in;
    in.kind = mail_kind::personal_link;
    in.name = "Åsa";
    in.personal_link = "https://traffpunkt.example.se/#/me?token=abc";
    const auto t = compose_mail(in);
    EXPECT_EQ(t.subject, "Din personliga länk till Träffpunkt");
    EXPECT_NE(t.body.find("https://traffpunkt.example.se/#/me?token=abc"), std::string::npos);
    EXPECT_NE(t.body.find("Länkar du fått tidigare fungerar fortfarande"), std::string::npos);
}

}  // namespace
}  // namespace traffpunkt::service
