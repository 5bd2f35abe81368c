// Mail when things go wrong (PROTOCOL.md "Mail", delivery): a recipient refused for good (5xx)
// or for now (4xx), the SMTP server down for 10 s, the server killed while mails are queued and in
// flight, STARTTLS with AUTH (and what happens without them), and names, titles and addresses
// that try to add headers or recipients.
#include "mail_capture.hpp"

#include <set>

namespace traffpunkt::integration {
namespace {

using namespace mail;

const std::string refused = "refused@kalmar.example";
const std::string busy = "busy@kalmar.example";

/** Creates a person (no link mail) and returns {person_id, token}. */
person_with_token quiet_person(ws_client& coordinator, const std::string& email,
                               const std::string& name = "Test Testsson") {
    const auto created = result_of(
        coordinator.call("person.create", {{"name", name},
                                           {"email", email},
                                           {"organisation_id", member_organisation(coordinator)},
                                           {"role", "official"},
                                           {"send_link", false}}));
    return {int_at(created, "person.person_id"), string_at(created, "token")};
}

std::int64_t register_for(ws_client& coordinator, std::int64_t meeting_id, std::int64_t person_id,
                          const char* mode = "remote") {
    return int_at(result_of(coordinator.call(
                      "registration.create",
                      {{"meeting_id", meeting_id}, {"mode", mode}, {"person_id", person_id}})),
                  "registration.registration_id");
}

/** The outbox rows of one registration, as mail.list shows them. */
json::array mails_of(ws_client& coordinator, std::int64_t registration_id) {
    return result_of(coordinator.call("mail.list", {{"registration_id", registration_id}}))
        .at("mails")
        .as_array();
}

class MailFaults : public integration_fixture {
  public:
    static void SetUpTestSuite() {
        smtp_capture::options o;
        o.reject = {refused};
        o.tempfail = {busy};
        capture_ = std::make_unique<smtp_capture>(o);
        start_shared(smtp_env(*capture_));
    }
    static void TearDownTestSuite() {
        integration_fixture::TearDownTestSuite();
        capture_.reset();
    }

  protected:
    static std::unique_ptr<smtp_capture> capture_;
};

std::unique_ptr<smtp_capture> MailFaults::capture_;

TEST_F(MailFaults, APermanentRefusalIsRecordedAndOthersAreNotHeldUp) {
    auto coordinator = connect_coordinator();
    const auto meeting_id = create_published(*coordinator, open_meeting(1, "digital", {}, {}));
    const auto bad = quiet_person(*coordinator, refused);
    const std::string good_email = unique_name("good") + "@kalmar.example";
    const auto good = quiet_person(*coordinator, good_email);
    const auto bad_reg = register_for(*coordinator, meeting_id, bad.person_id);
    register_for(*coordinator, meeting_id, good.person_id);
    ASSERT_TRUE(eventually([&] { return capture_->mails_to(good_email).size() == 1; }));
    ASSERT_TRUE(eventually([&] {
        const auto m = mails_of(*coordinator, bad_reg);
        return !m.empty() && string_at(m[0].as_object(), "status") == "failed";
    }));
    const auto failed = mails_of(*coordinator, bad_reg)[0].as_object();
    EXPECT_NE(string_at(failed, "last_reply").find("550"), std::string::npos)
        << json::serialize(failed);
    EXPECT_EQ(int_at(failed, "attempts"), 1) << "a 5xx is not retried";
    EXPECT_TRUE(capture_->mails_to(refused).empty());
    // Listed with the failed ones, and shown with the registration.
    const auto listed = result_of(coordinator->call("mail.list", {{"status", "failed"}}));
    bool found = false;
    for (const auto& m : listed.at("mails").as_array()) {
        found = found || int_at(m.as_object(), "mail_id") == int_at(failed, "mail_id");
    }
    EXPECT_TRUE(found);
    const auto regs = result_of(
        coordinator->call("registration.list", {{"meeting_id", meeting_id}, {"mail", true}}));
    for (const auto& r : regs.at("registrations").as_array()) {
        if (int_at(r.as_object(), "registration_id") == bad_reg) {
            EXPECT_EQ(string_at(r.as_object(), "last_mail.status"), "failed");
        }
    }
    // A resend is a new mail (a new Message-ID) pointing at the failed one.
    const auto resent =
        result_of(coordinator->call("mail.resend", {{"mail_id", int_at(failed, "mail_id")}}));
    EXPECT_EQ(int_at(resent, "mail.resend_of"), int_at(failed, "mail_id"));
    EXPECT_NE(string_at(resent, "mail.message_id"), string_at(failed, "message_id"));
    EXPECT_EQ(error_code(coordinator->call("mail.resend", {{"mail_id", 999999999}})), "not_found");
}

TEST_F(MailFaults, ATemporaryRefusalIsRetriedNotFailed) {
    auto coordinator = connect_coordinator();
    const auto meeting_id = create_published(*coordinator, open_meeting(1, "digital", {}, {}));
    const auto person = quiet_person(*coordinator, busy);
    const auto reg = register_for(*coordinator, meeting_id, person.person_id);
    ASSERT_TRUE(eventually([&] {
        const auto m = mails_of(*coordinator, reg);
        return !m.empty() && int_at(m[0].as_object(), "attempts") >= 2;
    }));
    const auto m = mails_of(*coordinator, reg)[0].as_object();
    EXPECT_NE(string_at(m, "status"), "failed");
    EXPECT_NE(string_at(m, "status"), "sent");
    EXPECT_NE(string_at(m, "last_reply").find("451"), std::string::npos) << json::serialize(m);
    // Still queued: a resend now would only make a second copy.
    EXPECT_EQ(error_code(coordinator->call("mail.resend", {{"mail_id", int_at(m, "mail_id")}})),
              "conflict");
}

TEST_F(MailFaults, MailsWaitWhileTheServerIsDownAndGoOutAfter) {
    auto coordinator = connect_coordinator();
    const auto meeting_id = create_published(*coordinator, open_meeting(1, "digital", {}, {}));
    capture_->stop();
    std::vector<std::string> addresses;
    std::vector<std::int64_t> registrations;
    for (int i = 0; i < 3; ++i) {
        addresses.push_back(unique_name("down") + "@kalmar.example");
        const auto p = quiet_person(*coordinator, addresses.back());
        registrations.push_back(register_for(*coordinator, meeting_id, p.person_id));
    }
    // Wait until the mailer has tried and met the closed port (the first mail's last_reply says
    // so; the others wait behind the pause), not for a fixed time: then nothing may be lost.
    EXPECT_TRUE(eventually([&] {
        for (const auto reg : registrations) {
            const auto m = mails_of(*coordinator, reg);
            const auto* reply = m.empty() ? nullptr : m[0].as_object().if_contains("last_reply");
            if (reply != nullptr && reply->is_string() && !reply->as_string().empty()) {
                return true;
            }
        }
        return false;
    }));
    for (const auto reg : registrations) {
        const auto m = mails_of(*coordinator, reg);
        ASSERT_EQ(m.size(), 1u);
        EXPECT_EQ(string_at(m[0].as_object(), "status"), "queued") << json::serialize(m);
    }
    capture_->start();
    for (const auto& address : addresses) {
        EXPECT_TRUE(eventually([&] { return capture_->mails_to(address).size() == 1; })) << address;
    }
    for (const auto reg : registrations) {
        EXPECT_TRUE(eventually([&] {
            return string_at(mails_of(*coordinator, reg)[0].as_object(), "status") == "sent";
        }));
    }
}

// The attack: names, titles and places with what would add a header or a recipient in a naive
// mailer. Each mail has exactly its one recipient, in To and in the envelope, and no Cc/Bcc.
TEST_F(MailFaults, NamesAndTitlesCannotAddHeadersOrRecipients) {
    auto coordinator = connect_coordinator();
    // Control characters never get in at all (one-line text).
    EXPECT_EQ(error_field(coordinator->call("person.create",
                                            {{"name", "Eve\r\nBcc: victim@evil.example"},
                                             {"email", unique_name("eve") + "@kalmar.example"},
                                             {"organisation_id", member_organisation(*coordinator)},
                                             {"role", "official"}})),
              "name");
    auto args = open_meeting(1, "hybrid", {}, {});
    args["title"] = "Träff =?UTF-8?B?QmNjOiB4QGV2aWwuZXhhbXBsZQ==?=, <x@evil.example>; \"Bcc: y\"";
    args["venue"] = "Sal 1, <z@evil.example>";
    const auto meeting_id = create_published(*coordinator, args);
    const std::string email = unique_name("eve") + "@kalmar.example";
    const std::string name =
        "Eve =?UTF-8?B?TWFsbG9yeQ==?= \"Mallory\" <mallory@evil.example>, trudy@evil.example; Bcc:";
    const auto eve = quiet_person(*coordinator, email, name);
    register_for(*coordinator, meeting_id, eve.person_id, "in_person");
    ASSERT_TRUE(eventually([&] { return capture_->mails_to(email).size() == 1; }));
    const auto m = read_mails(capture_->mails_to(email))[0];
    ASSERT_EQ(m.at("to").as_array().size(), 1u) << json::serialize(m.at("to"));
    EXPECT_EQ(string_at(m.at("to").as_array()[0].as_object(), "address"), email);
    // Python's address parser keeps the folding space between adjacent encoded words of a
    // display name, which RFC 2047 (6.2) says to drop: compare without spaces.
    const auto squeezed = [](std::string t) {
        std::erase(t, ' ');
        return t;
    };
    EXPECT_EQ(squeezed(string_at(m.at("to").as_array()[0].as_object(), "name")), squeezed(name));
    EXPECT_TRUE(m.at("cc").as_array().empty());
    EXPECT_TRUE(m.at("bcc").as_array().empty());
    EXPECT_EQ(int_at(m, "header_counts.to"), 1);
    EXPECT_EQ(int_at(m, "header_counts.subject"), 1);
    EXPECT_FALSE(m.at("header_counts").as_object().contains("bcc"));
    EXPECT_EQ(string_at(m, "subject"), "Du är anmäld: " + std::string(args["title"].as_string()));
    const auto& rcpt = m.at("envelope").as_object().at("rcpt_tos").as_array();
    ASSERT_EQ(rcpt.size(), 1u);
    EXPECT_EQ(rcpt[0].as_string(), email);
    for (const auto* evil : {"x@evil.example", "y@evil.example", "z@evil.example",
                             "mallory@evil.example", "trudy@evil.example"}) {
        EXPECT_TRUE(capture_->mails_to(evil).empty()) << evil;
    }
}

TEST_F(MailFaults, InvalidAddressesAreRefusedWhenAPersonIsMade) {
    auto coordinator = connect_coordinator();
    const auto org = member_organisation(*coordinator);
    for (const std::string bad :
         {"a@kalmar.example\r\nBcc: x@evil.example", "a@kalmar.example, b@evil.example",
          "A <a@kalmar.example>", "åsa@kalmar.example", "a@kalmar", "a b@kalmar.example",
          "a@[127.0.0.1]", "\"a\"@kalmar.example", "a@kalmar.example;b@evil.example"}) {
        const auto answer = coordinator->call(
            "person.create",
            {{"name", "N N"}, {"email", bad}, {"organisation_id", org}, {"role", "official"}});
        EXPECT_EQ(error_code(answer), "invalid_args") << bad;
        EXPECT_EQ(error_field(answer), "email") << bad;
    }
    // Self-registration applies the same rule to person.email.
    const auto code = string_at(
        result_of(coordinator->call("org.invitation.rotate", {{"organisation_id", org}})), "code");
    const auto meeting_id = create_published(*coordinator, open_meeting(1, "digital", {}, {}));
    const auto answer = connect_public()->call(
        "registration.create",
        {{"meeting_id", meeting_id},
         {"mode", "remote"},
         {"invitation", code},
         {"person",
          {{"name", "N N"}, {"email", "x@kalmar.example, y@evil.example"}, {"role", "official"}}}});
    EXPECT_EQ(error_code(answer), "invalid_args");
    EXPECT_EQ(error_field(answer), "person.email");
}

// STARTTLS with a certificate made here and AUTH: the mail goes over TLS as the configured
// user; with a wrong password, or to a server without STARTTLS, it does not go at all.
TEST(MailTls, StartTlsAndAuthOrNothing) {
    const auto scratch = fs::temp_directory_path() / unique_name("traffpunkt-smtp-tls");
    const auto cert = make_certificate(scratch);
    smtp_capture::options o;
    o.starttls = cert;
    o.auth = "mailer:s3cret-pass";
    smtp_capture tls_capture(o);
    smtp_capture plain_capture;
    std::ofstream(scratch / "good") << "mailer:s3cret-pass\n";
    std::ofstream(scratch / "bad") << "mailer:wrong\n";
    const auto server_for = [&](const smtp_capture& capture, const char* credentials) {
        auto env = smtp_env(capture);
        env["TRAFFPUNKT_MAIL_REQUIRE_TLS"] = "true";
        env["TRAFFPUNKT_MAIL_CA_FILE"] = cert.cert.string();
        if (credentials != nullptr) {
            env["TRAFFPUNKT_MAIL_CREDENTIALS_FILE"] = (scratch / credentials).string();
        }
        return start_server(env);
    };
    auto good = server_for(tls_capture, "good");
    auto bad = server_for(tls_capture, "bad");
    auto no_tls = server_for(plain_capture, nullptr);
    const auto send_one = [](server_process& proc, const std::string& email) {
        auto coordinator = connect_to(proc, bearer(proc.create_token("coordinator")));
        const auto meeting_id = create_published(*coordinator, open_meeting(1, "digital", {}, {}));
        const auto p = quiet_person(*coordinator, email);
        const auto reg = register_for(*coordinator, meeting_id, p.person_id);
        return std::make_pair(std::move(coordinator), reg);
    };
    const auto [good_c, good_reg] = send_one(*good, "tls@kalmar.example");
    const auto [bad_c, bad_reg] = send_one(*bad, "badauth@kalmar.example");
    const auto [plain_c, plain_reg] = send_one(*no_tls, "notls@kalmar.example");
    ASSERT_TRUE(eventually([&] { return tls_capture.mails_to("tls@kalmar.example").size() == 1; }));
    const auto mail = tls_capture.mails_to("tls@kalmar.example")[0];
    EXPECT_TRUE(mail.tls);
    EXPECT_EQ(mail.auth_user, "mailer");
    // The others keep trying and never deliver; what went wrong is recorded, not the password.
    ASSERT_TRUE(eventually([&] {
        const auto m = mails_of(*bad_c, bad_reg);
        return !m.empty() && int_at(m[0].as_object(), "attempts") >= 1 &&
               !string_at(m[0].as_object(), "last_reply").empty();
    }));
    ASSERT_TRUE(eventually([&] {
        const auto m = mails_of(*plain_c, plain_reg);
        return !m.empty() && int_at(m[0].as_object(), "attempts") >= 1 &&
               !string_at(m[0].as_object(), "last_reply").empty();
    }));
    const auto bad_mail = mails_of(*bad_c, bad_reg)[0].as_object();
    EXPECT_EQ(string_at(bad_mail, "status"), "queued") << json::serialize(bad_mail);
    EXPECT_NE(string_at(bad_mail, "last_reply").find("535"), std::string::npos)
        << json::serialize(bad_mail);
    EXPECT_EQ(string_at(bad_mail, "last_reply").find("wrong"), std::string::npos);
    const auto plain_mail = mails_of(*plain_c, plain_reg)[0].as_object();
    EXPECT_EQ(string_at(plain_mail, "status"), "queued") << json::serialize(plain_mail);
    EXPECT_TRUE(tls_capture.mails_to("badauth@kalmar.example").empty());
    EXPECT_TRUE(plain_capture.mails().empty()) << "nothing may go without STARTTLS";
    EXPECT_EQ(bad->log().find("wrong"), std::string::npos) << "a password in the log";
    std::error_code ec;
    fs::remove_all(scratch, ec);
}

// SIGKILL while mails are queued and in flight: after the restart every mail of a committed
// change arrives, each outbox row as one Message-ID. At-least-once: the one mail whose 250 came
// just before the kill, before its record, may arrive twice, and then byte for byte the same.
TEST(MailCrash, KilledWhileSendingEveryCommittedMailArrivesOnce) {
    // A slow server (80 ms per message): the kill comes while mails are queued and one is in
    // flight, most likely inside the window between the server taking it and our record.
    smtp_capture::options slow;
    slow.delay_ms = 80;
    smtp_capture capture(slow);
    auto proc = start_server(smtp_env(capture));
    auto coordinator = connect_to(*proc, bearer(proc->create_token("coordinator")));
    const auto meeting_id = create_published(*coordinator, open_meeting(1, "digital", {}, {}));
    constexpr int people = 30;
    std::vector<std::pair<std::int64_t, std::string>> who;
    for (int i = 0; i < people; ++i) {
        const auto email = unique_name("crash") + "@kalmar.example";
        who.emplace_back(quiet_person(*coordinator, email).person_id, email);
    }
    // All registrations at once; every answer is a committed registration with a queued mail.
    for (int i = 0; i < people; ++i) {
        coordinator->send_text(request_frame(
            i + 1, "registration.create",
            {{"meeting_id", meeting_id}, {"mode", "remote"}, {"person_id", who[i].first}}));
    }
    const auto answers = answers_to(*coordinator, people, std::chrono::seconds(20));
    for (const auto& [re, answer] : answers) {
        ASSERT_TRUE(answer.contains("result")) << json::serialize(answer);
    }
    ASSERT_TRUE(eventually([&] { return capture.mails().size() >= 3; }));
    proc->kill9();
    const auto at_kill = capture.mails().size();
    EXPECT_LT(at_kill, static_cast<std::size_t>(people)) << "the kill came too late to matter";
    proc->restart();
    std::map<std::string, std::vector<captured>> by_address;
    ASSERT_TRUE(eventually(
        [&] {
            by_address.clear();
            for (auto& m : capture.mails()) {
                by_address[m.rcpt_tos.at(0)].push_back(m);
            }
            return std::all_of(who.begin(), who.end(),
                               [&](const auto& w) { return by_address.contains(w.second); });
        },
        std::chrono::seconds(30)))
        << capture.mails().size() << " of " << people << " arrived";
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // anything more on its way
    const auto all = read_mails(capture.mails());
    std::map<std::string, std::vector<const json::object*>> by_id;
    for (const auto& m : all) {
        by_id[text_at(m, "message_id")].push_back(&m);
    }
    std::size_t doubled = 0;
    for (const auto& [id, copies] : by_id) {
        if (copies.size() > 1) {
            ++doubled;
            EXPECT_EQ(copies.size(), 2u) << id;
            EXPECT_EQ(read_text(text_at(*copies[0], "file")),
                      read_text(text_at(*copies[1], "file")))
                << "a mail sent again after the crash must be the same message";
        }
    }
    EXPECT_LE(doubled, 1u) << "only the one mail between its 250 and its record may come twice";
    // One Message-ID (one outbox row) per person: never two different messages for one change.
    for (const auto& [person, email] : who) {
        std::set<std::string> ids;
        for (const auto& m : all) {
            if (text_at(m.at("to").as_array()[0].as_object(), "address") == email) {
                ids.insert(text_at(m, "message_id"));
            }
        }
        EXPECT_EQ(ids.size(), 1u) << email;
    }
}

}  // namespace
}  // namespace traffpunkt::integration
