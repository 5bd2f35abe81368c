#pragma once

#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace traffpunkt::cli {

/** One input line of `repl`, parsed. */
struct repl_line {
    enum class kind {
        skip,     // empty or a # comment
        raw,      // a whole envelope, sent unchanged
        request,  // OP [JSON_ARGS] [--idem KEY]
    };
    kind type = kind::skip;
    /** The frame to send for kind::raw. */
    std::string raw;
    std::string op;
    boost::json::object args;
    std::optional<std::string> idem;
};

/**
 * Parses `OP [JSON_ARGS] [--idem KEY]`, a line starting with '{' (raw), or an empty/comment
 * line. Throws usage_error with a message for the user when the line is none of these.
 */
repl_line parse_repl_line(std::string_view line);

}  // namespace traffpunkt::cli
