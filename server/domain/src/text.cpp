#include "traffpunkt/domain/text.hpp"

#include <optional>
#include <string>

#include "traffpunkt/domain/network.hpp"

namespace traffpunkt::domain {

namespace {

/** One decoded code point and the number of bytes it took. */
struct decoded {
    char32_t code_point;
    std::size_t length;
};

bool is_continuation(unsigned char b) {
    return (b & 0xC0) == 0x80;
}

/**
 * Decodes the code point starting at `pos`, strictly: overlong forms, surrogates and values
 * above U+10FFFF are refused, because each of them is a known way to smuggle a character past
 * a check that looks at bytes.
 */
std::optional<decoded> decode(std::string_view s, std::size_t pos) {
    const auto b0 = static_cast<unsigned char>(s[pos]);
    if (b0 < 0x80) {
        return decoded{b0, 1};
    }
    std::size_t length = 0;
    char32_t cp = 0;
    if (b0 < 0xC2) {
        // 0x80..0xBF is a stray continuation byte, 0xC0/0xC1 can only start an overlong form.
        return std::nullopt;
    } else if (b0 < 0xE0) {
        length = 2;
        cp = b0 & 0x1F;
    } else if (b0 < 0xF0) {
        length = 3;
        cp = b0 & 0x0F;
    } else if (b0 < 0xF5) {
        length = 4;
        cp = b0 & 0x07;
    } else {
        return std::nullopt;
    }
    if (s.size() - pos < length) {
        return std::nullopt;
    }
    for (std::size_t i = 1; i < length; ++i) {
        const auto b = static_cast<unsigned char>(s[pos + i]);
        if (!is_continuation(b)) {
            return std::nullopt;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    if ((length == 3 && cp < 0x800) || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
        return std::nullopt;  // overlong or out of range
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) {
        return std::nullopt;  // UTF-16 surrogates are not characters
    }
    return decoded{cp, length};
}

/** Calls `f` for each code point; false if the text is not well-formed UTF-8. */
template <class F>
bool for_each_code_point(std::string_view s, F&& f) {
    std::size_t pos = 0;
    while (pos < s.size()) {
        const auto d = decode(s, pos);
        if (!d) {
            return false;
        }
        f(d->code_point);
        pos += d->length;
    }
    return true;
}

/** C0 controls, DEL and C1 controls. */
bool is_control(char32_t cp) {
    return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F);
}

std::string length_message(std::string_view field, std::size_t min_chars, std::size_t max_chars) {
    std::string message(field);
    if (min_chars == 0) {
        message += " must be at most " + std::to_string(max_chars) + " characters";
    } else if (min_chars == max_chars) {
        message += " must be exactly " + std::to_string(max_chars) + " characters";
    } else {
        message += " must be " + std::to_string(min_chars) + " to " + std::to_string(max_chars) +
                   " characters";
    }
    return message;
}

check check_encoding_and_length(std::string_view field, std::string_view text,
                                std::size_t min_chars, std::size_t max_chars) {
    if (!is_valid_utf8(text)) {
        return invalid_value(std::string(field), std::string(field) + " must be valid UTF-8");
    }
    const auto n = utf8_length(text);
    if (n < min_chars || n > max_chars) {
        return invalid_value(std::string(field), length_message(field, min_chars, max_chars));
    }
    return std::nullopt;
}

bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char c = text[i];
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
        if (c != prefix[i]) {
            return false;
        }
    }
    return true;
}

bool all_digits(std::string_view s) {
    for (const char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return true;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
    return for_each_code_point(text, [](char32_t) {});
}

std::size_t utf8_length(std::string_view text) {
    // Every code point has exactly one byte that is not a continuation byte.
    std::size_t n = 0;
    for (const char c : text) {
        if (!is_continuation(static_cast<unsigned char>(c))) {
            ++n;
        }
    }
    return n;
}

check check_line(std::string_view field, std::string_view text, std::size_t min_chars,
                 std::size_t max_chars) {
    if (auto error = check_encoding_and_length(field, text, min_chars, max_chars)) {
        return error;
    }
    bool has_control = false;
    for_each_code_point(text, [&](char32_t cp) {
        // U+2028/U+2029 are line breaks to JavaScript and some calendar clients.
        has_control = has_control || is_control(cp) || cp == 0x2028 || cp == 0x2029;
    });
    if (has_control) {
        return invalid_value(std::string(field),
                             std::string(field) + " must not contain control characters");
    }
    return std::nullopt;
}

check check_text(std::string_view field, std::string_view text, std::size_t max_chars) {
    if (auto error = check_encoding_and_length(field, text, 0, max_chars)) {
        return error;
    }
    bool has_control = false;
    for_each_code_point(text, [&](char32_t cp) {
        has_control = has_control || (is_control(cp) && cp != '\n' && cp != '\t');
    });
    if (has_control) {
        return invalid_value(std::string(field),
                             std::string(field) +
                                 " must not contain control characters other than line breaks "
                                 "and tabs");
    }
    return std::nullopt;
}

std::string normalise_newlines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            out += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') {
                ++i;
            }
        } else {
            out += text[i];
        }
    }
    return out;
}

std::string trim(std::string_view text) {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && is_ascii_space(text[begin])) {
        ++begin;
    }
    while (end > begin && is_ascii_space(text[end - 1])) {
        --end;
    }
    return std::string(text.substr(begin, end - begin));
}

namespace {

/** RFC 5322 atext: what a dot-atom local part may hold besides its dots. */
bool is_atext(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        return true;
    }
    return std::string_view("!#$%&'*+-/=?^_`{|}~").find(c) != std::string_view::npos;
}

bool is_ldh(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

/** A dot-atom (RFC 5322 3.2.3): atext runs separated by single dots, none at either end. */
bool is_dot_atom(std::string_view s) {
    if (s.empty() || s.front() == '.' || s.back() == '.') {
        return false;
    }
    char previous = 0;
    for (const char c : s) {
        if (c == '.' ? previous == '.' : !is_atext(c)) {
            return false;
        }
        previous = c;
    }
    return true;
}

/**
 * A host name as SMTP delivers to it (RFC 5321 Domain): at least two labels of letters, digits
 * and hyphens, 1-63 characters each, no hyphen at either end, a top-level label that is not all
 * digits. International domains are written in their ASCII (xn--) form.
 */
bool is_mail_domain(std::string_view d) {
    if (d.empty() || d.size() > 253) {
        return false;
    }
    std::size_t labels = 0;
    std::string_view last;
    for (std::size_t start = 0;;) {
        const auto dot = d.find('.', start);
        const auto label = d.substr(start, dot == std::string_view::npos ? d.npos : dot - start);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
            return false;
        }
        for (const char c : label) {
            if (!is_ldh(c)) {
                return false;
            }
        }
        ++labels;
        last = label;
        if (dot == std::string_view::npos) {
            break;
        }
        start = dot + 1;
    }
    return labels >= 2 && !all_digits(last);
}

}  // namespace

check check_email(std::string_view field, std::string_view text) {
    if (auto error = check_line(field, text, 1, limits::email_max)) {
        return error;
    }
    // Strict on purpose: the address goes into the To header and the SMTP envelope (RCPT TO),
    // CSV files and calendars. A dot-atom of ASCII letters, digits and RFC 5322 symbols, '@', a
    // host name: nothing that could end a header, quote, separate recipients or need encoding.
    const auto at = text.rfind('@');
    if (at == std::string_view::npos) {
        return invalid_value(std::string(field),
                             std::string(field) + " must be a valid e-mail address (name@domain)");
    }
    const auto local = text.substr(0, at);
    const auto domain = text.substr(at + 1);
    for (const char c : text) {
        if (static_cast<unsigned char>(c) >= 0x80) {
            return invalid_value(std::string(field),
                                 std::string(field) +
                                     " must be an e-mail address in ASCII (write an international "
                                     "domain in its xn-- form)");
        }
    }
    if (local.size() > 64 || !is_dot_atom(local) || !is_mail_domain(domain)) {
        return invalid_value(std::string(field),
                             std::string(field) + " must be a valid e-mail address (name@domain)");
    }
    return std::nullopt;
}

check check_url(std::string_view field, std::string_view text) {
    if (auto error = check_line(field, text, 1, limits::url_max)) {
        return error;
    }
    const auto invalid = [&] {
        return invalid_value(std::string(field),
                             std::string(field) + " must be an absolute http or https URL");
    };
    std::size_t scheme_length = 0;
    if (starts_with_ignoring_case(text, "https://")) {
        scheme_length = 8;
    } else if (starts_with_ignoring_case(text, "http://")) {
        scheme_length = 7;
    } else {
        return invalid();
    }
    // Not allowed anywhere in a URL (RFC 3986); refusing them also keeps the link harmless in
    // HTML attributes and calendar text.
    if (text.find_first_of(" \"<>\\^`{|}") != std::string_view::npos) {
        return invalid();
    }
    const auto rest = text.substr(scheme_length);
    const auto authority = rest.substr(0, rest.find_first_of("/?#"));
    const auto at = authority.rfind('@');
    auto host_port = at == std::string_view::npos ? authority : authority.substr(at + 1);
    std::string_view host;
    std::string_view port;
    if (!host_port.empty() && host_port.front() == '[') {
        const auto close = host_port.find(']');
        if (close == std::string_view::npos) {
            return invalid();
        }
        host = host_port.substr(1, close - 1);
        const auto after = host_port.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') {
                return invalid();
            }
            port = after.substr(1);
        }
    } else {
        const auto colon = host_port.find(':');
        host = host_port.substr(0, colon);
        if (colon != std::string_view::npos) {
            port = host_port.substr(colon + 1);
        }
    }
    if (host.empty() || port.size() > 5 || !all_digits(port)) {
        return invalid();
    }
    return std::nullopt;
}

}  // namespace traffpunkt::domain
