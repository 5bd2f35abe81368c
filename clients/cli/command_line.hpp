#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace traffpunkt::cli {

/** The commands of traffpunkt-cli. */
enum class command_kind { help, call, subscribe, repl };

/** A parsed traffpunkt-cli command line. */
struct command_line {
    std::string url = "ws://127.0.0.1:8080/ws";
    /** From --token, else TRAFFPUNKT_TOKEN; never printed. */
    std::optional<std::string> token;
    std::optional<std::string> origin;
    command_kind command = command_kind::help;
    /** Positional arguments after the command (call: OP [JSON]; subscribe: TOPIC...). */
    std::vector<std::string> arguments;
    std::optional<std::string> idem;
    std::optional<std::int64_t> since;
    std::optional<std::string> epoch;
    std::optional<std::int64_t> count;
    std::optional<double> timeout_s;
};

/**
 * Parses the arguments after the program name. `env_token` and `env_url` are the values of
 * TRAFFPUNKT_TOKEN and TRAFFPUNKT_URL (nullptr or empty when unset); options win over them.
 * Throws usage_error.
 */
command_line parse_command_line(const std::vector<std::string>& args, const char* env_token,
                                const char* env_url);

/** The text `traffpunkt-cli help` prints. */
const char* usage_text();

}  // namespace traffpunkt::cli
