// GET /calendar/...: iCalendar feeds with strong ETags and conditional GET.
//
//   /calendar/network/{id}.ics      published and cancelled meetings of a network
//   /calendar/meetings/{id}.ics     one meeting, as a download ("add to calendar")
//   /calendar/person/{token}.ics    a person's own meetings, with online links

#include <spdlog/spdlog.h>

#include "application_impl.hpp"
#include "calendar/calendar_feature.hpp"
#include "calendar/calendar_route.hpp"
#include "http/conditional_get.hpp"
#include "http/http_response_util.hpp"
#include "identity.hpp"
#include "traffpunkt/store/calendar_token_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::service {

namespace {

/**
 * The one answer for every feed that cannot be served: a bad path, an unknown network, a
 * draft meeting, an unknown or revoked token. Identical, so nobody can probe what exists.
 */
http_response feed_not_found() {
    return text_response(404, "not found");
}

http_response feed_response(const http_request& request,
                            const std::shared_ptr<const calendar_feed>& shared,
                            std::string_view cache_control) {
    const calendar_feed& feed = *shared;
    http_response res;
    res.headers["etag"] = feed.etag;
    if (feed.last_modified) {
        res.headers["last-modified"] = http_date(*feed.last_modified);
    }
    // Clients may keep the feed but must revalidate it (ETag) before using it again.
    res.headers["cache-control"] = std::string(cache_control);
    if (is_not_modified(request, feed.etag, feed.last_modified)) {
        res.status = 304;
        return res;
    }
    res.headers["content-type"] = "text/calendar; charset=utf-8";
    // The cached bytes themselves (the alias keeps the feed alive), not a copy per request.
    res.shared_body = std::shared_ptr<const std::string>(shared, &shared->body);
    return res;
}

}  // namespace

http_response calendar_feature::http(const http_request& request) {
    if (request.method != "GET" && request.method != "HEAD") {
        auto res = text_response(405, "method not allowed");
        res.headers["allow"] = "GET, HEAD";
        return res;
    }
    const auto route = parse_calendar_route(request.path);
    if (!route) {
        return feed_not_found();
    }
    try {
        switch (route->kind) {
            case calendar_route::feed::network: {
                const auto feed = app_.calendars.network(*app_.reads, route->id);
                return feed ? feed_response(request, feed, "no-cache") : feed_not_found();
            }
            case calendar_route::feed::meeting: {
                const auto feed = app_.calendars.meeting(*app_.reads, route->id);
                if (!feed) {
                    return feed_not_found();
                }
                auto res = feed_response(request, feed, "no-cache");
                res.headers["content-disposition"] =
                    "attachment; filename=\"meeting-" + std::to_string(route->id) + ".ics\"";
                return res;
            }
            case calendar_route::feed::person: {
                // The calendar token (calendar.link), never the account token: the URL is
                // synced through calendar services and must grant this feed and nothing else.
                const auto person = app_.reads->with([&](store::database& db) {
                    return store::calendar_token_person(db, hash_token(route->token));
                });
                if (!person) {
                    return feed_not_found();
                }
                const auto feed = app_.calendars.person(*app_.reads, *person);
                // Personal data (online links): no shared cache may keep it.
                return feed_response(request, feed, "private, no-cache");
            }
        }
    } catch (const store::store_error& e) {
        spdlog::error("calendar feed {}: {}",
                      route->kind == calendar_route::feed::person
                          ? std::string("/calendar/person/…")
                          : request.path,
                      e.what());
        return text_response(503, "the database is not available right now");
    } catch (const std::exception& e) {
        spdlog::error("calendar feed: {}", e.what());
        return text_response(500, "internal error");
    }
    return feed_not_found();
}

}  // namespace traffpunkt::service
