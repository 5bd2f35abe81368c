// Personal links by mail and reminders, with the default file transport (mail.transport =
// "file": data_dir/outbox-sent/<id>.eml). "Send me my link" answers the same, as fast, whether
// the address is known or not, and is limited per address and per source; a mailed link works
// and the old one too. Reminders go once, to registrations made in time, with the online link
// for remote participants only.
#include <sqlite3.h>

#include <ctime>

#include "mail_capture.hpp"

namespace traffpunkt::integration {
namespace {

using namespace mail;

std::vector<fs::path> sent_files(server_process& proc) {
    std::vector<fs::path> files;
    const auto folder = fs::path(proc.data_dir()) / "outbox-sent";
    if (!fs::exists(folder)) {
        return files;
    }
    for (const auto& entry : fs::directory_iterator(folder)) {
        const auto name = entry.path().filename().string();
        if (name.ends_with(".eml") && !name.starts_with(".")) {
            files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
        return std::stol(a.stem().string()) < std::stol(b.stem().string());
    });
    return files;
}

/** The files of the mails to `address` (its To header names it), in the order written. */
std::vector<fs::path> files_to(server_process& proc, const std::string& address) {
    std::vector<fs::path> out;
    for (const auto& f : sent_files(proc)) {
        const auto text = read_text(f);
        const auto head = text.substr(0, text.find("\r\n\r\n"));
        for (std::size_t at = head.find("\r\nTo: "); at != std::string::npos;
             at = head.find("\r\nTo: ", at + 1)) {
            const auto end = head.find("\r\n", at + 2);
            auto field = head.substr(at, end == std::string::npos ? std::string::npos : end - at);
            // A long To header is folded onto the next line.
            if (end != std::string::npos && end + 2 < head.size() && head[end + 2] == '\t') {
                field += head.substr(end, head.find("\r\n", end + 2) - end);
            }
            if (field.find("<" + address + ">") != std::string::npos) {
                out.push_back(f);
            }
        }
    }
    return out;
}

/** The mails written so far to `address`, read by read_mail.py. */
std::vector<json::object> mails_to(server_process& proc, const std::string& address) {
    return read_mails(files_to(proc, address));
}

/** The token of the personal link in a mail's text (`.../#/me?token=...`). */
std::string token_in(const json::object& mail) {
    const auto text = text_at(mail, "text");
    const auto at = text.find("/#/me?token=");
    if (at == std::string::npos) {
        return {};
    }
    const auto start = at + std::string("/#/me?token=").size();
    return text.substr(start, text.find_first_of(" \n", start) - start);
}

std::string person_email(ws_client& coordinator, std::string& email, bool send_link,
                         std::int64_t* id = nullptr, std::string* token = nullptr) {
    email = unique_name("link") + "@kalmar.example";
    const auto created = result_of(
        coordinator.call("person.create", {{"name", "Åsa Öberg"},
                                           {"email", email},
                                           {"organisation_id", member_organisation(coordinator)},
                                           {"role", "elected"},
                                           {"send_link", send_link}}));
    if (id != nullptr) {
        *id = int_at(created, "person.person_id");
    }
    if (token != nullptr) {
        *token = string_at(created, "token");
    }
    return email;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

class MailLinks : public integration_fixture {
  public:
    static void SetUpTestSuite() {
        start_shared({{"TRAFFPUNKT_MAIL_POLL_INTERVAL_MS", "100"},
                      {"TRAFFPUNKT_MAIL_SEND_LINK_PER_ADDRESS_PER_HOUR", "3"},
                      {"TRAFFPUNKT_MAIL_SEND_LINK_PER_SOURCE_PER_HOUR", "1000"},
                      {"TRAFFPUNKT_MAIL_REMINDER_CHECK_S", "1"},
                      {"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "10000"},
                      {"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "10000"}});
    }
};

TEST_F(MailLinks, SendLinkAnswersTheSameAndAsFastForKnownAndUnknownAddresses) {
    auto coordinator = connect_coordinator();
    constexpr int rounds = 15;
    std::vector<std::string> known(rounds);
    std::vector<std::string> old_tokens(rounds);
    for (int i = 0; i < rounds; ++i) {
        person_email(*coordinator, known[i], false, nullptr, &old_tokens[i]);
    }
    auto stranger = connect_public();
    std::vector<double> known_ms;
    std::vector<double> unknown_ms;
    std::set<std::string> answers;
    const auto ask = [&](const std::string& email, std::vector<double>& times) {
        const auto start = std::chrono::steady_clock::now();
        auto answer = stranger->call("person.send_link", {{"email", email}});
        times.push_back(
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                .count());
        answer.erase("re");
        answers.insert(json::serialize(answer));
    };
    // Interleaved, so that the machine's load falls on both alike.
    for (int i = 0; i < rounds; ++i) {
        ask(known[i], known_ms);
        ask(unique_name("nobody") + "@kalmar.example", unknown_ms);
    }
    ASSERT_EQ(answers.size(), 1u) << "the answers differ";
    EXPECT_EQ(*answers.begin(), R"({"result":{"accepted":true}})");
    // The answer comes before the lookup: a known address (whose mail takes a database write and
    // its fsync) is not slower. Medians of interleaved calls; the bound is far below one fsync
    // and far above loopback jitter.
    EXPECT_LT(median(known_ms), median(unknown_ms) + 2.0)
        << "known " << median(known_ms) << " ms, unknown " << median(unknown_ms) << " ms";
    // Each known address gets a new link that works, and the old one still works.
    for (int i = 0; i < rounds; ++i) {
        ASSERT_TRUE(eventually([&] { return files_to(server(), known[i]).size() == 1; }))
            << known[i];
    }
    for (int i : {0, rounds - 1}) {
        const auto mail = mails_to(server(), known[i])[0];
        EXPECT_TRUE(text_at(mail, "subject").starts_with("Din personliga länk"));
        const auto token = token_in(mail);
        ASSERT_FALSE(token.empty()) << text_at(mail, "text");
        EXPECT_NE(token, old_tokens[i]);
        const auto who = result_of(connect_public()->call("auth", {{"token", token}}));
        EXPECT_EQ(string_at(who, "person.email"), known[i]);
        EXPECT_TRUE(connect_public()->call("auth", {{"token", old_tokens[i]}}).contains("result"))
            << "an older link must keep working";
    }
    // Nothing went to the unknown addresses (every file is to a known one).
    for (auto& m : read_mails(sent_files(server()))) {
        const auto to = text_at(m.at("to").as_array()[0].as_object(), "address");
        EXPECT_FALSE(to.starts_with("nobody")) << to;
    }
}

TEST_F(MailLinks, TheLimitPerAddressCountsKnownAndUnknownAlike) {
    auto coordinator = connect_coordinator();
    std::string known;
    person_email(*coordinator, known, false);
    const std::string unknown = unique_name("nobody") + "@kalmar.example";
    auto stranger = connect_public();
    for (const auto& email : {known, unknown}) {
        for (int i = 0; i < 3; ++i) {
            EXPECT_TRUE(stranger->call("person.send_link", {{"email", email}}).contains("result"));
        }
        // Typed in another case, it is the same address.
        std::string upper = email;
        upper[0] = static_cast<char>(std::toupper(upper[0]));
        const auto refused = stranger->call("person.send_link", {{"email", upper}});
        EXPECT_EQ(error_code(refused), "rate_limited") << email;
        EXPECT_EQ(string_at(refused, "error.message"),
                  "too many link requests for this e-mail address; try again later");
        // The wait is until the first of the three leaves the hour: just under an hour.
        const auto wait = int_at(refused, "error.details.retry_after_ms");
        EXPECT_GT(wait, 3'500'000) << email;
        EXPECT_LE(wait, 3'600'000) << email;
    }
    EXPECT_EQ(error_field(stranger->call("person.send_link", {{"email", "not an address"}})),
              "email");
    EXPECT_EQ(error_field(stranger->call("person.send_link", {})), "email");
}

TEST_F(MailLinks, CreatingAPersonAndResendingMailTheLink) {
    auto coordinator = connect_coordinator();
    std::string email;
    std::int64_t id = 0;
    std::string token;
    person_email(*coordinator, email, true, &id, &token);
    ASSERT_TRUE(eventually([&] { return files_to(server(), email).size() == 1; }));
    EXPECT_EQ(token_in(mails_to(server(), email)[0]), token) << "the link of person.create";
    const auto resent = result_of(coordinator->call("person.resend_link", {{"person_id", id}}));
    EXPECT_EQ(string_at(resent, "mail.kind"), "personal_link");
    ASSERT_TRUE(eventually([&] { return files_to(server(), email).size() == 2; }));
    const auto second = token_in(mails_to(server(), email)[1]);
    EXPECT_NE(second, token);
    for (const auto& t : {token, second}) {
        EXPECT_TRUE(connect_public()->call("auth", {{"token", t}}).contains("result"));
    }
    // The token is kept only until the mail is sent: mail.list never shows one, and the row
    // has no message any more.
    const auto listed = result_of(coordinator->call("mail.list", {{"person_id", id}}));
    EXPECT_EQ(json::serialize(listed).find(second), std::string::npos);
    EXPECT_EQ(error_code(coordinator->call("person.resend_link", {{"person_id", 999999999}})),
              "not_found");
    EXPECT_EQ(error_code(connect_public()->call("person.resend_link", {{"person_id", id}})),
              "forbidden");
}

std::string rfc3339_in(std::chrono::minutes from_now) {
    const auto t =
        std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + from_now);
    std::tm utc{};
    gmtime_r(&t, &utc);
    char buffer[32];
    std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:00Z", &utc);
    return buffer;
}

/** Moves registrations' registered_at back in time in the server's database (time passing). */
void registered_days_ago(server_process& proc, const std::vector<std::int64_t>& ids, int days) {
    sqlite3* db = nullptr;
    const auto path = fs::path(proc.data_dir()) / "traffpunkt.sqlite3";
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    for (const auto id : ids) {
        const auto sql = "UPDATE registrations SET registered_at = registered_at - " +
                         std::to_string(days * 86400) +
                         " WHERE registration_id = " + std::to_string(id);
        EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
            << sqlite3_errmsg(db);
    }
    sqlite3_close(db);
}

TEST_F(MailLinks, RemindersGoOnceToRegistrationsMadeInTime) {
    auto coordinator = connect_coordinator();
    auto args = open_meeting(1, "hybrid", {}, {});
    args["starts_at"] = rfc3339_in(std::chrono::minutes(180));
    args["ends_at"] = rfc3339_in(std::chrono::minutes(300));
    args["venue"] = "Kalmar slott";
    args.erase("registration_closes");
    const auto meeting_id = create_published(*coordinator, args);
    std::string remote, in_person, late;
    std::int64_t remote_id = 0, in_person_id = 0, late_id = 0;
    person_email(*coordinator, remote, false, &remote_id);
    person_email(*coordinator, in_person, false, &in_person_id);
    person_email(*coordinator, late, false, &late_id);
    const auto reg = [&](std::int64_t person, const char* mode) {
        return int_at(result_of(coordinator->call(
                          "registration.create",
                          {{"meeting_id", meeting_id}, {"mode", mode}, {"person_id", person}})),
                      "registration.registration_id");
    };
    const auto r1 = reg(remote_id, "remote");
    const auto r2 = reg(in_person_id, "in_person");
    reg(late_id, "remote");  // registered 3 hours before the start: no reminder
    for (const auto& email : {remote, in_person, late}) {
        ASSERT_TRUE(eventually([&] { return files_to(server(), email).size() == 1; }));
    }
    registered_days_ago(server(), {r1, r2}, 2);
    for (const auto& email : {remote, in_person}) {
        ASSERT_TRUE(eventually([&] { return files_to(server(), email).size() == 2; })) << email;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // two more reminder rounds
    const auto r = mails_to(server(), remote);
    const auto p = mails_to(server(), in_person);
    ASSERT_EQ(r.size(), 2u) << "a reminder once";
    ASSERT_EQ(p.size(), 2u) << "a reminder once";
    EXPECT_EQ(files_to(server(), late).size(), 1u);
    EXPECT_TRUE(text_at(r[1], "subject").starts_with("Påminnelse: ")) << text_at(r[1], "subject");
    EXPECT_NE(text_at(r[1], "text").find("https://meet.example.se/rum-17"), std::string::npos);
    EXPECT_TRUE(text_at(p[1], "subject").starts_with("Påminnelse: "));
    EXPECT_EQ(text_at(p[1], "text").find("meet.example.se"), std::string::npos)
        << "the online link is for remote participants only";
    EXPECT_NE(text_at(p[1], "text").find("Kalmar slott"), std::string::npos);
}

// The per-source limit, in a server of its own so that the count is this test's alone.
class MailLinkSource : public integration_fixture {
  public:
    static void SetUpTestSuite() {
        start_shared({{"TRAFFPUNKT_MAIL_SEND_LINK_PER_SOURCE_PER_HOUR", "5"}});
    }
};

TEST_F(MailLinkSource, OneSourceGetsAtMostItsLimitWhateverTheAddresses) {
    auto stranger = connect_public();
    for (int i = 0; i < 5; ++i) {
        EXPECT_TRUE(
            stranger
                ->call("person.send_link", {{"email", unique_name("nobody") + "@kalmar.example"}})
                .contains("result"));
    }
    const auto refused =
        stranger->call("person.send_link", {{"email", unique_name("nobody") + "@kalmar.example"}});
    EXPECT_EQ(error_code(refused), "rate_limited");
    EXPECT_GT(int_at(refused, "error.details.retry_after_ms"), 0);
    // Another connection from the same address does not start over.
    EXPECT_EQ(error_code(connect_public()->call("person.send_link",
                                                {{"email", "anna.lindqvist@example.se"}})),
              "rate_limited");
}

}  // namespace
}  // namespace traffpunkt::integration
