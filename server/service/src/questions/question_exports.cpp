// GET /meetings/{id}/questions.{csv,json,md} (PROTOCOL.md "Questions", Exports): every board's
// questions but withdrawn ones, for the meeting's staff. The .md is the section the web client
// adds to the minutes draft.

#include <boost/json.hpp>

#include "application_impl.hpp"
#include "documents/document_metadata.hpp"
#include "http/csv_writer.hpp"
#include "http/http_response_util.hpp"
#include "http/http_token.hpp"
#include "http/path_id.hpp"
#include "persons/personal_data_feature.hpp"
#include "question_feature.hpp"
#include "traffpunkt/store/agenda_repository.hpp"
#include "traffpunkt/store/meeting_repository.hpp"

namespace traffpunkt::service {

namespace json = boost::json;

namespace {

constexpr std::string_view questions_meetings_prefix = "/meetings/";
constexpr std::string_view questions_name = "/questions.";

struct question_export_path {
    std::int64_t meeting_id = 0;
    std::string format;  ///< csv | json | md
};

std::optional<question_export_path> parse(std::string_view path) {
    if (!path.starts_with(questions_meetings_prefix)) {
        return std::nullopt;
    }
    const auto rest = path.substr(questions_meetings_prefix.size());
    const auto at = rest.find(questions_name);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    const auto format = rest.substr(at + questions_name.size());
    if (format != "csv" && format != "json" && format != "md") {
        return std::nullopt;
    }
    const auto id = path_id(rest.substr(0, at));
    if (!id) {
        return std::nullopt;
    }
    return question_export_path{*id, std::string(format)};
}

std::string one_line(std::string_view text) {
    std::string out;
    for (const char ch : text) {
        out += (ch == '\n' || ch == '\r') ? ' ' : ch;
    }
    return out;
}

std::string origin_sv(domain::question_origin o) {
    return o == domain::question_origin::remote ? "på distans" : "i rummet";
}

}  // namespace

bool question_feature::is_export_path(std::string_view path) {
    return parse(path).has_value();
}

http_response question_feature::http_export(const http_request& request) {
    const auto p = parse(request.path);
    if (!p) {
        return text_response(404, "not found");
    }
    if (request.method != "GET" && request.method != "HEAD") {
        auto res = text_response(405, "method not allowed");
        res.headers["allow"] = "GET, HEAD";
        return res;
    }
    const auto token = token_of(request).token;
    const auto who = token ? app_.resolve_token(*token) : std::nullopt;
    if (!who) {
        return with_bearer_challenge(text_response(401,
                                                   "a coordinator's or the meeting's "
                                                   "facilitator's token is required "
                                                   "(Authorization: Bearer <token>)"));
    }
    try {
        struct loaded {
            std::optional<domain::meeting> meeting;
            meeting_questions mq;
            std::map<std::int64_t, std::string> item_titles;
        };
        auto data = app_.reads->with([&](store::database& db) {
            loaded l;
            l.meeting = store::find_meeting(db, p->meeting_id);
            if (l.meeting) {
                l.mq = load(db, p->meeting_id);
                for (const auto& item : store::list_agenda_items(db, p->meeting_id)) {
                    l.item_titles[item.item_id] = item.title;
                }
            }
            return l;
        });
        if (!data.meeting) {
            return text_response(404, "no meeting " + std::to_string(p->meeting_id));
        }
        if (!app_.may_see_private(*who, *data.meeting)) {
            return text_response(403,
                                 "only coordinators and the meeting's facilitators may export "
                                 "its questions");
        }
        // Withdrawn questions are the asker's to take back: not in any export.
        for (auto& [bid, b] : data.mq.boards) {
            std::erase_if(b.questions, [](const auto& entry) {
                return entry.second.status == domain::question_status::withdrawn;
            });
        }
        const auto item_of = [&](const domain::question_board& b) -> std::string {
            if (!b.agenda_item_id) {
                return "";
            }
            auto it = data.item_titles.find(*b.agenda_item_id);
            return it == data.item_titles.end() ? "" : it->second;
        };
        http_response res;
        res.headers["cache-control"] = "no-store";
        const std::string base = "fragor-" + std::to_string(p->meeting_id);
        if (p->format == "json") {
            res.headers["content-type"] = "application/json";
            res.headers["content-disposition"] = attachment_disposition(base + ".json");
            res.body = json::serialize(
                questions_listing(data.mq, true, false, std::nullopt, std::nullopt, std::nullopt));
        } else if (p->format == "csv") {
            csv_writer csv;
            csv.row({"board_id", "agenda_item", "question_id", "status", "pinned", "votes",
                     "origin", "asked_at", "answered_at", "name", "text", "hide_reason"});
            for (const auto& [bid, b] : data.mq.boards) {
                for (const auto* q : b.top([](const domain::question&) { return true; })) {
                    csv.row(std::vector<std::string>{
                        std::to_string(bid), item_of(b.board), std::to_string(q->question_id),
                        std::string(domain::to_string(q->status)), q->pinned ? "true" : "false",
                        std::to_string(q->votes), std::string(domain::to_string(q->origin)),
                        domain::format_instant(q->asked_at),
                        q->answered_at ? domain::format_instant(*q->answered_at) : "",
                        q->anonymous ? "" : q->name, q->text, q->hide_reason});
                }
            }
            res.headers["content-type"] = "text/csv; charset=utf-8";
            res.headers["content-disposition"] = attachment_disposition(base + ".csv");
            res.body = csv.str();
        } else {
            // The minutes section: answered questions, then open ones; names of named askers.
            std::string md = "## Frågor från publiken\n";
            for (const auto& [bid, b] : data.mq.boards) {
                const auto title = item_of(b.board);
                md += "\n### " + (title.empty() ? std::string("Hela träffen") : one_line(title)) +
                      "\n";
                const auto section = [&](domain::question_status s, std::string_view heading) {
                    const auto qs = b.top([s](const domain::question& q) { return q.status == s; });
                    if (qs.empty()) {
                        return;
                    }
                    md += "\n" + std::string(heading) + "\n\n";
                    for (const auto* q : qs) {
                        md += "- " + one_line(q->text) + " (" + std::to_string(q->votes) +
                              (q->votes == 1 ? " röst" : " röster") + ", " + origin_sv(q->origin);
                        if (!q->anonymous && !q->name.empty()) {
                            md += ", " + one_line(q->name);
                        }
                        md += ")\n";
                    }
                };
                section(domain::question_status::answered, "Besvarade:");
                section(domain::question_status::visible, "Obesvarade:");
            }
            res.headers["content-type"] = "text/markdown; charset=utf-8";
            res.headers["content-disposition"] = attachment_disposition(base + ".md");
            res.body = md;
        }
        app_.personal_data->log_access(*who, request.remote, "questions." + p->format, std::nullopt,
                                       p->meeting_id);
        return res;
    } catch (const std::exception&) {
        return text_response(503, "the database is not available right now");
    }
}

}  // namespace traffpunkt::service
