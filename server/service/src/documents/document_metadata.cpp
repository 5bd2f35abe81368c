#include "documents/document_metadata.hpp"

#include <algorithm>
#include <array>
#include <cstdint>

#include "traffpunkt/domain/document.hpp"
#include "traffpunkt/domain/text.hpp"

namespace traffpunkt::service {

namespace {

/** Length in bytes of the UTF-8 sequence starting with `lead` (input already validated). */
std::size_t sequence_length(unsigned char lead) {
    if (lead < 0x80) {
        return 1;
    }
    if (lead < 0xE0) {
        return 2;
    }
    if (lead < 0xF0) {
        return 3;
    }
    return 4;
}

/** The code point of the well-formed sequence `s`. */
char32_t decode_utf8(std::string_view s) {
    const auto b = [&](std::size_t i) {
        return static_cast<char32_t>(static_cast<unsigned char>(s[i]));
    };
    switch (s.size()) {
        case 1:
            return b(0);
        case 2:
            return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
        case 3:
            return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
        default:
            return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) |
                   (b(3) & 0x3F);
    }
}

bool is_control(char32_t c) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F);
}

/** Embedding, override and isolate controls: they reorder how a name is displayed. */
bool is_direction_control(char32_t c) {
    return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E ||
           c == 0x200F || c == 0x061C;
}

/** Characters Windows does not allow in names, or that would end a quoted header value. */
bool is_reserved_ascii(char32_t c) {
    return c == '"' || c == '*' || c == ':' || c == '<' || c == '>' || c == '?' || c == '|';
}

char ascii_upper(char c) {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

/** CON, PRN, AUX, NUL, COM1-9, LPT1-9: device names on Windows, with any extension. */
bool is_windows_device(std::string_view name) {
    const auto stem = name.substr(0, name.find('.'));
    std::string upper;
    for (char c : stem) {
        upper.push_back(ascii_upper(c));
    }
    while (!upper.empty() && upper.back() == ' ') {
        upper.pop_back();
    }
    static constexpr std::array<std::string_view, 4> plain{"CON", "PRN", "AUX", "NUL"};
    if (std::find(plain.begin(), plain.end(), upper) != plain.end()) {
        return true;
    }
    return upper.size() == 4 && (upper.starts_with("COM") || upper.starts_with("LPT")) &&
           upper[3] >= '1' && upper[3] <= '9';
}

bool is_tchar(char c) {
    // RFC 9110 token characters.
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_http_token(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), is_tchar);
}

std::string_view trim_spaces(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

}  // namespace

sanitised_filename sanitise_filename(std::string_view raw) {
    if (!domain::is_valid_utf8(raw)) {
        return {{}, "the filename is not valid UTF-8"};
    }
    // Control characters are refused, not replaced: a name with a line break or a NUL in it is
    // an attack on whoever shows or saves the name, not a typo worth repairing.
    std::string out;
    for (std::size_t i = 0; i < raw.size();) {
        const auto n = sequence_length(static_cast<unsigned char>(raw[i]));
        const auto seq = raw.substr(i, n);
        const char32_t c = decode_utf8(seq);
        i += n;
        if (is_control(c)) {
            return {{}, "the filename must not contain control characters"};
        }
        if (c == '/' || c == '\\') {
            return {{}, "the filename must be a name, not a path (no / or \\)"};
        }
        if (is_reserved_ascii(c) || is_direction_control(c)) {
            out.push_back('_');
        } else {
            out.append(seq);
        }
    }
    std::string_view name = out;
    while (!name.empty() && name.front() == ' ') {
        name.remove_prefix(1);
    }
    while (!name.empty() && (name.back() == ' ' || name.back() == '.')) {
        name.remove_suffix(1);
    }
    if (name.empty()) {
        // Only spaces and dots: nothing left ("..", ".", "   ") is a name.
        return {{},
                raw.find_first_not_of(' ') == std::string_view::npos
                    ? "the filename is required"
                    : "the filename must not consist of dots only"};
    }
    std::string result(name);
    if (is_windows_device(result)) {
        result.insert(result.begin(), '_');
    }
    if (result.size() > domain::limits::filename_max_bytes) {
        return {{}, "the filename is longer than 255 bytes"};
    }
    return {std::move(result), {}};
}

std::optional<std::string> normalise_content_type(std::string_view raw) {
    raw = trim_spaces(raw);
    if (raw.empty() || raw.size() > domain::limits::content_type_max) {
        return std::nullopt;
    }
    for (char c : raw) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x7E) {
            return std::nullopt;
        }
    }
    const auto semicolon = raw.find(';');
    const auto essence = trim_spaces(raw.substr(0, semicolon));
    const auto slash = essence.find('/');
    if (slash == std::string_view::npos || !is_http_token(essence.substr(0, slash)) ||
        !is_http_token(essence.substr(slash + 1))) {
        return std::nullopt;
    }
    std::string out;
    for (char c : essence) {
        out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    if (semicolon == std::string_view::npos) {
        return out;
    }
    // Parameters: each `name=value` (a token or a quoted string), kept as given.
    auto rest = raw.substr(semicolon);
    while (!rest.empty()) {
        rest.remove_prefix(1);  // the ';'
        const auto next = rest.find(';');
        const auto param = trim_spaces(rest.substr(0, next));
        const auto eq = param.find('=');
        if (eq == std::string_view::npos || !is_http_token(param.substr(0, eq))) {
            return std::nullopt;
        }
        const auto value = param.substr(eq + 1);
        const bool quoted = value.size() >= 2 && value.front() == '"' && value.back() == '"' &&
                            value.substr(1, value.size() - 2).find('"') == std::string_view::npos;
        if (!quoted && !is_http_token(value)) {
            return std::nullopt;
        }
        out += "; ";
        out += param;
        if (next == std::string_view::npos) {
            break;
        }
        rest = rest.substr(next);
    }
    // "; " after each parameter can make the stored value longer than what was sent.
    if (out.size() > domain::limits::content_type_max) {
        return std::nullopt;
    }
    return out;
}

std::string attachment_disposition(std::string_view filename) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string fallback;
    std::string encoded;
    for (std::size_t i = 0; i < filename.size();) {
        const auto n = sequence_length(static_cast<unsigned char>(filename[i]));
        const auto seq = filename.substr(i, n);
        i += n;
        const char c = seq.front();
        // The quoted fallback keeps printable ASCII except what quoting or old browsers'
        // percent-decoding would change.
        fallback.push_back(
            n == 1 && c >= 0x20 && c < 0x7F && c != '"' && c != '\\' && c != '%' ? c : '_');
        for (char byte : seq) {
            const auto u = static_cast<unsigned char>(byte);
            // RFC 8187 attr-char: ALPHA / DIGIT / "!#$&+-.^_`|~"
            const bool plain =
                (u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') ||
                std::string_view("!#$&+-.^_`|~").find(byte) != std::string_view::npos;
            if (plain) {
                encoded.push_back(byte);
            } else {
                encoded.push_back('%');
                encoded.push_back(hex[u >> 4]);
                encoded.push_back(hex[u & 0xF]);
            }
        }
    }
    return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

std::string truncate_code_points(std::string_view text, std::size_t max_chars) {
    std::size_t i = 0;
    for (std::size_t count = 0; i < text.size() && count < max_chars; ++count) {
        i += sequence_length(static_cast<unsigned char>(text[i]));
    }
    return std::string(text.substr(0, std::min(i, text.size())));
}

}  // namespace traffpunkt::service
