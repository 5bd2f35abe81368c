// traffpunkt-cli: command-line client for the Träffpunkt WebSocket protocol.
#include <cstdlib>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "command_line.hpp"
#include "commands.hpp"
#include "exit_status.hpp"
#include "usage_error.hpp"

int main(int argc, char** argv) {
    namespace cli = traffpunkt::cli;
    try {
        const std::vector<std::string> args(argv + 1, argv + argc);
        const cli::command_line options = cli::parse_command_line(
            args, std::getenv("TRAFFPUNKT_TOKEN"), std::getenv("TRAFFPUNKT_URL"));
        switch (options.command) {
            case cli::command_kind::help:
                std::cout << cli::usage_text();
                return cli::exit_ok;
            case cli::command_kind::call:
                return cli::run_call(options);
            case cli::command_kind::subscribe:
                return cli::run_subscribe(options);
            case cli::command_kind::repl:
                return cli::run_repl(options);
        }
    } catch (const cli::usage_error& e) {
        std::cerr << "traffpunkt-cli: " << e.what() << "\n(see traffpunkt-cli help)\n";
        return cli::exit_usage;
    } catch (const std::exception& e) {
        std::cerr << "traffpunkt-cli: " << e.what() << '\n';
        return cli::exit_connection;
    }
    return cli::exit_usage;
}
