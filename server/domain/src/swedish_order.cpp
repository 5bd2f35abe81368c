#include "traffpunkt/domain/swedish_order.hpp"

#include <cstdint>

namespace traffpunkt::domain {

namespace {

/** One character's place: primary (letter), then accent, then case. */
struct weight {
    std::uint32_t primary = 0;
    std::uint8_t accent = 0;  // 0: the plain letter
    std::uint8_t upper = 0;   // 0: lower case
};

// Letters sort after every digit, space and punctuation mark of Latin-1.
constexpr std::uint32_t letter_base = 0x10000;
constexpr std::uint32_t letter(char c) {
    return letter_base + static_cast<std::uint32_t>(c - 'a') * 4;
}
// å, ä, ö after z (z itself is letter('z')).
constexpr std::uint32_t a_ring = letter('z') + 4;
constexpr std::uint32_t a_diaeresis = a_ring + 4;
constexpr std::uint32_t o_diaeresis = a_diaeresis + 4;

/** Decodes the code point at `i` and moves past it; 0xFFFFFFFF when the UTF-8 is malformed. */
std::uint32_t next_code_point(std::string_view s, std::size_t& i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    int extra = 0;
    std::uint32_t cp = 0;
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    if ((b0 & 0xE0) == 0xC0) {
        extra = 1;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        extra = 2;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        extra = 3;
        cp = b0 & 0x07;
    } else {
        ++i;
        return 0xFFFFFFFF;
    }
    if (i + static_cast<std::size_t>(extra) >= s.size()) {
        i = s.size();  // cut short
        return 0xFFFFFFFF;
    }
    for (int k = 1; k <= extra; ++k) {
        const unsigned char b = byte(i + static_cast<std::size_t>(k));
        if ((b & 0xC0) != 0x80) {
            ++i;
            return 0xFFFFFFFF;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    i += static_cast<std::size_t>(extra) + 1;
    return cp;
}

weight weigh(std::uint32_t cp) {
    if (cp >= 'a' && cp <= 'z') {
        return {letter(static_cast<char>(cp)), 0, 0};
    }
    if (cp >= 'A' && cp <= 'Z') {
        return {letter(static_cast<char>(cp - 'A' + 'a')), 0, 1};
    }
    // Latin-1 and the Latin Extended-A letters Swedish names meet, lower case first.
    struct mapping {
        std::uint32_t lower;
        std::uint32_t upper;
        std::uint32_t primary;
        std::uint8_t accent;
    };
    static constexpr mapping table[] = {
        {0xE5, 0xC5, a_ring, 0},       {0xE4, 0xC4, a_diaeresis, 0}, {0xE6, 0xC6, a_diaeresis, 1},
        {0xF6, 0xD6, o_diaeresis, 0},  {0xF8, 0xD8, o_diaeresis, 1}, {0xE0, 0xC0, letter('a'), 2},
        {0xE1, 0xC1, letter('a'), 1},  {0xE2, 0xC2, letter('a'), 3}, {0xE3, 0xC3, letter('a'), 4},
        {0xE7, 0xC7, letter('c'), 1},  {0xE8, 0xC8, letter('e'), 2}, {0xE9, 0xC9, letter('e'), 1},
        {0xEA, 0xCA, letter('e'), 3},  {0xEB, 0xCB, letter('e'), 4}, {0xEC, 0xCC, letter('i'), 2},
        {0xED, 0xCD, letter('i'), 1},  {0xEE, 0xCE, letter('i'), 3}, {0xEF, 0xCF, letter('i'), 4},
        {0xF1, 0xD1, letter('n'), 1},  {0xF2, 0xD2, letter('o'), 2}, {0xF3, 0xD3, letter('o'), 1},
        {0xF4, 0xD4, letter('o'), 3},  {0xF5, 0xD5, letter('o'), 4}, {0xF9, 0xD9, letter('u'), 2},
        {0xFA, 0xDA, letter('u'), 1},  {0xFB, 0xDB, letter('u'), 3}, {0xFC, 0xDC, letter('y'), 1},
        {0xFD, 0xDD, letter('y'), 2},  {0xFF, 0x178, letter('y'), 3}, {0x107, 0x106, letter('c'), 2},
        {0x10D, 0x10C, letter('c'), 3}, {0x111, 0x110, letter('d'), 1}, {0x142, 0x141, letter('l'), 1},
        {0x144, 0x143, letter('n'), 2}, {0x159, 0x158, letter('r'), 1}, {0x15B, 0x15A, letter('s'), 1},
        {0x161, 0x160, letter('s'), 2}, {0x17A, 0x179, letter('z'), 1}, {0x17C, 0x17B, letter('z'), 2},
        {0x17E, 0x17D, letter('z'), 3},
    };
    for (const auto& m : table) {
        if (cp == m.lower) {
            return {m.primary, m.accent, 0};
        }
        if (cp == m.upper) {
            return {m.primary, m.accent, 1};
        }
    }
    if (cp == 0xDF) {  // ß: as s (one letter here; names rarely meet it)
        return {letter('s'), 5, 0};
    }
    if (cp < 0x80 || (cp >= 0xA0 && cp < 0xC0)) {
        return {cp, 0, 0};  // digits, space, punctuation, symbols: before letters
    }
    return {o_diaeresis + 4 + cp, 0, 0};  // other scripts: after ö, by code point
}

int compare_bytes(std::string_view a, std::string_view b) {
    const int c = a.compare(b);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace

int compare_swedish(std::string_view a, std::string_view b) noexcept {
    // First pass: letters alone; second: accents; third: case; last: bytes.
    for (int level = 0; level < 3; ++level) {
        std::size_t i = 0;
        std::size_t j = 0;
        while (i < a.size() && j < b.size()) {
            const auto ca = next_code_point(a, i);
            const auto cb = next_code_point(b, j);
            if (ca == 0xFFFFFFFF || cb == 0xFFFFFFFF) {
                return compare_bytes(a, b);
            }
            const weight wa = weigh(ca);
            const weight wb = weigh(cb);
            const std::uint32_t ka = level == 0 ? wa.primary : level == 1 ? wa.accent : wa.upper;
            const std::uint32_t kb = level == 0 ? wb.primary : level == 1 ? wb.accent : wb.upper;
            if (ka != kb) {
                return ka < kb ? -1 : 1;
            }
        }
        if (level == 0 && (i < a.size() || j < b.size())) {
            return i < a.size() ? 1 : -1;  // a prefix first
        }
    }
    return compare_bytes(a, b);
}

}  // namespace traffpunkt::domain
