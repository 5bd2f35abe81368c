#include "documents/document_path.hpp"

#include <limits>

#include "http/path_id.hpp"

namespace traffpunkt::service {

namespace {

/** Splits off the next path segment (up to '/' or the end). */
std::string_view next_segment(std::string_view& rest) {
    const auto slash = rest.find('/');
    const auto segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
    return segment;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

std::optional<std::string> percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out.push_back(' ');
        } else if (s[i] == '%') {
            if (i + 2 >= s.size()) {
                return std::nullopt;
            }
            const int hi = hex_value(s[i + 1]);
            const int lo = hex_value(s[i + 2]);
            if (hi < 0 || lo < 0) {
                return std::nullopt;
            }
            out.push_back(static_cast<char>(hi * 16 + lo));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

}  // namespace

bool is_document_path(std::string_view path) {
    constexpr std::string_view prefix = "/meetings/";
    if (!path.starts_with(prefix)) {
        return false;
    }
    std::string_view rest = path.substr(prefix.size());
    next_segment(rest);
    return next_segment(rest) == "documents";
}

std::optional<document_path> parse_document_path(std::string_view path) {
    constexpr std::string_view prefix = "/meetings/";
    if (!path.starts_with(prefix)) {
        return std::nullopt;
    }
    std::string_view rest = path.substr(prefix.size());
    document_path p;
    const auto meeting = path_id(next_segment(rest));
    if (!meeting || next_segment(rest) != "documents") {
        return std::nullopt;
    }
    p.meeting_id = *meeting;
    if (rest.empty()) {
        // "/meetings/1/documents" (and not "/meetings/1/documents/")
        return path.ends_with("/documents") ? std::optional(p) : std::nullopt;
    }
    const auto document = path_id(next_segment(rest));
    if (!document) {
        return std::nullopt;
    }
    p.document_id = *document;
    if (rest.empty()) {
        return path.ends_with('/') ? std::nullopt : std::optional(p);
    }
    if (next_segment(rest) != "versions") {
        return std::nullopt;
    }
    p.versions = true;
    if (rest.empty()) {
        return path.ends_with('/') ? std::nullopt : std::optional(p);
    }
    const auto version = path_number(next_segment(rest), std::numeric_limits<int>::max());
    if (!version || !rest.empty() || path.ends_with('/')) {
        return std::nullopt;
    }
    p.version = static_cast<int>(*version);
    return p;
}

std::optional<std::map<std::string, std::string>> parse_query(std::string_view query) {
    std::map<std::string, std::string> out;
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
        if (pair.empty()) {
            continue;  // "a=1&&b=2": an empty pair says nothing
        }
        const auto eq = pair.find('=');
        auto name = percent_decode(pair.substr(0, eq));
        auto value =
            percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1));
        if (!name || !value) {
            return std::nullopt;
        }
        if (!out.emplace(std::move(*name), std::move(*value)).second) {
            return std::nullopt;
        }
    }
    return out;
}

}  // namespace traffpunkt::service
