#include "traffpunkt/config/settings.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "host_chars.hpp"

namespace traffpunkt::config {
namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool all_of(std::string_view text, bool (*allowed)(char)) {
    return std::all_of(text.begin(), text.end(), allowed);
}

using detail::host_name_char;
using detail::ipv6_char;

}  // namespace

std::optional<std::string> origin_of(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string scheme = lower(url.substr(0, scheme_end));
    if (scheme != "http" && scheme != "https") {
        return std::nullopt;
    }
    const auto rest = url.substr(scheme_end + 3);
    const auto authority = rest.substr(0, rest.find_first_of("/?#"));

    // Split host and port; an IPv6 literal keeps its brackets, as in the Origin header.
    std::string_view host = authority;
    std::string_view port;
    if (authority.starts_with('[')) {
        const auto close = authority.find(']');
        if (close == std::string_view::npos || close == 1 ||
            !all_of(authority.substr(1, close - 1), ipv6_char)) {
            return std::nullopt;
        }
        host = authority.substr(0, close + 1);
        const auto after = authority.substr(close + 1);
        if (!after.empty()) {
            if (!after.starts_with(':')) {
                return std::nullopt;
            }
            port = after.substr(1);
        }
    } else {
        const auto colon = authority.find(':');
        if (colon != std::string_view::npos) {
            host = authority.substr(0, colon);
            port = authority.substr(colon + 1);
            if (port.empty()) {
                return std::nullopt;
            }
        }
        // No userinfo ("user@host"): it has no place in an origin and hides the real host.
        if (host.empty() || !all_of(host, host_name_char)) {
            return std::nullopt;
        }
    }

    std::string origin = scheme + "://" + lower(host);
    if (!port.empty()) {
        unsigned number = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), number);
        if (ec != std::errc{} || end != port.data() + port.size() || number > 65535) {
            return std::nullopt;
        }
        // Browsers leave the scheme's default port out of the Origin header.
        const unsigned default_port = scheme == "https" ? 443 : 80;
        if (number != default_port) {
            origin += ':' + std::to_string(number);
        }
    }
    return origin;
}

std::vector<std::string> settings::effective_origins() const {
    std::vector<std::string> origins;
    if (allowed_origins.empty()) {
        if (auto origin = origin_of(public_base_url)) {
            origins.push_back(std::move(*origin));
        }
        return origins;
    }
    // Entries that are not origins are dropped rather than guessed at: fail closed. Loaded
    // settings never contain them, because load_settings validates every entry.
    for (const auto& entry : allowed_origins) {
        if (auto origin = origin_of(entry)) {
            origins.push_back(std::move(*origin));
        }
    }
    return origins;
}

}  // namespace traffpunkt::config
