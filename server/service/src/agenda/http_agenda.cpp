// GET /meetings/{id}/agenda.txt: a meeting's agenda as plain text (agenda_text.hpp), for
// everyone who may see the meeting: published and cancelled meetings for anyone, drafts only
// with `Authorization: Bearer <token>` of a coordinator or the meeting's facilitator (404 for
// everybody else, as for the calendar). Strong ETag and conditional GET like the feeds.

#include <spdlog/spdlog.h>

#include "agenda/agenda_feature.hpp"
#include "agenda/agenda_text.hpp"
#include "application_impl.hpp"
#include "http/conditional_get.hpp"
#include "http/http_response_util.hpp"
#include "http/http_token.hpp"
#include "http/path_id.hpp"
#include "traffpunkt/store/agenda_repository.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::service {

namespace {

constexpr std::string_view agenda_meetings_prefix = "/meetings/";
constexpr std::string_view agenda_suffix = "/agenda.txt";

/** The meeting id of `/meetings/{id}/agenda.txt`, or nothing for any other path. */
std::optional<std::int64_t> agenda_path(std::string_view path) {
    if (!path.starts_with(agenda_meetings_prefix) || !path.ends_with(agenda_suffix) ||
        path.size() <= agenda_meetings_prefix.size() + agenda_suffix.size()) {
        return std::nullopt;
    }
    return path_id(path.substr(agenda_meetings_prefix.size(),
                               path.size() - agenda_meetings_prefix.size() - agenda_suffix.size()));
}

}  // namespace

http_response agenda_feature::http_text(const http_request& request) {
    const auto meeting_id = agenda_path(request.path);
    if (!meeting_id) {
        return text_response(404, "not found");
    }
    if (request.method != "GET" && request.method != "HEAD") {
        auto res = text_response(405, "method not allowed");
        res.headers["allow"] = "GET, HEAD";
        return res;
    }
    // A token is optional; one that is given must be valid (it would otherwise be ignored
    // silently and a facilitator would wonder where the draft went).
    std::optional<principal> who;
    if (const auto presented = token_of(request); presented.token || presented.malformed) {
        if (presented.token) {
            who = app_.resolve_token(*presented.token);
        }
        if (!who) {
            return with_bearer_challenge(text_response(401, "the token is unknown or revoked"));
        }
    }
    try {
        auto [meeting, items] = app_.reads->with([&](store::database& db) {
            return std::make_pair(store::find_meeting(db, *meeting_id),
                                  store::list_agenda_items(db, *meeting_id));
        });
        const bool draft = meeting && meeting->status == domain::meeting_status::draft;
        // A draft is as unknown as a meeting that does not exist, unless staff ask.
        if (!meeting || (draft && (!who || !app_.may_see_private(*who, *meeting)))) {
            return text_response(404, "not found");
        }
        http_response res;
        const auto body = agenda_plain_text(*meeting, items);
        res.headers["etag"] = strong_etag(body);
        res.headers["cache-control"] = draft ? "private, no-cache" : "no-cache";
        if (is_not_modified(request, res.headers["etag"], std::nullopt)) {
            res.status = 304;
            return res;
        }
        res.headers["content-type"] = "text/plain; charset=utf-8";
        res.body = body;
        return res;
    } catch (const store::store_error& e) {
        spdlog::error("agenda text {}: {}", request.path, e.what());
        return text_response(503, "the database is not available right now");
    } catch (const std::exception& e) {
        spdlog::error("agenda text {}: {}", request.path, e.what());
        return text_response(500, "internal error");
    }
}

}  // namespace traffpunkt::service
