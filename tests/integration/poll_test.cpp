// Live polls (PROTOCOL.md "Polls"): lifecycle, ballots and refusals, named and anonymous
// ballots, hidden results, the audience link, 1,000 voters at once with coalesced tallies,
// participatory budgeting over the wire, and the exports. Everything goes over the wire
// against the real server; the anonymity test also reads the server's database file.
#include <sqlite3.h>
#include <sys/resource.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

/** A published meeting of a network of its own, and registered participants. */
struct meeting_setup {
    std::int64_t network_id = 0;
    std::int64_t organisation_id = 0;
    std::int64_t meeting_id = 0;
};

/** A person with a confirmed registration for the meeting, and their connection. */
struct voter {
    person_with_token person;
    std::unique_ptr<ws_client> client;
};

class Polls : public integration_fixture {
  public:
    static void SetUpTestSuite() {
        // 1,000 clients of ~4 descriptors each need more than the usual soft limit of 1024.
        rlimit limit{};
        if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
            limit.rlim_cur = limit.rlim_max;
            setrlimit(RLIMIT_NOFILE, &limit);
        }
        // A long tally interval makes "at most one tally per interval" visible in a count;
        // the coordinator creates many people through one connection, and a thousand devices
        // join from one address.
        start_shared({{"TRAFFPUNKT_HUB_POLL_TALLY_INTERVAL_MS", "400"},
                      {"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "100000"},
                      {"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "100000"},
                      {"TRAFFPUNKT_AUDIENCE_JOIN_BURST", "100000"},
                      {"TRAFFPUNKT_STORE_SYNCHRONOUS", "NORMAL"}});
    }

    /** A person with a confirmed (remote) registration for the meeting, connected. */
    static voter registered_voter(ws_client& coordinator, const meeting_setup& m) {
        voter v;
        v.person = make_person(coordinator, m.organisation_id);
        v.client = connect_with(v.person.token);
        const auto reg = result_of(v.client->call(
            "registration.create", {{"meeting_id", m.meeting_id}, {"mode", "remote"}}));
        EXPECT_EQ(string_at(reg, "registration.status"), "confirmed");
        return v;
    }
};

meeting_setup make_meeting(ws_client& coordinator) {
    meeting_setup m;
    m.network_id = create_network(coordinator);
    const auto admitted = result_of(coordinator.call(
        "org.admit",
        {{"network_id", m.network_id},
         {"organisation", {{"name", unique_name("Kalmar kommun")}, {"kind", "municipality"}}},
         {"decision",
          {{"deciding_body", "Södermöre kommundelsnämnd"},
           {"diary_number", "SKDN 2022/0104"},
           {"decided_on", "2022-08-22"}}}}));
    m.organisation_id = int_at(admitted, "member.organisation.organisation_id");
    m.meeting_id = create_published(coordinator, open_meeting(m.network_id, "hybrid", {}, {}));
    return m;
}

json::object create_poll(ws_client& c, json::object args) {
    return result_of(c.call("poll.create", std::move(args))).at("poll").as_object();
}

std::int64_t open_poll(ws_client& c, json::object args) {
    const auto poll = create_poll(c, std::move(args));
    const auto id = int_at(poll, "poll_id");
    result_of(c.call("poll.open", {{"poll_id", id}}));
    return id;
}

json::object single_choice(std::int64_t meeting_id) {
    return {{"meeting_id", meeting_id},
            {"kind", "single"},
            {"question", "Ska nätverket ses i Malmö i vår?"},
            {"options", json::array{"Ja", "Nej", "Vet inte"}}};
}

/** Counts of a choice poll's results by option id. */
std::map<std::int64_t, std::int64_t> counts_of(const json::object& results) {
    std::map<std::int64_t, std::int64_t> out;
    for (const auto& row : results.at("options").as_array()) {
        out[row.at("option_id").to_number<std::int64_t>()] =
            row.at("count").to_number<std::int64_t>();
    }
    return out;
}

testing::http_result http_get(server_process& s, const std::string& path,
                              const std::string& token) {
    return testing::http_request(s.host(), s.port(), "GET", path,
                                 {{"Authorization", "Bearer " + token}});
}

}  // namespace

// --- lifecycle -------------------------------------------------------------------------------

TEST_F(Polls, lifecycle_named_ballot_changes_and_final_results) {
    auto coordinator = connect_coordinator();
    const auto m = make_meeting(*coordinator);
    auto anna = registered_voter(*coordinator, m);
    auto erik = registered_voter(*coordinator, m);

    const auto draft = create_poll(*coordinator, single_choice(m.meeting_id));
    const auto poll_id = int_at(draft, "poll_id");
    EXPECT_EQ(string_at(draft, "status"), "draft");
    EXPECT_EQ(draft.at("options").as_array().size(), 3U);

    // A draft is invisible to participants and takes no votes.
    EXPECT_EQ(error_code(anna.client->call("poll.get", {{"poll_id", poll_id}})), "not_found");
    EXPECT_EQ(error_code(anna.client->call("poll.vote",
                                           {{"poll_id", poll_id}, {"ballot", {{"option", 1}}}})),
              "not_found");

    const auto topic = "polls:" + std::to_string(m.meeting_id);
    result_of(erik.client->call("subscribe", {{"topic", topic}}));
    result_of(coordinator->call("poll.open", {{"poll_id", poll_id}}));
    ASSERT_TRUE(wait_event(*erik.client, "poll.opened", topic));
    // Open polls are not edited.
    EXPECT_EQ(error_code(coordinator->call("poll.update",
                                           {{"poll_id", poll_id}, {"question", "Annan fråga"}})),
              "conflict");

    auto first = result_of(
        anna.client->call("poll.vote", {{"poll_id", poll_id}, {"ballot", {{"option", 1}}}}, "a1"));
    EXPECT_EQ(first.at("voted"), json::value(true));
    EXPECT_EQ(first.at("changed"), json::value(false));
    // A named ballot can be changed; the tally follows.
    auto second = result_of(
        anna.client->call("poll.vote", {{"poll_id", poll_id}, {"ballot", {{"option", 2}}}}, "a2"));
    EXPECT_EQ(second.at("changed"), json::value(true));
    result_of(
        erik.client->call("poll.vote", {{"poll_id", poll_id}, {"ballot", {{"option", 2}}}}, "e1"));
    // A retry with the first key gets the first answer and changes nothing.
    auto retry = result_of(
        anna.client->call("poll.vote", {{"poll_id", poll_id}, {"ballot", {{"option", 1}}}}, "a1"));
    EXPECT_EQ(retry.at("changed"), json::value(false));

    const auto mine = result_of(anna.client->call("poll.get", {{"poll_id", poll_id}}));
    EXPECT_EQ(mine.at("voted"), json::value(true));
    EXPECT_EQ(int_at(mine, "my_ballot.option"), 2);

    // Live tallies reach subscribers; the last one counts both ballots for option 2.
    std::optional<json::object> last;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < deadline) {
        auto ev = wait_event(*erik.client, "poll.tally", topic, 1s);
        if (ev) {
            last = ev;
            if (counts_of(ev->at("data").at("results").as_object())[2] == 2) {
                break;
            }
        }
    }
    ASSERT_TRUE(last);
    EXPECT_EQ(counts_of(last->at("data").at("results").as_object()),
              (std::map<std::int64_t, std::int64_t>{{1, 0}, {2, 2}, {3, 0}}));
    EXPECT_TRUE(last->at("data").as_object().contains("server_time"));

    const auto closed = result_of(coordinator->call("poll.close", {{"poll_id", poll_id}}));
    EXPECT_EQ(string_at(closed, "poll.status"), "closed");
    EXPECT_EQ(closed.at("results").at("final"), json::value(true));
    EXPECT_EQ(counts_of(closed.at("results").as_object())[2], 2);
    const auto ev = wait_event(*erik.client, "poll.closed", topic);
    ASSERT_TRUE(ev);
    EXPECT_EQ(counts_of(ev->at("data").at("results").as_object())[2], 2);

    EXPECT_EQ(error_code(erik.client->call("poll.vote",
                                           {{"poll_id", poll_id}, {"ballot", {{"option", 3}}}})),
              "poll_closed");
    EXPECT_EQ(error_code(coordinator->call("poll.close", {{"poll_id", poll_id}})), "poll_closed");
    const auto after = result_of(erik.client->call("poll.results", {{"poll_id", poll_id}}));
    EXPECT_EQ(after.at("results").at("final"), json::value(true));
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(Polls, bad_ballots_and_callers_get_clear_errors) {
    auto coordinator = connect_coordinator();
    const auto m = make_meeting(*coordinator);
    auto anna = registered_voter(*coordinator, m);
    auto ranking = single_choice(m.meeting_id);
    ranking["kind"] = "ranking";
    const auto rank_id = open_poll(*coordinator, ranking);
    auto multiple = single_choice(m.meeting_id);
    multiple["kind"] = "multiple";
    multiple["max_choices"] = 2;
    const auto multi_id = open_poll(*coordinator, multiple);

    const auto vote = [&](std::int64_t id, json::object ballot) {
        return anna.client->call("poll.vote", {{"poll_id", id}, {"ballot", std::move(ballot)}});
    };
    auto answer = vote(rank_id, {{"ranking", json::array{2, 2}}});
    EXPECT_EQ(error_code(answer), "invalid_ballot");
    EXPECT_EQ(error_field(answer), "ballot.ranking");
    EXPECT_EQ(error_code(vote(rank_id, {{"ranking", json::array{4}}})), "invalid_ballot");
    EXPECT_EQ(error_code(vote(rank_id, {{"option", 1}})), "invalid_ballot");
    EXPECT_EQ(error_code(vote(multi_id, {{"options", json::array{1, 2, 3}}})), "invalid_ballot");
    EXPECT_EQ(error_code(vote(multi_id, {{"options", json::array{1, "x"}}})), "invalid_args");
    EXPECT_EQ(error_code(vote(multi_id, {{"option", 1}, {"options", json::array{1}}})),
              "invalid_args");
    EXPECT_EQ(error_code(anna.client->call("poll.vote",
                                           {{"poll_id", 999999999}, {"ballot", {{"option", 1}}}})),
              "not_found");

    // Someone not registered for the meeting, and a coordinator without a person, may not vote.
    auto outsider = make_person(*coordinator, m.organisation_id);
    auto out_client = connect_with(outsider.token);
    EXPECT_EQ(error_code(out_client->call(
                  "poll.vote", {{"poll_id", rank_id}, {"ballot", {{"ranking", json::array{1}}}}})),
              "forbidden");
    EXPECT_EQ(error_code(coordinator->call(
                  "poll.vote", {{"poll_id", rank_id}, {"ballot", {{"ranking", json::array{1}}}}})),
              "forbidden");
    // Participants do not create polls.
    EXPECT_EQ(error_code(anna.client->call("poll.create", single_choice(m.meeting_id))),
              "forbidden");
    // Bad poll definitions name their field.
    auto bad = single_choice(m.meeting_id);
    bad["options"] = json::array{"Bara en"};
    answer = coordinator->call("poll.create", bad);
    EXPECT_EQ(error_code(answer), "invalid_args");
    EXPECT_EQ(error_field(answer), "options");

    // After all that, a valid ballot is accepted and counted once.
    result_of(vote(rank_id, {{"ranking", json::array{3, 1}}}));
    const auto results = result_of(coordinator->call("poll.results", {{"poll_id", rank_id}}));
    EXPECT_EQ(int_at(results, "results.ballots"), 1);
    EXPECT_TRUE(still_serving(server()));
}

// --- anonymity -----------------------------------------------------------------------------

TEST_F(Polls, anonymous_ballots_cannot_be_linked_to_voters_in_the_database) {
    auto coordinator = connect_coordinator();
    const auto m = make_meeting(*coordinator);
    auto args = single_choice(m.meeting_id);
    args["anonymous"] = true;
    args["kind"] = "scale";
    args.erase("options");
    args["scale"] = {{"max", 10}};
    const auto poll_id = open_poll(*coordinator, args);

    // 20 voters give 20 different values in a known order.
    std::vector<voter> voters;
    for (int i = 0; i < 10; ++i) {
        voters.push_back(registered_voter(*coordinator, m));
    }
    // Sent together and answered after their batch's commit (PROTOCOL.md "Anonymous ballots").
    for (int i = 0; i < 10; ++i) {
        voters[static_cast<std::size_t>(i)].client->send_text(request_frame(
            1000, "poll.vote", {{"poll_id", poll_id}, {"ballot", {{"value", i + 1}}}}));
    }
    for (auto& v : voters) {
        result_of(answer_to(*v.client, 1000, 20s));
    }
    EXPECT_EQ(error_code(voters[0].client->call(
                  "poll.vote", {{"poll_id", poll_id}, {"ballot", {{"value", 5}}}})),
              "conflict");
    const auto results = result_of(coordinator->call("poll.close", {{"poll_id", poll_id}}));
    EXPECT_EQ(int_at(results, "results.ballots"), 10);

    sqlite3* db = nullptr;
    const auto path = server().data_dir() + "/traffpunkt.sqlite3";
    ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    const auto column_names = [&](const char* table) {
        std::vector<std::string> names;
        sqlite3_stmt* st = nullptr;
        const std::string sql = std::string("SELECT name FROM pragma_table_info('") + table + "')";
        EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK);
        while (sqlite3_step(st) == SQLITE_ROW) {
            names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        }
        sqlite3_finalize(st);
        return names;
    };
    // No voter, no time, no rowid next to an anonymous ballot; no time next to a voter.
    EXPECT_EQ(column_names("anonymous_ballots"),
              (std::vector<std::string>{"poll_id", "ballot_key", "ballot"}));
    EXPECT_EQ(column_names("poll_voters"), (std::vector<std::string>{"poll_id", "voter"}));
    sqlite3_stmt* st = nullptr;
    EXPECT_NE(sqlite3_prepare_v2(db, "SELECT rowid FROM anonymous_ballots", -1, &st, nullptr),
              SQLITE_OK)
        << "anonymous_ballots must be a WITHOUT ROWID table";
    sqlite3_finalize(st);
    // The stored order is not the order of voting (10! orders: a match by chance is 1 in 3.6M).
    std::vector<std::string> stored;
    const std::string sql =
        "SELECT ballot FROM anonymous_ballots WHERE poll_id = " + std::to_string(poll_id);
    ASSERT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK);
    while (sqlite3_step(st) == SQLITE_ROW) {
        stored.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    ASSERT_EQ(stored.size(), 10U);
    std::vector<std::string> cast;
    for (int i = 0; i < 10; ++i) {
        cast.push_back("{\"value\":" + std::to_string(i + 1) + "}");
    }
    EXPECT_NE(stored, cast);
    std::sort(stored.begin(), stored.end());
    std::sort(cast.begin(), cast.end());
    EXPECT_EQ(stored, cast);
}

// --- hidden results ------------------------------------------------------------------------

TEST_F(Polls, results_after_close_are_not_leaked_before_close) {
    auto coordinator = connect_coordinator();
    const auto m = make_meeting(*coordinator);
    auto anna = registered_voter(*coordinator, m);
    auto args = single_choice(m.meeting_id);
    args["results"] = "after_close";
    const auto poll_id = open_poll(*coordinator, args);
    const auto topic = "polls:" + std::to_string(m.meeting_id);
    const auto staff = "polls-staff:" + std::to_string(m.meeting_id);
    result_of(anna.client->call("subscribe", {{"topic", topic}}));
    EXPECT_EQ(error_code(anna.client->call("subscribe", {{"topic", staff}})), "forbidden");
    result_of(coordinator->call("subscribe", {{"topic", staff}}));

    result_of(anna.client->call("poll.vote", {{"poll_id", poll_id}, {"ballot", {{"option", 3}}}}));
    // Staff see the tally; the participant neither gets it nor can ask for it.
    ASSERT_TRUE(wait_event(*coordinator, "poll.tally", staff));
    EXPECT_FALSE(wait_event(*anna.client, "poll.tally", topic, 1s));
    EXPECT_EQ(error_code(anna.client->call("poll.results", {{"poll_id", poll_id}})), "forbidden");
    EXPECT_TRUE(
        result_of(anna.client->call("poll.get", {{"poll_id", poll_id}})).at("results").is_null());
    const auto csv =
        http_get(server(), "/polls/" + std::to_string(poll_id) + "/results.csv", anna.person.token);
    EXPECT_EQ(csv.status, 403);

    result_of(coordinator->call("poll.close", {{"poll_id", poll_id}}));
    const auto closed = wait_event(*anna.client, "poll.closed", topic);
    ASSERT_TRUE(closed);
    EXPECT_EQ(counts_of(closed->at("data").at("results").as_object())[3], 1);
}

TEST_F(Polls, facilitator_only_results_stay_hidden_after_close) {
    auto coordinator = connect_coordinator();
    const auto m = make_meeting(*coordinator);
    auto anna = registered_voter(*coordinator, m);
    auto args = single_choice(m.meeting_id);
    args["results"] = "facilitators";
    const auto poll_id = open_poll(*coordinator, args);
    result_of(anna.client->call("poll.vote", {{"poll_id", poll_id}, {"ballot", {{"option", 1}}}}));
    result_of(coordinator->call("poll.close", {{"poll_id", poll_id}}));
    EXPECT_EQ(error_code(anna.client->call("poll.results", {{"poll_id", poll_id}})), "forbidden");
    EXPECT_EQ(int_at(result_of(coordinator->call("poll.results", {{"poll_id", poll_id}})),
                     "results.ballots"),
              1);
}

// --- audience link -------------------------------------------------------------------------

TEST_F(Polls, audience_devices_vote_in_link_polls_only) {
    auto coordinator = connect_coordinator();
    const auto m = make_meeting(*coordinator);
    auto link_args = single_choice(m.meeting_id);
    link_args["audience"] = "link";
    const auto link_poll = open_poll(*coordinator, link_args);
    const auto closed_poll = open_poll(*coordinator, single_choice(m.meeting_id));

    const auto link = result_of(coordinator->call("poll.link", {{"meeting_id", m.meeting_id}}));
    const auto code = string_at(link, "code");
    EXPECT_NE(string_at(link, "url").find(code), std::string::npos);
    // The same link again without rotate.
    EXPECT_EQ(string_at(result_of(coordinator->call("poll.link", {{"meeting_id", m.meeting_id}})),
                        "code"),
              code);

    auto device = connect_public();
    EXPECT_EQ(error_code(device->call("audience.join", {{"code", "not-a-code"}})),
              "invalid_invitation");
    const auto joined = result_of(device->call("audience.join", {{"code", code}}));
    EXPECT_EQ(int_at(joined, "meeting_id"), m.meeting_id);
    const auto auth = result_of(device->call("auth", {{"token", string_at(joined, "token")}}));
    EXPECT_EQ(string_at(auth, "role"), "audience");

    result_of(device->call("poll.vote", {{"poll_id", link_poll}, {"ballot", {{"option", 2}}}}));
    EXPECT_EQ(error_code(device->call("poll.vote",
                                      {{"poll_id", closed_poll}, {"ballot", {{"option", 2}}}})),
              "forbidden");
    // A device is nobody: no meeting edits, no staff topics.
    EXPECT_EQ(error_code(device->call("poll.create", single_choice(m.meeting_id))), "forbidden");
    EXPECT_EQ(error_code(device->call("subscribe",
                                      {{"topic", "polls-staff:" + std::to_string(m.meeting_id)}})),
              "forbidden");
    result_of(device->call("subscribe", {{"topic", "polls:" + std::to_string(m.meeting_id)}}));

    // Rotating the link stops the old code for new devices; joined devices keep their token.
    const auto rotated =
        result_of(coordinator->call("poll.link", {{"meeting_id", m.meeting_id}, {"rotate", true}}));
    EXPECT_NE(string_at(rotated, "code"), code);
    auto late = connect_public();
    EXPECT_EQ(error_code(late->call("audience.join", {{"code", code}})), "invalid_invitation");
    const auto again = result_of(device->call("poll.get", {{"poll_id", link_poll}}));
    EXPECT_EQ(again.at("voted"), json::value(true));
}

// --- a room votes at once ------------------------------------------------------------------

TEST_F(Polls, thousand_voters_at_once_every_ballot_counted_once_tallies_coalesced) {
    constexpr int voters = 1000;
    constexpr int threads = 8;
    auto coordinator = connect_coordinator();
    const auto m = make_meeting(*coordinator);
    auto args = single_choice(m.meeting_id);
    args["audience"] = "link";
    args["options"] = json::array{"A", "B", "C", "D"};
    const auto poll_id = open_poll(*coordinator, args);
    const auto code = string_at(
        result_of(coordinator->call("poll.link", {{"meeting_id", m.meeting_id}})), "code");
    const auto staff = "polls-staff:" + std::to_string(m.meeting_id);
    auto watcher = connect_coordinator();
    result_of(watcher->call("subscribe", {{"topic", staff}}));

    // Devices join through a few connections, then each votes on a connection of its own.
    std::vector<std::string> tokens(voters);
    {
        std::vector<std::thread> joiners;
        for (int t = 0; t < 4; ++t) {
            joiners.emplace_back([&, t] {
                auto c = connect_public();
                for (int i = t; i < voters; i += 4) {
                    tokens[static_cast<std::size_t>(i)] =
                        string_at(result_of(c->call("audience.join", {{"code", code}})), "token");
                }
            });
        }
        for (auto& j : joiners) {
            j.join();
        }
    }
    std::vector<std::unique_ptr<ws_client>> clients(voters);
    std::mutex failures_mutex;
    std::vector<std::string> failures;
    std::atomic<int> acks{0};
    std::map<int, std::int64_t> sent;  // option -> ballots sent
    for (int i = 0; i < voters; ++i) {
        sent[1 + i % 4] += 1;
    }
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            std::vector<int> mine;
            for (int i = t; i < voters; i += threads) {
                mine.push_back(i);
            }
            const auto fail = [&](std::string what) {
                std::lock_guard lock(failures_mutex);
                failures.push_back(std::move(what));
            };
            try {
                for (const int i : mine) {
                    clients[static_cast<std::size_t>(i)] =
                        connect_with(tokens[static_cast<std::size_t>(i)]);
                }
            } catch (const std::exception& e) {
                fail(std::string("setup: ") + e.what());
            }
            ++ready;
            while (!go) {
                std::this_thread::yield();
            }
            try {
                for (const int i : mine) {
                    const json::object vote{{"poll_id", poll_id},
                                            {"ballot", {{"option", 1 + i % 4}}}};
                    auto& c = *clients[static_cast<std::size_t>(i)];
                    c.send_text(request_frame(1, "poll.vote", vote, "vote-" + std::to_string(i)));
                    // Every 10th device retries at once with the same key (a flaky phone).
                    if (i % 10 == 0) {
                        c.send_text(
                            request_frame(2, "poll.vote", vote, "vote-" + std::to_string(i)));
                    }
                }
                for (const int i : mine) {
                    auto& c = *clients[static_cast<std::size_t>(i)];
                    // Answers come in any order: the waiting retry may be answered first.
                    const auto answers = answers_to(c, i % 10 == 0 ? 2 : 1, 60s);
                    const auto& answer = answers.at(1);
                    if (!answer.contains("result")) {
                        fail("vote " + std::to_string(i) + ": " + json::serialize(answer));
                        continue;
                    }
                    ++acks;
                    if (i % 10 == 0) {
                        const auto& again = answers.at(2);
                        if (!again.contains("result") ||
                            again.at("result").at("changed") != json::value(false)) {
                            fail("retry " + std::to_string(i) + ": " + json::serialize(again));
                        }
                    }
                }
            } catch (const std::exception& e) {
                fail(std::string("vote: ") + e.what());
            }
        });
    }
    while (ready < threads) {
        std::this_thread::sleep_for(10ms);
    }
    const auto started = std::chrono::steady_clock::now();
    go = true;
    for (auto& w : workers) {
        w.join();
    }
    const auto voting = std::chrono::steady_clock::now() - started;
    for (const auto& f : failures) {
        ADD_FAILURE() << f;
    }
    EXPECT_EQ(acks.load(), voters);

    // Tallies arrive in seq order, at most one per 400 ms interval, the last one complete.
    std::vector<std::int64_t> seqs;
    std::optional<json::object> last;
    const auto deadline = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < deadline) {
        auto ev = wait_event(*watcher, "poll.tally", staff, 1500ms);
        if (!ev) {
            break;
        }
        seqs.push_back(ev->at("seq").to_number<std::int64_t>());
        last = ev;
        if (int_at(ev->at("data").as_object(), "ballots") == voters) {
            break;
        }
    }
    ASSERT_TRUE(last);
    EXPECT_TRUE(std::is_sorted(seqs.begin(), seqs.end()));
    EXPECT_EQ(std::set<std::int64_t>(seqs.begin(), seqs.end()).size(), seqs.size());
    const auto elapsed_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(voting).count() + 1500;
    EXPECT_LE(static_cast<std::int64_t>(seqs.size()), elapsed_ms / 400 + 2)
        << "tallies are not coalesced";
    const auto tally = counts_of(last->at("data").at("results").as_object());
    for (const auto& [option, n] : sent) {
        EXPECT_EQ(tally.at(option), n) << "option " << option;
    }

    // The final result is the ballots sent, exactly.
    const auto closed = result_of(coordinator->call("poll.close", {{"poll_id", poll_id}}));
    EXPECT_EQ(int_at(closed, "results.ballots"), voters);
    for (const auto& [option, n] : sent) {
        EXPECT_EQ(counts_of(closed.at("results").as_object()).at(option), n);
    }
}

// --- participatory budgeting ---------------------------------------------------------------

TEST_F(Polls, participatory_budgeting_live_outcomes_and_pabulib_export) {
    auto coordinator = connect_coordinator();
    const auto m = make_meeting(*coordinator);
    const json::object args{
        {"meeting_id", m.meeting_id},
        {"kind", "pb"},
        {"question", "Medborgarbudget 2023: vilka förslag ska genomföras?"},
        {"anonymous", true},
        {"pb",
         {{"budget", 1000000},
          {"ballot", "knapsack"},
          {"projects", json::array{{{"title", "Lekplats i Ljungbyholm"}, {"cost", 600000}},
                                   {{"title", "Belysning; gångväg"}, {"cost", 300000}},
                                   {{"title", "Utegym"}, {"cost", 400000}},
                                   {{"title", "Bänkar vid \"ån\""}, {"cost", 100000}}}}}}};
    const auto poll_id = open_poll(*coordinator, args);
    const auto staff = "polls-staff:" + std::to_string(m.meeting_id);
    result_of(coordinator->call("subscribe", {{"topic", staff}}));

    std::vector<voter> voters;
    for (int i = 0; i < 5; ++i) {
        voters.push_back(registered_voter(*coordinator, m));
    }
    const auto vote = [&](std::size_t i, json::array projects) {
        return voters[i].client->call("poll.vote",
                                      {{"poll_id", poll_id}, {"ballot", {{"projects", projects}}}});
    };
    // Over the budget: refused, and the message names the amounts.
    const auto over = vote(0, json::array{1, 2, 3});
    EXPECT_EQ(error_code(over), "invalid_ballot");
    // Three voters want the playground and the benches, two the lights and the gym. Sent
    // together: an anonymous poll's votes are answered after their batch's commit.
    const std::array<json::array, 5> ballots{json::array{1, 4}, json::array{1, 4}, json::array{1},
                                             json::array{2, 3}, json::array{2, 3}};
    for (std::size_t i = 0; i < voters.size(); ++i) {
        voters[i].client->send_text(request_frame(
            100, "poll.vote", {{"poll_id", poll_id}, {"ballot", {{"projects", ballots[i]}}}}));
    }
    for (auto& v : voters) {
        result_of(answer_to(*v.client, 100, 20s));
    }

    std::optional<json::object> tally;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < deadline) {
        auto ev = wait_event(*coordinator, "poll.tally", staff, 1s);
        if (ev && int_at(ev->at("data").as_object(), "ballots") == 5) {
            tally = ev;
            break;
        }
    }
    ASSERT_TRUE(tally);
    const auto& pb = tally->at("data").at("results").at("pb").as_object();
    const auto funded = [](const json::value& outcome) {
        std::set<std::int64_t> ids;
        for (const auto& f : outcome.at("funded").as_array()) {
            ids.insert(f.at("project_id").to_number<std::int64_t>());
        }
        return ids;
    };
    // Greedy: the playground (3) first, then the benches (2), then lights (2, fits), gym no.
    EXPECT_EQ(funded(pb.at("greedy")), (std::set<std::int64_t>{1, 2, 4}));
    EXPECT_LE(pb.at("greedy").at("total_cost").to_number<std::int64_t>(), 1000000);
    const auto& mes = pb.at("equal_shares");
    EXPECT_LE(mes.at("total_cost").to_number<std::int64_t>(), 1000000);
    EXPECT_FALSE(mes.at("tie_rule").as_string().empty());

    const auto closed = result_of(coordinator->call("poll.close", {{"poll_id", poll_id}}));
    EXPECT_EQ(closed.at("results").at("final"), json::value(true));
    // Equal Shares with cost utilities: the per-voter share is 200,000. The playground's three
    // supporters pay 200,000 each (rho 1/3); then lights and gym tie at rho 1/2 (the benches'
    // supporters have nothing left) and the tie goes to the higher total utility, the gym
    // (2 x 400,000). Its supporters pay 200,000 each: 1,000,000 spent, nothing more fits.
    const auto& final_mes = closed.at("results").at("pb").at("equal_shares");
    EXPECT_EQ(final_mes.at("completed"), json::value(true));
    EXPECT_EQ(funded(final_mes), (std::set<std::int64_t>{1, 3}));
    EXPECT_EQ(final_mes.at("total_cost").to_number<std::int64_t>(), 1000000);
    EXPECT_EQ(final_mes.at("budget_left").to_number<std::int64_t>(), 0);

    // The .pb export parses back: sections, counts and the ballots.
    const auto pb_file = http_get(server(), "/polls/" + std::to_string(poll_id) + "/ballots.pb",
                                  coordinator_token());
    ASSERT_EQ(pb_file.status, 200) << pb_file.body;
    std::istringstream in(pb_file.body);
    std::string line;
    std::string section;
    std::map<std::string, std::string> meta;
    std::map<std::string, std::int64_t> costs;
    std::multiset<std::string> votes;
    bool header = false;
    while (std::getline(in, line)) {
        if (line == "META" || line == "PROJECTS" || line == "VOTES") {
            section = line;
            header = true;
            continue;
        }
        if (header) {
            header = false;  // the column names
            continue;
        }
        const auto semi = line.find(';');
        ASSERT_NE(semi, std::string::npos) << line;
        if (section == "META") {
            meta[line.substr(0, semi)] = line.substr(semi + 1);
        } else if (section == "PROJECTS") {
            const auto next = line.find(';', semi + 1);
            costs[line.substr(0, semi)] = std::stoll(line.substr(semi + 1, next - semi - 1));
        } else if (section == "VOTES") {
            auto rest = line.substr(semi + 1);
            if (!rest.empty() && rest.front() == '"') {
                rest = rest.substr(1, rest.find('"', 1) - 1);
            }
            votes.insert(rest);
        }
    }
    EXPECT_EQ(meta["budget"], "1000000");
    EXPECT_EQ(meta["num_votes"], "5");
    EXPECT_EQ(meta["num_projects"], "4");
    EXPECT_EQ(meta["vote_type"], "approval");
    EXPECT_EQ(costs, (std::map<std::string, std::int64_t>{
                         {"1", 600000}, {"2", 300000}, {"3", 400000}, {"4", 100000}}));
    EXPECT_EQ(votes, (std::multiset<std::string>{"1,4", "1,4", "1", "2,3", "2,3"}));
    // Anonymous ballots are for staff; results for participants.
    EXPECT_EQ(http_get(server(), "/polls/" + std::to_string(poll_id) + "/ballots.pb",
                       voters[0].person.token)
                  .status,
              403);
    const auto csv = http_get(server(), "/polls/" + std::to_string(poll_id) + "/results.csv",
                              voters[0].person.token);
    EXPECT_EQ(csv.status, 200);
    EXPECT_NE(csv.body.find("Funded (Equal Shares)"), std::string::npos);
}

}  // namespace traffpunkt::integration
