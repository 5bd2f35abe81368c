#include <boost/json/serialize.hpp>

#include <iostream>
#include <memory>
#include <set>

#include "command_session.hpp"
#include "commands.hpp"
#include "exit_status.hpp"
#include "repl_line.hpp"
#include "stdin_reader.hpp"
#include "usage_error.hpp"

namespace traffpunkt::cli {

namespace json = boost::json;

int run_repl(const command_line& options) {
    const double drain_timeout = options.timeout_s.value_or(30.0);
    std::set<std::string> pending;  // ids (serialised) still waiting for their answer
    std::uint64_t next_id = 1;
    std::size_t line_number = 0;
    bool input_done = false;

    command_session session(options);
    std::unique_ptr<stdin_reader> reader;

    const auto finish_if_drained = [&] {
        if (input_done && pending.empty()) {
            session.finish(exit_ok);
        }
    };
    const auto on_line = [&](std::optional<std::string> line) {
        if (session.finished()) {
            return;
        }
        if (!line) {
            input_done = true;
            session.set_deadline(drain_timeout, [&] {
                std::cerr << "traffpunkt-cli: " << pending.size() << " answer(s) missing after "
                          << drain_timeout << " s\n";
                session.finish(exit_connection);
            });
            finish_if_drained();
            return;
        }
        ++line_number;
        try {
            repl_line parsed = parse_repl_line(*line);
            if (parsed.type == repl_line::kind::raw) {
                // Track the id when there is one, so end of input waits for its answer too.
                if (const auto envelope = parse_frame(parsed.raw)) {
                    if (const auto* id = envelope->if_contains("id");
                        id != nullptr && (id->is_int64() || id->is_uint64())) {
                        pending.insert(json::serialize(*id));
                    }
                }
                session.send_raw(std::move(parsed.raw));
            } else if (parsed.type == repl_line::kind::request) {
                const std::uint64_t id = next_id++;
                pending.insert(std::to_string(id));
                session.send_request(id, parsed.op, std::move(parsed.args), parsed.idem);
            }
        } catch (const usage_error& e) {
            std::cerr << "traffpunkt-cli: line " << line_number << ": " << e.what() << '\n';
        }
    };
    const auto on_open = [&] {
        reader = std::make_unique<stdin_reader>(session.io_context().get_executor(), on_line);
    };
    const auto on_frame = [&](const std::string& frame) {
        const auto message = parse_frame(frame);
        if (!message) {
            std::cout << frame << '\n' << std::flush;
            return;
        }
        std::cout << json::serialize(*message) << '\n' << std::flush;
        if (const auto* re = message->if_contains("re")) {
            pending.erase(json::serialize(*re));
            finish_if_drained();
        }
    };
    const int status = session.run(on_open, on_frame, true);
    reader.reset();  // joins the reader thread while the io_context still exists
    return status;
}

}  // namespace traffpunkt::cli
