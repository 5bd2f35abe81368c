// GET /polls/join/{code}.svg: the meeting's poll link as a QR code, for the facilitator's console
// and the projector. It encodes only this server's join URL (`<public_base_url>/?join=<code>`)
// and only for the meeting's current code, so it is no general-purpose QR encoder; knowing the
// code is enough (it is in the link the picture shows), so no token is needed. Drawn here
// with Debian's libqrencode, never by an outside service.

#include "application_impl.hpp"
#include "polls/poll_feature.hpp"
#include "http/http_response_util.hpp"
#include "polls/qr_svg.hpp"
#include "traffpunkt/store/poll_repository.hpp"

namespace traffpunkt::service {

namespace {

constexpr std::string_view prefix = "/polls/join/";
constexpr std::string_view svg_suffix = ".svg";

/** The code of `/polls/join/{code}.svg`: 1-64 characters of base64url, as poll.link makes. */
std::optional<std::string_view> join_code(std::string_view path) {
    if (!path.starts_with(prefix) || !path.ends_with(svg_suffix)) {
        return std::nullopt;
    }
    const auto code = path.substr(prefix.size(), path.size() - prefix.size() - svg_suffix.size());
    if (code.empty() || code.size() > 64) {
        return std::nullopt;
    }
    for (const char ch : code) {
        const bool ok = (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') ||
                        (ch >= '0' && ch <= '9') || ch == '-' || ch == '_';
        if (!ok) {
            return std::nullopt;
        }
    }
    return code;
}

}  // namespace

bool is_join_qr_path(std::string_view path) {
    return path.starts_with(prefix);
}

http_response poll_feature::http_join_qr(const http_request& request) {
    const auto code = join_code(request.path);
    if (!code) {
        return text_response(404, "not found");
    }
    if (request.method != "GET" && request.method != "HEAD") {
        auto res = text_response(405, "method not allowed");
        res.headers["allow"] = "GET, HEAD";
        return res;
    }
    try {
        const auto meeting_id =
            app_.reads->with([&](store::database& db) { return store::find_poll_link(db, *code); });
        if (!meeting_id) {
            return text_response(404, "not found");  // unknown or replaced: nothing to show
        }
        auto svg = qr_svg(app_.settings.public_base_url + "/?join=" + std::string(*code));
        if (!svg) {
            return text_response(500, "the link does not fit a QR code");
        }
        http_response res;
        res.headers["content-type"] = "image/svg+xml";
        res.headers["x-content-type-options"] = "nosniff";
        // A rotated code must stop showing at once: always revalidate.
        res.headers["cache-control"] = "no-cache";
        res.body = std::move(*svg);
        return res;
    } catch (const std::exception&) {
        return text_response(503, "the database is not available right now");
    }
}

}  // namespace traffpunkt::service
