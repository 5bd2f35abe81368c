#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <iostream>

#include "command_session.hpp"
#include "commands.hpp"
#include "exit_status.hpp"
#include "json_printer.hpp"
#include "usage_error.hpp"

namespace traffpunkt::cli {

namespace json = boost::json;

json::object parse_args_object(const std::string& text) {
    boost::system::error_code ec;
    json::value value = json::parse(text, ec);
    if (ec) {
        throw usage_error("JSON_ARGS is not valid JSON: " + ec.message());
    }
    if (!value.is_object()) {
        throw usage_error("JSON_ARGS must be a JSON object, e.g. '{\"meeting_id\":3}'");
    }
    return std::move(value.as_object());
}

int run_call(const command_line& options) {
    const std::string& op = options.arguments.at(0);
    json::object args;
    if (options.arguments.size() > 1) {
        args = parse_args_object(options.arguments[1]);
    }
    constexpr std::uint64_t id = 1;
    const double timeout = options.timeout_s.value_or(30.0);

    command_session session(options);
    session.set_deadline(timeout, [&] {
        std::cerr << "traffpunkt-cli: no answer to " << op << " within " << timeout << " s\n";
        session.finish(exit_connection);
    });
    return session.run([&] { session.send_request(id, op, std::move(args), options.idem); },
                       [&](const std::string& frame) {
                           const auto answer = parse_frame(frame);
                           if (!answer) {
                               return;
                           }
                           // `re: null` means the server could not read our request at all;
                           // that answer is ours as well.
                           const auto* re = answer->if_contains("re");
                           const bool ours =
                               is_answer_to(*answer, id) || (re != nullptr && re->is_null());
                           if (!ours) {
                               return;  // an event or a stray frame
                           }
                           if (const auto* result = answer->if_contains("result")) {
                               std::cout << pretty_json(*result) << '\n';
                               session.finish(exit_ok);
                               return;
                           }
                           print_error_answer(*answer);
                           session.finish(exit_error_answer);
                       },
                       false);
}

}  // namespace traffpunkt::cli
