#include "pb/pb_results.hpp"

#include <map>
#include <set>

#include <boost/json/value_from.hpp>

#include "traffpunkt/pb/pb_districts.hpp"
#include "traffpunkt/pb/pb_rules.hpp"

namespace traffpunkt::service {

namespace json = boost::json;

namespace {

/** Points ballots: the points are the utilities; otherwise the poll's choice. */
pb::pb_utility utility_of(const domain::poll& p) {
    if (p.pb_ballot == domain::pb_ballot_kind::points) {
        return pb::pb_utility::points;
    }
    return p.pb_utility == domain::pb_utility_kind::approval ? pb::pb_utility::approval
                                                             : pb::pb_utility::cost;
}

std::string_view utility_name(const domain::poll& p) {
    return p.pb_ballot == domain::pb_ballot_kind::points ? "points"
                                                         : domain::to_string(p.pb_utility);
}

std::int64_t unit_of(const domain::poll& p) {
    return p.pb_decimals == 2 ? 100 : p.pb_decimals == 1 ? 10 : 1;
}

/**
 * The rule that decides the poll: its pb_rule (validated when the poll was made), by default
 * Equal Shares with "add one" and then greedy; Equal Shares in the poll's utility, greedy rules
 * with its minimum support.
 */
pb::pb_rule poll_rule(const domain::poll& p) {
    pb::pb_rule r;
    if (!p.pb_rule.empty()) {
        std::string error;
        if (auto named = pb::parse_rule_name(p.pb_rule, unit_of(p), error)) {
            r = *named;
        }
    }
    if (r.kind == pb::pb_rule_kind::equal_shares) {
        r.utility = utility_of(p);
    } else if (r.kind != pb::pb_rule_kind::phragmen) {
        r.min_support = p.pb_min_support;
    }
    return r;
}

/** Each project's district as an index into the poll's districts, -1 for city-wide. */
std::vector<int> districts_of(const domain::poll& p) {
    std::vector<int> out;
    for (const auto& project : p.projects) {
        int d = -1;
        for (std::size_t k = 0; k < p.pb_districts.size(); ++k) {
            if (p.pb_districts[k].name == project.district) {
                d = static_cast<int>(k);
            }
        }
        out.push_back(d);
    }
    return out;
}

std::vector<pb::pb_subbudget> subbudgets_of(const domain::poll& p) {
    std::vector<pb::pb_subbudget> out;
    for (const auto& d : p.pb_districts) {
        out.push_back({d.name, d.budget});
    }
    return out;
}

/** The poll's ballots as the rules read them: every ballot, an empty one too, is a voter. */
pb::pb_instance instance_of(const domain::poll& p, const domain::pb_ballot_profile& profile,
                            std::map<domain::id, std::size_t>& index) {
    pb::pb_instance in;
    in.budget = p.budget;
    in.unit = unit_of(p);
    for (std::size_t i = 0; i < p.projects.size(); ++i) {
        in.costs.push_back(p.projects[i].cost);
        in.project_ids.push_back(p.projects[i].project_id);
        index[p.projects[i].project_id] = i;
    }
    for (const auto& [ballot, count] : profile) {
        pb::pb_instance::voter_group g;
        g.count = count;
        for (const auto& [project, score] : ballot) {
            const auto it = index.find(project);
            if (it != index.end() && score > 0) {
                g.scores.emplace_back(it->second, score);
            }
        }
        in.voters.push_back(std::move(g));
    }
    return in;
}

json::object outcome_json(const domain::poll& p, const pb::pb_outcome& o) {
    json::array funded;
    for (const auto& f : o.funded) {
        const auto& project = p.projects.at(f.project);
        json::object row{{"project_id", project.project_id},
                         {"title", project.title},
                         {"cost", f.cost},
                         {"support", f.support},
                         {"supporters", f.supporters},
                         {"stage", f.stage}};
        if (!f.rho.empty()) {
            row["rho"] = f.rho;
            row["max_payment"] = f.max_payment;
            row["min_payment"] = f.min_payment;
        }
        if (!f.load.empty()) {
            row["load"] = f.load;
        }
        row["district"] =
            project.district.empty() ? json::value(nullptr) : json::value(project.district);
        funded.push_back(std::move(row));
    }
    json::array projects;
    for (const auto& r : o.projects) {
        const auto& project = p.projects.at(r.project);
        projects.push_back(json::object{{"project_id", project.project_id},
                                        {"cost", project.cost},
                                        {"support", r.support},
                                        {"supporters", r.supporters},
                                        {"funded", r.reason == pb::pb_reason::funded},
                                        {"reason", pb::to_string(r.reason)}});
    }
    json::object out{{"rule", o.rule},
                     {"pabulib_rule", o.pabulib_rule},
                     {"funded", std::move(funded)},
                     {"total_cost", o.total_cost},
                     {"budget_left", o.budget_left},
                     {"tie_rule", o.tie_rule},
                     {"tie_keys", json::value_from(o.tie_keys)},
                     {"projects", std::move(projects)},
                     {"voters", o.voters},
                     {"satisfied_voters", o.satisfied_voters}};
    if (!o.completion_tie_keys.empty()) {
        out["completion_tie_keys"] = json::value_from(o.completion_tie_keys);
    }
    if (o.rule == "equal_shares") {
        out["utility"] = utility_name(p);
        out["per_voter_share"] =
            o.per_voter_share.empty() ? json::value(nullptr) : json::value(o.per_voter_share);
        out["completion_rounds"] = o.completion_rounds;
        out["share_increment"] =
            o.share_increment.empty() ? json::value(nullptr) : json::value(o.share_increment);
        out["completed"] = !o.share_increment.empty();
    }
    return out;
}

/** Which projects each rule funds, for the side by side: in both, in one only. */
json::object comparison_json(const domain::poll& p, const pb::pb_outcome& greedy,
                             const pb::pb_outcome& mes) {
    std::set<std::size_t> g, m;
    for (const auto& f : greedy.funded) {
        g.insert(f.project);
    }
    for (const auto& f : mes.funded) {
        m.insert(f.project);
    }
    json::array both, only_greedy, only_mes;
    for (std::size_t j = 0; j < p.projects.size(); ++j) {
        const auto id = p.projects[j].project_id;
        if (g.contains(j) && m.contains(j)) {
            both.push_back(id);
        } else if (g.contains(j)) {
            only_greedy.push_back(id);
        } else if (m.contains(j)) {
            only_mes.push_back(id);
        }
    }
    return json::object{{"both", std::move(both)},
                        {"only_greedy", std::move(only_greedy)},
                        {"only_equal_shares", std::move(only_mes)}};
}

/** Counts with `r`, district by district; the outcome and, with districts, its parts. */
json::object counted(const domain::poll& p, const pb::pb_instance& in, const pb::pb_rule& r,
                     const std::atomic<bool>* cancel, pb::pb_outcome* combined) {
    const auto split = pb::count_by_district(in, districts_of(p), subbudgets_of(p), r, cancel);
    auto out = outcome_json(p, split.combined);
    if (!p.pb_districts.empty()) {
        json::array parts;
        for (const auto& part : split.parts) {
            auto o = outcome_json(p, part.outcome);
            parts.push_back(json::object{
                {"district", part.name.empty() ? json::value(nullptr) : json::value(part.name)},
                {"budget", part.budget},
                {"voters", part.outcome.voters},
                {"outcome", std::move(o)}});
        }
        out["districts"] = std::move(parts);
    }
    if (combined != nullptr) {
        *combined = split.combined;
    }
    return out;
}

}  // namespace

std::string pb_rule_name(const domain::poll& p) {
    return pb::rule_name(poll_rule(p), unit_of(p));
}

json::object pb_results_json(const domain::poll& p, const domain::pb_ballot_profile& profile,
                             const std::atomic<bool>* cancel) {
    std::map<domain::id, std::size_t> index;
    const auto in = instance_of(p, profile, index);
    const auto rule = poll_rule(p);
    // The side by side a council compares: greedy by support (with the poll's minimum
    // support), and Equal Shares with add one and greedy after, in the poll's utility.
    pb::pb_rule greedy_rule;
    greedy_rule.kind = pb::pb_rule_kind::greedy;
    greedy_rule.completion = pb::pb_completion::none;
    greedy_rule.then_greedy = false;
    greedy_rule.min_support = p.pb_min_support;
    pb::pb_rule mes_rule;
    mes_rule.utility = rule.kind == pb::pb_rule_kind::equal_shares ? rule.utility : utility_of(p);
    pb::pb_outcome greedy, mes;
    auto greedy_json = counted(p, in, greedy_rule, cancel, &greedy);
    auto mes_json = counted(p, in, mes_rule, cancel, &mes);
    json::value decided = rule == greedy_rule ? json::value(greedy_json)
                          : rule == mes_rule  ? json::value(mes_json)
                                              : json::value(counted(p, in, rule, cancel, nullptr));

    json::array support;
    for (const auto& r : greedy.projects) {
        const auto& project = p.projects[r.project];
        support.push_back(json::object{{"project_id", project.project_id},
                                       {"title", project.title},
                                       {"cost", project.cost},
                                       {"support", r.support},
                                       {"supporters", r.supporters}});
    }
    return json::object{{"budget", p.budget},
                        {"currency", p.currency},
                        {"decimals", p.pb_decimals},
                        {"rule", pb::rule_name(rule, unit_of(p))},
                        {"counting", false},
                        {"support", std::move(support)},
                        {"outcome", std::move(decided)},
                        {"greedy", std::move(greedy_json)},
                        {"equal_shares", std::move(mes_json)},
                        {"comparison", comparison_json(p, greedy, mes)}};
}

json::object pb_pending_json(const domain::poll& p) {
    return json::object{{"budget", p.budget},
                        {"currency", p.currency},
                        {"decimals", p.pb_decimals},
                        {"rule", pb_rule_name(p)},
                        {"counting", true}};
}

}  // namespace traffpunkt::service
