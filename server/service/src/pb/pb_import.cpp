#include "pb/pb_import.hpp"

#include <algorithm>
#include <map>

#include "traffpunkt/domain/text.hpp"
#include "traffpunkt/pb/pabulib.hpp"
#include "traffpunkt/pb/pb_file_election.hpp"
#include "traffpunkt/pb/pb_money.hpp"
#include "traffpunkt/pb/pb_rules.hpp"

namespace traffpunkt::service {

namespace {

std::string meta_or(const pb::pabulib_file& f, std::string_view key, std::string fallback) {
    const auto* v = pb::find_meta(f, key);
    return v != nullptr && !v->empty() ? *v : std::move(fallback);
}

std::optional<std::int64_t> whole(const std::string* text) {
    if (text == nullptr || text->empty() || text->size() > 15 ||
        !std::all_of(text->begin(), text->end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    return std::stoll(*text);
}

/** Labels of a `category` / `categories` cell, as pabutools splits them. */
std::vector<std::string> categories_of(const pb::pabulib_project& p) {
    std::vector<std::string> out;
    for (const char* key : {"category", "categories"}) {
        const auto it = p.extra.find(key);
        if (it == p.extra.end()) {
            continue;
        }
        std::size_t start = 0;
        const auto& cell = it->second;
        while (start <= cell.size()) {
            const auto comma = std::min(cell.find(',', start), cell.size());
            auto label = domain::trim(std::string_view(cell).substr(start, comma - start));
            if (!label.empty() && std::find(out.begin(), out.end(), label) == out.end()) {
                out.push_back(std::move(label));
            }
            start = comma + 1;
        }
    }
    return out;
}

std::optional<std::string> extra_of(const pb::pabulib_project& p, const char* key) {
    const auto it = p.extra.find(key);
    if (it == p.extra.end() || it->second.empty()) {
        return std::nullopt;
    }
    // pabulib's checker accepts decimal commas in coordinates; the poll keeps a point.
    std::string value = it->second;
    std::replace(value.begin(), value.end(), ',', '.');
    return value;
}

}  // namespace

std::variant<pb_import, pb_import_error> import_pabulib(std::string_view text,
                                                        const pb_import_options& options) {
    auto parsed = pb::parse_pabulib(text);
    if (const auto* e = std::get_if<pb::pabulib_parse_error>(&parsed)) {
        return pb_import_error{e->line, e->message};
    }
    const auto& f = std::get<pb::pabulib_file>(parsed);
    auto prepared = pb::prepare_file(f);
    if (const auto* e = std::get_if<domain::rule_error>(&prepared)) {
        return pb_import_error{0, e->message};
    }
    const auto& election = std::get<pb::pb_file_election>(prepared);
    const auto& vote_type = election.vote_type;
    const bool points = vote_type == "cumulative" || vote_type == "scoring";

    pb_import out;
    auto& p = out.poll;
    p.kind = domain::poll_kind::pb;
    p.question = meta_or(f, "description", "pabulib instance");
    p.budget = election.instance.budget;
    p.pb_decimals = f.decimals;
    p.currency = meta_or(f, "currency", "SEK");
    if (p.currency.size() != 3 || !std::all_of(p.currency.begin(), p.currency.end(),
                                               [](char c) { return c >= 'A' && c <= 'Z'; })) {
        p.currency = "SEK";
    }
    // File project index -> poll project id (0: left out, a withdrawn project).
    std::vector<domain::id> id_of(f.projects.size(), 0);
    for (std::size_t j = 0; j < f.projects.size(); ++j) {
        const auto& fp = f.projects[j];
        const std::size_t line = j < f.project_lines.size() ? f.project_lines[j] : 0;
        if (fp.cost == pb::pb_withdrawn_cost * election.instance.unit) {
            out.notices.push_back({line, "project '" + fp.project_id +
                                             "' was withdrawn (cost 999999999, as pabulib marks "
                                             "it): it is not a project of the poll, and votes "
                                             "for it are left out"});
            continue;
        }
        if (fp.cost > p.budget) {
            const auto unit = election.instance.unit;
            return pb_import_error{line, "project '" + fp.project_id + "' costs " +
                                             pb::money_text(fp.cost, unit) + " " + p.currency +
                                             ", more than the budget of " +
                                             pb::money_text(p.budget, unit) + " " + p.currency +
                                             "; a poll's projects fit its budget"};
        }
        domain::pb_project project;
        project.project_id = static_cast<domain::id>(p.projects.size() + 1);
        id_of[j] = project.project_id;
        project.title = fp.name.empty() ? fp.project_id : fp.name;
        if (domain::utf8_length(project.title) > domain::limits::project_title_max) {
            return pb_import_error{
                line, "the name of project '" + fp.project_id + "' is longer than 200 characters"};
        }
        project.description = "pabulib project " + fp.project_id;
        project.cost = fp.cost;
        project.categories = categories_of(fp);
        project.latitude = extra_of(fp, "latitude");
        project.longitude = extra_of(fp, "longitude");
        if (project.latitude.has_value() != project.longitude.has_value()) {
            project.latitude.reset();
            project.longitude.reset();
        }
        p.projects.push_back(std::move(project));
    }

    // How new votes would be cast, and how the file's ballots are read.
    if (points) {
        p.pb_ballot = domain::pb_ballot_kind::points;
        std::int64_t most = whole(pb::find_meta(f, "max_sum_points")).value_or(0);
        for (const auto& v : election.instance.voters) {
            std::int64_t sum = 0;
            for (const auto& [j, score] : v.scores) {
                sum += score;
            }
            most = std::max(most, sum);
        }
        p.points_total = static_cast<int>(std::clamp<std::int64_t>(most, 1, 1000));
    } else {
        p.pb_ballot = domain::pb_ballot_kind::approval;
        // The file's limit, but never below its longest ballot (files have a few over it).
        std::int64_t longest = 0;
        for (const auto& v : election.instance.voters) {
            longest = std::max<std::int64_t>(longest, static_cast<std::int64_t>(v.scores.size()));
        }
        const auto max_length = vote_type == "choose-1" ? std::optional<std::int64_t>(1)
                                                        : whole(pb::find_meta(f, "max_length"));
        if (max_length && *max_length < static_cast<std::int64_t>(p.projects.size())) {
            p.max_choices = static_cast<int>(std::max(*max_length, longest));
        }
    }
    if (options.ballot) {
        const auto kind = domain::parse_pb_ballot_kind(*options.ballot);
        if (kind && *kind != p.pb_ballot && !options.ballots) {
            p.pb_ballot = *kind;
            p.max_choices = 0;
            p.points_total = *kind == domain::pb_ballot_kind::points ? 10 : 0;
        } else if (kind && *kind != p.pb_ballot) {
            return pb_import_error{0,
                                   "the file's ballots are " + vote_type +
                                       " ballots; they cannot be imported as " + *options.ballot +
                                       " ballots",
                                   "pb.ballot"};
        }
    }
    if (options.utility) {
        p.pb_utility = *options.utility == "approval" ? domain::pb_utility_kind::approval
                                                      : domain::pb_utility_kind::cost;
    }

    // The rule: the caller's, the file's (when we count it), or ours.
    std::optional<pb::pb_rule> rule;
    if (options.rule) {
        std::string error;
        rule = pb::parse_rule_name(*options.rule, election.instance.unit, error);
        if (!rule) {
            return pb_import_error{0, error, "pb.rule"};
        }
    } else {
        rule = pb::file_rule(election, f);
    }
    if (rule) {
        pb::pb_rule default_rule;
        p.pb_rule = *rule == default_rule ? "" : pb::rule_name(*rule, election.instance.unit);
        if (rule->kind != pb::pb_rule_kind::equal_shares &&
            rule->kind != pb::pb_rule_kind::phragmen) {
            p.pb_min_support = rule->min_support;
        }
        if (rule->kind == pb::pb_rule_kind::borda_greedy) {
            p.pb_rule = "greedy";  // a poll's ballots are approvals: greedy by votes
        }
    }
    if (options.min_support) {
        p.pb_min_support = *options.min_support;
    }

    // The reader's notices first, in line order with ours.
    std::vector<pb_import::notice> notices;
    for (const auto& n : f.notices) {
        notices.push_back({n.line, n.message});
    }
    notices.insert(notices.end(), out.notices.begin(), out.notices.end());
    std::stable_sort(notices.begin(), notices.end(),
                     [](const auto& a, const auto& b) { return a.line < b.line; });
    out.notices = std::move(notices);
    out.file_ballots = f.votes.size();
    if (!options.ballots) {
        return out;
    }
    if (vote_type == "ordinal") {
        return pb_import_error{0,
                               "ordinal ballots cannot be imported as a poll's ballots (polls "
                               "take approval and points ballots); import the projects only, or "
                               "count the file with 'traffpunkt pb count'",
                               "pb.ballots"};
    }
    for (std::size_t i = 0; i < election.instance.voters.size(); ++i) {
        const auto& v = election.instance.voters[i];
        domain::ballot b;
        for (const auto& [j, score] : v.scores) {
            const auto id = id_of[j];
            if (id == 0) {
                continue;  // withdrawn
            }
            if (points) {
                b.points.emplace_back(id, score);
            } else {
                b.choices.push_back(id);
            }
        }
        b = domain::normalised(p, b);
        if (auto e = domain::validate_ballot(p, b)) {
            const std::size_t line = i < f.vote_lines.size() ? f.vote_lines[i] : 0;
            return pb_import_error{line, "the ballot of voter '" + f.votes[i].voter_id +
                                             "' does not fit the poll: " + e->message};
        }
        out.ballots.push_back(std::move(b));
    }
    return out;
}

}  // namespace traffpunkt::service
