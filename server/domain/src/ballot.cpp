#include "traffpunkt/domain/ballot.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>
#include <string>

#include "group_digits.hpp"
#include "traffpunkt/domain/text.hpp"

namespace traffpunkt::domain {

namespace {

using detail::group_digits;

constexpr std::int64_t int64_max = std::numeric_limits<std::int64_t>::max();

/** a + b, or the largest int64 when that overflows (only a broken poll gets there). */
std::int64_t saturating_add(std::int64_t a, std::int64_t b) {
    return b > int64_max - a ? int64_max : a + b;
}

std::string plural(std::int64_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

/** The text answer as it is stored: CRLF made LF, white space around it trimmed. */
std::string canonical_text(std::string_view text) {
    return trim(normalise_newlines(text));
}

/**
 * Checks that every id in `ids` is one of `known` and none is repeated. `noun` is "option" or
 * "project", `repeated` says what happened twice ("chosen twice", "ranked twice").
 */
check check_ids(const std::string& field, const std::vector<id>& ids, const std::set<id>& known,
                std::string_view noun, std::string_view repeated) {
    std::set<id> seen;
    for (const auto i : ids) {
        if (!known.contains(i)) {
            return invalid_value(field, std::string(noun) + " " + std::to_string(i) + " is not " +
                                            (noun == "option" ? "an " : "a ") + std::string(noun) +
                                            " of this poll");
        }
        if (!seen.insert(i).second) {
            return invalid_value(field, std::string(noun) + " " + std::to_string(i) + " is " +
                                            std::string(repeated));
        }
    }
    return std::nullopt;
}

std::set<id> option_ids(const poll& p) {
    std::set<id> ids;
    for (const auto& o : p.options) {
        ids.insert(o.option_id);
    }
    return ids;
}

std::set<id> project_ids(const poll& p) {
    std::set<id> ids;
    for (const auto& pr : p.projects) {
        ids.insert(pr.project_id);
    }
    return ids;
}

/** Refuses the parts of a ballot that its poll does not take (a client sent the wrong form). */
check check_only_form(const poll& p, const ballot& b) {
    const auto form = ballot_form(p);
    const bool uses_choices =
        form == "option" || form == "options" || form == "ranking" || form == "projects";
    if ((!uses_choices && !b.choices.empty()) || (form != "value" && b.value != 0) ||
        (form != "text" && !b.text.empty()) || (form != "points" && !b.points.empty())) {
        return invalid_value("ballot",
                             "a ballot of this poll has only ballot." + std::string(form));
    }
    return std::nullopt;
}

check check_choice_count(const std::string& field, std::size_t count, int max_choices,
                         std::string_view noun) {
    if (max_choices > 0 && count > static_cast<std::size_t>(max_choices)) {
        return invalid_value(
            field,
            "at most " + plural(max_choices, noun, std::string(noun) + "s") + " may be chosen");
    }
    return std::nullopt;
}

check check_single(const poll& p, const ballot& b) {
    if (b.choices.size() != 1) {
        return invalid_value("ballot.option", "choose exactly one option");
    }
    return check_ids("ballot.option", b.choices, option_ids(p), "option", "chosen twice");
}

check check_multiple(const poll& p, const ballot& b) {
    const std::string field = "ballot.options";
    // Multiple choice asks for "up to k"; approval may approve nothing ("none of these").
    if (p.kind == poll_kind::multiple && b.choices.empty()) {
        return invalid_value(field, "choose at least one option");
    }
    if (auto error = check_ids(field, b.choices, option_ids(p), "option", "chosen twice")) {
        return error;
    }
    return check_choice_count(field, b.choices.size(), p.max_choices, "option");
}

check check_ranking(const poll& p, const ballot& b) {
    if (b.choices.empty()) {
        return invalid_value("ballot.ranking", "rank at least one option");
    }
    return check_ids("ballot.ranking", b.choices, option_ids(p), "option", "ranked twice");
}

check check_scale(const poll& p, const ballot& b) {
    if (b.value < 1 || b.value > p.scale_max) {
        return invalid_value("ballot.value",
                             "value must be between 1 and " + std::to_string(p.scale_max));
    }
    return std::nullopt;
}

check check_text_answer(const poll& p, const ballot& b) {
    const std::string field = "ballot.text";
    // First, so the word cloud may rely on well-formed UTF-8.
    if (!is_valid_utf8(b.text)) {
        return invalid_value(field, "ballot.text must be valid UTF-8");
    }
    const auto text = canonical_text(b.text);
    if (text.empty()) {
        return invalid_value(field, "ballot.text must not be empty");
    }
    return check_text(field, text, static_cast<std::size_t>(std::max(p.text_max_length, 0)));
}

check check_projects(const poll& p, const ballot& b) {
    const std::string field = "ballot.projects";
    if (auto error = check_ids(field, b.choices, project_ids(p), "project", "chosen twice")) {
        return error;
    }
    if (p.pb_ballot == pb_ballot_kind::approval) {
        return check_choice_count(field, b.choices.size(), p.max_choices, "project");
    }
    // A knapsack ballot keeps every budget: the poll's for its city-wide projects, and each
    // district's for the projects of that district.
    std::map<id, const pb_project*> projects;
    for (const auto& pr : p.projects) {
        projects.emplace(pr.project_id, &pr);
    }
    std::map<std::string, std::int64_t> totals;
    for (const auto i : b.choices) {
        const auto* pr = projects.at(i);
        totals[pr->district] = saturating_add(totals[pr->district], pr->cost);
    }
    for (const auto& [district, total] : totals) {
        std::int64_t budget = p.budget;
        for (const auto& d : p.pb_districts) {
            if (d.name == district) {
                budget = d.budget;
            }
        }
        if (total > budget) {
            const std::string where = district.empty() ? "" : " of " + district;
            return invalid_value(field, "the chosen projects" + where + " cost " +
                                            detail::amount_text(total, p.pb_decimals) + " " +
                                            p.currency + ", more than the budget of " +
                                            detail::amount_text(budget, p.pb_decimals) + " " +
                                            p.currency);
        }
    }
    return std::nullopt;
}

check check_points(const poll& p, const ballot& b) {
    const auto known = project_ids(p);
    std::set<id> seen;
    std::int64_t total = 0;
    for (std::size_t i = 0; i < b.points.size(); ++i) {
        const auto [project, points] = b.points[i];
        const auto field = "ballot.points[" + std::to_string(i) + "]";
        if (!known.contains(project)) {
            return invalid_value(field + ".project_id", "project " + std::to_string(project) +
                                                            " is not a project of this poll");
        }
        if (!seen.insert(project).second) {
            return invalid_value(field + ".project_id",
                                 "project " + std::to_string(project) + " is given points twice");
        }
        if (points < 1) {
            return invalid_value(field + ".points", "points must be at least 1");
        }
        total = saturating_add(total, points);
    }
    if (total < 1) {
        return invalid_value("ballot.points", "give at least 1 point to a project");
    }
    if (total > p.points_total) {
        return invalid_value("ballot.points", "the points add up to " + group_digits(total) +
                                                  ", more than the " +
                                                  group_digits(p.points_total) + " to distribute");
    }
    return std::nullopt;
}

}  // namespace

std::string_view ballot_form(const poll& p) {
    switch (p.kind) {
        case poll_kind::single:
            return "option";
        case poll_kind::multiple:
        case poll_kind::approval:
            return "options";
        case poll_kind::scale:
            return "value";
        case poll_kind::ranking:
            return "ranking";
        case poll_kind::text:
            return "text";
        case poll_kind::pb:
            return p.pb_ballot == pb_ballot_kind::points ? "points" : "projects";
    }
    return "option";
}

check validate_ballot(const poll& p, const ballot& b) {
    if (auto error = check_only_form(p, b)) {
        return error;
    }
    switch (p.kind) {
        case poll_kind::single:
            return check_single(p, b);
        case poll_kind::multiple:
        case poll_kind::approval:
            return check_multiple(p, b);
        case poll_kind::scale:
            return check_scale(p, b);
        case poll_kind::ranking:
            return check_ranking(p, b);
        case poll_kind::text:
            return check_text_answer(p, b);
        case poll_kind::pb:
            return p.pb_ballot == pb_ballot_kind::points ? check_points(p, b)
                                                         : check_projects(p, b);
    }
    return invalid_value("ballot", "this poll takes no ballots");
}

ballot normalised(const poll& p, ballot b) {
    switch (p.kind) {
        case poll_kind::multiple:
        case poll_kind::approval:
        case poll_kind::pb:
            std::sort(b.choices.begin(), b.choices.end());
            std::sort(b.points.begin(), b.points.end());
            break;
        case poll_kind::text:
            b.text = canonical_text(b.text);
            break;
        default:
            break;
    }
    return b;
}

}  // namespace traffpunkt::domain
