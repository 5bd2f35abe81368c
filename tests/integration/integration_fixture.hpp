#pragma once

// Shared pieces of the integration tests: a fixture that runs one real server per test suite,
// and small helpers that read answers the way PROTOCOL.md describes them. Nothing here knows
// the server's internals; everything goes over the wire.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "http_client.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

namespace traffpunkt::integration {

namespace json = boost::json;
using namespace std::chrono_literals;
using testing::close_info;
using testing::connect_options;
using testing::server_process;
using testing::upgrade_refused;
using testing::ws_client;

/** Starts the real server (demo data on) with `env` added to its environment. */
std::unique_ptr<server_process> start_server(std::map<std::string, std::string> env = {});

/**
 * Base fixture: one server with demo data per test suite, shared by its tests, and a
 * coordinator token for it. A suite that needs configuration defines its own SetUpTestSuite
 * calling start_shared(env). Tests must not depend on each other's state: ctest runs each
 * test in its own process, a plain run of the binary runs a whole suite against one server.
 */
class integration_fixture : public ::testing::Test {
  public:
    /** Starts the suite's server with the default configuration. */
    static void SetUpTestSuite() { start_shared({}); }

    /** Stops the suite's server. */
    static void TearDownTestSuite();

  protected:
    /** Starts the suite's server with `env` and creates its coordinator token. */
    static void start_shared(std::map<std::string, std::string> env);

    /** The suite's server. */
    static server_process& server() { return *server_; }

    /** A coordinator token for the suite's server. */
    static const std::string& coordinator_token() { return *coordinator_token_; }

    /** A connection without a token (role public). */
    static std::unique_ptr<ws_client> connect_public();

    /** A connection that gives `token` as `Authorization: Bearer`. */
    static std::unique_ptr<ws_client> connect_with(const std::string& token);

    /** A coordinator connection. */
    static std::unique_ptr<ws_client> connect_coordinator() {
        return connect_with(coordinator_token());
    }

  private:
    static std::unique_ptr<server_process> server_;
    static std::optional<std::string> coordinator_token_;
};

/** Connect options that give `token` as `Authorization: Bearer`. */
connect_options bearer(const std::string& token);

/** Connects to `proc` with the given options (host and port from the process). */
std::unique_ptr<ws_client> connect_to(server_process& proc, const connect_options& options = {});

/** The `result` of an answer; throws (failing the test) with the answer when it is an error. */
json::object result_of(const json::object& answer);

/** The error code of an answer, or "" when it is a result. */
std::string error_code(const json::object& answer);

/** `details.field` of an error answer, or "" when there is none. */
std::string error_field(const json::object& answer);

/** An integer member of `object` (`key` may be dotted, e.g. "meeting.meeting_id"). */
std::int64_t int_at(const json::object& object, std::string_view key);

/** A string member of `object` (`key` may be dotted). */
std::string string_at(const json::object& object, std::string_view key);

/** The value at a dotted path, or nullptr when a part is missing. */
const json::value* find_path(const json::object& object, std::string_view key);

/** A name no other test (or earlier run) uses: `prefix` plus a process-wide counter and pid. */
std::string unique_name(std::string_view prefix);

/** Valid `meeting.create` args for network `network_id`, with an online_url. */
json::object meeting_args(std::int64_t network_id, std::string_view title);

/** Creates a draft meeting as `coordinator`; returns the meeting object. */
json::object create_meeting(ws_client& coordinator, std::int64_t network_id,
                            std::string_view title);

/** Creates a network of its own (so a test has topics nobody else touches); returns its id. */
std::int64_t create_network(ws_client& coordinator);

/** Changes the description of network `network_id` (one `network.updated` event). */
void touch_network(ws_client& coordinator, std::int64_t network_id, std::string_view text);

/** An organisation that is a member of network 1 (the demo network); admits one if none. */
std::int64_t member_organisation(ws_client& coordinator);

/** A person created by `coordinator` and that person's token. */
struct person_with_token {
    std::int64_t person_id = 0;
    std::string token;
};

/** Creates a person (unique e-mail) in `organisation_id`; returns the id and the token. */
person_with_token create_person(ws_client& coordinator, std::int64_t organisation_id);

/** Number of meetings of network `network_id` as `client` sees them (all statuses). */
std::size_t meeting_count(ws_client& client, std::int64_t network_id);

/** Reads until an event with `ev` on `topic` arrives; nullopt after `timeout`. */
std::optional<json::object> wait_event(ws_client& client, std::string_view ev,
                                       std::string_view topic,
                                       std::chrono::milliseconds timeout = 5s);

/** What a command printed (stdout and stderr) and its exit status (-1: no normal exit). */
struct command_result {
    int status = -1;
    std::string output;
};

/** Runs `command` through the shell and waits for it. */
command_result run_command(const std::string& command);

/** Runs the server binary (TRAFFPUNKT_BINARY) with `args`, e.g. "--data-dir D check". */
command_result run_traffpunkt(const std::string& args);

/** True when a fresh public connection to `proc` answers `network.list` with a result. */
bool still_serving(server_process& proc);

/**
 * Polls `done` every 50 ms until it holds or `timeout` passes; returns whether it held. For what
 * the server does after its answer (the access log, the outbox, a file it writes), instead of
 * sleeping a fixed time.
 */
bool eventually(const std::function<bool()>& done,
                std::chrono::milliseconds timeout = std::chrono::seconds(15));

/** Published meeting args: open registration window (from 2020), far in the future. */
json::object open_meeting(std::int64_t network_id, std::string_view format,
                          std::optional<int> in_person, std::optional<int> remote);

/** Creates and publishes a meeting as `coordinator`; returns its id. */
std::int64_t create_published(ws_client& coordinator, json::object args);

/** Creates a person in `organisation_id` (unique e-mail; name made up when empty). */
person_with_token make_person(ws_client& coordinator, std::int64_t organisation_id,
                              std::string name = {}, std::string role = "official");

/**
 * Reads frames until the answers with `re` = 1..`count` have all arrived, in any order (a
 * retry waiting on the same idem key may be answered before the request it waits for); keyed
 * by `re`. Throws after `timeout`.
 */
std::map<std::int64_t, json::object> answers_to(ws_client& client, std::int64_t count,
                                                std::chrono::milliseconds timeout);

/** Reads frames until the answer with `re` = `id` arrives; throws after `timeout`. */
json::object answer_to(ws_client& client, std::int64_t id, std::chrono::milliseconds timeout = 20s);

/** A request frame as text, for sending many before reading the answers. */
std::string request_frame(std::int64_t id, std::string_view op, const json::object& args,
                          std::optional<std::string_view> idem = {});

}  // namespace traffpunkt::integration
