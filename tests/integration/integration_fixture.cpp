#include "integration_fixture.hpp"

#include <sys/wait.h>

#include <array>
#include <cstdio>

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <stdexcept>
#include <thread>

namespace traffpunkt::integration {

std::unique_ptr<server_process> integration_fixture::server_;
std::optional<std::string> integration_fixture::coordinator_token_;

std::unique_ptr<server_process> start_server(std::map<std::string, std::string> env) {
    server_process::options options;
    // TRAFFPUNKT_BINARY in the environment runs the suite against another build of the server
    // (e.g. the last release, to show that a new attack test fails there).
    const char* other = std::getenv("TRAFFPUNKT_BINARY");
    options.binary = other != nullptr && *other != '\0' ? other : TRAFFPUNKT_BINARY;
    options.demo_data = true;
    options.env = std::move(env);
    return std::make_unique<server_process>(std::move(options));
}

void integration_fixture::start_shared(std::map<std::string, std::string> env) {
    server_ = start_server(std::move(env));
    coordinator_token_ = server_->create_token("coordinator");
}

void integration_fixture::TearDownTestSuite() {
    coordinator_token_.reset();
    server_.reset();
}

std::unique_ptr<ws_client> integration_fixture::connect_public() {
    return connect_to(*server_);
}

std::unique_ptr<ws_client> integration_fixture::connect_with(const std::string& token) {
    return connect_to(*server_, bearer(token));
}

connect_options bearer(const std::string& token) {
    connect_options options;
    options.bearer_token = token;
    return options;
}

std::unique_ptr<ws_client> connect_to(server_process& proc, const connect_options& options) {
    return ws_client::connect(proc.host(), proc.port(), options);
}

json::object result_of(const json::object& answer) {
    const auto* result = answer.if_contains("result");
    if (result == nullptr || !result->is_object()) {
        throw std::runtime_error("expected a result, got " + json::serialize(answer));
    }
    return result->as_object();
}

std::string error_code(const json::object& answer) {
    const auto* code = find_path(answer, "error.code");
    return code != nullptr && code->is_string() ? std::string(code->as_string()) : std::string();
}

std::string error_field(const json::object& answer) {
    const auto* field = find_path(answer, "error.details.field");
    return field != nullptr && field->is_string() ? std::string(field->as_string()) : std::string();
}

const json::value* find_path(const json::object& object, std::string_view key) {
    const json::object* current = &object;
    for (;;) {
        const auto dot = key.find('.');
        const auto* value = current->if_contains(key.substr(0, dot));
        if (value == nullptr || dot == std::string_view::npos) {
            return value;
        }
        if (!value->is_object()) {
            return nullptr;
        }
        current = &value->as_object();
        key.remove_prefix(dot + 1);
    }
}

std::int64_t int_at(const json::object& object, std::string_view key) {
    const auto* value = find_path(object, key);
    if (value == nullptr || !(value->is_int64() || value->is_uint64())) {
        throw std::runtime_error("no integer at '" + std::string(key) + "' in " +
                                 json::serialize(object));
    }
    return value->to_number<std::int64_t>();
}

std::string string_at(const json::object& object, std::string_view key) {
    const auto* value = find_path(object, key);
    if (value == nullptr || !value->is_string()) {
        throw std::runtime_error("no string at '" + std::string(key) + "' in " +
                                 json::serialize(object));
    }
    return std::string(value->as_string());
}

std::string unique_name(std::string_view prefix) {
    static std::atomic<int> counter{0};
    return std::string(prefix) + "-" + std::to_string(getpid()) + "-" + std::to_string(++counter);
}

json::object meeting_args(std::int64_t network_id, std::string_view title) {
    return json::object{{"network_id", network_id},
                        {"title", title},
                        {"description", "Program och fika."},
                        {"starts_at", "2030-03-12T09:00:00+01:00"},
                        {"ends_at", "2030-03-12T15:00:00+01:00"},
                        {"format", "hybrid"},
                        {"venue", "SKR"},
                        {"address", "Hornsgatan 20, Stockholm"},
                        {"online_url", "https://meet.example.se/secret-room"},
                        {"capacity_in_person", 60},
                        {"capacity_remote", 100}};
}

json::object create_meeting(ws_client& coordinator, std::int64_t network_id,
                            std::string_view title) {
    auto result = result_of(coordinator.call("meeting.create", meeting_args(network_id, title)));
    return result.at("meeting").as_object();
}

std::int64_t create_network(ws_client& coordinator) {
    const auto result =
        result_of(coordinator.call("network.create", {{"name", unique_name("Nätverk")},
                                                      {"starts_on", "2030-01-01"},
                                                      {"ends_on", "2031-12-31"}}));
    return int_at(result, "network.network_id");
}

void touch_network(ws_client& coordinator, std::int64_t network_id, std::string_view text) {
    result_of(
        coordinator.call("network.update", {{"network_id", network_id}, {"description", text}}));
}

std::int64_t member_organisation(ws_client& coordinator) {
    const auto network = result_of(coordinator.call("network.get", {{"network_id", 1}}));
    const auto& members = network.at("members").as_array();
    if (!members.empty()) {
        return int_at(members.front().as_object(), "organisation.organisation_id");
    }
    const auto admitted = result_of(coordinator.call(
        "org.admit", {{"network_id", 1},
                      {"organisation", {{"name", unique_name("Kommun")}, {"kind", "municipality"}}},
                      {"decision",
                       {{"deciding_body", "Kommunstyrelsen"},
                        {"diary_number", "KS 2030/1"},
                        {"decided_on", "2030-01-15"}}}}));
    return int_at(admitted, "member.organisation.organisation_id");
}

person_with_token create_person(ws_client& coordinator, std::int64_t organisation_id) {
    const std::string name = unique_name("person");
    const auto result =
        result_of(coordinator.call("person.create", {{"name", "Anna " + name},
                                                     {"email", name + "@example.se"},
                                                     {"organisation_id", organisation_id},
                                                     {"role", "official"}}));
    return {int_at(result, "person.person_id"), string_at(result, "token")};
}

std::size_t meeting_count(ws_client& client, std::int64_t network_id) {
    const auto result = result_of(client.call("meeting.list", {{"network_id", network_id}}));
    return result.at("meetings").as_array().size();
}

std::optional<json::object> wait_event(ws_client& client, std::string_view ev,
                                       std::string_view topic, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return std::nullopt;
        }
        auto frame = client.next_event(left);
        if (!frame) {
            return std::nullopt;
        }
        const auto* name = frame->if_contains("ev");
        const auto* on = frame->if_contains("topic");
        if (name != nullptr && on != nullptr && name->is_string() && on->is_string() &&
            name->as_string() == ev && on->as_string() == topic) {
            return frame;
        }
    }
}

bool eventually(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() >= until) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return true;
}

bool still_serving(server_process& proc) {
    auto client = connect_to(proc);
    const auto answer = client->call("network.list");
    return answer.contains("result") && answer.at("result").as_object().contains("networks");
}

// --- meetings, people and raw frames (shared by the registration and poll tests) ---------

/** Published meeting args: open window (from 2020 to the day before), far in the future. */
json::object open_meeting(std::int64_t network_id, std::string_view format,
                          std::optional<int> in_person, std::optional<int> remote) {
    json::object args{{"network_id", network_id},
                      {"title", unique_name("Träff")},
                      {"starts_at", "2030-03-12T09:00:00+01:00"},
                      {"ends_at", "2030-03-12T15:00:00+01:00"},
                      {"format", format},
                      {"online_url", "https://meet.example.se/rum-17"},
                      {"registration_opens", "2020-01-01T00:00:00Z"},
                      {"registration_closes", "2030-03-11T00:00:00+01:00"}};
    if (in_person) {
        args["capacity_in_person"] = *in_person;
    }
    if (remote) {
        args["capacity_remote"] = *remote;
    }
    return args;
}

std::int64_t create_published(ws_client& coordinator, json::object args) {
    const auto created = result_of(coordinator.call("meeting.create", std::move(args)));
    const auto id = int_at(created, "meeting.meeting_id");
    result_of(coordinator.call("meeting.publish", {{"meeting_id", id}}));
    return id;
}

person_with_token make_person(ws_client& coordinator, std::int64_t organisation_id,
                              std::string name, std::string role) {
    const std::string key = unique_name("p");
    if (name.empty()) {
        name = "Deltagare " + key;
    }
    const auto result =
        result_of(coordinator.call("person.create", {{"name", name},
                                                     {"email", key + "@example.se"},
                                                     {"organisation_id", organisation_id},
                                                     {"role", role}}));
    return {int_at(result, "person.person_id"), string_at(result, "token")};
}

/** Reads frames until the answer with `re` = `id` arrives; throws after `timeout`. */
json::object answer_to(ws_client& client, std::int64_t id, std::chrono::milliseconds timeout) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        auto frame = client.next_event(left);
        if (!frame) {
            break;
        }
        const auto* re = frame->if_contains("re");
        if (re != nullptr && (re->is_int64() || re->is_uint64()) &&
            re->to_number<std::int64_t>() == id) {
            return *frame;
        }
    }
    throw std::runtime_error("no answer with re " + std::to_string(id));
}

std::map<std::int64_t, json::object> answers_to(ws_client& client, std::int64_t count,
                                                std::chrono::milliseconds timeout) {
    std::map<std::int64_t, json::object> found;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (static_cast<std::int64_t>(found.size()) < count &&
           std::chrono::steady_clock::now() < deadline) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        auto frame = client.next_event(left);
        if (!frame) {
            break;
        }
        const auto* re = frame->if_contains("re");
        if (re != nullptr && (re->is_int64() || re->is_uint64())) {
            const auto id = re->to_number<std::int64_t>();
            if (id >= 1 && id <= count) {
                found.emplace(id, *frame);
            }
        }
    }
    if (static_cast<std::int64_t>(found.size()) < count) {
        throw std::runtime_error("only " + std::to_string(found.size()) + " of " +
                                 std::to_string(count) + " answers arrived");
    }
    return found;
}

std::string request_frame(std::int64_t id, std::string_view op, const json::object& args,
                          std::optional<std::string_view> idem) {
    json::object frame{{"id", id}, {"op", op}, {"args", args}};
    if (idem) {
        frame["idem"] = *idem;
    }
    return json::serialize(frame);
}

command_result run_command(const std::string& command) {
    command_result r;
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) {
        r.output = "popen failed";
        return r;
    }
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        r.output.append(buffer.data(), n);
    }
    const int status = pclose(pipe);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

command_result run_traffpunkt(const std::string& args) {
    return run_command(std::string(TRAFFPUNKT_BINARY) + " " + args);
}

}  // namespace traffpunkt::integration
