// Issue 16 item 9, as the attack: a participatory-budgeting poll of 200 projects and 200 varied
// ballots, whose completed Equal Shares outcome takes a few hundred milliseconds to count.
// Four clients poll its results (poll.get over WebSocket, results.json over HTTP) as fast as
// they are answered. The counting must not run once per read, nor on the I/O threads, nor in
// the writer: another client's /healthz and another meeting's writes stay fast, and closing
// the poll does not hold up other meetings' writes. The bounds are generous (a broken server
// misses them by seconds); tests/bench/pb_results_bench.sh prints the figures.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <iostream>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

using clock_type = std::chrono::steady_clock;

/** Latencies in milliseconds, with percentiles. */
struct latencies {
    std::vector<double> ms;
    void add(clock_type::duration d) {
        ms.push_back(std::chrono::duration<double, std::milli>(d).count());
    }
    double percentile(double p) const {
        if (ms.empty()) {
            return 0;
        }
        auto sorted = ms;
        std::sort(sorted.begin(), sorted.end());
        const auto at =
            static_cast<std::size_t>(p / 100.0 * static_cast<double>(sorted.size() - 1));
        return sorted[at];
    }
};

class PbResultsLoad : public integration_fixture {
  public:
    static void SetUpTestSuite() {
        // The set-up sends a few hundred requests through one connection; NORMAL keeps fsync
        // noise out of the write latencies, which are about the counting, not the disk.
        // The votes go one by one: an anonymous ballot is committed alone here (batches of one;
        // the batching itself is what ballot_secrecy_test.cpp is about).
        start_shared({{"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "100000"},
                      {"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "100000"},
                      {"TRAFFPUNKT_STORE_SYNCHRONOUS", "NORMAL"},
                      {"TRAFFPUNKT_POLLS_ANONYMOUS_BATCH_MIN", "1"},
                      {"TRAFFPUNKT_POLLS_ANONYMOUS_TALLY_MIN_NEW", "1"}});
    }

  protected:
    struct big_poll {
        std::int64_t meeting_id = 0;
        std::int64_t poll_id = 0;
        std::string participant_token;
    };

    /**
     * A published meeting with an open PB poll of 200 projects and 200 anonymous ballots of 3 to
     * 30 projects each (skewed towards some projects, as real votes are), cost utilities.
     */
    static big_poll make_big_poll(ws_client& coordinator, std::uint32_t seed) {
        big_poll b;
        const auto network_id = create_network(coordinator);
        const auto admitted = result_of(coordinator.call(
            "org.admit", {{"network_id", network_id},
                          {"organisation", {{"name", unique_name("Region")}, {"kind", "region"}}},
                          {"decision",
                           {{"deciding_body", "Regionstyrelsen"},
                            {"diary_number", "RS 2023/17"},
                            {"decided_on", "2023-02-01"}}}}));
        const auto org = int_at(admitted, "member.organisation.organisation_id");
        b.meeting_id = create_published(coordinator, open_meeting(network_id, "hybrid", {}, {}));
        std::mt19937 rng(seed);
        json::array projects;
        std::int64_t total = 0;
        for (int j = 0; j < 200; ++j) {
            const std::int64_t cost = 10'000 + static_cast<std::int64_t>(rng() % 190'000);
            total += cost;
            projects.push_back({{"title", "Förslag " + std::to_string(j + 1)}, {"cost", cost}});
        }
        const auto poll = result_of(coordinator.call(
            "poll.create",
            {{"meeting_id", b.meeting_id},
             {"kind", "pb"},
             {"question", "Medborgarbudget: 200 förslag"},
             {"anonymous", true},
             {"pb", {{"budget", total / 8}, {"ballot", "approval"}, {"projects", projects}}}}));
        b.poll_id = int_at(poll, "poll.poll_id");
        result_of(coordinator.call("poll.open", {{"poll_id", b.poll_id}}));
        for (int v = 0; v < 200; ++v) {
            const auto person = make_person(coordinator, org);
            auto client = connect_with(person.token);
            result_of(client->call("registration.create",
                                   {{"meeting_id", b.meeting_id}, {"mode", "remote"}}));
            std::set<std::int64_t> chosen;
            const int k = 3 + static_cast<int>(rng() % 28);
            while (static_cast<int>(chosen.size()) < k) {
                const auto r = rng() % 200;
                chosen.insert(static_cast<std::int64_t>(r * r / 200) + 1);
            }
            json::array ballot(chosen.begin(), chosen.end());
            result_of(client->call("poll.vote",
                                   {{"poll_id", b.poll_id}, {"ballot", {{"projects", ballot}}}}));
            if (v == 0) {
                b.participant_token = person.token;
            }
        }
        return b;
    }

    static testing::http_result get(const std::string& path, const std::string& token = {}) {
        std::map<std::string, std::string> headers;
        if (!token.empty()) {
            headers["Authorization"] = "Bearer " + token;
        }
        return testing::http_request(server().host(), server().port(), "GET", path, headers);
    }
};

}  // namespace

TEST_F(PbResultsLoad, issue_16_9_polling_pb_results_does_not_stall_healthz_or_other_meetings) {
    auto coordinator = connect_coordinator();
    const auto b = make_big_poll(*coordinator, 16009);
    const auto other = create_published(
        *coordinator, open_meeting(create_network(*coordinator), "digital", {}, {}));

    std::atomic<bool> stop{false};
    std::atomic<int> reads{0};
    std::atomic<int> failures{0};
    std::vector<std::thread> pollers;
    // Two WebSocket clients ask poll.get, two HTTP clients download results.json.
    for (int i = 0; i < 2; ++i) {
        pollers.emplace_back([&, i] {
            auto c = i == 0 ? connect_with(b.participant_token) : connect_coordinator();
            while (!stop) {
                const auto answer =
                    c->call("poll.get", {{"poll_id", b.poll_id}}, std::nullopt, 30s);
                if (!error_code(answer).empty() ||
                    !answer.at("result").as_object().contains("results")) {
                    ++failures;
                }
                ++reads;
            }
        });
        pollers.emplace_back([&] {
            const auto path = "/polls/" + std::to_string(b.poll_id) + "/results.json";
            while (!stop) {
                if (get(path, coordinator_token()).status != 200) {
                    ++failures;
                }
                ++reads;
            }
        });
    }
    std::this_thread::sleep_for(300ms);  // let the pollers load the server

    latencies healthz, writes;
    std::thread health([&] {
        const auto end = clock_type::now() + 3s;
        while (clock_type::now() < end) {
            const auto t0 = clock_type::now();
            const auto r = get("/healthz");
            healthz.add(clock_type::now() - t0);
            EXPECT_EQ(r.status, 200);
            std::this_thread::sleep_for(20ms);
        }
    });
    {
        auto writer = connect_coordinator();
        const auto end = clock_type::now() + 3s;
        for (int i = 0; clock_type::now() < end; ++i) {
            const auto t0 = clock_type::now();
            result_of(
                writer->call("meeting.update",
                             {{"meeting_id", other}, {"description", "Rad " + std::to_string(i)}},
                             std::nullopt, 30s));
            writes.add(clock_type::now() - t0);
            std::this_thread::sleep_for(20ms);
        }
    }
    health.join();
    stop = true;
    for (auto& p : pollers) {
        p.join();
    }
    std::cout << "[ figures ] results reads " << reads << "; /healthz p50 "
              << healthz.percentile(50) << " ms, p90 " << healthz.percentile(90) << " ms, max "
              << healthz.percentile(100) << " ms; other meeting's writes p50 "
              << writes.percentile(50) << " ms, p90 " << writes.percentile(90) << " ms, max "
              << writes.percentile(100) << " ms\n";
    EXPECT_EQ(failures, 0);
    EXPECT_GT(reads, 20) << "the pollers were hardly answered";
    EXPECT_LT(healthz.percentile(90), 200.0);
    EXPECT_LT(writes.percentile(90), 200.0);
}

TEST_F(PbResultsLoad, closing_a_large_pb_poll_does_not_hold_up_other_meetings_writes) {
    auto coordinator = connect_coordinator();
    const auto b = make_big_poll(*coordinator, 21021);
    // Writers in three other meetings, one write in flight each, around the close.
    std::vector<std::int64_t> others;
    for (int i = 0; i < 3; ++i) {
        others.push_back(create_published(
            *coordinator, open_meeting(create_network(*coordinator), "digital", {}, {})));
    }
    // Each write is timed with when it started. The writes that start from 500 ms before the
    // close until 500 ms after its answer are those a close could hold up; a steady stream (one
    // write every 30 ms per meeting, not a flood) keeps a stall of one write each above 1 %.
    std::mutex mutex;
    std::vector<std::pair<clock_type::time_point, clock_type::duration>> timed;
    std::atomic<bool> stop{false};
    std::vector<std::thread> writers;
    for (const auto meeting : others) {
        writers.emplace_back([&, meeting] {
            auto c = connect_coordinator();
            for (int i = 0; !stop; ++i) {
                const auto start = clock_type::now();
                result_of(c->call("meeting.update",
                                  {{"meeting_id", meeting}, {"description", std::to_string(i)}},
                                  std::nullopt, 30s));
                const auto took = clock_type::now() - start;
                {
                    std::lock_guard lock(mutex);
                    timed.emplace_back(start, took);
                }
                std::this_thread::sleep_for(30ms);
            }
        });
    }
    std::this_thread::sleep_for(1s);
    const auto t0 = clock_type::now();
    const auto closed =
        result_of(coordinator->call("poll.close", {{"poll_id", b.poll_id}}, std::nullopt, 120s));
    const auto t1 = clock_type::now();
    const auto close_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    std::this_thread::sleep_for(1s);
    stop = true;
    for (auto& w : writers) {
        w.join();
    }
    latencies writes;
    for (const auto& [start, took] : timed) {
        if (start >= t0 - 500ms && start <= t1 + 500ms) {
            writes.add(took);
        }
    }
    std::cout << "[ figures ] poll.close answered in " << close_ms << " ms; " << writes.ms.size()
              << " writes of other meetings around it: p50 " << writes.percentile(50) << " ms, p99 "
              << writes.percentile(99) << " ms, max " << writes.percentile(100) << " ms\n";
    // The close answers with the final, completed count of all 200 ballots.
    const auto& results = closed.at("results").as_object();
    EXPECT_EQ(results.at("final"), json::value(true));
    EXPECT_EQ(int_at(results, "ballots"), 200);
    EXPECT_FALSE(results.at("pb").at("equal_shares").at("funded").as_array().empty());
    EXPECT_LT(writes.percentile(99), 100.0);
    // Read back: the stored final results, the same.
    const auto got = result_of(coordinator->call("poll.results", {{"poll_id", b.poll_id}}));
    EXPECT_EQ(got.at("results"), closed.at("results"));
}

}  // namespace traffpunkt::integration
