#include "http/http_token.hpp"

namespace traffpunkt::service {

std::optional<std::string_view> query_value(std::string_view query, std::string_view name) {
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (pair.substr(0, eq) == name) {
            return eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1);
        }
        if (amp == std::string_view::npos) {
            break;
        }
        query.remove_prefix(amp + 1);
    }
    return std::nullopt;
}

presented_token token_of(const http_request& request) {
    constexpr std::string_view bearer = "Bearer ";
    presented_token p;
    if (const auto auth = request.headers.find("authorization"); auth != request.headers.end()) {
        if (auth->second.starts_with(bearer) && auth->second.size() > bearer.size()) {
            p.token = std::string_view(auth->second).substr(bearer.size());
        } else {
            p.malformed = true;
        }
        return p;
    }
    if (auto q = query_value(request.query, "access_token"); q && !q->empty()) {
        p.token = *q;
        p.from_query = true;
    }
    return p;
}

http_response with_bearer_challenge(http_response res) {
    res.headers["www-authenticate"] = "Bearer realm=\"traffpunkt\"";
    return res;
}

}  // namespace traffpunkt::service
