#include "ws_url.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace traffpunkt::cli {

namespace {

bool starts_with_nocase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

unsigned short parse_port(std::string_view text) {
    if (text.empty() || text.size() > 5 || !std::all_of(text.begin(), text.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) != 0;
        })) {
        throw std::invalid_argument("invalid port '" + std::string(text) + "'");
    }
    const int port = std::stoi(std::string(text));
    if (port < 1 || port > 65535) {
        throw std::invalid_argument("port out of range: " + std::string(text));
    }
    return static_cast<unsigned short>(port);
}

}  // namespace

std::string ws_url::authority() const {
    std::string out = host.find(':') != std::string::npos ? "[" + host + "]" : host;
    if (port != 80) {
        out += ":" + std::to_string(port);
    }
    return out;
}

ws_url parse_ws_url(std::string_view text) {
    if (starts_with_nocase(text, "wss://")) {
        throw std::invalid_argument(
            "wss:// is not supported yet; use ws:// (e.g. via a local "
            "TLS-terminating proxy)");
    }
    if (!starts_with_nocase(text, "ws://")) {
        throw std::invalid_argument("URL must start with ws://");
    }
    std::string_view rest = text.substr(5);
    if (rest.find('#') != std::string_view::npos) {
        throw std::invalid_argument("a WebSocket URL has no #fragment");
    }
    const auto end_of_authority = rest.find_first_of("/?");
    const std::string_view authority = rest.substr(0, end_of_authority);
    ws_url url;
    if (end_of_authority != std::string_view::npos) {
        url.target = std::string(rest.substr(end_of_authority));
        if (url.target.front() == '?') {
            url.target.insert(0, "/");
        }
    }
    if (authority.find('@') != std::string_view::npos) {
        throw std::invalid_argument("user info in the URL is not supported; use --token");
    }

    std::string_view port;
    if (!authority.empty() && authority.front() == '[') {
        const auto close = authority.find(']');
        if (close == std::string_view::npos) {
            throw std::invalid_argument("unterminated IPv6 address in URL");
        }
        url.host = std::string(authority.substr(1, close - 1));
        const std::string_view after = authority.substr(close + 1);
        if (!after.empty()) {
            if (after.front() != ':') {
                throw std::invalid_argument("unexpected text after IPv6 address");
            }
            port = after.substr(1);
            if (port.empty()) {
                throw std::invalid_argument("empty port in URL");
            }
        }
    } else {
        const auto colon = authority.find(':');
        url.host = std::string(authority.substr(0, colon));
        if (colon != std::string_view::npos) {
            port = authority.substr(colon + 1);
            if (port.empty()) {
                throw std::invalid_argument("empty port in URL");
            }
        }
    }
    if (url.host.empty()) {
        throw std::invalid_argument("URL has no host");
    }
    if (!port.empty()) {
        url.port = parse_port(port);
    }
    return url;
}

}  // namespace traffpunkt::cli
