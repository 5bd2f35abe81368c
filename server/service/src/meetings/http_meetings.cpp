// /meetings/{id}/...: per-meeting HTTP resources (attendee CSV, agenda text, documents).
//
// GET /meetings/{id}/attendees.csv[?sep=comma|semicolon][&lang=sv|en] with `Authorization:
// Bearer <token>` of a coordinator or of the meeting's facilitator: the active registrations as
// CSV in Swedish (or English), named after the meeting's date and title (attendee_csv.hpp). 401
// without a valid token, 403 for other callers, 404 for an unknown meeting.

#include "agenda/agenda_feature.hpp"
#include "application_impl.hpp"
#include "documents/document_metadata.hpp"
#include "http/http_response_util.hpp"
#include "http/http_token.hpp"
#include "http/path_id.hpp"
#include "persons/personal_data_feature.hpp"
#include "registrations/attendee_csv.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/registration_repository.hpp"

namespace traffpunkt::service {

namespace {

constexpr std::string_view meetings_prefix = "/meetings/";
constexpr std::string_view attendees_suffix = "/attendees.csv";

/** The meeting id of `/meetings/{id}/attendees.csv`, or nothing for any other path. */
std::optional<std::int64_t> attendees_path(std::string_view path) {
    if (!path.starts_with(meetings_prefix) || !path.ends_with(attendees_suffix) ||
        path.size() < meetings_prefix.size() + attendees_suffix.size()) {
        return std::nullopt;
    }
    return path_id(path.substr(meetings_prefix.size(),
                               path.size() - meetings_prefix.size() - attendees_suffix.size()));
}

http_response staff_token_required() {
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
        return staff_token_required();
    }
    const auto who = resolve_token(*presented.token);
    if (!who) {
        return staff_token_required();
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
        personal_data->log_access(*who, request.remote, "attendees.csv", std::nullopt, *meeting_id);
        return res;
    } catch (const std::exception&) {
        return text_response(503, "the database is not available right now");
    }
}

}  // namespace traffpunkt::service
