// Disk full (PROTOCOL.md "Error codes": `unavailable`). A file size limit set on the running
// server (RLIMIT_FSIZE through prlimit, as a quota or a full disk would) makes SQLite's writes
// fail for real, below the server: no hook in the server pretends. While the limit holds,
// writes must answer `unavailable`, reads go on, and nothing acknowledged before is lost; once
// the limit is lifted, a retry with the same idem key succeeds, and a crash afterwards keeps
// every acknowledged write exactly once.
#include "integration_fixture.hpp"

#include <sys/resource.h>

#include <cstring>
#include <filesystem>
#include <set>

namespace traffpunkt::integration {
namespace {

namespace fs = std::filesystem;

/** Sets the soft file size limit of process `pid` (the hard limit stays, so it can be lifted). */
void set_file_size_limit(pid_t pid, rlim_t bytes) {
    rlimit current{};
    ASSERT_EQ(prlimit(pid, RLIMIT_FSIZE, nullptr, &current), 0) << std::strerror(errno);
    rlimit next{bytes, current.rlim_max};
    ASSERT_EQ(prlimit(pid, RLIMIT_FSIZE, &next, nullptr), 0) << std::strerror(errno);
}

/** The largest SQLite file (database or WAL: traffpunkt.sqlite3*) in the data directory. */
std::uintmax_t largest_database_file(const std::string& data_dir) {
    std::uintmax_t largest = 0;
    for (const auto& entry : fs::directory_iterator(data_dir)) {
        const auto name = entry.path().filename().string();
        if (entry.is_regular_file() && name.starts_with("traffpunkt.sqlite3")) {
            largest = std::max(largest, entry.file_size());
        }
    }
    return largest;
}

/** The titles of network `network_id`'s meetings as a coordinator sees them. */
std::multiset<std::string> meeting_titles(ws_client& coordinator, std::int64_t network_id) {
    const auto result =
        result_of(coordinator.call("meeting.list", {{"network_id", network_id}}, {}, 20s));
    std::multiset<std::string> titles;
    for (const auto& m : result.at("meetings").as_array()) {
        titles.insert(std::string(m.at("title").as_string()));
    }
    return titles;
}

json::object big_meeting(std::int64_t network_id, const std::string& title) {
    auto args = meeting_args(network_id, title);
    // A few pages per write, so the WAL has to grow within a few writes.
    args["description"] = std::string(6000, 'x');
    return args;
}

TEST(DiskFull, writes_answer_unavailable_reads_go_on_and_nothing_acknowledged_is_lost) {
    auto server = start_server();
    const auto token = server->create_token("coordinator");
    auto coordinator = connect_to(*server, bearer(token));
    const auto network_id = create_network(*coordinator);

    std::set<std::string> acknowledged;
    for (int i = 0; i < 5; ++i) {
        const auto title = unique_name("Före gränsen");
        result_of(coordinator->call("meeting.create", big_meeting(network_id, title),
                                    unique_name("idem-")));
        acknowledged.insert(title);
    }

    // Not one byte more than the database files already hold.
    set_file_size_limit(server->pid(), largest_database_file(server->data_dir()));

    std::string failed_title;
    std::string failed_idem;
    json::object failure;
    for (int i = 0; i < 300 && failed_title.empty(); ++i) {
        const auto title = unique_name("Vid gränsen");
        const auto idem = unique_name("idem-");
        const auto answer =
            coordinator->call("meeting.create", big_meeting(network_id, title), idem, 20s);
        if (error_code(answer).empty()) {
            acknowledged.insert(title);  // written inside space the WAL already had
        } else {
            failed_title = title;
            failed_idem = idem;
            failure = answer;
        }
    }
    ASSERT_FALSE(failed_title.empty()) << "300 writes past the file size limit all succeeded";
    EXPECT_EQ(error_code(failure), "unavailable") << json::serialize(failure);
    EXPECT_FALSE(string_at(failure, "error.message").empty()) << json::serialize(failure);

    // While the disk stays full: other writes fail the same way, and no partial state shows.
    const auto other = coordinator->call(
        "network.update", {{"network_id", network_id}, {"description", std::string(8000, 'y')}});
    EXPECT_EQ(error_code(other), "unavailable") << json::serialize(other);
    // Reads are served, on this connection and on new ones, and show exactly what was
    // acknowledged.
    EXPECT_EQ(meeting_titles(*coordinator, network_id),
              std::multiset<std::string>(acknowledged.begin(), acknowledged.end()));
    EXPECT_TRUE(still_serving(*server));
    const auto net = result_of(coordinator->call("network.get", {{"network_id", network_id}}));
    EXPECT_NE(string_at(net, "network.description"), std::string(8000, 'y'));

    // Space again: the failed write retried with its idem key is done now (the failure was not
    // remembered as its answer), once.
    set_file_size_limit(server->pid(), RLIM_INFINITY);
    const auto retry = coordinator->call("meeting.create", big_meeting(network_id, failed_title),
                                         failed_idem, 20s);
    ASSERT_TRUE(error_code(retry).empty()) << json::serialize(retry);
    acknowledged.insert(failed_title);
    const auto replay = coordinator->call("meeting.create", big_meeting(network_id, failed_title),
                                          failed_idem, 20s);
    EXPECT_EQ(int_at(result_of(replay), "meeting.meeting_id"),
              int_at(result_of(retry), "meeting.meeting_id"));

    // A crash now loses nothing that was acknowledged and doubles nothing.
    coordinator.reset();
    server->kill9();
    server->restart();
    auto after = connect_to(*server, bearer(token));
    EXPECT_EQ(meeting_titles(*after, network_id),
              std::multiset<std::string>(acknowledged.begin(), acknowledged.end()));
}

}  // namespace
}  // namespace traffpunkt::integration
