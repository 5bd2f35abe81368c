#include "traffpunkt/net/upgrade_policy.hpp"

#include <algorithm>
#include <cctype>

namespace traffpunkt::net {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
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

}  // namespace

std::optional<std::string> percent_decode(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '%') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 2 >= text.size()) {
            return std::nullopt;  // truncated escape
        }
        const int hi = hex_value(text[i + 1]);
        const int lo = hex_value(text[i + 2]);
        if (hi < 0 || lo < 0) {
            return std::nullopt;
        }
        out.push_back(static_cast<char>(hi * 16 + lo));
        i += 2;
    }
    return out;
}

std::optional<target_parts> split_target(std::string_view target) {
    if (target.empty() || target.front() != '/' || target.size() > 8192) {
        return std::nullopt;
    }
    const auto q = target.find('?');
    target_parts parts;
    if (q != std::string_view::npos) {
        parts.query = std::string(target.substr(q + 1));
        target = target.substr(0, q);
    }
    auto path = percent_decode(target);
    if (!path) {
        return std::nullopt;
    }
    for (unsigned char c : *path) {
        if (c < 0x20 || c == 0x7F || c == '\\') {
            return std::nullopt;
        }
    }
    // Refuse dot segments outright instead of resolving them: no legitimate client sends them.
    std::string_view rest(*path);
    while (!rest.empty()) {
        rest.remove_prefix(1);  // the '/'
        const auto slash = rest.find('/');
        const auto segment = rest.substr(0, slash);
        if (segment == "." || segment == "..") {
            return std::nullopt;
        }
        if (slash == std::string_view::npos) {
            break;
        }
        rest = rest.substr(slash);
    }
    parts.path = std::move(*path);
    return parts;
}

std::optional<std::string> query_param(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        const auto key = pair.substr(0, eq);
        if (key == name) {
            std::string value(eq == std::string_view::npos ? std::string_view{}
                                                           : pair.substr(eq + 1));
            std::replace(value.begin(), value.end(), '+', ' ');
            return percent_decode(value);
        }
        if (amp == std::string_view::npos) {
            break;
        }
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

std::optional<std::string> bearer_token(std::string_view authorization) {
    authorization = trim(authorization);
    constexpr std::string_view scheme = "bearer";
    if (authorization.size() <= scheme.size() || !iequals(authorization.substr(0, 6), scheme) ||
        authorization[6] != ' ') {
        return std::nullopt;
    }
    auto token = trim(authorization.substr(7));
    if (token.empty()) {
        return std::nullopt;
    }
    return std::string(token);
}

bool origin_allowed(std::optional<std::string_view> origin,
                    const std::vector<std::string>& allowed) {
    if (!origin) {
        return true;
    }
    const auto o = trim(*origin);
    return std::any_of(allowed.begin(), allowed.end(),
                       [&](const std::string& a) { return iequals(a, o); });
}

subprotocol_choice negotiate_subprotocol(std::optional<std::string_view> header) {
    if (!header || trim(*header).empty()) {
        return subprotocol_choice::none_offered;
    }
    std::string_view rest = *header;
    while (true) {
        const auto comma = rest.find(',');
        if (trim(rest.substr(0, comma)) == subprotocol_v1) {
            return subprotocol_choice::v1;
        }
        if (comma == std::string_view::npos) {
            return subprotocol_choice::unsupported;
        }
        rest.remove_prefix(comma + 1);
    }
}

bool is_chunked_only(std::string_view transfer_encoding) {
    int codings = 0;
    bool chunked = false;
    std::string_view rest = transfer_encoding;
    while (true) {
        const auto comma = rest.find(',');
        // Empty list elements (", ,") carry nothing (RFC 9110 §5.6.1).
        if (const auto coding = trim(rest.substr(0, comma)); !coding.empty()) {
            ++codings;
            chunked = iequals(coding, "chunked");
        }
        if (comma == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(comma + 1);
    }
    return codings == 1 && chunked;
}

}  // namespace traffpunkt::net
