#pragma once

// Pure decisions about HTTP requests and WebSocket upgrades, testable without sockets.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace traffpunkt::net {

/** The subprotocol this server speaks (Sec-WebSocket-Protocol). */
inline constexpr std::string_view subprotocol_v1 = "traffpunkt.v1";

/** A request target split into a percent-decoded path and the raw query. */
struct target_parts {
    std::string path;
    std::string query;
};

/**
 * Splits and decodes a request target. Empty when the target is not an absolute path, does not
 * decode (bad %-escape), or decodes to something that could escape a directory: NUL or other
 * control characters, backslashes, or a `.`/`..` segment.
 */
std::optional<target_parts> split_target(std::string_view target);

/** Percent-decodes (`+` stays `+`); empty on a malformed escape. */
std::optional<std::string> percent_decode(std::string_view text);

/** The value of `name` in a query string, decoded (`+` means space here). */
std::optional<std::string> query_param(std::string_view query, std::string_view name);

/** The token of an `Authorization: Bearer <token>` header (scheme case-insensitive). */
std::optional<std::string> bearer_token(std::string_view authorization);

/**
 * Whether a WebSocket upgrade from `origin` may proceed. No Origin header means a non-browser
 * client, which cross-site request forgery cannot involve, so it is allowed. A browser's Origin
 * must equal (case-insensitively) one of `allowed`.
 */
bool origin_allowed(std::optional<std::string_view> origin,
                    const std::vector<std::string>& allowed);

enum class subprotocol_choice {
    none_offered,  ///< no header: a plain client, served as v1
    v1,            ///< the client offered traffpunkt.v1
    unsupported,   ///< the client offered only protocols we do not speak
};

/** Reads a Sec-WebSocket-Protocol header (comma-separated list). */
subprotocol_choice negotiate_subprotocol(std::optional<std::string_view> header);

/**
 * Whether a request's Transfer-Encoding (every such field joined with commas, in order) is
 * `chunked` alone: the one transfer coding this server reads. RFC 9112 §6.3 requires a 400 when
 * chunked is not the final coding (`chunked, identity`), and other codings in front of it
 * (`gzip, chunked`) are not supported either. Codings compare case-insensitively; whitespace
 * and empty list elements are ignored; `chunked;x=1` (chunked takes no parameters) is refused.
 */
bool is_chunked_only(std::string_view transfer_encoding);

}  // namespace traffpunkt::net
