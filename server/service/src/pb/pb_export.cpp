#include "pb/pb_export.hpp"

#include <chrono>
#include <map>
#include <stdexcept>
#include <variant>

#include "traffpunkt/domain/time.hpp"
#include "traffpunkt/pb/pabulib.hpp"

namespace traffpunkt::service {

namespace json = boost::json;

/** The ballots of a PB poll in pabulib's .pb format (voters numbered, never named). */
std::string pabulib_export(const domain::poll& p, const domain::meeting& m,
                           const std::vector<domain::ballot>& ballots,
                           const json::object& results) {
    pb::pabulib_file f;
    const bool points = p.pb_ballot == domain::pb_ballot_kind::points;
    // `selected` is what the poll's rule funds, written only when the results were counted from
    // exactly these ballots (a poll still being counted gets no `selected` column).
    const auto& pb = results.at("pb").as_object();
    const auto* outcome = pb.if_contains("outcome");
    if (outcome == nullptr) {
        outcome = pb.if_contains("equal_shares");  // results stored before `outcome` existed
    }
    const auto* counting = pb.if_contains("counting");
    const bool counted = outcome != nullptr && outcome->is_object() &&
                         !(counting != nullptr && counting->is_bool() && counting->as_bool()) &&
                         results.at("ballots").to_number<std::int64_t>() ==
                             static_cast<std::int64_t>(ballots.size());
    std::map<std::int64_t, bool> selected;
    if (counted) {
        for (const auto& fp : outcome->at("funded").as_array()) {
            selected[fp.at("project_id").to_number<std::int64_t>()] = true;
        }
    }
    const std::string rule =
        pb.contains("rule") ? std::string(pb.at("rule").as_string()) : "equalshares/add1+greedy";
    // Counted from the ballots written below, so the file agrees with itself: pabulib's
    // `votes` is the number of voters who chose a project, `score` the points it received.
    std::map<std::int64_t, std::int64_t> voters;
    std::map<std::int64_t, std::int64_t> score;
    for (const auto& b : ballots) {
        for (const auto project : b.choices) {
            ++voters[project];
        }
        for (const auto& [project, n] : b.points) {
            if (n > 0) {
                ++voters[project];
                score[project] += n;
            }
        }
    }
    const auto date = [](std::optional<std::int64_t> t) -> std::string {
        if (!t) {
            return "";
        }
        const auto text = domain::format_instant(domain::instant{std::chrono::seconds{*t}});
        return text.substr(8, 2) + "." + text.substr(5, 2) + "." + text.substr(0, 4);
    };
    f.decimals = p.pb_decimals;
    // Amounts in the poll's smallest unit, written with its decimals ("1234.50").
    const auto amount = [&](std::int64_t v) {
        std::string text = std::to_string(v);
        if (p.pb_decimals > 0) {
            const auto d = static_cast<std::size_t>(p.pb_decimals);
            if (text.size() <= d) {
                text.insert(0, d + 1 - text.size(), '0');
            }
            text.insert(text.size() - d, ".");
        }
        return text;
    };
    std::int64_t total_budget = p.budget;
    std::string per_district;
    for (const auto& d : p.pb_districts) {
        total_budget += d.budget;
        per_district += (per_district.empty() ? "" : ",") + d.name + ":" + amount(d.budget);
    }
    f.meta = {{"description", p.question},
              {"country", "Sweden"},
              {"unit", m.title},
              {"instance", "traffpunkt-poll-" + std::to_string(p.poll_id)},
              {"num_projects", std::to_string(p.projects.size())},
              {"num_votes", std::to_string(ballots.size())},
              {"budget", amount(total_budget)},
              {"currency", p.currency},
              {"vote_type", points ? "cumulative" : "approval"},
              {"rule", rule},
              {"date_begin", date(p.opened_at)},
              {"date_end", date(p.closed_at)}};
    if (p.pb_min_support > 0) {
        f.meta.emplace_back("min_project_score_threshold", std::to_string(p.pb_min_support));
    }
    if (!per_district.empty()) {
        // Not a pabulib key: how the budget splits (the rest is the city-wide budget).
        f.meta.emplace_back("budget_per_district", per_district);
        f.meta.emplace_back("city_wide_budget", amount(p.budget));
    }
    if (points) {
        f.meta.emplace_back("max_sum_points", std::to_string(p.points_total));
    } else if (p.pb_ballot == domain::pb_ballot_kind::knapsack) {
        f.meta.emplace_back("max_sum_cost", amount(p.budget));
    } else if (p.max_choices > 0) {
        f.meta.emplace_back("max_length", std::to_string(p.max_choices));
    }
    for (const auto& project : p.projects) {
        pb::pabulib_project row;
        row.project_id = std::to_string(project.project_id);
        row.cost = project.cost;
        row.votes = voters[project.project_id];
        if (points) {
            row.extra["score"] = std::to_string(score[project.project_id]);
        }
        row.name = project.title;
        std::string categories;
        for (const auto& c : project.categories) {
            categories += (categories.empty() ? "" : ",") + c;
        }
        if (!categories.empty()) {
            row.extra["category"] = categories;
        }
        if (project.latitude && project.longitude) {
            row.extra["latitude"] = *project.latitude;
            row.extra["longitude"] = *project.longitude;
        }
        if (!project.district.empty()) {
            row.extra["district"] = project.district;
        }
        if (counted) {
            row.selected = selected.count(project.project_id) > 0 ? 1 : 0;
        }
        f.projects.push_back(std::move(row));
    }
    std::int64_t voter = 0;
    for (const auto& b : ballots) {
        pb::pabulib_vote v;
        v.voter_id = std::to_string(++voter);
        if (points) {
            for (const auto& [project, n] : b.points) {
                if (n > 0) {
                    v.vote.push_back(std::to_string(project));
                    v.points.push_back(n);
                }
            }
        } else {
            for (auto project : b.choices) {
                v.vote.push_back(std::to_string(project));
            }
        }
        f.votes.push_back(std::move(v));
    }
    auto text = pb::write_pabulib(f);
    if (auto* e = std::get_if<domain::rule_error>(&text)) {
        // Our own data always makes a valid file; say what broke rather than send a bad one.
        throw std::runtime_error("cannot write the .pb file: " + e->message);
    }
    return std::get<std::string>(std::move(text));
}

}  // namespace traffpunkt::service
