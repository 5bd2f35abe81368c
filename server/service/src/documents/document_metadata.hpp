#pragma once

// What an upload says about a document (its filename and content type) and how a download names
// it again. Pure functions, testable without a socket.

#include <optional>
#include <string>
#include <string_view>

namespace traffpunkt::service {

/** A filename as it will be stored, or why it is refused. */
struct sanitised_filename {
    std::string name;     ///< the name to store; empty when refused
    std::string refusal;  ///< English reason for the error message; empty when accepted
};

/**
 * Makes an uploaded filename safe to store and to offer again in downloads.
 *
 * Refused: an empty name (after trimming spaces), invalid UTF-8, control characters (C0, DEL,
 * C1), a path instead of a name (`/` or `\`), a name of dots only (`.`, `..`), and names over
 * 255 bytes. Changed: spaces around the name are trimmed, trailing dots are dropped (Windows
 * drops them anyway), `" * : < > ? |` and the Unicode direction controls (which can make
 * `txt.exe` look like `exe.txt`) become `_`, and a Windows device name (CON, NUL, COM1, ... with
 * or without an extension) gets a leading `_`.
 */
sanitised_filename sanitise_filename(std::string_view raw);

/**
 * A Content-Type header as stored: `type/subtype` (tokens, lower-cased) with optional
 * parameters (`; charset=utf-8`), printable ASCII, at most 200 characters. Empty when the value
 * is not a media type.
 */
std::optional<std::string> normalise_content_type(std::string_view raw);

/**
 * `attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded>` (RFC 6266,
 * RFC 8187) for a sanitised filename: old clients get the name with non-ASCII characters (and
 * `%`) as `_`, current ones the exact name.
 */
std::string attachment_disposition(std::string_view filename);

/** The first `max_chars` code points of well-formed UTF-8 `text`. */
std::string truncate_code_points(std::string_view text, std::size_t max_chars);

}  // namespace traffpunkt::service
