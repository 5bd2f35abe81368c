// Personal data (issue 20, PROTOCOL.md "Personal data"): the register extract, erasure down to
// the bytes of the database files, retention with a later date, the access log, and data
// minimisation (public streams, feeds and the log carry no e-mail, needs or token).

#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

std::string file_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/** A participant with a confirmed in-person registration carrying needs. */
struct registered {
    person_with_token person;
    std::string name;
    std::string email;
    std::int64_t registration_id = 0;
};

class PersonalData : public integration_fixture {
  protected:
    static testing::http_result get(const std::string& target, const std::string& token = {}) {
        std::map<std::string, std::string> headers;
        if (!token.empty()) {
            headers["Authorization"] = "Bearer " + token;
        }
        return testing::http_request(server().host(), server().port(), "GET", target, headers);
    }

    /** A person with a name and address no other test uses, registered with needs. */
    static registered register_with_needs(ws_client& coordinator, std::int64_t meeting_id,
                                          const std::string& needs) {
        registered r;
        r.name = unique_name("Birgitta Raderasdotter");
        r.person = make_person(coordinator, member_organisation(coordinator), r.name, "elected");
        r.email = string_at(
            result_of(coordinator.call("person.get", {{"person_id", r.person.person_id}})),
            "person.email");
        auto client = connect_with(r.person.token);
        const auto reg = result_of(
            client->call("registration.create", {{"meeting_id", meeting_id},
                                                 {"mode", "in_person"},
                                                 {"dietary_needs", needs},
                                                 {"accessibility_needs", "Hörslinga " + needs}}));
        r.registration_id = int_at(reg, "registration.registration_id");
        return r;
    }

    /** The mails the file transport wrote (the .eml files in data_dir/outbox-sent) that contain `text`. */
    static int mail_files_with(const std::string& text) {
        const auto folder = std::filesystem::path(server().data_dir()) / "outbox-sent";
        int n = 0;
        std::error_code ec;
        for (const auto& f : std::filesystem::directory_iterator(folder, ec)) {
            if (f.path().extension() == ".eml" &&
                file_bytes(f.path().string()).find(text) != std::string::npos) {
                ++n;
            }
        }
        return n;
    }

    /** Waits (at most 10 s) until `count` mails to `email` are written as files. */
    static void wait_for_mail_files(const std::string& email, int count) {
        for (int i = 0; i < 100 && mail_files_with(email) < count; ++i) {
            std::this_thread::sleep_for(100ms);
        }
    }

    /** The server's count of WAL checkpoints (/metrics). */
    static long checkpoints() {
        const auto body = get("/metrics").body;
        const std::string name = "\ntraffpunkt_wal_checkpoints_total ";
        const auto at = body.find(name);
        return at == std::string::npos ? -1 : std::stol(body.substr(at + name.size()));
    }

    /** Waits (at most 5 s) until a checkpoint after `before` ran. */
    static void wait_for_checkpoint(long before) {
        for (int i = 0; i < 50 && checkpoints() <= before; ++i) {
            std::this_thread::sleep_for(100ms);
        }
    }
};

}  // namespace

TEST_F(PersonalData, register_extract_holds_everything_and_is_logged) {
    auto coordinator = connect_coordinator();
    const auto meeting_id = create_published(*coordinator, open_meeting(1, "hybrid", {}, {}));
    const auto r = register_with_needs(*coordinator, meeting_id, "Laktosfri kost");
    auto self = connect_with(r.person.token);

    const auto extract =
        result_of(self->call("person.export", {{"person_id", r.person.person_id}}))["export"]
            .as_object();
    EXPECT_EQ(extract.at("schema").as_string(), "traffpunkt.person-export/1");
    EXPECT_EQ(string_at(extract, "person.name"), r.name);
    EXPECT_EQ(string_at(extract, "person.email"), r.email);
    ASSERT_EQ(extract.at("registrations").as_array().size(), 1u);
    const auto& reg = extract.at("registrations").as_array().front().as_object();
    EXPECT_EQ(string_at(reg, "dietary_needs"), "Laktosfri kost");
    EXPECT_EQ(int_at(reg, "meeting_id"), meeting_id);
    // Tokens with ids and dates, never a secret.
    const auto tokens = extract.at("tokens").as_array();
    ASSERT_FALSE(tokens.empty());
    EXPECT_FALSE(tokens.front().as_object().contains("token"));
    EXPECT_EQ(json::serialize(extract).find(r.person.token), std::string::npos);
    EXPECT_FALSE(extract.at("not_included").as_array().empty());
    // The mails: the personal link and the registration's confirmation, never their text.
    std::set<std::string> kinds;
    for (const auto& m : extract.at("mails").as_array()) {
        EXPECT_EQ(m.at("recipient").as_string(), r.email);
        EXPECT_FALSE(m.as_object().contains("message"));
        EXPECT_FALSE(m.as_object().contains("payload"));
        kinds.insert(std::string(m.at("kind").as_string()));
    }
    EXPECT_TRUE(kinds.count("personal_link"));
    EXPECT_TRUE(kinds.count("registration_confirmed"));

    // Others may not; the coordinator may; the HTTP forms answer the same.
    auto other = connect_with(make_person(*coordinator, member_organisation(*coordinator)).token);
    EXPECT_EQ(error_code(other->call("person.export", {{"person_id", r.person.person_id}})),
              "forbidden");
    EXPECT_EQ(error_code(coordinator->call("person.export", {{"person_id", 99999999}})),
              "not_found");
    const auto path = "/persons/" + std::to_string(r.person.person_id);
    const auto json_file = get(path + "/export.json", r.person.token);
    ASSERT_EQ(json_file.status, 200);
    EXPECT_EQ(json_file.headers.at("cache-control"), "no-store");
    EXPECT_EQ(string_at(json::parse(json_file.body).as_object(), "person.email"), r.email);
    const auto page = get(path + "/export.html", coordinator_token());
    ASSERT_EQ(page.status, 200);
    EXPECT_NE(page.body.find("Registerutdrag"), std::string::npos);
    EXPECT_EQ(get(path + "/export.json").status, 401);
    EXPECT_EQ(get(path + "/export.json", "not-a-token").status, 401);

    // Each read is in the access log (written after the answer), and the extract shows it.
    std::set<std::string> actions;
    ASSERT_TRUE(eventually([&] {
        const auto log = result_of(
            coordinator->call("audit.list", {{"person_id", r.person.person_id}, {"limit", 10}}));
        actions.clear();
        for (const auto& e : log.at("entries").as_array()) {
            actions.insert(std::string(e.at("action").as_string()));
            EXPECT_FALSE(e.at("remote").as_string().empty());
        }
        return actions.size() >= 3;
    })) << "the access log has " << actions.size() << " kinds of read";
    EXPECT_TRUE(actions.count("person.export"));
    EXPECT_TRUE(actions.count("export.json"));
    EXPECT_TRUE(actions.count("export.html"));
    const auto again =
        result_of(self->call("person.export", {{"person_id", r.person.person_id}}))["export"]
            .as_object();
    EXPECT_GE(again.at("access_log").as_array().size(), 3u);
    EXPECT_EQ(error_code(self->call("audit.list", {})), "forbidden");
}

TEST_F(PersonalData, erasure_leaves_no_trace_in_the_files_and_keeps_the_counts) {
    auto coordinator = connect_coordinator();
    const auto meeting_id = create_published(*coordinator, open_meeting(1, "hybrid", {}, {}));
    const std::string needs = unique_name("Glutenfri kost och nötallergi");
    const auto r = register_with_needs(*coordinator, meeting_id, needs);
    const auto other = register_with_needs(*coordinator, meeting_id, "Vegetarisk kost");
    // Rights and history of the person: a named vote, and facilitation with a minutes edit.
    auto self = connect_with(r.person.token);
    const auto poll =
        result_of(coordinator->call("poll.create", {{"meeting_id", meeting_id},
                                                    {"kind", "single"},
                                                    {"question", "Fika före eller efter?"},
                                                    {"options", json::array{"Före", "Efter"}}}));
    const auto poll_id = int_at(poll, "poll.poll_id");
    result_of(coordinator->call("poll.open", {{"poll_id", poll_id}}));
    result_of(self->call("poll.vote", {{"poll_id", poll_id}, {"ballot", {{"option", 2}}}}));
    const auto led = create_published(*coordinator, open_meeting(1, "digital", {}, {}));
    result_of(coordinator->call("meeting.add_facilitator",
                                {{"meeting_id", led}, {"person_id", r.person.person_id}}));
    result_of(self->call("minutes.edit",
                         {{"meeting_id", led}, {"base_version", 0}, {"text", "Anteckningar"}}));
    const auto calendar = string_at(result_of(self->call("calendar.link", {})), "url");
    const auto feed = calendar.substr(calendar.find("/calendar/person/"));
    ASSERT_EQ(get(feed).status, 200);
    const auto stats_before = json::serialize(
        result_of(coordinator->call("meeting.stats", {{"meeting_id", meeting_id}})));
    const auto results_before = json::serialize(
        result_of(coordinator->call("poll.results", {{"poll_id", poll_id}}))["results"]);

    // The confirmation must be the person's address.
    const auto wrong = coordinator->call(
        "person.erase", {{"person_id", r.person.person_id}, {"confirm", "fel@example.se"}});
    EXPECT_EQ(error_code(wrong), "invalid_args");
    EXPECT_EQ(error_field(wrong), "confirm");
    EXPECT_EQ(error_code(self->call("person.erase",
                                    {{"person_id", r.person.person_id}, {"confirm", r.email}})),
              "forbidden");
    // Their mails (personal link, confirmation) are out as files before the erasure.
    wait_for_mail_files(r.email, 2);
    ASSERT_GE(mail_files_with(r.email), 2);
    const long checkpoints_before = checkpoints();
    const auto erased = result_of(coordinator->call(
        "person.erase", {{"person_id", r.person.person_id}, {"confirm", r.email}}));
    EXPECT_EQ(int_at(erased, "registrations"), 1);
    EXPECT_GE(int_at(erased, "mails"), 2);
    EXPECT_EQ(mail_files_with(r.email), 0) << "a mail file still holds the address";
    EXPECT_GT(mail_files_with(other.email), 0);
    EXPECT_TRUE(result_of(coordinator->call("mail.list", {{"person_id", r.person.person_id}}))
                    .at("mails")
                    .as_array()
                    .empty());
    EXPECT_GE(int_at(erased, "tokens"), 1);

    // Open connections end; the token and the calendar link no longer work.
    const auto closed = self->wait_closed(3s);
    ASSERT_TRUE(closed.has_value());
    EXPECT_EQ(closed->code, 4001);
    EXPECT_THROW(connect_with(r.person.token), upgrade_refused);
    EXPECT_EQ(get(feed).status, 404);
    EXPECT_EQ(error_code(coordinator->call("person.get", {{"person_id", r.person.person_id}})),
              "not_found");
    EXPECT_EQ(error_code(coordinator->call(
                  "person.erase", {{"person_id", r.person.person_id}, {"confirm", r.email}})),
              "not_found");
    // Statistics and results add up as before; the other person is untouched.
    EXPECT_EQ(json::serialize(
                  result_of(coordinator->call("meeting.stats", {{"meeting_id", meeting_id}}))),
              stats_before);
    EXPECT_EQ(json::serialize(
                  result_of(coordinator->call("poll.results", {{"poll_id", poll_id}}))["results"]),
              results_before);
    const auto list =
        result_of(coordinator->call("registration.list", {{"meeting_id", meeting_id}}));
    bool other_found = false;
    for (const auto& reg : list.at("registrations").as_array()) {
        const auto text = json::serialize(reg);
        EXPECT_EQ(text.find(r.name), std::string::npos);
        EXPECT_EQ(text.find(needs), std::string::npos);
        other_found = other_found || text.find(other.email) != std::string::npos;
    }
    EXPECT_TRUE(other_found);

    // The bytes: neither the database file nor its WAL holds the name, address or needs.
    wait_for_checkpoint(checkpoints_before);
    const auto base = server().data_dir() + "/traffpunkt.sqlite3";
    const std::string bytes = file_bytes(base) + file_bytes(base + "-wal");
    EXPECT_EQ(bytes.find(r.name), std::string::npos) << "the name is still in the files";
    EXPECT_EQ(bytes.find(r.email), std::string::npos) << "the address is still in the files";
    EXPECT_EQ(bytes.find(needs), std::string::npos) << "the needs are still in the files";
    EXPECT_NE(bytes.find(other.email), std::string::npos);

    // The erasure is in the access log, without the erased data.
    const auto log = result_of(
        coordinator->call("audit.list", {{"person_id", r.person.person_id}, {"limit", 50}}));
    bool logged = false;
    for (const auto& e : log.at("entries").as_array()) {
        const auto text = json::serialize(e);
        EXPECT_EQ(text.find(r.email), std::string::npos);
        EXPECT_EQ(text.find(r.name), std::string::npos);
        logged = logged || e.at("action").as_string() == "person.erase";
    }
    EXPECT_TRUE(logged);
}

TEST_F(PersonalData, retention_clears_needs_then_pseudonymises_and_keeps_counts) {
    auto coordinator = connect_coordinator();
    auto args = open_meeting(1, "in_person", {}, {});
    args["starts_at"] = "2031-05-06T09:00:00+02:00";
    args["ends_at"] = "2031-05-06T16:00:00+02:00";
    args["registration_closes"] = "2031-05-05T00:00:00+02:00";
    const auto meeting_id = create_published(*coordinator, args);
    const std::string needs = unique_name("Halal");
    const auto r = register_with_needs(*coordinator, meeting_id, needs);
    const auto stats = json::serialize(
        result_of(coordinator->call("meeting.stats", {{"meeting_id", meeting_id}})));

    EXPECT_EQ(error_field(coordinator->call("retention.run", {{"as_of", "2020-01-01T00:00:00Z"}})),
              "as_of");
    // Fifteen days after the meeting ended: the needs are gone, the registration stays.
    const auto first =
        result_of(coordinator->call("retention.run", {{"as_of", "2031-05-22T00:00:00Z"}}));
    EXPECT_GE(int_at(first, "needs_cleared"), 1);
    const auto after =
        result_of(coordinator->call("registration.get", {{"registration_id", r.registration_id}}));
    EXPECT_EQ(string_at(after, "registration.dietary_needs"), "");
    EXPECT_EQ(string_at(after, "registration.accessibility_needs"), "");
    EXPECT_EQ(json::serialize(
                  result_of(coordinator->call("meeting.stats", {{"meeting_id", meeting_id}}))),
              stats);
    // Twenty-five months later: the registration is no longer the person's; counts stay.
    const auto second =
        result_of(coordinator->call("retention.run", {{"as_of", "2033-06-10T00:00:00Z"}}));
    EXPECT_GE(int_at(second, "registrations_pseudonymised"), 1);
    const auto mine =
        result_of(coordinator->call("registration.list", {{"person_id", r.person.person_id}}));
    for (const auto& reg : mine.at("registrations").as_array()) {
        EXPECT_NE(reg.at("meeting_id").to_number<std::int64_t>(), meeting_id);
    }
    EXPECT_EQ(json::serialize(
                  result_of(coordinator->call("meeting.stats", {{"meeting_id", meeting_id}}))),
              stats);
    const auto metrics = get("/metrics");
    EXPECT_NE(metrics.body.find("traffpunkt_retention_last_run_timestamp_seconds"),
              std::string::npos);
    EXPECT_EQ(metrics.body.find("traffpunkt_retention_last_run_timestamp_seconds 0\n"),
              std::string::npos);
}

TEST_F(PersonalData, attendee_list_downloads_are_in_the_access_log) {
    auto coordinator = connect_coordinator();
    const auto meeting_id = create_published(*coordinator, open_meeting(1, "hybrid", {}, {}));
    register_with_needs(*coordinator, meeting_id, "Fisk");
    ASSERT_EQ(get("/meetings/" + std::to_string(meeting_id) + "/attendees.csv", coordinator_token())
                  .status,
              200);
    // The access log is written after the answer.
    EXPECT_TRUE(eventually([&] {
        const auto log = result_of(coordinator->call("audit.list", {{"limit", 20}}));
        bool found = false;
        for (const auto& e : log.at("entries").as_array()) {
            if (e.at("action").as_string() == "attendees.csv" &&
                e.at("meeting_id").to_number<std::int64_t>() == meeting_id) {
                found = true;
                EXPECT_TRUE(e.at("remote").as_string().starts_with("127.0.0.1"));
            }
        }
        return found;
    })) << "no attendees.csv read in the access log";
    const auto csv = get("/audit.csv", coordinator_token());
    ASSERT_EQ(csv.status, 200);
    EXPECT_NE(csv.body.find("attendees.csv"), std::string::npos);
    EXPECT_EQ(get("/audit.csv").status, 401);
}

TEST_F(PersonalData, public_streams_feeds_and_logs_carry_no_personal_data) {
    auto coordinator = connect_coordinator();
    const auto meeting_id = create_published(*coordinator, open_meeting(1, "hybrid", {}, {}));
    auto watcher = connect_public();
    result_of(watcher->call("subscribe", {{"topic", "meeting:" + std::to_string(meeting_id)}}));
    result_of(watcher->call("subscribe", {{"topic", "network:1"}}));
    const std::string needs = unique_name("Sesamallergi");
    const auto r = register_with_needs(*coordinator, meeting_id, needs);
    // An error path with the person's data in the request.
    auto self = connect_with(r.person.token);
    self->call("registration.create", {{"meeting_id", meeting_id}, {"mode", "in_person"}});
    self->call("registration.update",
               {{"registration_id", r.registration_id}, {"dietary_needs", std::string(600, 'x')}});
    std::string seen;
    while (auto e = watcher->next_event(500ms)) {
        seen += json::serialize(*e);
    }
    seen += get("/calendar/network/1.ics").body;
    seen += get("/calendar/meetings/" + std::to_string(meeting_id) + ".ics").body;
    seen += file_bytes(server().data_dir() + "/server.log");
    for (const auto& secret : {r.email, needs, r.person.token, coordinator_token()}) {
        EXPECT_EQ(seen.find(secret), std::string::npos) << "leaked: " << secret;
    }
}

}  // namespace traffpunkt::integration
