#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace traffpunkt::net {

/** A static file of the web client, read into memory (they are small). */
struct static_file {
    std::string body;
    std::string content_type;
};

/**
 * Looks up `path` (already decoded and checked by split_target) under `web_root`. `/` and
 * directory paths serve `index.html`. Empty when there is no regular file or it is larger than
 * 8 MiB; symlinks leading out of `web_root` are not followed.
 */
std::optional<static_file> load_static(const std::string& web_root, std::string_view path);

/** Content type by file extension, with charset for text. */
std::string_view content_type_for(std::string_view path);

/** The Content-Security-Policy of every page: no inline script, same-origin everything. */
inline constexpr std::string_view content_security_policy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'";

}  // namespace traffpunkt::net
