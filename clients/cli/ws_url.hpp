#pragma once

#include <string>
#include <string_view>

namespace traffpunkt::cli {

/** A parsed `ws://host[:port][/path][?query]` URL. */
struct ws_url {
    /** Host to connect to; an IPv6 literal without its brackets. */
    std::string host;
    unsigned short port = 80;
    /** Path and query, at least "/". */
    std::string target = "/";

    /** Value for the Host header: host (bracketed when IPv6) and the port when not 80. */
    std::string authority() const;
};

/**
 * Parses a ws:// URL. Throws std::invalid_argument with a message for the user on anything
 * else, including wss:// (not supported yet), user info, fragments and bad ports.
 */
ws_url parse_ws_url(std::string_view text);

}  // namespace traffpunkt::cli
