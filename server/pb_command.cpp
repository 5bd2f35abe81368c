#include "pb_command.hpp"

#include <boost/json.hpp>

#include <fstream>
#include <iomanip>
#include <iostream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <variant>

#include "traffpunkt/pb/pabulib.hpp"
#include "traffpunkt/pb/pb_file_election.hpp"
#include "traffpunkt/pb/pb_money.hpp"
#include "traffpunkt/pb/pb_rules.hpp"

namespace traffpunkt {

namespace {

namespace json = boost::json;

/** Files larger than this are not real PB votes (the largest pabulib file is about 60 MB). */
constexpr std::uintmax_t max_file_bytes = 512ull * 1024 * 1024;

struct options {
    std::string file;
    std::optional<std::string> rule;
    std::optional<std::int64_t> min_support;
    std::optional<pb::pb_utility> utility;
    bool json = false;
    bool check_selected = false;
};

options parse_options(const std::vector<std::string>& words) {
    options o;
    for (std::size_t i = 2; i < words.size(); ++i) {
        const auto& w = words[i];
        const auto value = [&]() -> const std::string& {
            if (i + 1 >= words.size()) {
                throw std::invalid_argument("option '" + w + "' needs a value");
            }
            return words[++i];
        };
        if (w == "--rule") {
            o.rule = value();
        } else if (w == "--min-support") {
            const auto& v = value();
            std::size_t used = 0;
            long long n = -1;
            try {
                n = std::stoll(v, &used);
            } catch (const std::exception&) {
            }
            if (used != v.size() || n < 0) {
                throw std::invalid_argument("--min-support must be a whole number >= 0");
            }
            o.min_support = n;
        } else if (w == "--utility") {
            const auto& v = value();
            if (v == "cost") {
                o.utility = pb::pb_utility::cost;
            } else if (v == "approval") {
                o.utility = pb::pb_utility::approval;
            } else if (v == "points") {
                o.utility = pb::pb_utility::points;
            } else {
                throw std::invalid_argument("--utility must be cost, approval or points");
            }
        } else if (w == "--json") {
            o.json = true;
        } else if (w == "--check-selected") {
            o.check_selected = true;
        } else if (w.starts_with("-")) {
            throw std::invalid_argument("unknown option '" + w + "'");
        } else if (o.file.empty()) {
            o.file = w;
        } else {
            throw std::invalid_argument("one file at a time ('" + w + "' is a second one)");
        }
    }
    if (o.file.empty()) {
        throw std::invalid_argument("pb count needs a .pb file");
    }
    return o;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot open " + path);
    }
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::uintmax_t>(in.tellg());
    if (size > max_file_bytes) {
        throw std::runtime_error(path + " is larger than 512 MiB");
    }
    in.seekg(0);
    std::string text(static_cast<std::size_t>(size), '\0');
    in.read(text.data(), static_cast<std::streamsize>(size));
    return text;
}

std::string percent(std::int64_t part, std::int64_t whole) {
    if (whole <= 0) {
        return "-";
    }
    std::ostringstream s;
    s << std::fixed << std::setprecision(1)
      << 100.0 * static_cast<double>(part) / static_cast<double>(whole) << " %";
    return s.str();
}

std::string reason_text(pb::pb_reason r) {
    switch (r) {
        case pb::pb_reason::funded:
            return "funded";
        case pb::pb_reason::no_support:
            return "nobody voted for it";
        case pb::pb_reason::below_threshold:
            return "below the minimum support";
        case pb::pb_reason::did_not_fit:
            return "did not fit the money left";
        case pb::pb_reason::supporters_could_not_pay:
            return "its supporters could not pay their share";
        case pb::pb_reason::not_reached:
            return "the count stopped before it";
    }
    return "";
}

void print_text(std::ostream& out, const pb::pabulib_file& file, const pb::pb_file_election& e,
                const pb::pb_outcome& o, const std::string& rule, bool rule_from_file,
                const pb::selected_comparison& cmp) {
    const auto meta = [&](const char* key) {
        const auto* v = pb::find_meta(file, key);
        return v != nullptr ? *v : std::string();
    };
    const auto unit = e.instance.unit;
    const auto currency = meta("currency");
    const auto money = [&](std::int64_t v) {
        return pb::money_text(v, unit) + (currency.empty() ? "" : " " + currency);
    };
    out << meta("description") << "\n";
    out << "Rule: " << rule << (rule_from_file ? " (the file's rule)" : "")
        << (e.file_rule.empty() || rule_from_file ? "" : "; the file's rule: " + e.file_rule)
        << "\n";
    out << "Budget " << money(e.instance.budget) << ", " << e.instance.costs.size() << " projects, "
        << o.voters << " voters (" << e.vote_type << " ballots)\n\n";
    out << "Funded: " << o.funded.size() << " projects for " << money(o.total_cost) << " of "
        << money(e.instance.budget);
    if (o.budget_left >= 0) {
        out << " (" << money(o.budget_left) << " left)\n";
    } else {
        out << " (" << money(-o.budget_left) << " over the budget, by the 80 % rule)\n";
    }
    out << "Voters with at least one funded project: " << o.satisfied_voters << " of " << o.voters
        << " (" << percent(o.satisfied_voters, o.voters) << ")\n";
    if (!o.per_voter_share.empty()) {
        // The exact share is a fraction of smallest units; people read it in currency units.
        const auto slash = o.per_voter_share.find('/');
        long double share = std::stold(o.per_voter_share.substr(0, slash));
        if (slash != std::string::npos) {
            share /= std::stold(o.per_voter_share.substr(slash + 1));
        }
        std::ostringstream approx;
        approx << std::fixed << std::setprecision(2) << share / static_cast<long double>(unit);
        out << "Equal Shares: each voter's share " << approx.str()
            << (currency.empty() ? "" : " " + currency) << " (exactly " << o.per_voter_share
            << (unit == 100  ? " hundredths"
                : unit == 10 ? " tenths"
                             : "")
            << "), after " << o.completion_rounds << " raises\n";
    }
    out << "\nFunded, in the order the rule chose them:\n";
    for (const auto& f : o.funded) {
        out << "  " << e.ids[f.project] << "  " << e.names[f.project] << "  " << money(f.cost)
            << "  support " << f.support << " from " << f.supporters << " voters";
        if (!f.rho.empty()) {
            out << "  rho " << f.rho << ", paid " << f.min_payment << " to " << f.max_payment;
        }
        if (!f.load.empty()) {
            out << "  load " << f.load;
        }
        if (f.stage == "completion_greedy" || f.stage == "poznan_top_up") {
            out << "  (" << f.stage << ")";
        }
        out << "\n";
    }
    out << "\nNot funded:\n";
    for (const auto& p : o.projects) {
        if (p.reason != pb::pb_reason::funded) {
            out << "  " << e.ids[p.project] << "  " << e.names[p.project] << "  "
                << money(e.instance.costs[p.project]) << "  support " << p.support << ": "
                << reason_text(p.reason) << "\n";
        }
    }
    out << "\nTie rule: " << o.tie_rule << "\n";
    if (e.has_selected) {
        if (cmp.same()) {
            out << "The file's selected column funds the same projects.\n";
        } else {
            const auto list = [](const std::vector<std::string>& ids) {
                std::string text;
                for (const auto& id : ids) {
                    text += " " + id;
                }
                return ids.empty() ? std::string(" none") : text;
            };
            out << "The file's selected column differs: selected only in the file:"
                << list(cmp.only_in_file) << "; funded only by the rule:" << list(cmp.only_by_rule)
                << "\n";
        }
    }
    if (!file.notices.empty()) {
        out << "\nRead as pabutools reads it:\n";
        for (const auto& n : file.notices) {
            out << "  line " << n.line << ": " << n.message << "\n";
        }
    }
}

json::object json_of(const pb::pabulib_file& file, const pb::pb_file_election& e,
                     const pb::pb_outcome& o, const pb::selected_comparison& cmp) {
    json::array funded;
    for (const auto& f : o.funded) {
        json::object row{
            {"project_id", e.ids[f.project]}, {"name", e.names[f.project]}, {"cost", f.cost},
            {"support", f.support},           {"supporters", f.supporters}, {"stage", f.stage}};
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
    for (const auto& p : o.projects) {
        projects.push_back(json::object{{"project_id", e.ids[p.project]},
                                        {"cost", e.instance.costs[p.project]},
                                        {"support", p.support},
                                        {"supporters", p.supporters},
                                        {"funded", p.reason == pb::pb_reason::funded},
                                        {"reason", pb::to_string(p.reason)}});
    }
    json::array notices;
    for (const auto& n : file.notices) {
        notices.push_back(json::object{{"line", n.line}, {"message", n.message}});
    }
    json::object out{{"rule", o.pabulib_rule},
                     {"budget", e.instance.budget},
                     {"decimals", file.decimals},
                     {"funded", std::move(funded)},
                     {"projects", std::move(projects)},
                     {"total_cost", o.total_cost},
                     {"budget_left", o.budget_left},
                     {"voters", o.voters},
                     {"satisfied_voters", o.satisfied_voters},
                     {"tie_keys", json::value_from(o.tie_keys)},
                     {"notices", std::move(notices)}};
    if (!o.per_voter_share.empty()) {
        out["per_voter_share"] = o.per_voter_share;
        out["completion_rounds"] = o.completion_rounds;
    }
    if (e.has_selected) {
        out["selected"] = json::object{{"same", cmp.same()},
                                       {"only_in_file", json::value_from(cmp.only_in_file)},
                                       {"only_by_rule", json::value_from(cmp.only_by_rule)}};
    }
    return out;
}

}  // namespace

std::string pb_command_usage() {
    return "  traffpunkt pb count FILE.pb [--rule NAME] [--min-support N]\n"
           "             [--utility cost|approval|points] [--json] [--check-selected]\n"
           "      Count a pabulib .pb file (a past vote) and show who gets money and why.\n";
}

int run_pb_command(const std::vector<std::string>& words, std::ostream& out, std::ostream& err) {
    const std::string usage =
        "usage:\n" + pb_command_usage() +
        "rules: greedy, greedy-threshold, greedy-no-skip, poznan, sequential-phragmen,\n"
        "  borda-greedy, equalshares[/add1|/add<k>|/exhaustion|/increase<k>][+greedy]\n";
    if (words.size() < 2 || words[0] != "pb" || words[1] != "count") {
        err << usage;
        return 2;
    }
    options o;
    try {
        o = parse_options(words);
    } catch (const std::invalid_argument& e) {
        err << "error: " << e.what() << "\n" << usage;
        return 2;
    }
    try {
        const auto text = read_file(o.file);
        auto parsed = pb::parse_pabulib(text);
        if (const auto* e = std::get_if<pb::pabulib_parse_error>(&parsed)) {
            err << o.file << ":" << e->line << ": " << e->message << "\n";
            return 1;
        }
        const auto& file = std::get<pb::pabulib_file>(parsed);
        auto prepared = pb::prepare_file(file);
        if (const auto* e = std::get_if<pb::rule_error>(&prepared)) {
            err << o.file << ": " << e->message << "\n";
            return 1;
        }
        const auto& election = std::get<pb::pb_file_election>(prepared);
        std::optional<pb::pb_rule> rule;
        bool from_file = false;
        if (o.rule) {
            std::string error;
            rule = pb::parse_rule_name(*o.rule, election.instance.unit, error);
            if (!rule) {
                err << "error: " << error << "\n";
                return 2;
            }
            if (election.vote_type == "ordinal" && rule->kind == pb::pb_rule_kind::greedy) {
                rule->kind = pb::pb_rule_kind::borda_greedy;
            }
        } else {
            rule = pb::file_rule(election, file);
            from_file = rule.has_value();
            if (!rule) {
                rule.emplace();  // the default: equalshares/add1+greedy
                if (election.vote_type == "ordinal") {
                    rule->kind = pb::pb_rule_kind::borda_greedy;
                }
            }
        }
        if (o.min_support) {
            rule->min_support = *o.min_support;
        }
        if (o.utility) {
            rule->utility = *o.utility;
        } else if (rule->kind == pb::pb_rule_kind::equal_shares &&
                   (election.vote_type == "cumulative" || election.vote_type == "scoring")) {
            rule->utility = pb::pb_utility::points;
        }
        if (auto refused = pb::rule_fits(election, *rule)) {
            err << "error: " << refused->message << "\n";
            return 1;
        }
        const auto outcome = pb::count(election.instance, *rule);
        const auto cmp = pb::compare_selected(election, outcome);
        if (o.json) {
            out << json::serialize(json_of(file, election, outcome, cmp)) << "\n";
        } else {
            print_text(out, file, election, outcome, outcome.pabulib_rule, from_file, cmp);
        }
        return o.check_selected && election.has_selected && !cmp.same() ? 1 : 0;
    } catch (const std::exception& e) {
        err << "error: " << e.what() << "\n";
        return 1;
    }
}

}  // namespace traffpunkt
