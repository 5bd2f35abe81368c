// Backup, restore and check (issue 24): `traffpunkt backup DIR` while the server takes writes,
// `traffpunkt restore DIR` into an empty data directory, `traffpunkt check` finding a damaged
// document. The restored server must hold every write acknowledged before the backup began and
// serve the same calendar feeds, byte for byte.
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

namespace fs = std::filesystem;

testing::http_result get(server_process& s, const std::string& path,
                         const std::string& token = {}) {
    std::map<std::string, std::string> headers;
    if (!token.empty()) {
        headers["Authorization"] = "Bearer " + token;
    }
    return testing::http_request(s.host(), s.port(), "GET", path, headers);
}

/** Empties a stopped server's data directory, so that a restore may go there. */
void empty_dir(const std::string& dir) {
    for (const auto& e : fs::directory_iterator(dir)) {
        if (e.path().filename() != "server.log") {
            fs::remove_all(e.path());
        }
    }
    fs::remove(fs::path(dir) / "server.log");
}

}  // namespace

TEST(Backup, online_backup_under_writes_restores_every_acknowledged_write_and_same_feeds) {
    auto source = start_server({{"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "100000"},
                                {"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "100000"}});
    const auto token = source->create_token("coordinator");
    auto c = connect_to(*source, bearer(token));
    const auto network = create_network(*c);
    const auto meeting = create_published(*c, open_meeting(network, "hybrid", {}, {}));
    const auto upload = testing::http_request(
        source->host(), source->port(), "POST",
        "/meetings/" + std::to_string(meeting) +
            "/documents?filename=underlag.txt&visibility=public",
        {{"Authorization", "Bearer " + token}, {"Content-Type", "text/plain; charset=utf-8"}},
        "Tjänsteskrivelse SKDN 2022/0104: medborgarbudget.");
    ASSERT_EQ(upload.status, 201) << upload.body;
    const auto document_id = int_at(json::parse(upload.body).as_object(), "document.document_id");

    // Writes go on while the backup runs; each network is acknowledged (committed) or not.
    std::atomic<bool> stop{false};
    std::mutex acked_mutex;
    std::vector<std::pair<std::chrono::steady_clock::time_point, std::int64_t>> acked;
    std::thread writer([&] {
        auto w = connect_to(*source, bearer(token));
        for (int i = 0; i < 5000 && !stop; ++i) {
            const auto id = create_network(*w);
            std::lock_guard lock(acked_mutex);
            acked.emplace_back(std::chrono::steady_clock::now(), id);
        }
    });
    // Start the backup once writes are flowing (some acknowledged), not after a fixed time.
    for (const auto until = std::chrono::steady_clock::now() + 10s;
         std::chrono::steady_clock::now() < until;) {
        {
            std::lock_guard lock(acked_mutex);
            if (acked.size() >= 20) {
                break;
            }
        }
        std::this_thread::sleep_for(10ms);
    }
    const std::string backup_dir = source->data_dir() + "-backup";
    const auto started = std::chrono::steady_clock::now();
    const auto [status, out] =
        run_traffpunkt("--data-dir " + source->data_dir() + " backup " + backup_dir);
    stop = true;
    writer.join();
    ASSERT_EQ(status, 0) << out;
    EXPECT_NE(out.find(" document file(s)"), std::string::npos) << out;
    EXPECT_EQ(out.find(" 0 document file(s)"), std::string::npos) << out;
    std::set<std::int64_t> before;
    {
        std::lock_guard lock(acked_mutex);
        for (const auto& [at, id] : acked) {
            if (at < started) {
                before.insert(id);
            }
        }
    }
    ASSERT_GT(before.size(), 5U) << "the load ran before the backup";
    // Never over an existing backup.
    EXPECT_NE(run_traffpunkt("--data-dir " + source->data_dir() + " backup " + backup_dir).status,
              0);

    auto restored = start_server();
    ASSERT_EQ(restored->stop(), 0);
    // A restore refuses a data directory that is not empty.
    const auto refused =
        run_traffpunkt("--data-dir " + restored->data_dir() + " restore " + backup_dir);
    EXPECT_EQ(refused.status, 1) << refused.output;
    EXPECT_NE(refused.output.find("not empty"), std::string::npos) << refused.output;
    empty_dir(restored->data_dir());
    const auto [rstatus, rout] =
        run_traffpunkt("--data-dir " + restored->data_dir() + " restore " + backup_dir);
    ASSERT_EQ(rstatus, 0) << rout;
    restored->restart();
    auto r = connect_to(*restored, bearer(restored->create_token("coordinator")));
    std::set<std::int64_t> present;
    const auto listed = result_of(r->call("network.list"));
    for (const auto& n : listed.at("networks").as_array()) {
        present.insert(n.at("network_id").to_number<std::int64_t>());
    }
    for (const auto id : before) {
        EXPECT_TRUE(present.count(id)) << "network " << id << " was acknowledged before the backup";
    }
    const auto doc = get(*restored, "/meetings/" + std::to_string(meeting) + "/documents/" +
                                        std::to_string(document_id));
    EXPECT_EQ(doc.status, 200);
    EXPECT_EQ(doc.body, "Tjänsteskrivelse SKDN 2022/0104: medborgarbudget.");

    // Quiet now: a second backup restored elsewhere serves the same feeds, byte for byte (the
    // calendar link key came along, so a person's feed URL still works).
    const auto admitted = result_of(c->call(
        "org.admit",
        {{"network_id", network},
         {"organisation", {{"name", unique_name("Kalmar kommun")}, {"kind", "municipality"}}},
         {"decision",
          {{"deciding_body", "Kommunstyrelsen"},
           {"diary_number", "SKDN 2022/0104"},
           {"decided_on", "2022-08-22"}}}}));
    auto person = make_person(*c, int_at(admitted, "member.organisation.organisation_id"));
    auto pc = connect_to(*source, bearer(person.token));
    result_of(pc->call("registration.create", {{"meeting_id", meeting}, {"mode", "remote"}}));
    const auto feed_url = string_at(result_of(pc->call("calendar.link", {})), "url");
    const auto feed_path = feed_url.substr(feed_url.find("/calendar/"));
    const std::string second = source->data_dir() + "-backup2";
    ASSERT_EQ(run_traffpunkt("--data-dir " + source->data_dir() + " backup " + second).status, 0);
    auto copy = start_server();
    ASSERT_EQ(copy->stop(), 0);
    empty_dir(copy->data_dir());
    ASSERT_EQ(run_traffpunkt("--data-dir " + copy->data_dir() + " restore " + second).status, 0);
    copy->restart();
    for (const auto& path : {"/calendar/network/" + std::to_string(network) + ".ics",
                             "/calendar/meetings/" + std::to_string(meeting) + ".ics", feed_path}) {
        const auto a = get(*source, path);
        const auto b = get(*copy, path);
        EXPECT_EQ(a.status, 200) << path;
        EXPECT_EQ(a.body, b.body) << path;
    }
    const auto doc_a = get(*source, "/meetings/" + std::to_string(meeting) + "/documents/" +
                                        std::to_string(document_id));
    const auto doc_b = get(*copy, "/meetings/" + std::to_string(meeting) + "/documents/" +
                                      std::to_string(document_id));
    EXPECT_EQ(doc_a.status, doc_b.status);
    EXPECT_EQ(doc_a.body, doc_b.body);
    fs::remove_all(backup_dir);
    fs::remove_all(second);
}

TEST(Backup, check_finds_a_damaged_document_and_a_clean_directory_passes) {
    auto proc = start_server();
    const auto token = proc->create_token("coordinator");
    auto c = connect_to(*proc, bearer(token));
    const auto meeting = create_published(*c, open_meeting(create_network(*c), "hybrid", {}, {}));
    const auto up = testing::http_request(
        proc->host(), proc->port(), "POST",
        "/meetings/" + std::to_string(meeting) + "/documents?filename=a.txt&visibility=public",
        {{"Authorization", "Bearer " + token}, {"Content-Type", "text/plain"}}, "Protokoll.");
    ASSERT_EQ(up.status, 201) << up.body;
    const auto ok = run_traffpunkt("--data-dir " + proc->data_dir() + " check");
    EXPECT_EQ(ok.status, 0) << ok.output;
    EXPECT_NE(ok.output.find("ok"), std::string::npos);
    // Damage the one document file (as a failing disk would).
    for (const auto& e : fs::recursive_directory_iterator(proc->data_dir() + "/documents/sha256")) {
        if (e.is_regular_file()) {
            std::ofstream(e.path(), std::ios::app) << "x";
        }
    }
    const auto bad = run_traffpunkt("--data-dir " + proc->data_dir() + " check");
    EXPECT_EQ(bad.status, 1) << bad.output;
    EXPECT_NE(bad.output.find("damaged"), std::string::npos) << bad.output;
    EXPECT_TRUE(still_serving(*proc));
}

}  // namespace traffpunkt::integration
