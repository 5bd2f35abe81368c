// /meetings/{id}/...: per-meeting HTTP resources (attendee CSV, agenda text, documents).
//
// GET /meetings/{id}/attendees.csv[?sep=comma|semicolon][&lang=sv|en] with `Authorization:
// Bearer <token>` of a coordinator or of the meeting's facilitator: the active registrations as
// CSV in Swedish (or English), named after the meeting's date and title (attendee_csv.hpp). 401
// without a valid token, 403 for other callers, 404 for an unknown meeting.

#include <charconv>

#include "agenda/agenda_feature.hpp"
#include "application_impl.hpp"
#include "documents/document_metadata.hpp"
#include "http/http_response_util.hpp"
#include "http/http_token.hpp"
#include "registrations/attendee_csv.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/registration_repository.hpp"

namespace traffpunkt::service {

namespace {

constexpr std::string_view prefix = "/meetings/";
constexpr std::string_view attendees_suffix = "/attendees.csv";
/** Ids are 1..2^53-1 (PROTOCOL.md), written without leading zeros. */
constexpr std::int64_t max_id = 9'007'199'254'740'991;

/** The meeting id of `/meetings/{id}/attendees.csv`, or nothing for any other path. */
std::optional<std::int64_t> attendees_path(std::string_view path) {
    if (!path.starts_with(prefix) || !path.ends_with(attendees_suffix)) {
        return std::nullopt;
    }
    const auto digits =
        path.substr(prefix.size(), path.size() - prefix.size() - attendees_suffix.size());
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (digits.empty() || ec != std::errc{} || end != digits.data() + digits.size() ||
        digits.front() == '0' || id < 1 || id > max_id) {
        return std::nullopt;
    }
    return id;
}

http_response unauthorized() {
    return with_bearer_challenge(
        text_response(401,
                      "a coordinator's or the meeting's facilitator's "
                      "token is required (Authorization: Bearer <token>)"));
}

}  // namespace

http_response application::impl::http_meetings(const http_request& request) {
    if (request.path.ends_with("/agenda.txt")) {
        return agenda->http_text(request);  // agenda/http_agenda.cpp
    }
    const auto meeting_id = attendees_path(request.path);
    if (!meeting_id) {
        return text_response(404, "not found");
    }
    if (request.method != "GET" && request.method != "HEAD") {
        auto res = text_response(405, "method not allowed");
        res.headers["allow"] = "GET, HEAD";
        return res;
    }
    // Who asks comes first: without a valid token nobody learns which meetings exist.
    const auto presented = token_of(request);
    if (!presented.token) {
        return unauthorized();
    }
    const auto who = resolve_token(*presented.token);
    if (!who) {
        return unauthorized();
    }
    char separator = ';';
    if (const auto sep = query_value(request.query, "sep")) {
        if (*sep == "comma") {
            separator = ',';
        } else if (*sep != "semicolon") {
            return text_response(400, "sep must be comma or semicolon");
        }
    }
    auto language = csv_language::swedish;
    if (const auto lang = query_value(request.query, "lang")) {
        if (*lang == "en") {
            language = csv_language::english;
        } else if (*lang != "sv") {
            return text_response(400, "lang must be sv or en");
        }
    }
    try {
        auto [meeting, attendees] = reads->with([&](store::database& db) {
            return std::make_pair(store::find_meeting(db, *meeting_id),
                                  store::list_attendees(db, *meeting_id));
        });
        if (!meeting) {
            return text_response(404, "no meeting " + std::to_string(*meeting_id));
        }
        if (!may_see_private(*who, *meeting)) {
            return text_response(403,
                                 "only coordinators and the meeting's facilitators may "
                                 "export its attendees");
        }
        http_response res;
        res.headers["content-type"] = "text/csv; charset=utf-8";
        // RFC 6266 with an RFC 8187 filename*: the name carries the title's å, ä and ö.
        res.headers["content-disposition"] =
            attachment_disposition(attendees_filename(*meeting, language));
        // Personal data: no copies in shared caches or the browser's cache.
        res.headers["cache-control"] = "no-store";
        res.body = attendees_csv(std::move(attendees), separator, language);
        log_access(*who, request.remote, "attendees.csv", std::nullopt, *meeting_id);
        return res;
    } catch (const std::exception&) {
        return text_response(503, "the database is not available right now");
    }
}

}  // namespace traffpunkt::service
