// What an operator relies on (issue 24): /metrics in the Prometheus format with histograms,
// checked by Prometheus' own `promtool check metrics`; and upgrades: a newer server migrates an
// older database, an older server refuses a newer one with a clear message.
#include <sqlite3.h>

#include <cstdio>
#include <fstream>

#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

void exec_sql(const std::string& path, const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
    EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
}

testing::http_result get(server_process& s, const std::string& path) {
    return testing::http_request(s.host(), s.port(), "GET", path, {});
}

}  // namespace

class Operations : public integration_fixture {};

TEST_F(Operations, metrics_pass_promtool_and_hold_request_and_commit_histograms) {
    auto c = connect_coordinator();
    const auto network = create_network(*c);  // a write: a commit, and a measured request
    ASSERT_GT(network, 0);
    const auto page = get(server(), "/metrics");
    ASSERT_EQ(page.status, 200);
    const auto& body = page.body;
    for (const std::string needle :
         {"# TYPE traffpunkt_request_duration_seconds histogram",
          "traffpunkt_request_duration_seconds_bucket{op=\"network.create\",le=\"+Inf\"} 1",
          "traffpunkt_request_duration_seconds_count{op=\"network.create\"} 1",
          "# TYPE traffpunkt_commit_duration_seconds histogram",
          "# TYPE traffpunkt_commit_batch_size histogram",
          "traffpunkt_connections_by_role{role=\"coordinator\"}",
          "# TYPE traffpunkt_slow_consumer_closes_total counter",
          "# TYPE traffpunkt_mail_outbox_depth gauge", "# TYPE process_open_fds gauge",
          "# TYPE process_resident_memory_bytes gauge"}) {
        EXPECT_NE(body.find(needle), std::string::npos) << "missing: " << needle;
    }
    // Prometheus' own linter reads the page as a scrape would.
    const std::string file = server().data_dir() + "/metrics.txt";
    std::ofstream(file) << body;
    const auto [status, output] = run_command("promtool check metrics < " + file);
    EXPECT_EQ(status, 0) << "promtool (Debian package prometheus, `make deps` installs it): "
                         << output;
    EXPECT_EQ(output.find("error"), std::string::npos) << output;
}

TEST(Upgrades, newer_server_migrates_a_database_of_the_previous_schema) {
    auto proc = start_server();
    const std::string db = proc->data_dir() + "/traffpunkt.sqlite3";
    {
        auto c = connect_to(*proc, bearer(proc->create_token("coordinator")));
        create_network(*c);
    }
    ASSERT_EQ(proc->stop(), 0);
    // The database as the previous version (schema 12) left it: without the question tables.
    exec_sql(db,
             "DROP TABLE question_mutes; DROP TABLE question_votes; DROP TABLE questions; "
             "DROP TABLE question_boards; PRAGMA user_version = 12;");
    proc->restart();
    auto c = connect_to(*proc, bearer(proc->create_token("coordinator")));
    const auto networks = result_of(c->call("network.list"));
    EXPECT_GE(networks.at("networks").as_array().size(), 2U) << "the data is still there";
    const auto meeting = create_published(*c, open_meeting(create_network(*c), "hybrid", {}, {}));
    EXPECT_TRUE(c->call("qa.open", {{"meeting_id", meeting}}).contains("result"))
        << "the new tables were made by the migration";
}

TEST(Upgrades, older_server_refuses_a_newer_database_and_changes_nothing) {
    auto proc = start_server();
    const std::string db = proc->data_dir() + "/traffpunkt.sqlite3";
    ASSERT_EQ(proc->stop(), 0);
    exec_sql(db, "PRAGMA user_version = 999;");
    try {
        proc->restart();
        FAIL() << "the server started on a database of a newer schema";
    } catch (const std::runtime_error& e) {
        const std::string what = e.what();
        EXPECT_NE(what.find("newer than this program"), std::string::npos) << what;
        EXPECT_NE(what.find("999"), std::string::npos) << what;
    }
    sqlite3* h = nullptr;
    ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(h, "PRAGMA user_version", -1, &st, nullptr);
    ASSERT_EQ(sqlite3_step(st), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(st, 0), 999) << "left as it was";
    sqlite3_finalize(st);
    sqlite3_close(h);
}

}  // namespace traffpunkt::integration
