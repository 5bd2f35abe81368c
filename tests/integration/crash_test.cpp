// Crash safety (PROTOCOL.md "Idempotency": a write is answered only after its commit, and a
// retry with the same `idem` key returns the first answer, also across server restarts).
// Client threads stream registrations and votes, each with a key of its own, while the server
// is killed with SIGKILL at random moments; after each restart they retry what was not
// answered and replay a few answered requests. At the end every request must have taken
// effect exactly once: checked over the wire and in the database file.
#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

constexpr int kPeople = 8;          ///< one client thread (and connection) each
constexpr int kMeetings = 48;       ///< each person registers for every one of them
constexpr int kPolls = 8;           ///< each person votes once in each; odd ones anonymous
constexpr int kKills = 4;           ///< SIGKILLs per run
constexpr std::size_t kWindow = 4;  ///< requests a client sends at once (a burst)
constexpr int kSlice = 12;          ///< new requests per client in a round that ends in a kill
constexpr int kOptions = 3;

/** One request of a client, sent until it is answered. */
struct request {
    std::string op;
    json::object args;
    std::string idem;
    bool is_vote = false;
    int target = 0;                      ///< meeting index (registration) or poll index (vote)
    int option = 0;                      ///< the option voted for (1-based)
    std::optional<json::object> answer;  ///< the first result, once acknowledged
    int sends = 0;
    bool retried = false;  ///< sent again after a crash without an answer
};

/** A client: a person with a confirmed registration for the vote meeting, and its requests. */
struct client_state {
    person_with_token person;
    std::vector<request> requests;
    std::size_t next_fresh = 0;  ///< requests before this index were sent at least once
};

/** Failures seen by the client threads, reported by the main thread. */
class failure_log {
  public:
    void add(std::string text) {
        std::lock_guard lock(mutex_);
        failures_.push_back(std::move(text));
    }
    std::vector<std::string> take() {
        std::lock_guard lock(mutex_);
        return std::exchange(failures_, {});
    }

  private:
    std::mutex mutex_;
    std::vector<std::string> failures_;
};

std::string describe(const request& r) {
    return r.op + " idem " + r.idem + " " + json::serialize(r.args);
}

/** Checks one answer of `r` and records it; returns false after a failure. */
void take_answer(request& r, const json::object& answer, failure_log& failures) {
    const auto* result = answer.if_contains("result");
    if (result == nullptr || !result->is_object()) {
        failures.add(describe(r) + " answered " + json::serialize(answer));
        return;
    }
    const auto& value = result->as_object();
    if (r.answer) {
        // A replay: the first answer, word for word.
        if (json::serialize(value) != json::serialize(*r.answer)) {
            failures.add(describe(r) + " replayed " + json::serialize(value) + ", first answer " +
                         json::serialize(*r.answer));
        }
        return;
    }
    // The first answer a client sees; when an earlier attempt was committed before the crash,
    // this is its replay, so it must still say that the request made the change.
    if (r.is_vote) {
        const auto* changed = value.if_contains("changed");
        if (changed == nullptr || !changed->is_bool() || changed->get_bool()) {
            failures.add(describe(r) + " (sent " + std::to_string(r.sends) +
                         " times) answered a changed or odd ballot: " + json::serialize(value));
        }
    } else {
        const auto* created = value.if_contains("created");
        if (created == nullptr || !created->is_bool() || !created->get_bool()) {
            failures.add(describe(r) + " (sent " + std::to_string(r.sends) +
                         " times) did not create: " + json::serialize(value));
        }
    }
    r.answer = value;
}

/** What one client did in one round. */
struct round_stats {
    int sent = 0;
    int acknowledged = 0;
    int retried = 0;   ///< unanswered requests of earlier rounds sent again
    int replayed = 0;  ///< answered requests sent again
    int lost = 0;      ///< in flight when the connection died
};

/**
 * Runs one client against `proc` until all its requests are answered or the connection dies
 * (the server was killed). `final`: the server stays up, so losing it is a failure.
 */
round_stats run_client(server_process& proc, client_state& c, std::uint64_t seed, bool final,
                       bool replay_all, failure_log& failures) {
    round_stats stats;
    std::mt19937_64 rng(seed);
    // Unanswered requests of earlier rounds first, in their order, then a few answered ones
    // again (all of them when asked), then new requests.
    std::vector<std::size_t> queue;
    std::vector<std::size_t> answered;
    for (std::size_t i = 0; i < c.next_fresh; ++i) {
        (c.requests[i].answer ? answered : queue).push_back(i);
    }
    for (const auto i : queue) {
        c.requests[i].retried = true;
    }
    stats.retried = static_cast<int>(queue.size());
    std::shuffle(answered.begin(), answered.end(), rng);
    if (!replay_all && answered.size() > 2) {
        answered.resize(2);
    }
    stats.replayed = static_cast<int>(answered.size());
    queue.insert(queue.end(), answered.begin(), answered.end());

    const auto lost = [&](const std::string& what) {
        if (final) {
            failures.add("person " + std::to_string(c.person.person_id) + ": " + what);
        }
    };
    std::unique_ptr<ws_client> client;
    try {
        client = connect_to(proc, bearer(c.person.token));
    } catch (const std::exception& e) {
        lost(std::string("connect: ") + e.what());
        return stats;
    }
    std::map<std::int64_t, std::size_t> in_flight;  // re -> request
    std::int64_t next_id = 1;
    std::size_t queued = 0;
    // New requests go out in bursts with pauses between them, so that a kill at any moment of
    // its window finds some client with requests in flight. Retries and the final round go
    // as fast as they can.
    const std::size_t fresh_end =
        final ? c.requests.size() : std::min(c.requests.size(), c.next_fresh + kSlice);
    for (;;) {
        if (in_flight.empty() && !final && queued == queue.size() && c.next_fresh < fresh_end) {
            std::this_thread::sleep_for(
                std::chrono::milliseconds(std::uniform_int_distribution<int>(0, 150)(rng)));
        }
        while (in_flight.size() < kWindow && (queued < queue.size() || c.next_fresh < fresh_end)) {
            const std::size_t i = queued < queue.size() ? queue[queued++] : c.next_fresh++;
            auto& r = c.requests[i];
            ++r.sends;
            ++stats.sent;
            in_flight.emplace(next_id, i);
            try {
                client->send_text(request_frame(next_id++, r.op, r.args, r.idem));
            } catch (const std::exception& e) {
                stats.lost = static_cast<int>(in_flight.size());
                lost(std::string("send: ") + e.what());
                return stats;
            }
        }
        if (in_flight.empty()) {
            return stats;
        }
        std::optional<json::object> frame;
        try {
            frame = client->next_event(10s);
        } catch (const std::exception& e) {
            failures.add(std::string("unreadable frame: ") + e.what());
            return stats;
        }
        if (!frame) {
            stats.lost = static_cast<int>(in_flight.size());
            if (client->is_open()) {
                failures.add("person " + std::to_string(c.person.person_id) + ": " +
                             std::to_string(in_flight.size()) + " answers missing after 10 s");
            } else {
                lost("connection lost");
            }
            return stats;
        }
        const auto* re = frame->if_contains("re");
        if (re == nullptr) {
            continue;  // an event
        }
        const auto found = re->is_int64() ? in_flight.find(re->as_int64()) : in_flight.end();
        if (found == in_flight.end()) {
            failures.add("an answer to no request: " + json::serialize(*frame));
            continue;
        }
        take_answer(c.requests[found->second], *frame, failures);
        ++stats.acknowledged;
        in_flight.erase(found);
    }
}

std::int64_t admit(ws_client& coordinator, std::int64_t network_id) {
    const auto admitted = result_of(coordinator.call(
        "org.admit",
        {{"network_id", network_id},
         {"organisation", {{"name", unique_name("Kalmar kommun")}, {"kind", "municipality"}}},
         {"decision",
          {{"deciding_body", "Kommunstyrelsen"},
           {"diary_number", "KS 2029/17"},
           {"decided_on", "2029-12-01"}}}}));
    return int_at(admitted, "member.organisation.organisation_id");
}

/** Runs `sql` (one integer column, one row) on the read-only database `db`. */
std::int64_t count_of(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) {
        ADD_FAILURE() << sqlite3_errmsg(db) << " in " << sql;
        return -1;
    }
    std::int64_t value = -1;
    if (sqlite3_step(st) == SQLITE_ROW) {
        value = sqlite3_column_int64(st, 0);
    }
    sqlite3_finalize(st);
    return value;
}

std::uint64_t test_seed() {
    if (const char* text = std::getenv("TRAFFPUNKT_CRASH_SEED")) {
        return std::strtoull(text, nullptr, 10);
    }
    return std::random_device{}();
}

TEST(Crash, sigkill_at_random_moments_loses_and_duplicates_no_acknowledged_write) {
    const auto seed = test_seed();
    std::cout << "[          ] seed " << seed << " (set TRAFFPUNKT_CRASH_SEED to repeat)\n";
    SCOPED_TRACE("TRAFFPUNKT_CRASH_SEED=" + std::to_string(seed));
    std::mt19937_64 rng(seed);

    // A server and data directory of its own; the default synchronous=FULL is what
    // PROTOCOL.md promises, and a person's client sends faster than the usual rate limit.
    auto proc = start_server({{"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "100000"},
                              {"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "100000"}});
    const auto token = proc->create_token("coordinator");

    // Everything the clients need is in place (and committed) before the first kill.
    std::vector<std::int64_t> meetings;
    std::vector<std::int64_t> polls;
    std::vector<client_state> clients(kPeople);
    {
        auto coordinator = connect_to(*proc, bearer(token));
        const auto network_id = create_network(*coordinator);
        const auto organisation_id = admit(*coordinator, network_id);
        for (int m = 0; m < kMeetings; ++m) {
            meetings.push_back(
                create_published(*coordinator, open_meeting(network_id, "in_person", 1000, {})));
        }
        const auto vote_meeting =
            create_published(*coordinator, open_meeting(network_id, "digital", {}, {}));
        for (auto& c : clients) {
            c.person = make_person(*coordinator, organisation_id);
            result_of(
                coordinator->call("registration.create", {{"meeting_id", vote_meeting},
                                                          {"mode", "remote"},
                                                          {"person_id", c.person.person_id}}));
        }
        for (int p = 0; p < kPolls; ++p) {
            const auto poll = result_of(
                coordinator->call("poll.create", {{"meeting_id", vote_meeting},
                                                  {"kind", "single"},
                                                  {"question", "Fråga " + std::to_string(p + 1)},
                                                  {"options", json::array{"Ja", "Nej", "Vet inte"}},
                                                  {"anonymous", p % 2 == 1}}));
            polls.push_back(int_at(poll, "poll.poll_id"));
            result_of(coordinator->call("poll.open", {{"poll_id", polls.back()}}));
        }
    }
    for (int i = 0; i < kPeople; ++i) {
        auto& c = clients[static_cast<std::size_t>(i)];
        for (int m = 0; m < kMeetings; ++m) {
            request r;
            r.op = "registration.create";
            r.args = {{"meeting_id", meetings[static_cast<std::size_t>(m)]}, {"mode", "in_person"}};
            r.target = m;
            c.requests.push_back(std::move(r));
        }
        for (int p = 0; p < kPolls; ++p) {
            request r;
            r.op = "poll.vote";
            r.is_vote = true;
            r.target = p;
            r.option = std::uniform_int_distribution<int>(1, kOptions)(rng);
            r.args = {{"poll_id", polls[static_cast<std::size_t>(p)]},
                      {"ballot", {{"option", r.option}}}};
            c.requests.push_back(std::move(r));
        }
        std::shuffle(c.requests.begin(), c.requests.end(), rng);
        for (std::size_t k = 0; k < c.requests.size(); ++k) {
            c.requests[k].idem = "crash-" + std::to_string(i) + "-" + std::to_string(k);
        }
    }

    // kKills rounds that end with a SIGKILL, then one in which everything gets answered and
    // every answered request is replayed once more.
    failure_log failures;
    for (int round = 0; round <= kKills; ++round) {
        const bool final = round == kKills;
        std::vector<round_stats> stats(kPeople);
        std::vector<std::thread> threads;
        for (int i = 0; i < kPeople; ++i) {
            const auto client_seed = rng();
            threads.emplace_back([&, i, client_seed] {
                try {
                    stats[static_cast<std::size_t>(i)] =
                        run_client(*proc, clients[static_cast<std::size_t>(i)], client_seed, final,
                                   final, failures);
                } catch (const std::exception& e) {
                    failures.add(std::string("client: ") + e.what());
                }
            });
        }
        const auto round_start = std::chrono::steady_clock::now();
        int delay_ms = 0;
        if (!final) {
            delay_ms = std::uniform_int_distribution<int>(20, 300)(rng);
            std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
            proc->kill9();
        }
        for (auto& t : threads) {
            t.join();
        }
        const auto round_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                                  std::chrono::steady_clock::now() - round_start)
                                  .count();
        round_stats total;
        for (const auto& s : stats) {
            total.sent += s.sent;
            total.acknowledged += s.acknowledged;
            total.retried += s.retried;
            total.replayed += s.replayed;
            total.lost += s.lost;
        }
        std::cout << "[          ] round " << round << ": "
                  << (final ? std::string("no kill")
                            : "SIGKILL after " + std::to_string(delay_ms) + " ms")
                  << ", " << total.sent << " sent (" << total.retried << " retried, "
                  << total.replayed << " replayed), " << total.acknowledged << " answered, "
                  << total.lost << " unanswered; " << round_ms << " ms in all\n";
        for (const auto& f : failures.take()) {
            ADD_FAILURE() << "round " << round << ": " << f;
        }
        if (!final) {
            proc->restart();
        }
    }

    // Every request was answered once all was said and done.
    std::map<std::int64_t, std::map<std::int64_t, std::int64_t>> registration_of;  // m, person
    std::vector<std::map<std::int64_t, std::int64_t>> votes(kPolls);  // poll -> option -> n
    int retried = 0;
    for (const auto& c : clients) {
        ASSERT_EQ(c.next_fresh, c.requests.size());
        for (const auto& r : c.requests) {
            ASSERT_TRUE(r.answer) << describe(r) << " never answered";
            if (r.is_vote) {
                ++votes[static_cast<std::size_t>(r.target)][r.option];
            } else {
                registration_of[meetings[static_cast<std::size_t>(r.target)]][c.person.person_id] =
                    int_at(*r.answer, "registration.registration_id");
            }
            retried += r.retried ? 1 : 0;
        }
    }
    std::cout << "[          ] " << retried << " requests were retried after a crash\n";

    // Over the wire: each meeting has exactly the answered registrations, each poll's final
    // results count each ballot once.
    auto coordinator = connect_to(*proc, bearer(token));
    for (const auto meeting_id : meetings) {
        const auto listed =
            result_of(coordinator->call("registration.list", {{"meeting_id", meeting_id}}));
        std::map<std::int64_t, std::int64_t> seen;  // person -> registration
        for (const auto& row : listed.at("registrations").as_array()) {
            const auto& reg = row.as_object();
            EXPECT_TRUE(
                seen.emplace(int_at(reg, "person_id"), int_at(reg, "registration_id")).second)
                << "two registrations of one person in meeting " << meeting_id;
        }
        EXPECT_EQ(seen, registration_of[meeting_id]) << "meeting " << meeting_id;
        EXPECT_EQ(int_at(listed, "counts.in_person.confirmed"), kPeople);
        EXPECT_EQ(int_at(listed, "counts.in_person.waitlisted"), 0);
    }
    for (int p = 0; p < kPolls; ++p) {
        const auto closed = result_of(
            coordinator->call("poll.close", {{"poll_id", polls[static_cast<std::size_t>(p)]}}));
        EXPECT_EQ(int_at(closed, "results.ballots"), kPeople) << "poll " << p;
        std::map<std::int64_t, std::int64_t> counted;
        for (const auto& row : closed.at("results").as_object().at("options").as_array()) {
            const auto n = row.at("count").to_number<std::int64_t>();
            if (n != 0) {
                counted[row.at("option_id").to_number<std::int64_t>()] = n;
            }
        }
        EXPECT_EQ(counted, votes[static_cast<std::size_t>(p)]) << "poll " << p;
    }
    coordinator->close();

    // In the database: one row per effect, and one idempotency key per request.
    EXPECT_EQ(proc->stop(SIGTERM, 10s), 0) << proc->log();
    sqlite3* db = nullptr;
    const auto path = proc->data_dir() + "/traffpunkt.sqlite3";
    ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    std::string meeting_list;
    for (const auto meeting_id : meetings) {
        meeting_list += (meeting_list.empty() ? "" : ",") + std::to_string(meeting_id);
    }
    EXPECT_EQ(count_of(db, "SELECT count(*) FROM registrations WHERE meeting_id IN (" +
                               meeting_list + ")"),
              kPeople * kMeetings);
    EXPECT_EQ(
        count_of(db, "SELECT count(*) FROM (SELECT 1 FROM registrations WHERE meeting_id IN (" +
                         meeting_list + ") GROUP BY meeting_id, person_id)"),
        kPeople * kMeetings);
    for (int p = 0; p < kPolls; ++p) {
        const auto id = std::to_string(polls[static_cast<std::size_t>(p)]);
        EXPECT_EQ(count_of(db, "SELECT count(*) FROM poll_voters WHERE poll_id = " + id), kPeople)
            << "poll " << p;
        const char* table = p % 2 == 1 ? "anonymous_ballots" : "named_ballots";
        EXPECT_EQ(
            count_of(db, std::string("SELECT count(*) FROM ") + table + " WHERE poll_id = " + id),
            kPeople)
            << "poll " << p;
    }
    EXPECT_EQ(count_of(db, "SELECT count(*) FROM idempotency WHERE idem_key LIKE 'crash-%'"),
              kPeople * (kMeetings + kPolls));
    sqlite3_close(db);
}

}  // namespace
}  // namespace traffpunkt::integration
