#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "traffpunkt/domain/rule_error.hpp"

namespace traffpunkt::domain {

/**
 * Checks a one-line text field (a title, a name, a diary number): valid UTF-8, between
 * `min_chars` and `max_chars` code points, and no control characters at all. Refusing CR and
 * LF here is what keeps a title from injecting lines into CSV or iCalendar output later.
 */
check check_line(std::string_view field, std::string_view text, std::size_t min_chars,
                 std::size_t max_chars);

/**
 * Checks a multi-line text field (a description): valid UTF-8, at most `max_chars` code points,
 * no control characters other than LF and TAB. Use `normalise_newlines` first so CRLF input
 * from Windows clients is accepted.
 */
check check_text(std::string_view field, std::string_view text, std::size_t max_chars);

/** Replaces CRLF and lone CR by LF. */
std::string normalise_newlines(std::string_view text);

/** Removes leading and trailing ASCII whitespace. */
std::string trim(std::string_view text);

/** True if `text` is well-formed UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF). */
bool is_valid_utf8(std::string_view text);

/** Number of code points in well-formed UTF-8. */
std::size_t utf8_length(std::string_view text);

/** A loose but useful e-mail check: one '@', something on both sides, a dot in the domain. */
check check_email(std::string_view field, std::string_view text);

/** An absolute http(s) URL without spaces or control characters (online meeting links). */
check check_url(std::string_view field, std::string_view text);

}  // namespace traffpunkt::domain
