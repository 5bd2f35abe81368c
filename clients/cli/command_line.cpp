#include "command_line.hpp"

#include <charconv>
#include <string_view>

#include "usage_error.hpp"

namespace traffpunkt::cli {

namespace {

std::int64_t parse_integer(const std::string& option, const std::string& text, std::int64_t min) {
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc() || ptr != end || value < min) {
        throw usage_error(option + " wants an integer >= " + std::to_string(min) + ", not '" +
                          text + "'");
    }
    return value;
}

double parse_seconds(const std::string& option, const std::string& text) {
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used != text.size() || !(value > 0) || value > 1e7) {
        throw usage_error(option + " wants a positive number of seconds, not '" + text + "'");
    }
    return value;
}

command_kind parse_command(const std::string& name) {
    if (name == "call") {
        return command_kind::call;
    }
    if (name == "subscribe") {
        return command_kind::subscribe;
    }
    if (name == "repl") {
        return command_kind::repl;
    }
    if (name == "help") {
        return command_kind::help;
    }
    throw usage_error("unknown command '" + name + "'");
}

/** Which options each command accepts; a misplaced option is a mistake worth reporting. */
bool allowed(command_kind command, std::string_view option) {
    if (option == "--url" || option == "--token" || option == "--origin") {
        return true;
    }
    if (option == "--timeout") {
        return command != command_kind::help;
    }
    if (option == "--idem") {
        return command == command_kind::call;
    }
    return command == command_kind::subscribe &&
           (option == "--since" || option == "--epoch" || option == "--count");
}

}  // namespace

command_line parse_command_line(const std::vector<std::string>& args, const char* env_token,
                                const char* env_url) {
    command_line result;
    if (env_url != nullptr && *env_url != '\0') {
        result.url = env_url;
    }
    if (env_token != nullptr && *env_token != '\0') {
        result.token = env_token;
    }
    // A request for help anywhere wins, even over mistakes elsewhere on the line.
    for (const auto& arg : args) {
        if (arg == "-h" || arg == "--help") {
            result.command = command_kind::help;
            return result;
        }
    }
    bool have_command = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        if (arg.size() < 2 || arg.compare(0, 2, "--") != 0) {
            if (!have_command) {
                result.command = parse_command(arg);
                have_command = true;
            } else {
                result.arguments.push_back(arg);
            }
            continue;
        }
        // --name=value and --name value are both accepted.
        std::string value;
        bool has_value = false;
        if (const auto eq = arg.find('='); eq != std::string::npos) {
            value = arg.substr(eq + 1);
            arg.resize(eq);
            has_value = true;
        }
        const bool known = arg == "--url" || arg == "--token" || arg == "--origin" ||
                           arg == "--timeout" || arg == "--idem" || arg == "--since" ||
                           arg == "--epoch" || arg == "--count";
        if (!known) {
            throw usage_error("unknown option " + arg);
        }
        // Before the command only the connection options make sense.
        if (!have_command ? !(arg == "--url" || arg == "--token" || arg == "--origin")
                          : !allowed(result.command, arg)) {
            throw usage_error("option " + arg + " does not apply here");
        }
        if (!has_value) {
            if (i + 1 >= args.size()) {
                throw usage_error("option " + arg + " needs a value");
            }
            value = args[++i];
        }
        if (arg == "--url") {
            result.url = value;
        } else if (arg == "--token") {
            if (value.empty()) {
                throw usage_error("--token is empty");
            }
            result.token = value;
        } else if (arg == "--origin") {
            result.origin = value;
        } else if (arg == "--timeout") {
            result.timeout_s = parse_seconds(arg, value);
        } else if (arg == "--idem") {
            result.idem = value;
        } else if (arg == "--since") {
            result.since = parse_integer(arg, value, 0);
        } else if (arg == "--epoch") {
            result.epoch = value;
        } else {
            result.count = parse_integer(arg, value, 1);
        }
    }

    if (!have_command) {
        throw usage_error("no command given");
    }
    switch (result.command) {
        case command_kind::help:
            break;
        case command_kind::call:
            if (result.arguments.empty() || result.arguments.size() > 2) {
                throw usage_error("call wants OP and optionally JSON_ARGS");
            }
            break;
        case command_kind::subscribe:
            if (result.arguments.empty()) {
                throw usage_error("subscribe wants at least one TOPIC");
            }
            break;
        case command_kind::repl:
            if (!result.arguments.empty()) {
                throw usage_error("repl takes no arguments");
            }
            break;
    }
    return result;
}

const char* usage_text() {
    return R"(Usage: traffpunkt-cli [--url URL] [--token TOKEN] [--origin ORIGIN] COMMAND ...

Talks to a Träffpunkt server over its WebSocket protocol (subprotocol traffpunkt.v1).

Commands:
  call OP [JSON_ARGS] [--idem KEY] [--timeout S]
        Sends one request and prints its result as indented JSON. On an error answer,
        prints "CODE: MESSAGE" (and details) to stderr and exits 1. JSON_ARGS is an object,
        default {}. Waits at most --timeout seconds (default 30) for the answer.
  subscribe TOPIC [TOPIC...] [--since N --epoch E] [--count N] [--timeout S]
        Subscribes to the topics (network:N, staff:N, meeting:M, person:P) and prints each
        event as one JSON line on stdout until N events arrived, S seconds passed or
        Ctrl-C. A summary of each subscription goes to stderr.
  repl [--timeout S]
        Reads requests from stdin, one per line: OP [JSON_ARGS] [--idem KEY], or a whole
        envelope starting with '{' that is sent unchanged. Empty lines and lines starting
        with '#' are skipped. Prints answers and events as JSON lines as they arrive. At end
        of input waits up to S seconds (default 30) for outstanding answers, then closes.
  help  Prints this text.

Options:
  --url URL        ws://HOST[:PORT][/PATH] of the server (default ws://127.0.0.1:8080/ws,
                   or TRAFFPUNKT_URL). wss:// is not supported yet.
  --token TOKEN    Sent as "Authorization: Bearer TOKEN" on the upgrade. Default:
                   TRAFFPUNKT_TOKEN (preferable: other users can see command lines).
  --origin ORIGIN  Sent as the Origin header on the upgrade.

Exit status: 0 ok, 1 error answer, 2 usage error, 3 connection failure or no answer in time.

Examples:
  traffpunkt-cli call network.list
  traffpunkt-cli call meeting.get '{"meeting_id":3}'
  TRAFFPUNKT_TOKEN=... traffpunkt-cli call meeting.publish '{"meeting_id":3}' --idem pub-3
  traffpunkt-cli subscribe network:1 --count 5 --timeout 60
)";
}

}  // namespace traffpunkt::cli
