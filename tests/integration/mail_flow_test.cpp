// Mail through a real SMTP server on loopback (PROTOCOL.md "Mail"): register, waitlist, promote,
// change the meeting, cancel. The right mails arrive once each, in order per person; their
// calendar parts, read by python3-icalendar and ical.js, are iTIP REQUEST/CANCEL with the network
// feed's UID and SEQUENCE, the right PARTSTAT and the right place or link.
#include "mail_capture.hpp"

namespace traffpunkt::integration {
namespace {

using namespace mail;

/** A person made by the coordinator, with the address their mail goes to. */
struct someone {
    std::int64_t person_id = 0;
    std::string token;
    std::string email;
};

class MailFlow : public integration_fixture {
  public:
    static void SetUpTestSuite() {
        capture_ = std::make_unique<smtp_capture>();
        start_shared(smtp_env(*capture_));
    }
    static void TearDownTestSuite() {
        integration_fixture::TearDownTestSuite();
        capture_.reset();
    }

  protected:
    static std::unique_ptr<smtp_capture> capture_;

    someone person(ws_client& coordinator, std::string name, std::string language, bool send_link) {
        someone s;
        s.email = unique_name("p") + "@kalmar.example";
        const auto created = result_of(coordinator.call(
            "person.create", {{"name", name},
                              {"email", s.email},
                              {"organisation_id", member_organisation(coordinator)},
                              {"role", "official"},
                              {"language", language},
                              {"send_link", send_link}}));
        s.person_id = int_at(created, "person.person_id");
        s.token = string_at(created, "token");
        EXPECT_EQ(string_at(created, "person.language"), language);
        return s;
    }

    /** Waits until `who` has `n` mails; fails the test (and returns false) otherwise. */
    bool wait_mails(const someone& who, std::size_t n) {
        const bool ok = eventually([&] { return capture_->mails_to(who.email).size() >= n; });
        EXPECT_TRUE(ok) << who.email << " got " << capture_->mails_to(who.email).size()
                        << " mail(s), expected " << n;
        return ok;
    }

    /** The network feed's SEQUENCE of `meeting_id`, as python3-icalendar reads the feed. */
    std::int64_t feed_sequence(std::int64_t network_id, std::int64_t meeting_id) {
        const auto res =
            testing::http_request(server().host(), server().port(), "GET",
                                  "/calendar/network/" + std::to_string(network_id) + ".ics");
        EXPECT_EQ(res.status, 200);
        const auto seq = feed_sequences(res.body, capture_->dir());
        const auto uid = "meeting-" + std::to_string(meeting_id) + "@traffpunkt.local";
        EXPECT_TRUE(seq.contains(uid)) << uid;
        return seq.contains(uid) ? seq.at(uid) : -1;
    }
};

std::unique_ptr<smtp_capture> MailFlow::capture_;

/** The calendar member of a read mail as one parser saw it. */
const json::object& cal(const json::object& mail, const char* parser) {
    return mail.at("calendar").as_object().at(parser).as_object();
}

/** Checks what every mail must be: one recipient, our headers, short CRLF 7-bit lines. */
void expect_well_formed(const json::object& m, const someone& to) {
    SCOPED_TRACE(text_at(m, "file"));
    ASSERT_EQ(m.at("to").as_array().size(), 1u);
    EXPECT_EQ(text_at(m.at("to").as_array()[0].as_object(), "address"), to.email);
    EXPECT_TRUE(m.at("cc").as_array().empty());
    EXPECT_TRUE(m.at("bcc").as_array().empty());
    EXPECT_EQ(text_at(m.at("from").as_array()[0].as_object(), "address"), "traffpunkt@skr.example");
    EXPECT_EQ(text_at(m.at("from").as_array()[0].as_object(), "name"),
              "SKR:s nätverk för medborgarbudget");
    EXPECT_EQ(text_at(m, "auto_submitted"), "auto-generated");
    EXPECT_TRUE(text_at(m, "message_id").starts_with("<traffpunkt."));
    EXPECT_TRUE(text_at(m, "message_id").ends_with("@skr.example>"));
    EXPECT_LE(int_at(m, "raw.max_line"), 78);
    EXPECT_TRUE(find_path(m, "raw.all_crlf")->as_bool());
    EXPECT_TRUE(find_path(m, "raw.seven_bit")->as_bool());
    const auto& rcpt = m.at("envelope").as_object().at("rcpt_tos").as_array();
    ASSERT_EQ(rcpt.size(), 1u);
    EXPECT_EQ(rcpt[0].as_string(), to.email);
    EXPECT_EQ(m.at("envelope").as_object().at("mail_from").as_string(), "traffpunkt@skr.example");
}

/** Both parsers read the same iTIP request or cancel with the feed's UID and SEQUENCE. */
void expect_itip(const json::object& m, std::string_view method, std::int64_t meeting_id,
                 std::int64_t sequence, std::string_view partstat, const someone& to) {
    SCOPED_TRACE(text_at(m, "file") + " " + text_at(m, "subject"));
    ASSERT_TRUE(m.at("calendar").is_object()) << "no text/calendar part";
    EXPECT_EQ(text_at(m, "calendar.content_method"), method);
    EXPECT_TRUE(m.at("attachment_same").as_bool()) << "invite.ics differs from the inline part";
    for (const char* parser : {"icalendar", "icaljs"}) {
        SCOPED_TRACE(parser);
        const auto& c = cal(m, parser);
        EXPECT_EQ(text_at(c, "method"), method);
        EXPECT_EQ(text_at(c, "uid"), "meeting-" + std::to_string(meeting_id) + "@traffpunkt.local");
        EXPECT_EQ(int_at(c, "sequence"), sequence);
        EXPECT_EQ(text_at(c, "organizer"), "mailto:traffpunkt@skr.example");
        const auto& attendees = c.at("attendees").as_array();
        ASSERT_EQ(attendees.size(), 1u);
        EXPECT_EQ(text_at(attendees[0].as_object(), "address"), "mailto:" + to.email);
        EXPECT_EQ(text_at(attendees[0].as_object(), "partstat"), partstat);
        if (method == "CANCEL") {
            EXPECT_EQ(text_at(c, "status"), "CANCELLED");
        }
    }
}

TEST_F(MailFlow, RegistrationsAndMeetingChangesMailEachPersonOnceInOrder) {
    auto coordinator = connect_coordinator();
    auto args = open_meeting(1, "hybrid", 1, {});
    args["venue"] = "Sveriges Kommuner och Regioner";
    args["address"] = "Hornsgatan 20, Stockholm";
    const auto meeting_id = create_published(*coordinator, args);
    const auto anna = person(*coordinator, "Anna Lindqvist", "en", false);
    const auto bertil = person(*coordinator, "Bertil Åström", "sv", true);
    const auto cecilia = person(*coordinator, "Cecilia Öberg", "sv", false);
    ASSERT_TRUE(wait_mails(bertil, 1));  // the personal link of person.create
    const auto register_as = [&](const someone& who, const char* mode) {
        return result_of(coordinator->call(
            "registration.create",
            {{"meeting_id", meeting_id}, {"mode", mode}, {"person_id", who.person_id}}));
    };
    // Each step waits for its mails: a mail still queued when a newer one about the same meeting
    // comes would be dropped as superseded (tested elsewhere), not what this test is about.
    const auto anna_reg = register_as(anna, "in_person");
    EXPECT_EQ(string_at(anna_reg, "registration.status"), "confirmed");
    ASSERT_TRUE(wait_mails(anna, 1));
    const auto seq_registered = feed_sequence(1, meeting_id);
    EXPECT_EQ(string_at(register_as(bertil, "in_person"), "registration.status"), "waitlisted");
    EXPECT_EQ(string_at(register_as(cecilia, "remote"), "registration.status"), "confirmed");
    ASSERT_TRUE(wait_mails(bertil, 2));
    ASSERT_TRUE(wait_mails(cecilia, 1));

    // Anna cancels herself: she gets the CANCEL, Bertil her seat.
    auto as_anna = connect_with(anna.token);
    result_of(
        as_anna->call("registration.cancel",
                      {{"registration_id", int_at(anna_reg, "registration.registration_id")}}));
    ASSERT_TRUE(wait_mails(anna, 2));
    ASSERT_TRUE(wait_mails(bertil, 3));

    // The meeting moves an hour: both registered get a REQUEST with the higher SEQUENCE.
    result_of(coordinator->call("meeting.update", {{"meeting_id", meeting_id},
                                                   {"starts_at", "2030-03-12T10:00:00+01:00"},
                                                   {"ends_at", "2030-03-12T16:00:00+01:00"}}));
    ASSERT_TRUE(wait_mails(bertil, 4));
    ASSERT_TRUE(wait_mails(cecilia, 2));
    const auto seq_moved = feed_sequence(1, meeting_id);
    EXPECT_GT(seq_moved, seq_registered);

    // A new venue matters to Bertil (in person), not to Cecilia (remote).
    result_of(coordinator->call("meeting.update",
                                {{"meeting_id", meeting_id}, {"venue", "Kalmar slott"}}));
    ASSERT_TRUE(wait_mails(bertil, 5));
    const auto seq_venue = feed_sequence(1, meeting_id);

    result_of(coordinator->call("meeting.cancel", {{"meeting_id", meeting_id}}));
    ASSERT_TRUE(wait_mails(bertil, 6));
    ASSERT_TRUE(wait_mails(cecilia, 3));
    const auto seq_cancelled = feed_sequence(1, meeting_id);
    // Nothing else comes: give the mailer a moment to send anything it still had.
    std::this_thread::sleep_for(std::chrono::milliseconds(600));

    const auto a = read_mails(capture_->mails_to(anna.email));
    const auto b = read_mails(capture_->mails_to(bertil.email));
    const auto c = read_mails(capture_->mails_to(cecilia.email));
    ASSERT_EQ(a.size(), 2u);
    ASSERT_EQ(b.size(), 6u);
    ASSERT_EQ(c.size(), 3u);
    for (const auto& m : a) {
        expect_well_formed(m, anna);
        EXPECT_EQ(text_at(m, "content_language"), "en");
    }
    for (const auto& m : b) {
        expect_well_formed(m, bertil);
        EXPECT_EQ(text_at(m, "content_language"), "sv");
    }
    for (const auto& m : c) {
        expect_well_formed(m, cecilia);
    }

    // Anna (English, in person): confirmed, then cancelled.
    EXPECT_TRUE(text_at(a[0], "subject").starts_with("You are registered: "))
        << text_at(a[0], "subject");
    expect_itip(a[0], "REQUEST", meeting_id, seq_registered, "ACCEPTED", anna);
    EXPECT_NE(text_at(cal(a[0], "icalendar"), "location").find("Hornsgatan 20"), std::string::npos);
    EXPECT_EQ(text_at(a[0], "text").find("meet.example.se"), std::string::npos)
        << "an in-person participant's mail has no online link";
    EXPECT_EQ(text_at(cal(a[0], "icaljs"), "description").find("meet.example.se"),
              std::string::npos);
    EXPECT_TRUE(text_at(a[1], "subject").starts_with("Registration cancelled: "));
    expect_itip(a[1], "CANCEL", meeting_id, seq_registered, "DECLINED", anna);

    // Bertil (Swedish): link, waitlisted (TENTATIVE, place 1), promoted, two changes, cancelled.
    EXPECT_TRUE(b[0].at("calendar").is_null());
    EXPECT_NE(text_at(b[0], "text").find("/#/me?token="), std::string::npos);
    EXPECT_TRUE(text_at(b[1], "subject").starts_with("Du står på väntelistan: "));
    EXPECT_NE(text_at(b[1], "text").find("nummer 1 på väntelistan"), std::string::npos);
    expect_itip(b[1], "REQUEST", meeting_id, seq_registered, "TENTATIVE", bertil);
    EXPECT_EQ(text_at(cal(b[1], "icalendar"), "status"), "TENTATIVE");
    EXPECT_TRUE(text_at(b[2], "subject").starts_with("Du har fått en plats: "));
    expect_itip(b[2], "REQUEST", meeting_id, seq_registered, "ACCEPTED", bertil);
    EXPECT_EQ(text_at(cal(b[2], "icalendar"), "status"), "CONFIRMED");
    EXPECT_TRUE(text_at(b[3], "subject").starts_with("Ändrad träff: "));
    EXPECT_NE(text_at(b[3], "text").find("tiden"), std::string::npos);
    expect_itip(b[3], "REQUEST", meeting_id, seq_moved, "ACCEPTED", bertil);
    for (const char* parser : {"icalendar", "icaljs"}) {
        EXPECT_EQ(text_at(cal(b[3], parser), "start_utc"), "2030-03-12T09:00:00Z") << parser;
    }
    expect_itip(b[4], "REQUEST", meeting_id, seq_venue, "ACCEPTED", bertil);
    EXPECT_NE(text_at(cal(b[4], "icaljs"), "location").find("Kalmar slott"), std::string::npos);
    EXPECT_TRUE(text_at(b[5], "subject").starts_with("Inställd träff: "));
    expect_itip(b[5], "CANCEL", meeting_id, seq_cancelled, "DECLINED", bertil);
    // A promotion has the SEQUENCE of the waitlist mail: its later DTSTAMP says it is newer.
    for (std::size_t i = 2; i < b.size(); ++i) {
        EXPECT_GT(text_at(cal(b[i], "icalendar"), "dtstamp"),
                  text_at(cal(b[i - 1], "icalendar"), "dtstamp"))
            << "mail " << i;
    }

    // Cecilia (remote): the online link is her place; she got no venue change.
    expect_itip(c[0], "REQUEST", meeting_id, seq_registered, "ACCEPTED", cecilia);
    for (const char* parser : {"icalendar", "icaljs"}) {
        EXPECT_EQ(text_at(cal(c[0], parser), "location"), "https://meet.example.se/rum-17")
            << parser;
    }
    EXPECT_NE(text_at(c[0], "text").find("https://meet.example.se/rum-17"), std::string::npos);
    expect_itip(c[1], "REQUEST", meeting_id, seq_moved, "ACCEPTED", cecilia);
    expect_itip(c[2], "CANCEL", meeting_id, seq_cancelled, "DECLINED", cecilia);

    // Every Message-ID once, and the outbox says sent for each.
    std::set<std::string> ids;
    for (const auto* list : {&a, &b, &c}) {
        for (const auto& m : *list) {
            EXPECT_TRUE(ids.insert(text_at(m, "message_id")).second) << text_at(m, "message_id");
        }
    }
    const auto listed = result_of(coordinator->call("mail.list", {{"meeting_id", meeting_id}}));
    std::size_t sent = 0;
    for (const auto& v : listed.at("mails").as_array()) {
        const auto& m = v.as_object();
        if (string_at(m, "status") == "sent") {
            ++sent;
            EXPECT_TRUE(ids.contains("<" + string_at(m, "message_id") + ">"))
                << string_at(m, "message_id");
            EXPECT_NE(string_at(m, "last_reply").find("250"), std::string::npos);
        }
    }
    EXPECT_EQ(sent, 10u) << json::serialize(listed);  // all but Bertil's link (no meeting)
}

// The coordinator's view: the last mail per registration, only when asked for, only for them.
TEST_F(MailFlow, RegistrationListShowsTheLastMailToCoordinators) {
    auto coordinator = connect_coordinator();
    const auto meeting_id = create_published(*coordinator, open_meeting(1, "hybrid", {}, {}));
    const auto dora = person(*coordinator, "Dora Dahl", "sv", false);
    result_of(coordinator->call(
        "registration.create",
        {{"meeting_id", meeting_id}, {"mode", "remote"}, {"person_id", dora.person_id}}));
    ASSERT_TRUE(wait_mails(dora, 1));
    ASSERT_TRUE(eventually([&] {
        const auto listed = result_of(
            coordinator->call("registration.list", {{"meeting_id", meeting_id}, {"mail", true}}));
        const auto* status =
            find_path(listed.at("registrations").as_array()[0].as_object(), "last_mail.status");
        return status != nullptr && status->as_string() == "sent";
    }));
    const auto listed = result_of(
        coordinator->call("registration.list", {{"meeting_id", meeting_id}, {"mail", true}}));
    const auto& reg = listed.at("registrations").as_array()[0].as_object();
    EXPECT_EQ(string_at(reg, "last_mail.kind"), "registration_confirmed");
    EXPECT_EQ(string_at(reg, "last_mail.recipient"), dora.email);
    EXPECT_TRUE(string_at(reg, "last_mail.subject").starts_with("Du är anmäld: "));
    // Without `mail` the registration is as before.
    const auto plain =
        result_of(coordinator->call("registration.list", {{"meeting_id", meeting_id}}));
    EXPECT_FALSE(plain.at("registrations").as_array()[0].as_object().contains("last_mail"));
    // Nobody else may ask for it.
    auto as_dora = connect_with(dora.token);
    EXPECT_EQ(error_code(
                  as_dora->call("registration.list", {{"meeting_id", meeting_id}, {"mail", true}})),
              "forbidden");
    EXPECT_EQ(error_code(as_dora->call("mail.list", {})), "forbidden");
}

// The person chooses the language of their next mails.
TEST_F(MailFlow, ThePersonSetsTheLanguageOfTheirMail) {
    auto coordinator = connect_coordinator();
    const auto erik = person(*coordinator, "Erik Ek", "sv", false);
    auto as_erik = connect_with(erik.token);
    const auto changed = result_of(as_erik->call("person.set_language", {{"language", "en"}}));
    EXPECT_EQ(string_at(changed, "person.language"), "en");
    EXPECT_EQ(string_at(result_of(as_erik->call("person.get", {{"person_id", erik.person_id}})),
                        "person.language"),
              "en");
    const auto meeting_id = create_published(*coordinator, open_meeting(1, "digital", {}, {}));
    result_of(
        as_erik->call("registration.create", {{"meeting_id", meeting_id}, {"mode", "remote"}}));
    ASSERT_TRUE(wait_mails(erik, 1));
    const auto m = read_mails(capture_->mails_to(erik.email));
    EXPECT_TRUE(text_at(m[0], "subject").starts_with("You are registered: "));
    EXPECT_EQ(text_at(m[0], "content_language"), "en");
    // Not someone else's, and only sv or en.
    const auto other = person(*coordinator, "Frida Fors", "sv", false);
    EXPECT_EQ(error_code(as_erik->call("person.set_language",
                                       {{"person_id", other.person_id}, {"language", "en"}})),
              "forbidden");
    EXPECT_EQ(error_field(as_erik->call("person.set_language", {{"language", "de"}})), "language");
    EXPECT_EQ(error_field(coordinator->call("person.set_language", {{"language", "en"}})),
              "person_id");
}

}  // namespace
}  // namespace traffpunkt::integration
