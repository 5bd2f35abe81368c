#pragma once

#include <string>

#include <boost/json/object.hpp>

#include "command_line.hpp"

namespace traffpunkt::cli {

/** `call OP [JSON_ARGS]`: one request, result pretty-printed. Returns the exit status. */
int run_call(const command_line& options);

/** `subscribe TOPIC...`: events as JSON lines until count, timeout or Ctrl-C. */
int run_subscribe(const command_line& options);

/** `repl`: requests from stdin, answers and events as JSON lines. */
int run_repl(const command_line& options);

/** Parses JSON_ARGS; throws usage_error unless it is a JSON object. */
boost::json::object parse_args_object(const std::string& text);

}  // namespace traffpunkt::cli
