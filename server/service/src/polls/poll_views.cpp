#include "polls/poll_views.hpp"

#include <cmath>

#include "pb/pb_results.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::service {

namespace json = boost::json;

namespace {

json::value opt_time(const std::optional<std::int64_t>& t) {
    if (!t) {
        return nullptr;
    }
    return json::value(domain::format_instant(domain::instant{std::chrono::seconds{*t}}));
}

json::value opt_id(const std::optional<std::int64_t>& id) {
    return id ? json::value(*id) : json::value(nullptr);
}

const std::string& option_label(const domain::poll& p, domain::id option_id) {
    static const std::string none;
    for (const auto& o : p.options) {
        if (o.option_id == option_id) {
            return o.label;
        }
    }
    return none;
}

std::string_view poll_utility_name(const domain::poll& p) {
    return p.pb_ballot == domain::pb_ballot_kind::points ? "points"
                                                         : domain::to_string(p.pb_utility);
}

}  // namespace

json::object poll_json(const domain::poll& p, std::int64_t ballots) {
    json::object o;
    o["poll_id"] = p.poll_id;
    o["meeting_id"] = p.meeting_id;
    o["agenda_item_id"] = opt_id(p.agenda_item_id);
    o["kind"] = domain::to_string(p.kind);
    o["question"] = p.question;
    o["description"] = p.description;
    json::array options;
    for (const auto& opt : p.options) {
        options.push_back(json::object{{"option_id", opt.option_id}, {"label", opt.label}});
    }
    o["options"] = std::move(options);
    const bool limited = p.kind == domain::poll_kind::multiple ||
                         (p.kind == domain::poll_kind::approval && p.max_choices > 0);
    o["max_choices"] = limited ? json::value(p.max_choices) : json::value(nullptr);
    if (p.kind == domain::poll_kind::scale) {
        o["scale"] = json::object{{"max", p.scale_max},
                                  {"min_label", p.scale_min_label},
                                  {"max_label", p.scale_max_label}};
    } else {
        o["scale"] = nullptr;
    }
    o["text_max_length"] =
        p.kind == domain::poll_kind::text ? json::value(p.text_max_length) : json::value(nullptr);
    if (p.kind == domain::poll_kind::pb) {
        json::array projects;
        for (const auto& pr : p.projects) {
            json::array categories;
            for (const auto& c : pr.categories) {
                categories.emplace_back(c);
            }
            projects.push_back(json::object{
                {"project_id", pr.project_id},
                {"title", pr.title},
                {"description", pr.description},
                {"cost", pr.cost},
                {"organisation_id", opt_id(pr.organisation_id)},
                {"district", pr.district.empty() ? json::value(nullptr) : json::value(pr.district)},
                {"categories", std::move(categories)},
                {"latitude", pr.latitude ? json::value(*pr.latitude) : json::value(nullptr)},
                {"longitude", pr.longitude ? json::value(*pr.longitude) : json::value(nullptr)}});
        }
        json::array districts;
        for (const auto& d : p.pb_districts) {
            districts.push_back(json::object{{"name", d.name}, {"budget", d.budget}});
        }
        const bool points = p.pb_ballot == domain::pb_ballot_kind::points;
        o["pb"] = json::object{
            {"budget", p.budget},
            {"currency", p.currency},
            {"ballot", domain::to_string(p.pb_ballot)},
            {"utility", poll_utility_name(p)},
            {"max_choices", p.pb_ballot == domain::pb_ballot_kind::approval && p.max_choices > 0
                                ? json::value(p.max_choices)
                                : json::value(nullptr)},
            {"points_total", points ? json::value(p.points_total) : json::value(nullptr)},
            {"projects", std::move(projects)},
            {"decimals", p.pb_decimals},
            {"rule", pb_rule_name(p)},
            {"min_support", p.pb_min_support},
            {"districts", std::move(districts)}};
    } else {
        o["pb"] = nullptr;
    }
    o["anonymous"] = p.anonymous;
    o["audience"] = domain::to_string(p.audience);
    o["results"] = domain::to_string(p.visibility);
    o["status"] = domain::to_string(p.status);
    o["auto_close_at"] = opt_time(p.auto_close_at);
    o["opened_at"] = opt_time(p.opened_at);
    o["closed_at"] = opt_time(p.closed_at);
    o["ballots"] = ballots;
    return o;
}

json::object results_json(const domain::poll& p, const domain::poll_tally& tally, bool final) {
    const auto r = tally.results();
    json::object o{{"poll_id", p.poll_id},
                   {"kind", domain::to_string(p.kind)},
                   {"ballots", r.ballots},
                   {"final", final}};
    switch (p.kind) {
        case domain::poll_kind::single:
        case domain::poll_kind::multiple:
        case domain::poll_kind::approval: {
            json::array options;
            for (const auto& row : r.options) {
                options.push_back(json::object{{"option_id", row.option_id},
                                               {"label", option_label(p, row.option_id)},
                                               {"count", row.count}});
            }
            o["options"] = std::move(options);
            break;
        }
        case domain::poll_kind::scale: {
            json::array counts;
            for (auto n : r.scale_counts) {
                counts.push_back(n);
            }
            // Two decimals are what a projector shows; the sum keeps the exact figure.
            const double mean = r.ballots > 0
                                    ? std::round(100.0 * static_cast<double>(r.scale_sum) /
                                                 static_cast<double>(r.ballots)) /
                                          100.0
                                    : 0.0;
            o["scale"] =
                json::object{{"max", p.scale_max},
                             {"counts", std::move(counts)},
                             {"sum", r.scale_sum},
                             {"mean", r.ballots > 0 ? json::value(mean) : json::value(nullptr)}};
            break;
        }
        case domain::poll_kind::ranking: {
            json::array rows;
            for (const auto& row : r.ranking) {
                rows.push_back(json::object{{"option_id", row.option_id},
                                            {"label", option_label(p, row.option_id)},
                                            {"rank", row.rank},
                                            {"borda", row.borda},
                                            {"first_preferences", row.first_preferences}});
            }
            o["ranking"] = std::move(rows);
            break;
        }
        case domain::poll_kind::text: {
            json::array words;
            for (const auto& w : r.words) {
                words.push_back(json::object{{"word", w.word}, {"count", w.count}});
            }
            o["words"] = std::move(words);
            break;
        }
        case domain::poll_kind::pb:
            // Counting is heavy: only an empty ballot set is counted here; otherwise the
            // counted part comes from the PB worker (pb_counting.cpp), never from this call.
            o["pb"] =
                tally.ballots() == 0 ? pb_results_json(p, tally.pb_profile()) : pb_pending_json(p);
            break;
    }
    return o;
}

}  // namespace traffpunkt::service
