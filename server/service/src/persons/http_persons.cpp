// Personal data over HTTP, for downloads and for people who are not programs:
//
//   GET /persons/{id}/export.json   the register extract (as person.export), an attachment
//   GET /persons/{id}/export.html   the same as a page in Swedish
//   GET /audit.csv                  the access log as CSV (coordinators)
//
// Authentication as for the other exports: `Authorization: Bearer <token>` or `?access_token=`.
// Every answer is `Cache-Control: no-store`: personal data stays out of every cache.

#include <boost/json/serialize.hpp>

#include "application_impl.hpp"
#include "clock.hpp"
#include "http/csv_writer.hpp"
#include "http/http_response_util.hpp"
#include "http/http_token.hpp"
#include "http/path_id.hpp"
#include "persons/person_extract.hpp"
#include "persons/personal_data_feature.hpp"
#include "traffpunkt/store/access_log_repository.hpp"

namespace traffpunkt::service {

namespace json = boost::json;

namespace {

constexpr std::string_view persons_prefix = "/persons/";

/** `/persons/{id}/export.{json|html}` → (id, format). */
std::optional<std::pair<std::int64_t, std::string_view>> export_path(std::string_view path) {
    if (!path.starts_with(persons_prefix)) {
        return std::nullopt;
    }
    path.remove_prefix(persons_prefix.size());
    const auto slash = path.find('/');
    if (slash == std::string_view::npos) {
        return std::nullopt;
    }
    const auto id = path_id(path.substr(0, slash));
    const auto rest = path.substr(slash);
    if (!id) {
        return std::nullopt;
    }
    if (rest == "/export.json") {
        return std::make_pair(*id, std::string_view("json"));
    }
    if (rest == "/export.html") {
        return std::make_pair(*id, std::string_view("html"));
    }
    return std::nullopt;
}

}  // namespace

bool personal_data_feature::is_route(std::string_view path) {
    return path.starts_with(persons_prefix) || path == "/audit.csv";
}

http_response personal_data_feature::http(const http_request& request) {
    const bool audit = request.path == "/audit.csv";
    const auto target = audit ? std::nullopt : export_path(request.path);
    if (!audit && !target) {
        return text_response(404, "not found");
    }
    if (request.method != "GET" && request.method != "HEAD") {
        auto res = text_response(405, "method not allowed");
        res.headers["allow"] = "GET, HEAD";
        return res;
    }
    const auto presented = token_of(request);
    const auto who = presented.token && !presented.malformed ? app_.resolve_token(*presented.token)
                                                             : std::nullopt;
    if (!who) {
        return with_bearer_challenge(
            text_response(401, "a token is required (Authorization: Bearer <token>)"));
    }
    try {
        http_response res;
        res.headers["cache-control"] = "no-store";
        if (audit) {
            if (!who->is_coordinator()) {
                return text_response(403, "only coordinators may read the access log");
            }
            csv_writer csv(';');
            csv.row({"Entry", "At", "Actor", "Action", "Person", "Meeting", "From", "Details"});
            app_.reads->with([&](store::database& db) {
                for (std::int64_t before = 0;;) {
                    const auto page = store::list_access(db, before, 1000);
                    for (const auto& e : page) {
                        csv.row(std::vector<std::string>{
                            std::to_string(e.entry_id), domain::format_instant(e.at), e.actor,
                            e.action,
                            e.subject_person_id ? std::to_string(*e.subject_person_id) : "",
                            e.meeting_id ? std::to_string(*e.meeting_id) : "", e.remote,
                            e.details});
                    }
                    if (page.size() < 1000) {
                        return 0;
                    }
                    before = page.back().entry_id;
                }
            });
            res.headers["content-type"] = "text/csv; charset=utf-8";
            res.headers["content-disposition"] = "attachment; filename=\"access-log.csv\"";
            res.body = csv.str();
            return res;
        }
        // Plain copies, not a structured binding: lambdas may not capture a
        // binding before C++20's P1091 lands in clang.
        const std::int64_t person_id = target->first;
        const std::string format(target->second);
        if (!who->is_coordinator() && !(who->person_id && *who->person_id == person_id)) {
            return text_response(403,
                                 "a register extract is for the person themself and "
                                 "coordinators");
        }
        auto extract = app_.reads->with(
            [&](store::database& db) { return person_extract_json(db, person_id, now()); });
        if (!extract) {
            return text_response(404, "no person " + std::to_string(person_id));
        }
        log_access(*who, request.remote, format == "json" ? "export.json" : "export.html",
                   person_id, std::nullopt);
        if (format == "json") {
            res.headers["content-type"] = "application/json";
            res.headers["content-disposition"] =
                "attachment; filename=\"registerutdrag-" + std::to_string(person_id) + ".json\"";
            res.body = json::serialize(*extract) + "\n";
        } else {
            res.headers["content-type"] = "text/html; charset=utf-8";
            res.body = person_extract_html(*extract);
        }
        return res;
    } catch (const std::exception&) {
        return text_response(503, "the database is not available right now");
    }
}

}  // namespace traffpunkt::service
