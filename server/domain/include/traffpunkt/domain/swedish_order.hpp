#pragma once

#include <string_view>

namespace traffpunkt::domain {

/**
 * Compares two UTF-8 names as a Swedish list orders them: letters ignoring case, å, ä and ö
 * after z in that order (æ with ä, ø with ö, as in Swedish dictionaries), é, à, ü and the other
 * accented Latin letters with their base letter (ü with y), then, for names equal so far,
 * accents, then case (lower first), then the bytes — so the order is total and stable.
 * Digits, spaces and punctuation come before letters, by code point. Malformed UTF-8 compares
 * by its bytes. Returns < 0, 0 or > 0.
 */
int compare_swedish(std::string_view a, std::string_view b) noexcept;

}  // namespace traffpunkt::domain
