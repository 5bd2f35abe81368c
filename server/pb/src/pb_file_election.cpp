#include "traffpunkt/pb/pb_file_election.hpp"

#include <algorithm>
#include <map>
#include <numeric>

namespace traffpunkt::pb {

using domain::invalid_value;

namespace {

bool all_digits(const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

/** Numerically when both are whole numbers (without leading zeros mattering), else by bytes. */
bool id_less(const std::string& a, const std::string& b) {
    if (all_digits(a) && all_digits(b)) {
        const auto strip = [](const std::string& s) {
            const auto first = s.find_first_not_of('0');
            return first == std::string::npos ? std::string_view("0")
                                              : std::string_view(s).substr(first);
        };
        const auto x = strip(a);
        const auto y = strip(b);
        if (x.size() != y.size()) {
            return x.size() < y.size();
        }
        if (x != y) {
            return x < y;
        }
    }
    return a < b;
}

std::optional<std::int64_t> whole_number(const std::string* text) {
    if (text == nullptr || !all_digits(*text) || text->size() > 15) {
        return std::nullopt;
    }
    return std::stoll(*text);
}

}  // namespace

std::variant<pb_file_election, rule_error> prepare_file(const pabulib_file& f) {
    pb_file_election e;
    const auto* vote_type = find_meta(f, "vote_type");
    e.vote_type = vote_type != nullptr ? *vote_type : "";
    if (const auto* rule = find_meta(f, "rule")) {
        e.file_rule = *rule;
    }
    e.min_support = whole_number(find_meta(f, "min_project_score_threshold")).value_or(0);
    if (f.projects.size() > pb_max_projects) {
        return invalid_value("projects", "at most 500 projects can be counted, the file has " +
                                             std::to_string(f.projects.size()));
    }
    if (f.votes.size() > static_cast<std::size_t>(pb_max_voters)) {
        return invalid_value("votes", "at most 1000000 ballots can be counted, the file has " +
                                          std::to_string(f.votes.size()));
    }
    const auto budget = pabulib_budget(f);
    if (!budget) {
        return invalid_value("meta.budget", "the budget is not an amount the rules can count");
    }
    auto& in = e.instance;
    in.budget = *budget;
    in.unit = f.decimals == 2 ? 100 : f.decimals == 1 ? 10 : 1;
    std::map<std::string, std::size_t, std::less<>> index;
    for (std::size_t j = 0; j < f.projects.size(); ++j) {
        const auto& p = f.projects[j];
        if (p.cost <= 0) {
            return invalid_value("projects", "project '" + p.project_id +
                                                 "' costs nothing; the rules count only projects "
                                                 "with a cost");
        }
        in.costs.push_back(p.cost);
        e.ids.push_back(p.project_id);
        e.names.push_back(p.name);
        e.selected.push_back(p.selected);
        e.has_selected = e.has_selected || p.selected.has_value();
        index.emplace(p.project_id, j);
    }
    // Tie-break ranks: the position of each id in the id order.
    std::vector<std::size_t> order(f.projects.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return id_less(e.ids[a], e.ids[b]); });
    in.project_ids.assign(f.projects.size(), 0);
    for (std::size_t r = 0; r < order.size(); ++r) {
        in.project_ids[order[r]] = static_cast<std::int64_t>(r) + 1;
    }
    const bool ordinal = e.vote_type == "ordinal";
    const bool points = e.vote_type == "cumulative" || e.vote_type == "scoring";
    const auto m = static_cast<std::int64_t>(f.projects.size());
    for (const auto& v : f.votes) {
        pb_instance::voter_group g;
        for (std::size_t k = 0; k < v.vote.size(); ++k) {
            const std::size_t j = index.at(v.vote[k]);
            std::int64_t score = 1;
            if (points) {
                score = v.points[k];
            } else if (ordinal) {
                score = m - 1 - static_cast<std::int64_t>(k);  // Borda
            }
            if (score > 0) {
                g.scores.emplace_back(j, score);
            }
        }
        in.voters.push_back(std::move(g));
    }
    // Borda scores of a long ranking exceed what a points ballot may give; greedy takes them.
    const std::int64_t max_points = ordinal ? m * m : pb_max_points_per_voter;
    if (auto error = validate(in, max_points)) {
        return *error;
    }
    return e;
}

std::optional<pb_rule> file_rule(const pb_file_election& e, const pabulib_file& f) {
    std::string error;
    const auto* unit = find_meta(f, "unit");
    if (e.file_rule == "greedy-custom" && unit != nullptr && *unit == "Poznań") {
        pb_rule r;
        r.kind = pb_rule_kind::poznan;
        r.completion = pb_completion::none;
        r.then_greedy = false;
        return r;
    }
    auto r = parse_rule_name(e.file_rule, e.instance.unit, error);
    if (!r) {
        return std::nullopt;
    }
    if (r->kind != pb_rule_kind::equal_shares && r->kind != pb_rule_kind::phragmen) {
        r->min_support = e.min_support;
    }
    if (e.vote_type == "ordinal" && r->kind == pb_rule_kind::greedy) {
        r->kind = pb_rule_kind::borda_greedy;
    }
    if (r->kind == pb_rule_kind::equal_shares &&
        (e.vote_type == "cumulative" || e.vote_type == "scoring")) {
        r->utility = pb_utility::points;
    }
    return r;
}

check rule_fits(const pb_file_election& e, const pb_rule& r) {
    if (e.vote_type == "ordinal" &&
        (r.kind == pb_rule_kind::equal_shares || r.kind == pb_rule_kind::phragmen)) {
        return invalid_value("rule",
                             "ordinal ballots are counted with borda-greedy (or greedy, "
                             "greedy-no-skip, poznan over Borda scores); " +
                                 rule_name(r, e.instance.unit) + " needs approvals or points");
    }
    return std::nullopt;
}

selected_comparison compare_selected(const pb_file_election& e, const pb_outcome& o) {
    std::vector<bool> funded(e.ids.size(), false);
    for (const auto& f : o.funded) {
        funded[f.project] = true;
    }
    // pabulib's selected 2 is a project funded outside the regular count (extra money), except
    // under Poznań's rule, where it marks the project funded by the 80 % rule.
    const bool two_is_funded = o.rule == "poznan";
    selected_comparison c;
    for (std::size_t j = 0; j < e.ids.size(); ++j) {
        const bool in_file = e.selected[j] == 1 || (two_is_funded && e.selected[j] == 2);
        if (in_file && !funded[j]) {
            c.only_in_file.push_back(e.ids[j]);
        } else if (!in_file && funded[j]) {
            c.only_by_rule.push_back(e.ids[j]);
        }
    }
    return c;
}

}  // namespace traffpunkt::pb
