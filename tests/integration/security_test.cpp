// Issue 16: attacks an outsider (or a person who lost a right) would make, each written as the
// attack and named after the item it closes. Items 1 (ballot secrecy on disk) live in
// ballot_secrecy_test.cpp, the network-level ones (3, 15's log throttle, 16) in
// net_security_test.cpp (suite SecurityNet); 15's metrics.allow is at the end of this file.

#include <sqlite3.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <set>
#include <thread>

#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

/** `traffpunkt token revoke --token T` against the running server's data, as an admin would. */
void revoke_from_cli(server_process& s, const std::string& token) {
    const std::string command = std::string(TRAFFPUNKT_BINARY) + " --data-dir '" + s.data_dir() +
                                "' token revoke --token " + token + " > /dev/null 2>&1";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

testing::http_result get(server_process& s, const std::string& target) {
    return testing::http_request(s.host(), s.port(), "GET", target);
}

/** The value of a gauge or counter on /metrics (the server is asked from loopback). */
double metric(server_process& s, const std::string& name) {
    const auto answer = get(s, "/metrics");
    EXPECT_EQ(answer.status, 200);
    const auto at = answer.body.find("\n" + name + " ");
    if (at == std::string::npos) {
        ADD_FAILURE() << name << " is not on /metrics";
        return -1;
    }
    return std::stod(answer.body.substr(at + name.size() + 2));
}

/** A published meeting of network 1 with an open registration window. */
std::int64_t demo_meeting(ws_client& coordinator) {
    return create_published(coordinator, open_meeting(1, "hybrid", {}, {}));
}

/** Registers `token`'s person remotely for the meeting; returns the registration id. */
std::int64_t register_remote(ws_client& client, std::int64_t meeting_id) {
    const auto reg = result_of(
        client.call("registration.create", {{"meeting_id", meeting_id}, {"mode", "remote"}}));
    EXPECT_EQ(string_at(reg, "registration.status"), "confirmed");
    return int_at(reg, "registration.registration_id");
}

class Security : public integration_fixture {
  public:
    static void SetUpTestSuite() {
        start_shared({{"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "1000"},
                      {"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "10000"},
                      {"TRAFFPUNKT_WEBSOCKET_MAX_SUBSCRIPTIONS", "100000"}});
    }
};

}  // namespace

// --- 2: revocation ends open connections ---------------------------------------------------

TEST_F(Security, item_2_revoked_participant_connection_is_closed_within_a_second) {
    auto coordinator = connect_coordinator();
    const auto meeting_id = demo_meeting(*coordinator);
    const auto person = create_person(*coordinator, member_organisation(*coordinator));
    auto victim = connect_with(person.token);  // the stolen link, still open
    register_remote(*victim, meeting_id);
    result_of(victim->call("subscribe", {{"topic", "person:" + std::to_string(person.person_id)}}));

    revoke_from_cli(server(), person.token);
    const auto started = std::chrono::steady_clock::now();
    const auto closed = victim->wait_closed(3s);
    ASSERT_TRUE(closed.has_value()) << "the revoked token's connection stayed open";
    EXPECT_LE(std::chrono::steady_clock::now() - started, 1500ms);
    EXPECT_EQ(closed->code, 4001);
    EXPECT_EQ(closed->reason, "token revoked");
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(Security, item_2_revoked_coordinator_cannot_write_in_the_last_second) {
    const auto token = server().create_token("coordinator", {}, "soon revoked");
    auto stolen = connect_with(token);
    const auto org = member_organisation(*stolen);
    revoke_from_cli(server(), token);
    // Straight after the revocation, before the connection is closed: no write may land.
    const std::string email = unique_name("mallory") + "@example.se";
    try {
        const auto answer = stolen->call("person.create", {{"name", "Mallory Mallorysson"},
                                                           {"email", email},
                                                           {"organisation_id", org},
                                                           {"role", "official"}});
        EXPECT_EQ(error_code(answer), "unauthorized") << json::serialize(answer);
    } catch (const std::runtime_error&) {
        // Closed before the answer: also refused.
    }
    const auto closed = stolen->wait_closed(3s);
    ASSERT_TRUE(closed.has_value());
    EXPECT_EQ(closed->code, 4001);
    // Nothing of the write is in the database.
    sqlite3* db = nullptr;
    const auto path = server().data_dir() + "/traffpunkt.sqlite3";
    ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    ASSERT_EQ(
        sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM persons WHERE email = ?", -1, &st, nullptr),
        SQLITE_OK);
    sqlite3_bind_text(st, 1, email.c_str(), -1, SQLITE_TRANSIENT);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(st, 0), 0) << "a revoked coordinator created a person";
    sqlite3_finalize(st);
    sqlite3_close(db);
}

// --- 4: unknown topics leak no memory --------------------------------------------------------

TEST_F(Security, item_4_subscribing_to_unknown_topics_creates_none) {
    auto client = connect_public();
    const double before = metric(server(), "traffpunkt_topics");
    // Many requests, 50 at a time (the outgoing queue holds 64 answers).
    for (int chunk = 0; chunk < 60; ++chunk) {
        auto c = connect_public();
        for (int i = 1; i <= 50; ++i) {
            const int id = 900000 + chunk * 50 + i;
            c->send_text(
                request_frame(i, "subscribe", {{"topic", "network:" + std::to_string(id)}}));
        }
        for (const auto& [re, a] : answers_to(*c, 50, 20s)) {
            ASSERT_EQ(error_code(a), "not_found") << json::serialize(a);
        }
    }
    EXPECT_LE(metric(server(), "traffpunkt_topics") - before, 5.0);
    // Topics a caller may not read are not created either.
    for (int i = 1; i <= 200; ++i) {
        EXPECT_NE(error_code(client->call("subscribe",
                                          {{"topic", "person:" + std::to_string(800000 + i)}})),
                  "");
    }
    EXPECT_LE(metric(server(), "traffpunkt_topics") - before, 5.0);
    EXPECT_TRUE(still_serving(server()));
}

// --- 5: a right that ends ends the subscriptions that needed it ----------------------------

TEST_F(Security, item_5_removed_facilitator_loses_staff_topics_at_once) {
    auto coordinator = connect_coordinator();
    const auto meeting_id = demo_meeting(*coordinator);
    const auto f = create_person(*coordinator, member_organisation(*coordinator));
    result_of(coordinator->call("meeting.add_facilitator",
                                {{"meeting_id", meeting_id}, {"person_id", f.person_id}}));
    auto facilitator = connect_with(f.token);
    const auto staff_topic = "polls-staff:" + std::to_string(meeting_id);
    const auto docs_topic = "documents-staff:" + std::to_string(meeting_id);
    result_of(facilitator->call("subscribe", {{"topic", staff_topic}}));
    result_of(facilitator->call("subscribe", {{"topic", docs_topic}}));

    result_of(coordinator->call("meeting.remove_facilitator",
                                {{"meeting_id", meeting_id}, {"person_id", f.person_id}}));
    std::set<std::string> ended;
    for (int i = 0; i < 2; ++i) {
        const auto e = facilitator->next_event(1500ms);
        ASSERT_TRUE(e.has_value()) << "no subscription.ended after the right was removed";
        ASSERT_EQ(e->at("ev").as_string(), "subscription.ended") << json::serialize(*e);
        EXPECT_EQ(string_at(*e, "data.reason"), "rights_changed");
        ended.insert(std::string(e->at("topic").as_string()));
    }
    EXPECT_EQ(ended, (std::set<std::string>{staff_topic, docs_topic}));
    // A staff-only poll event after that does not reach the former facilitator.
    result_of(coordinator->call("poll.create", {{"meeting_id", meeting_id},
                                                {"kind", "single"},
                                                {"question", "Efter borttagningen?"},
                                                {"options", json::array{"Ja", "Nej"}}}));
    while (auto e = facilitator->next_event(700ms)) {
        EXPECT_NE(e->at("ev").as_string(), "poll.created") << "a staff event reached them";
    }
    EXPECT_EQ(error_code(facilitator->call("subscribe", {{"topic", staff_topic}})), "forbidden");
}

TEST_F(Security, item_5_cancelled_participant_loses_registered_topics) {
    auto coordinator = connect_coordinator();
    const auto meeting_id = demo_meeting(*coordinator);
    const auto p = create_person(*coordinator, member_organisation(*coordinator));
    auto participant = connect_with(p.token);
    const auto reg = register_remote(*participant, meeting_id);
    const auto polls_topic = "polls:" + std::to_string(meeting_id);
    const auto docs_topic = "documents:" + std::to_string(meeting_id);
    const auto meeting_topic = "meeting:" + std::to_string(meeting_id);
    result_of(participant->call("subscribe", {{"topic", polls_topic}}));
    result_of(participant->call("subscribe", {{"topic", docs_topic}}));
    result_of(participant->call("subscribe", {{"topic", meeting_topic}}));

    result_of(participant->call("registration.cancel", {{"registration_id", reg}}));
    std::set<std::string> ended;
    const auto deadline = std::chrono::steady_clock::now() + 1500ms;
    while (ended.size() < 2 && std::chrono::steady_clock::now() < deadline) {
        auto e = participant->next_event(500ms);
        if (e && e->at("ev").as_string() == "subscription.ended") {
            EXPECT_EQ(string_at(*e, "data.reason"), "rights_changed");
            ended.insert(std::string(e->at("topic").as_string()));
        }
    }
    // The public meeting topic stays: it needed no registration.
    EXPECT_EQ(ended, (std::set<std::string>{polls_topic, docs_topic}));
}

// --- 6: the calendar URL is not the account -------------------------------------------------

TEST_F(Security, item_6_calendar_link_grants_the_feed_and_nothing_else) {
    auto coordinator = connect_coordinator();
    const auto p = create_person(*coordinator, member_organisation(*coordinator));
    auto person = connect_with(p.token);
    // The account token in a feed URL no longer works.
    EXPECT_EQ(get(server(), "/calendar/person/" + p.token + ".ics").status, 404);

    const auto link = result_of(person->call("calendar.link", {}));
    const std::string url = string_at(link, "url");
    const std::string prefix = "/calendar/person/";
    const auto at = url.find(prefix);
    ASSERT_NE(at, std::string::npos) << url;
    const std::string path = url.substr(at);
    const std::string cal_token = path.substr(prefix.size(), path.size() - prefix.size() - 4);
    EXPECT_NE(cal_token, p.token);
    EXPECT_EQ(string_at(link, "webcal_url").rfind("webcal://", 0), 0U);
    EXPECT_EQ(get(server(), path).status, 200);
    // The same link again without rotate.
    EXPECT_EQ(string_at(result_of(person->call("calendar.link", {})), "url"), url);
    // The calendar token is no account: no auth, no upgrade.
    auto stranger = connect_public();
    EXPECT_EQ(error_code(stranger->call("auth", {{"token", cal_token}})), "unauthorized");
    EXPECT_THROW(connect_with(cal_token), upgrade_refused);

    // Rotating ends the old URL.
    const auto rotated = result_of(person->call("calendar.link", {{"rotate", true}}));
    EXPECT_NE(string_at(rotated, "url"), url);
    EXPECT_EQ(get(server(), path).status, 404);
    const auto new_path = string_at(rotated, "url").substr(at);
    EXPECT_EQ(get(server(), new_path).status, 200);
    // Not for coordinator tokens (no person), and only one's own unless a coordinator asks.
    EXPECT_EQ(error_code(coordinator->call("calendar.link", {})), "invalid_args");
    const auto for_person =
        result_of(coordinator->call("calendar.link", {{"person_id", p.person_id}}));
    EXPECT_EQ(string_at(for_person, "url"), string_at(rotated, "url"));
    const auto other = create_person(*coordinator, member_organisation(*coordinator));
    EXPECT_EQ(error_code(person->call("calendar.link", {{"person_id", other.person_id}})),
              "forbidden");
}

// --- 12: idempotency records expire -------------------------------------------------------

class Security12 : public integration_fixture {
  public:
    static void SetUpTestSuite() {
        start_shared({{"TRAFFPUNKT_IDEMPOTENCY_RETENTION_S", "2"},
                      {"TRAFFPUNKT_IDEMPOTENCY_CLEANUP_INTERVAL_S", "1"}});
    }
};

TEST_F(Security12, item_12_idempotency_records_with_personal_data_expire) {
    auto coordinator = connect_coordinator();
    const auto meeting_id = demo_meeting(*coordinator);
    const auto p = create_person(*coordinator, member_organisation(*coordinator));
    auto client = connect_with(p.token);
    const auto first = client->call("registration.create",
                                    {{"meeting_id", meeting_id},
                                     {"mode", "in_person"},
                                     {"dietary_needs", "Glutenfri kost, celiaki"}},
                                    "reg-1");
    ASSERT_EQ(error_code(first), "");
    // Within the window a retry gets the first answer.
    const auto retry = client->call("registration.create",
                                    {{"meeting_id", meeting_id},
                                     {"mode", "in_person"},
                                     {"dietary_needs", "Glutenfri kost, celiaki"}},
                                    "reg-1");
    EXPECT_EQ(json::serialize(retry.at("result")), json::serialize(first.at("result")));

    // The database files stop holding the answer (needs included) after the window.
    const std::string path = server().data_dir() + "/traffpunkt.sqlite3";
    bool gone = false;
    for (int i = 0; i < 60 && !gone; ++i) {
        std::this_thread::sleep_for(100ms);
        auto c = coordinator->call("network.list");  // keeps the writer busy as in real life
        (void)c;
        std::string bytes;
        for (const auto* suffix : {"", "-wal"}) {
            std::ifstream in(path + suffix, std::ios::binary);
            bytes.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        }
        gone = bytes.find("\"reg-1\"") == std::string::npos &&
               bytes.find("reg-1") == std::string::npos;
    }
    EXPECT_TRUE(gone) << "the idempotency record outlived its documented window";
}

// --- 15: /metrics only for the addresses in metrics.allow ----------------------------------

class Security15 : public integration_fixture {
  public:
    static void SetUpTestSuite() { start_shared({{"TRAFFPUNKT_METRICS_ALLOW", "10.0.0.0/8"}}); }
};

TEST_F(Security15, item_15_metrics_are_refused_to_addresses_outside_metrics_allow) {
    // The test client is on loopback, which this server's metrics.allow leaves out.
    const auto answer = get(server(), "/metrics");
    EXPECT_EQ(answer.status, 403);
    EXPECT_NE(answer.body.find("metrics.allow"), std::string::npos) << answer.body;
    EXPECT_EQ(answer.body.find("traffpunkt_connections"), std::string::npos);
    // The rest of HTTP is not affected.
    EXPECT_EQ(get(server(), "/healthz").status, 200);
}

}  // namespace traffpunkt::integration
