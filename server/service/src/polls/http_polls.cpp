// GET /polls/{id}/{results.json|results.csv|ballots.csv|ballots.pb}: poll exports.
//
// Authentication as for the other HTTP exports: `Authorization: Bearer <token>` (or
// `?access_token=` for a plain download link). Results go to whoever may see them in poll.results;
// ballots of an anonymous poll (no voters) to the meeting's facilitators and coordinators;
// ballots of a named poll, with who cast them, only to coordinators. Everything is read from
// the database (the committed state), not from the live room.

#include <algorithm>
#include <map>
#include <stdexcept>
#include <variant>

#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "application_impl.hpp"
#include "polls/poll_feature.hpp"
#include "http/csv_writer.hpp"
#include "http/http_response_util.hpp"
#include "http/http_token.hpp"
#include "http/path_id.hpp"
#include "pb/pb_export.hpp"
#include "polls/ballot_codec.hpp"
#include "polls/poll_shared.hpp"
#include "polls/poll_views.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/poll_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::service {

namespace json = boost::json;

namespace {

constexpr std::string_view polls_prefix = "/polls/";

struct poll_export_path {
    std::int64_t poll_id = 0;
    std::string name;  ///< results.json | results.csv | ballots.csv | ballots.pb
};

std::optional<poll_export_path> parse_path(std::string_view path) {
    if (!path.starts_with(polls_prefix)) {
        return std::nullopt;
    }
    path.remove_prefix(polls_prefix.size());
    const auto slash = path.find('/');
    if (slash == std::string_view::npos) {
        return std::nullopt;
    }
    const auto id = path_id(path.substr(0, slash));
    if (!id) {
        return std::nullopt;
    }
    const auto name = path.substr(slash + 1);
    if (name != "results.json" && name != "results.csv" && name != "ballots.csv" &&
        name != "ballots.pb") {
        return std::nullopt;
    }
    return poll_export_path{*id, std::string(name)};
}

http_response token_required() {
    return with_bearer_challenge(
        text_response(401, "a token is required (Authorization: Bearer <token>)"));
}

http_response download(std::string content_type, std::string filename, std::string body) {
    http_response res;
    res.headers["content-type"] = std::move(content_type);
    res.headers["content-disposition"] = "attachment; filename=\"" + filename + "\"";
    res.headers["cache-control"] = "no-store";
    res.body = std::move(body);
    return res;
}

std::string results_csv(const json::object& results, char sep) {
    csv_writer csv(sep);
    const auto kind = std::string(results.at("kind").as_string());
    const auto num = [](const json::value& v) { return json::serialize(v); };
    const auto str = [](const json::value& v) { return std::string(v.as_string()); };
    if (kind == "scale") {
        csv.row({"Value", "Count"});
        const auto& counts = results.at("scale").as_object().at("counts").as_array();
        for (std::size_t i = 0; i < counts.size(); ++i) {
            csv.row(std::vector<std::string>{std::to_string(i + 1), num(counts[i])});
        }
    } else if (kind == "ranking") {
        csv.row({"Rank", "Option", "Label", "Borda score", "First preferences"});
        for (const auto& row : results.at("ranking").as_array()) {
            const auto& r = row.as_object();
            csv.row(std::vector<std::string>{num(r.at("rank")), num(r.at("option_id")),
                                             str(r.at("label")), num(r.at("borda")),
                                             num(r.at("first_preferences"))});
        }
    } else if (kind == "text") {
        csv.row({"Word", "Count"});
        for (const auto& row : results.at("words").as_array()) {
            csv.row(std::vector<std::string>{str(row.at("word")), num(row.at("count"))});
        }
    } else if (kind == "pb") {
        const auto& pb = results.at("pb").as_object();
        const auto funded = [](const json::value& outcome) {
            std::map<std::int64_t, std::string> ids;
            for (const auto& f : outcome.at("funded").as_array()) {
                ids[f.at("project_id").to_number<std::int64_t>()] = "yes";
            }
            return ids;
        };
        if (!pb.contains("greedy")) {
            csv.row({"Project", "Title", "Cost", "Support"});  // not counted yet
            return csv.str();
        }
        auto greedy = funded(pb.at("greedy"));
        auto mes = funded(pb.at("equal_shares"));
        // The deciding rule's reasons (results stored before `outcome` existed have none).
        std::map<std::int64_t, std::pair<bool, std::string>> decided;
        if (const auto* outcome = pb.if_contains("outcome")) {
            for (const auto& row : outcome->at("projects").as_array()) {
                decided[row.at("project_id").to_number<std::int64_t>()] = {
                    row.at("funded").as_bool(), str(row.at("reason"))};
            }
        }
        csv.row({"Project", "Title", "Cost", "Support", "Funded (greedy)", "Funded (Equal Shares)",
                 "Supporters", "Funded (rule)", "Why not"});
        for (const auto& row : pb.at("support").as_array()) {
            const auto id = row.at("project_id").to_number<std::int64_t>();
            const auto* supporters = row.as_object().if_contains("supporters");
            const auto d = decided.find(id);
            csv.row(std::vector<std::string>{
                std::to_string(id), str(row.at("title")), num(row.at("cost")),
                num(row.at("support")), greedy.count(id) ? "yes" : "no",
                mes.count(id) ? "yes" : "no", supporters ? num(*supporters) : "",
                d == decided.end() ? "" : (d->second.first ? "yes" : "no"),
                d == decided.end() || d->second.first ? "" : d->second.second});
        }
    } else {
        csv.row({"Option", "Label", "Count"});
        for (const auto& row : results.at("options").as_array()) {
            csv.row(std::vector<std::string>{num(row.at("option_id")), str(row.at("label")),
                                             num(row.at("count"))});
        }
    }
    return csv.str();
}

}  // namespace

http_response poll_feature::http_polls(const http_request& request) {
    const auto path = parse_path(request.path);
    if (!path) {
        return text_response(404, "not found");
    }
    if (request.method != "GET" && request.method != "HEAD") {
        auto res = text_response(405, "method not allowed");
        res.headers["allow"] = "GET, HEAD";
        return res;
    }
    const auto token = token_of(request).token;
    if (!token) {
        return token_required();
    }
    const auto who = app_.resolve_token(*token);
    if (!who) {
        return token_required();
    }
    char separator = ';';
    if (const auto sep = query_value(request.query, "sep")) {
        if (*sep == "comma") {
            separator = ',';
        } else if (*sep != "semicolon") {
            return text_response(400, "sep must be comma or semicolon");
        }
    }
    try {
        auto poll =
            app_.reads->with([&](store::database& db) { return store::find_poll(db, path->poll_id); });
        if (!poll) {
            return text_response(404, "no poll " + std::to_string(path->poll_id));
        }
        const bool staff = app_.is_poll_staff(*who, poll->meeting_id);
        // As poll.results: a draft (or a poll of a draft meeting) does not exist for those who
        // may not see it, so its answer is that of an unknown poll.
        poll_viewer viewer;
        viewer.staff = staff;
        viewer.device = who->who == principal::role::audience;
        if (!staff) {
            try {
                viewer.reader = app_.may_take_part(*who, poll->meeting_id);
            } catch (const protocol::protocol_error&) {
                return token_required();  // a device revoked since its token was read
            }
            const auto m = app_.reads->with(
                [&](store::database& db) { return store::find_meeting(db, poll->meeting_id); });
            viewer.meeting_visible = (viewer.device && who->audience_meeting == poll->meeting_id) ||
                                     (m && m->status != domain::meeting_status::draft);
        }
        switch (sight_of(viewer, *poll)) {
            case poll_sight::hidden:
                return text_response(404, "no poll " + std::to_string(path->poll_id));
            case poll_sight::refused:
                return text_response(403,
                                     "this poll is for the meeting's registered participants "
                                     "and its facilitators");
            case poll_sight::readable:
                break;
        }
        struct loaded {
            std::optional<domain::meeting> meeting;
            std::vector<std::pair<std::string, domain::ballot>> ballots;  // voter ("" anonymous)
            std::vector<store::named_ballot_row> rows;
            std::optional<std::string> final;
        };
        auto data = app_.reads->with([&](store::database& db) {
            loaded l;
            l.meeting = store::find_meeting(db, poll->meeting_id);
            if (poll->anonymous) {
                for (const auto& text : store::list_anonymous_ballots(db, poll->poll_id)) {
                    l.ballots.emplace_back("", decode_stored_ballot(text));
                }
            } else {
                l.rows = store::list_named_ballots(db, poll->poll_id);
                for (const auto& row : l.rows) {
                    l.ballots.emplace_back(row.voter, decode_stored_ballot(row.ballot));
                }
            }
            l.final = store::final_results(db, poll->poll_id);
            return l;
        });
        json::object results;
        std::int64_t ballot_count = static_cast<std::int64_t>(data.ballots.size());
        if (data.final) {
            results = json::parse(*data.final).as_object();
        } else if (poll->anonymous) {
            // An open anonymous poll: what the live stream showed, never a fresher count (it
            // could move by one ballot and name it).
            std::shared_ptr<const poll_snapshot> shown;
            {
                std::lock_guard lock(poll_snapshots_mutex);
                if (auto it = poll_snapshots.find(poll->poll_id); it != poll_snapshots.end()) {
                    shown = it->second;
                }
            }
            const auto* r = shown ? shown->staff.if_contains("results") : nullptr;
            if (r && r->is_object()) {
                results = r->as_object();
                ballot_count =
                    shown->staff.at("poll").as_object().at("ballots").to_number<std::int64_t>();
            } else {
                results = results_json(*poll, domain::poll_tally(*poll), false);
                ballot_count = 0;
            }
        } else {
            domain::poll_tally tally(*poll);
            for (const auto& [voter, b] : data.ballots) {
                tally.add(b);
            }
            // A PB count runs on the PB worker; this answers from its cache (pb_counting.cpp).
            results = poll->kind == domain::poll_kind::pb
                          ? pb_tally_results(*poll, tally).as_object()
                          : results_json(*poll, tally, false);
        }
        const std::string base = "poll-" + std::to_string(poll->poll_id);
        if (path->name.starts_with("results.")) {
            const bool visible = staff || (poll->visibility == domain::results_visibility::live) ||
                                 (poll->visibility == domain::results_visibility::after_close &&
                                  poll->status == domain::poll_status::closed);
            if (!visible) {
                return text_response(403,
                                     "the results of this poll are not shown to "
                                     "participants yet");
            }
            if (path->name == "results.json") {
                json::object body{{"poll", poll_json(*poll, ballot_count)}, {"results", results}};
                return download("application/json", base + "-results.json",
                                json::serialize(body) + "\n");
            }
            return download("text/csv; charset=utf-8", base + "-results.csv",
                            results_csv(results, separator));
        }
        // Ballots: who voted what is for coordinators; anonymous ballots for staff.
        if (!staff || (!poll->anonymous && !who->is_coordinator())) {
            return text_response(403, poll->anonymous
                                          ? "only the meeting's facilitators and coordinators "
                                            "may export ballots"
                                          : "only coordinators may export named ballots");
        }
        if (poll->anonymous && poll->status != domain::poll_status::closed) {
            // While votes come in, a series of downloads would show each batch's ballots.
            return text_response(409,
                                 "the ballots of an anonymous poll are exported once it is "
                                 "closed");
        }
        if (path->name == "ballots.pb") {
            if (poll->kind != domain::poll_kind::pb) {
                return text_response(404, "only participatory-budgeting polls export .pb files");
            }
            std::vector<domain::ballot> ballots;
            for (const auto& [voter, b] : data.ballots) {
                ballots.push_back(b);
            }
            return download("text/plain; charset=utf-8", base + ".pb",
                            pabulib_export(*poll, *data.meeting, ballots, results));
        }
        csv_writer csv(separator);
        if (poll->anonymous) {
            csv.row({"Ballot"});
            for (const auto& [voter, b] : data.ballots) {
                csv.row(std::vector<std::string>{encode_ballot(*poll, b)});
            }
        } else {
            csv.row({"Person", "Name", "Organisation", "Ballot", "Cast at", "Changed at"});
            for (std::size_t i = 0; i < data.rows.size(); ++i) {
                const auto& row = data.rows[i];
                std::string name;
                std::string org;
                std::string person;
                if (row.voter.starts_with("p:")) {
                    person = row.voter.substr(2);
                    app_.reads->with([&](store::database& db) {
                        if (auto p = store::find_person(db, std::stoll(person))) {
                            name = p->name;
                            if (auto o = store::find_organisation(db, p->organisation_id)) {
                                org = o->name;
                            }
                        }
                        return 0;
                    });
                } else {
                    name = "audience device " + row.voter.substr(2);
                }
                const auto at = [](std::int64_t t) {
                    return domain::format_instant(domain::instant{std::chrono::seconds{t}});
                };
                csv.row(std::vector<std::string>{person, name, org,
                                                 encode_ballot(*poll, data.ballots[i].second),
                                                 at(row.cast_at), at(row.changed_at)});
            }
        }
        return download("text/csv; charset=utf-8", base + "-ballots.csv", csv.str());
    } catch (const store::store_error&) {
        return text_response(503, "the database is not available right now");
    } catch (const std::exception& e) {
        spdlog::error("poll export {} failed: {}", request.path, e.what());
        return text_response(500, "internal error");
    }
}

}  // namespace traffpunkt::service
