#pragma once

#include <string>
#include <string_view>

namespace traffpunkt {

/**
 * Makes spdlog's default logger write to stderr, in one of two formats:
 *  - "text": `[2026-11-26 16:20:01.123] [info] message` (local time, coloured on a terminal);
 *  - "json": one object per line, `{"ts":"2026-11-26T15:20:01.123Z","level":"info","msg":"..."}`
 *    (UTC), the message escaped so that every line is valid JSON whatever it contains.
 * `level` is trace, debug, info, warn, error, critical or off. A failure inside logging is
 * reported on stderr and never thrown into the caller.
 * @throws std::invalid_argument for an unknown format or level (before changing anything).
 */
void setup_logging(std::string_view format, std::string_view level);

/**
 * `text` as the contents of a JSON string (without the quotes): quotes, backslashes and control
 * characters escaped, invalid UTF-8 replaced by U+FFFD.
 */
std::string json_escape(std::string_view text);

}  // namespace traffpunkt
