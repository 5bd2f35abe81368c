#include "options.hpp"

#include <charconv>
#include <stdexcept>
#include <string_view>

namespace traffpunkt::loadgen {

namespace {

long long to_integer(std::string_view name, std::string_view text, long long min, long long max) {
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < min || value > max) {
        throw std::invalid_argument(std::string(name) + " wants an integer from " +
                                    std::to_string(min) + " to " + std::to_string(max) + ", got '" +
                                    std::string(text) + "'");
    }
    return value;
}

double to_double(std::string_view name, const std::string& text) {
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !(value > 0) || value > 1e7) {
        throw std::invalid_argument(std::string(name) + " wants a positive number, got '" + text +
                                    "'");
    }
    return value;
}

std::chrono::milliseconds to_duration(std::string_view name, const std::string& text) {
    return std::chrono::milliseconds(static_cast<long long>(to_double(name, text) * 1000.0));
}

scenario_kind to_scenario(const std::string& text) {
    if (text == "fanout") {
        return scenario_kind::fanout;
    }
    if (text == "idle") {
        return scenario_kind::idle;
    }
    if (text == "writes") {
        return scenario_kind::writes;
    }
    if (text == "calendar-setup") {
        return scenario_kind::calendar_setup;
    }
    throw std::invalid_argument("unknown scenario '" + text +
                                "' (fanout, idle, writes, calendar-setup)");
}

void parse_server(options& out, const std::string& text) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) {
        throw std::invalid_argument("--server wants HOST:PORT, got '" + text + "'");
    }
    out.host = text.substr(0, colon);
    out.port = static_cast<unsigned short>(
        to_integer("--server port", std::string_view(text).substr(colon + 1), 1, 65535));
}

std::vector<int> parse_steps(const std::string& text) {
    std::vector<int> steps;
    std::string_view rest = text;
    while (!rest.empty()) {
        const auto comma = rest.find(',');
        steps.push_back(
            static_cast<int>(to_integer("--steps", rest.substr(0, comma), 1, 1'000'000)));
        if (!steps.empty() && steps.size() > 1 && steps.back() <= steps[steps.size() - 2]) {
            throw std::invalid_argument("--steps must ascend");
        }
        rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
    }
    return steps;
}

}  // namespace

options parse_options(const std::vector<std::string>& args, const char* token_env) {
    options out;
    if (token_env != nullptr && *token_env != '\0') {
        out.token = token_env;
    }
    bool connections_given = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& arg = args[i];
        if (arg == "--help" || arg == "-h") {
            out.help = true;
            continue;
        }
        if (i + 1 >= args.size()) {
            throw std::invalid_argument("unknown option or missing value: " + arg);
        }
        const std::string& value = args[++i];
        if (arg == "--scenario") {
            out.scenario = to_scenario(value);
        } else if (arg == "--server") {
            parse_server(out, value);
        } else if (arg == "--token") {
            out.token = value;
        } else if (arg == "--connections") {
            out.connections = static_cast<int>(to_integer(arg, value, 1, 1'000'000));
            connections_given = true;
        } else if (arg == "--voters") {
            out.voters = static_cast<int>(to_integer(arg, value, 1, 1'000'000));
        } else if (arg == "--rate") {
            out.rate = to_double(arg, value);
        } else if (arg == "--duration") {
            out.duration = to_duration(arg, value);
        } else if (arg == "--drain") {
            out.drain = to_duration(arg, value);
        } else if (arg == "--settle") {
            out.settle = to_duration(arg, value);
        } else if (arg == "--steps") {
            out.steps = parse_steps(value);
        } else if (arg == "--sources") {
            out.sources = static_cast<int>(to_integer(arg, value, 1, 254));
        } else if (arg == "--open-concurrency") {
            out.open_concurrency = static_cast<int>(to_integer(arg, value, 1, 100'000));
        } else if (arg == "--server-pid") {
            out.server_pid = static_cast<int>(to_integer(arg, value, 1, 1 << 30));
        } else if (arg == "--meetings") {
            out.meetings = static_cast<int>(to_integer(arg, value, 1, 10'000));
        } else if (arg == "--meeting-id") {
            out.meeting_id = to_integer(arg, value, 1, (1LL << 53) - 1);
        } else if (arg == "--poll-id") {
            out.poll_id = to_integer(arg, value, 1, (1LL << 53) - 1);
        } else if (arg == "--join-code") {
            out.join_code = value;
        } else if (arg == "--timeout") {
            out.timeout = to_duration(arg, value);
        } else if (arg == "--label") {
            out.label = value;
        } else {
            throw std::invalid_argument("unknown option " + arg);
        }
    }
    if (out.help) {
        return out;
    }
    const bool given_poll = out.meeting_id || out.poll_id || out.join_code;
    if (given_poll && !(out.meeting_id && out.poll_id && out.join_code)) {
        throw std::invalid_argument("--meeting-id, --poll-id and --join-code go together");
    }
    if (!given_poll && !out.token) {
        throw std::invalid_argument(
            "a coordinator token is needed for the setup (--token or TRAFFPUNKT_TOKEN)");
    }
    if (out.scenario == scenario_kind::idle) {
        if (out.steps.empty()) {
            out.steps = {out.connections};
        } else if (!connections_given) {
            out.connections = out.steps.back();
        }
        if (out.steps.back() != out.connections) {
            throw std::invalid_argument("the last --steps value is the --connections count");
        }
    }
    if (out.voters > out.connections && out.scenario != scenario_kind::calendar_setup) {
        throw std::invalid_argument("--voters cannot exceed --connections");
    }
    return out;
}

const char* usage_text() {
    return R"(traffpunkt-loadgen: drives a Träffpunkt server (or a reference peer) and prints one JSON object.

  traffpunkt-loadgen --scenario fanout --connections 10000 --voters 10000 --rate 1000 \
      --duration 8 --server 127.0.0.1:8080 --server-pid PID      (token in TRAFFPUNKT_TOKEN)

Scenarios:
  fanout          every connection is an audience device subscribed to polls:M; voters vote
                  once each at --rate per second; reports vote-ack and tally-delivery latency
  idle            connects, authenticates and subscribes --steps devices (e.g. 10000,19000)
                  and reports the server's RSS after each step
  writes          --voters devices vote in a closed loop (one vote in flight each) in a named
                  poll for --duration; reports acknowledged votes per second
  calendar-setup  creates a network with --meetings published meetings; prints its id

Options:
  --server HOST:PORT       server (127.0.0.1:8080)
  --token TOKEN            coordinator token for the setup (or TRAFFPUNKT_TOKEN)
  --connections N          devices to connect (100)
  --voters M               devices that vote (100)
  --rate R                 votes per second in fanout (100)
  --duration S             measured phase in seconds (5)
  --drain S                wait for the last tallies after the last vote (1)
  --settle S               wait before reading RSS at each idle step (2)
  --steps A,B,...          idle steps, ascending; the last is --connections
  --sources K              spread connections over 127.0.0.1..127.0.0.K (8)
  --open-concurrency N     connection setups in flight (200)
  --server-pid PID         read the server's CPU time and RSS from /proc/PID
  --meetings N             meetings for calendar-setup (200)
  --meeting-id ID --poll-id ID --join-code CODE
                           use an existing open link poll instead of creating one
  --timeout S              hard bound on the whole run (120)
  --label NAME             copied into the report
)";
}

}  // namespace traffpunkt::loadgen
