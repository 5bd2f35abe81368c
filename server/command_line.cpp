#include "command_line.hpp"

#include <array>
#include <stdexcept>
#include <string_view>
#include <utility>

namespace traffpunkt {
namespace {

/** Applies one option (`name`, with `value` when it came as --name=value) to `result`. */
void apply_option(command_line& result, std::string_view name,
                  std::optional<std::string_view> value, int& i, int argc, char** argv) {
    const std::array<std::pair<std::string_view, bool*>, 4> flags = {{
        {"--demo-data", &result.demo_data},
        {"--help", &result.help},
        {"-h", &result.help},
        {"--version", &result.version},
    }};
    const std::array<std::pair<std::string_view, std::optional<std::string>*>, 5> valued = {{
        {"--config", &result.config_file},
        {"--listen", &result.listen},
        {"--data-dir", &result.data_dir},
        {"--log-format", &result.log_format},
        {"--ready-file", &result.ready_file},
    }};
    const std::string option(name);

    for (const auto& [flag, target] : flags) {
        if (flag == name) {
            if (value) {
                throw std::invalid_argument("option " + option + " takes no value");
            }
            *target = true;
            return;
        }
    }
    for (const auto& [valued_name, target] : valued) {
        if (valued_name != name) {
            continue;
        }
        if (!value && i + 1 < argc) {
            value = argv[++i];
            // "--config --listen x" is a forgotten value, not a file named "--listen";
            // such a name can still be given as --config=--listen.
            if (value->starts_with("-")) {
                throw std::invalid_argument("option " + option + " needs a value");
            }
        }
        if (!value || value->empty()) {
            throw std::invalid_argument("option " + option + " needs a value");
        }
        // Twice is a mistake in a script, and silently taking either one would hide it.
        if (target->has_value()) {
            throw std::invalid_argument("option " + option + " given twice");
        }
        *target = std::string(*value);
        return;
    }
    throw std::invalid_argument("unknown option " + option + " (see traffpunkt --help)");
}

}  // namespace

command_line parse_command_line(int argc, char** argv) {
    command_line result;
    int i = 1;
    for (; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--") {
            ++i;
            break;
        }
        if (!arg.starts_with("-")) {
            break;  // the command starts; its own options belong to it
        }
        const auto equals = arg.find('=');
        if (equals == std::string_view::npos) {
            apply_option(result, arg, std::nullopt, i, argc, argv);
        } else {
            apply_option(result, arg.substr(0, equals), arg.substr(equals + 1), i, argc, argv);
        }
    }
    for (; i < argc; ++i) {
        result.command.emplace_back(argv[i]);
    }
    return result;
}

std::string usage() {
    return R"(Usage:
  traffpunkt [--config FILE] [--listen HOST:PORT] [--data-dir DIR] [--log-format text|json]
             [--demo-data] [--ready-file FILE]
      Run the server (WebSocket and HTTP on one port).
  traffpunkt [--config FILE] [--data-dir DIR] token create --role coordinator|participant
             [--name NAME] [--person ID]
      Create an access token and print it (only the token) on stdout.
  traffpunkt [--config FILE] [--data-dir DIR] token revoke (--id N | --token TOKEN)
      Revoke a token, so it can no longer be used.
  traffpunkt [--config FILE] [--data-dir DIR] token list
      List the tokens.
  traffpunkt [--config FILE] [--data-dir DIR] person export ID
      Print a person's register extract (GDPR art. 15) as JSON; the read is logged.
  traffpunkt [--config FILE] [--data-dir DIR] backup DIR
      Copy the database (consistently, while the server runs), the documents and the
      calendar link key into the new directory DIR.
  traffpunkt [--config FILE] [--data-dir DIR] restore DIR
      Restore a backup into the data directory, which must be empty; then check it.
  traffpunkt [--config FILE] [--data-dir DIR] check
      PRAGMA integrity_check, and every document file's size and SHA-256.
  traffpunkt pb count FILE.pb [--rule NAME] [--min-support N]
             [--utility cost|approval|points] [--json] [--check-selected]
      Count a pabulib .pb file (a past participatory-budgeting vote) and show which projects
      get money and why; compares with the file's selected column. Needs no database.

Options (they override TRAFFPUNKT_* variables, which override the config file):
  --config FILE         TOML configuration; default: $TRAFFPUNKT_CONFIG, else built-in defaults
                        (config/traffpunkt.toml lists every setting)
  --listen HOST:PORT    address to listen on, e.g. 127.0.0.1:8080 or [::1]:8080; port 0 = any
  --data-dir DIR        directory of the database and documents
  --log-format FORMAT   text (for people) or json (one object per line, for log collectors)
  --demo-data           insert demo data (the SKR network) into an empty database
  --ready-file FILE     once listening, write "HOST:PORT" and a newline to FILE (for tests
                        that listen on port 0)
  -h, --help            show this text
  --version             show the version
Options go before the command; the options after `token create` etc. belong to the command.
)";
}

}  // namespace traffpunkt
