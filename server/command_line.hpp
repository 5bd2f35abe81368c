#pragma once

#include <optional>
#include <string>
#include <vector>

namespace traffpunkt {

/**
 * The arguments of `traffpunkt`. Options come first; everything from the first word that is
 * not an option (or after `--`) is the command, e.g. {"token", "create", "--role", ...}.
 * Values given here override TRAFFPUNKT_* variables and the config file.
 */
struct command_line {
    std::optional<std::string> config_file;  ///< --config FILE
    std::optional<std::string> listen;       ///< --listen HOST:PORT
    std::optional<std::string> data_dir;     ///< --data-dir DIR
    std::optional<std::string> log_format;   ///< --log-format text|json
    bool demo_data = false;                  ///< --demo-data
    std::optional<std::string> ready_file;   ///< --ready-file FILE: "HOST:PORT\n" once listening
    bool help = false;                       ///< -h, --help
    bool version = false;                    ///< --version
    std::vector<std::string> command;        ///< empty = run the server
};

/**
 * Parses argv. Options take their value as the next word or after '=' (`--listen=[::1]:0`).
 * @throws std::invalid_argument for an unknown option, a missing value, a value given to a
 *         flag, or an option given twice; the message names the option.
 */
command_line parse_command_line(int argc, char** argv);

/** The --help text: synopsis of the server and of the token commands, one line per option. */
std::string usage();

}  // namespace traffpunkt
