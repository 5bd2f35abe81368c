#pragma once

#include <cstdint>
#include <string>

namespace traffpunkt::domain::detail {

/**
 * Formats an amount with a space between groups of three digits ("1 200 000"), the way Swedish
 * and many other readers write money, so a message can name a budget without guessing.
 */
inline std::string group_digits(std::int64_t n) {
    // Digits of the magnitude, computed unsigned so INT64_MIN does not overflow.
    auto magnitude = n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
    std::string reversed;
    int digits = 0;
    do {
        if (digits > 0 && digits % 3 == 0) {
            reversed += ' ';
        }
        reversed += static_cast<char>('0' + magnitude % 10);
        magnitude /= 10;
        ++digits;
    } while (magnitude != 0);
    if (n < 0) {
        reversed += '-';
    }
    return {reversed.rbegin(), reversed.rend()};
}

/**
 * An amount of 10^-decimals currency units as people read it: "1 200 000", or "1 200 000.50"
 * with two decimals (PB polls imported from files with öre or grosze).
 */
inline std::string amount_text(std::int64_t v, int decimals) {
    std::int64_t unit = 1;
    for (int i = 0; i < decimals; ++i) {
        unit *= 10;
    }
    std::string out = group_digits(v / unit);
    if (decimals > 0) {
        std::string fraction = std::to_string(v % unit);
        fraction.insert(0, static_cast<std::size_t>(decimals) - fraction.size(), '0');
        out += "." + fraction;
    }
    return out;
}

}  // namespace traffpunkt::domain::detail
