#include "pb_results.hpp"

#include <map>
#include <set>

#include <boost/json/value_from.hpp>

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

/** The rule that decides the poll: Equal Shares, "add one", then greedy, in its utility. */
pb::pb_rule poll_rule(const domain::poll& p) {
    pb::pb_rule r;
    r.utility = utility_of(p);
    return r;
}

/** The poll's ballots as the rules read them: every ballot, an empty one too, is a voter. */
pb::pb_instance instance_of(const domain::poll& p, const domain::pb_ballot_profile& profile,
                            std::map<domain::id, std::size_t>& index) {
    pb::pb_instance in;
    in.budget = p.budget;
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
        out["per_voter_share"] = o.per_voter_share;
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

}  // namespace

json::object pb_results_json(const domain::poll& p, const domain::pb_ballot_profile& profile,
                             const std::atomic<bool>* cancel) {
    std::map<domain::id, std::size_t> index;
    const auto in = instance_of(p, profile, index);
    const auto rule = poll_rule(p);
    pb::pb_rule greedy_rule;
    greedy_rule.kind = pb::pb_rule_kind::greedy;
    greedy_rule.completion = pb::pb_completion::none;
    greedy_rule.then_greedy = false;
    const auto greedy = pb::count(in, greedy_rule, cancel);
    pb::pb_rule mes_rule;
    mes_rule.utility = rule.utility;
    const auto mes = pb::count(in, mes_rule, cancel);
    const auto decided = rule == mes_rule      ? mes
                         : rule == greedy_rule ? greedy
                                               : pb::count(in, rule, cancel);

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
                        {"rule", decided.pabulib_rule},
                        {"counting", false},
                        {"support", std::move(support)},
                        {"outcome", outcome_json(p, decided)},
                        {"greedy", outcome_json(p, greedy)},
                        {"equal_shares", outcome_json(p, mes)},
                        {"comparison", comparison_json(p, greedy, mes)}};
}

json::object pb_pending_json(const domain::poll& p) {
    return json::object{{"budget", p.budget},
                        {"currency", p.currency},
                        {"rule", pb::rule_name(poll_rule(p))},
                        {"counting", true}};
}

}  // namespace traffpunkt::service
