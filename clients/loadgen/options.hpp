#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace traffpunkt::loadgen {

/** What the load generator drives; each prints one JSON object. */
enum class scenario_kind {
    fanout,          ///< devices vote at a fixed rate while every device receives tallies
    idle,            ///< devices connect, authenticate, subscribe and stay idle; RSS per step
    writes,          ///< a fixed set of voters vote as fast as answers come (closed loop)
    calendar_setup,  ///< creates a network with published meetings for the calendar benchmark
};

/** The command line, parsed and checked. */
struct options {
    scenario_kind scenario = scenario_kind::fanout;
    std::string host = "127.0.0.1";
    unsigned short port = 8080;
    /** Coordinator token for the setup (meeting, poll, link); from --token or TRAFFPUNKT_TOKEN. */
    std::optional<std::string> token;
    /** Devices to connect (fanout, writes) or the largest idle step. */
    int connections = 100;
    /** Devices that vote (fanout: each once; writes: each in a closed loop). */
    int voters = 100;
    /** Votes per second (fanout). */
    double rate = 100.0;
    /** Length of the measured phase (fanout, writes). */
    std::chrono::milliseconds duration{5000};
    /** Wait after the last vote so its tallies can arrive (fanout). */
    std::chrono::milliseconds drain{1000};
    /** Wait after each idle step before RSS is read. */
    std::chrono::milliseconds settle{2000};
    /** Connections counted at each idle step, ascending. */
    std::vector<int> steps;
    /** Connections spread over source addresses 127.0.0.1 .. 127.0.0.<sources>. */
    int sources = 8;
    /** Handshakes and setup exchanges in flight at once while connecting. */
    int open_concurrency = 200;
    /** Server process to read CPU time and RSS of (/proc/<pid>); none: not reported. */
    std::optional<int> server_pid;
    /** Meetings to create (calendar-setup). */
    int meetings = 200;
    /** An existing poll to use instead of creating one (the reference peers need no setup). */
    std::optional<long long> meeting_id;
    std::optional<long long> poll_id;
    std::optional<std::string> join_code;
    /** Hard bound on the whole run: the report is printed with "timed_out": true after it. */
    std::chrono::milliseconds timeout{120000};
    /** Label copied into the report ("traffpunkt", "node-ws", ...). */
    std::string label = "traffpunkt";
    bool help = false;
};

/** Parses argv[1..]; throws std::invalid_argument with a message for the user. */
options parse_options(const std::vector<std::string>& args, const char* token_env);

/** The --help text. */
const char* usage_text();

}  // namespace traffpunkt::loadgen
