#include "traffpunkt/domain/poll.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "enum_names.hpp"
#include "field_path.hpp"
#include "group_digits.hpp"
#include "traffpunkt/domain/text.hpp"

namespace traffpunkt::domain {

namespace {

using detail::amount_text;
using detail::group_digits;
using detail::name_of;
using detail::value_of;

constexpr detail::name_table<poll_kind, 7> poll_kind_names{{
    {poll_kind::single, "single"},
    {poll_kind::multiple, "multiple"},
    {poll_kind::scale, "scale"},
    {poll_kind::ranking, "ranking"},
    {poll_kind::approval, "approval"},
    {poll_kind::text, "text"},
    {poll_kind::pb, "pb"},
}};

constexpr detail::name_table<poll_status, 3> poll_status_names{{
    {poll_status::draft, "draft"},
    {poll_status::open, "open"},
    {poll_status::closed, "closed"},
}};

constexpr detail::name_table<poll_audience, 2> poll_audience_names{{
    {poll_audience::registered, "registered"},
    {poll_audience::link, "link"},
}};

constexpr detail::name_table<results_visibility, 3> poll_visibility_names{{
    {results_visibility::live, "live"},
    {results_visibility::after_close, "after_close"},
    {results_visibility::facilitators, "facilitators"},
}};

constexpr detail::name_table<pb_ballot_kind, 3> pb_ballot_names{{
    {pb_ballot_kind::approval, "approval"},
    {pb_ballot_kind::knapsack, "knapsack"},
    {pb_ballot_kind::points, "points"},
}};

constexpr detail::name_table<pb_utility_kind, 2> pb_utility_names{{
    {pb_utility_kind::cost, "cost"},
    {pb_utility_kind::approval, "approval"},
}};

bool has_options(poll_kind k) {
    return k == poll_kind::single || k == poll_kind::multiple || k == poll_kind::ranking ||
           k == poll_kind::approval;
}

using detail::indexed;

/** A one-line text that is required: checked as a line, and not only spaces. */
check check_required_line(const std::string& field, std::string_view text, std::size_t max) {
    if (auto error = check_line(field, text, 1, max)) {
        return error;
    }
    if (trim(text).empty()) {
        return invalid_value(field, field + " must not be blank");
    }
    return std::nullopt;
}

check check_options(const poll& p) {
    if (!has_options(p.kind)) {
        if (!p.options.empty()) {
            return invalid_value("options",
                                 "options are only for kinds single, multiple, ranking and "
                                 "approval");
        }
        return std::nullopt;
    }
    if (p.options.size() < limits::options_min || p.options.size() > limits::options_max) {
        return invalid_value("options", "options must have " + std::to_string(limits::options_min) +
                                            " to " + std::to_string(limits::options_max) +
                                            " entries");
    }
    std::set<id> ids;
    std::map<std::string_view, std::size_t> labels;
    for (std::size_t i = 0; i < p.options.size(); ++i) {
        const auto& o = p.options[i];
        const auto field = indexed("options", i);
        if (auto error = check_required_line(field, o.label, limits::option_label_max)) {
            return error;
        }
        // Ids come from the service, not the client; a bad one is a bug worth refusing loudly.
        if (o.option_id <= 0) {
            return invalid_value(field, field + " needs a positive option id");
        }
        if (!ids.insert(o.option_id).second) {
            return invalid_value(field, field + " has the same option id as another option");
        }
        // Two answers that read the same cannot be told apart by voters.
        const auto [it, inserted] = labels.emplace(o.label, i);
        if (!inserted) {
            return invalid_value(field, field + " repeats " + indexed("options", it->second));
        }
    }
    return std::nullopt;
}

check check_max_choices(const poll& p) {
    const auto n = static_cast<int>(p.options.size());
    switch (p.kind) {
        case poll_kind::multiple:
            if (p.max_choices < 1 || p.max_choices > n) {
                return invalid_value("max_choices",
                                     "max_choices must be between 1 and the "
                                     "number of options (" +
                                         std::to_string(n) + ")");
            }
            return std::nullopt;
        case poll_kind::approval:
            if (p.max_choices < 0 || p.max_choices > n) {
                return invalid_value("max_choices",
                                     "max_choices must be between 1 and the number of options (" +
                                         std::to_string(n) + "), or left out for no limit");
            }
            return std::nullopt;
        case poll_kind::pb:
            // Checked with the other PB fields: it lives under "pb" on the wire.
            return std::nullopt;
        default:
            if (p.max_choices != 0) {
                return invalid_value("max_choices",
                                     "max_choices is only for kinds multiple and approval");
            }
            return std::nullopt;
    }
}

check check_scale(const poll& p) {
    // The labels are stored and shown whatever the kind, so their text is always checked.
    if (auto error = check_line("scale.min_label", p.scale_min_label, 0, limits::scale_label_max)) {
        return error;
    }
    if (auto error = check_line("scale.max_label", p.scale_max_label, 0, limits::scale_label_max)) {
        return error;
    }
    if (p.kind == poll_kind::scale &&
        (p.scale_max < limits::scale_max_min || p.scale_max > limits::scale_max_max)) {
        return invalid_value("scale.max", "scale.max must be between " +
                                              std::to_string(limits::scale_max_min) + " and " +
                                              std::to_string(limits::scale_max_max));
    }
    return std::nullopt;
}

check check_text_length(const poll& p) {
    if (p.kind == poll_kind::text &&
        (p.text_max_length < 1 || p.text_max_length > limits::text_answer_max)) {
        return invalid_value("text_max_length", "text_max_length must be between 1 and " +
                                                    std::to_string(limits::text_answer_max));
    }
    return std::nullopt;
}

/** Decimal degrees within +-limit: "59.3293", "-18", "0.5"; digits, at most one '.'. */
bool is_degrees(std::string_view s, int limit) {
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        s.remove_prefix(1);
    }
    const auto dot = s.find('.');
    const auto whole = s.substr(0, dot);
    const auto fraction = dot == std::string_view::npos ? std::string_view{} : s.substr(dot + 1);
    const auto digits = [](std::string_view d) {
        return !d.empty() && d.size() <= 12 &&
               std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if (!digits(whole) || (dot != std::string_view::npos && !digits(fraction)) ||
        whole.size() > 3) {
        return false;
    }
    const int w = std::stoi(std::string(whole));
    return w < limit || (w == limit && std::all_of(fraction.begin(), fraction.end(),
                                                   [](char c) { return c == '0'; }));
}

bool is_currency_code(std::string_view s) {
    if (s.size() != 3) {
        return false;
    }
    for (const char c : s) {
        if (c < 'A' || c > 'Z') {
            return false;
        }
    }
    return true;
}

check check_project(const poll& p, std::size_t i) {
    const auto& pr = p.projects[i];
    const auto field = indexed("pb.projects", i);
    if (auto error = check_required_line(field + ".title", pr.title, limits::project_title_max)) {
        return error;
    }
    if (auto error =
            check_text(field + ".description", pr.description, limits::project_description_max)) {
        return error;
    }
    std::int64_t budget = p.budget;
    if (!pr.district.empty()) {
        const auto d = std::find_if(p.pb_districts.begin(), p.pb_districts.end(),
                                    [&](const pb_district& x) { return x.name == pr.district; });
        if (d == p.pb_districts.end()) {
            return invalid_value(field + ".district",
                                 field + ".district must name one of pb.districts");
        }
        budget = d->budget;
    }
    if (pr.cost < 1 || pr.cost > budget) {
        return invalid_value(field + ".cost", field + ".cost must be between 1 and the budget (" +
                                                  amount_text(budget, p.pb_decimals) + " " +
                                                  p.currency + ")");
    }
    if (pr.categories.size() > limits::pb_categories_max) {
        return invalid_value(field + ".categories", field + ".categories has more than " +
                                                        std::to_string(limits::pb_categories_max) +
                                                        " labels");
    }
    for (std::size_t k = 0; k < pr.categories.size(); ++k) {
        const auto name = indexed(field + ".categories", k);
        if (auto error =
                check_required_line(name, pr.categories[k], limits::pb_district_name_max)) {
            return error;
        }
        if (pr.categories[k].find(',') != std::string::npos) {
            return invalid_value(name, name + " must not contain ','");
        }
    }
    if (pr.latitude.has_value() != pr.longitude.has_value()) {
        return invalid_value(field + ".latitude",
                             field + " needs both latitude and longitude, or neither");
    }
    if (pr.latitude && (!is_degrees(*pr.latitude, 90) || !is_degrees(*pr.longitude, 180))) {
        return invalid_value(field + ".latitude",
                             field +
                                 ".latitude and .longitude must be decimal degrees, e.g. "
                                 "\"59.3293\" and \"18.0686\"");
    }
    if (pr.organisation_id && *pr.organisation_id <= 0) {
        return invalid_value(field + ".organisation_id",
                             field + ".organisation_id must be a positive id");
    }
    if (pr.project_id <= 0) {
        return invalid_value(field, field + " needs a positive project id");
    }
    return std::nullopt;
}

check check_districts(const poll& p) {
    if (p.pb_decimals < 0 || p.pb_decimals > 2) {
        return invalid_value("pb.decimals", "pb.decimals must be 0, 1 or 2");
    }
    if (p.pb_rule.size() > limits::pb_rule_max) {
        return invalid_value("pb.rule", "pb.rule is not a rule name");
    }
    if (p.pb_min_support < 0) {
        return invalid_value("pb.min_support", "pb.min_support must not be negative");
    }
    if (p.pb_districts.size() > limits::pb_districts_max) {
        return invalid_value(
            "pb.districts",
            "pb.districts has more than " + std::to_string(limits::pb_districts_max) + " entries");
    }
    std::set<std::string> names;
    for (std::size_t i = 0; i < p.pb_districts.size(); ++i) {
        const auto& d = p.pb_districts[i];
        const auto field = indexed("pb.districts", i);
        if (auto error =
                check_required_line(field + ".name", d.name, limits::pb_district_name_max)) {
            return error;
        }
        if (!names.insert(d.name).second) {
            return invalid_value(field + ".name", field + ".name is used twice");
        }
        if (d.budget < 1 || d.budget > limits::pb_budget_max) {
            return invalid_value(field + ".budget", field + ".budget must be between 1 and " +
                                                        group_digits(limits::pb_budget_max));
        }
    }
    return std::nullopt;
}

check check_pb(const poll& p) {
    if (p.kind != poll_kind::pb) {
        if (!p.projects.empty()) {
            return invalid_value("pb.projects", "projects are only for kind pb");
        }
        return std::nullopt;
    }
    if (p.budget < 1 || p.budget > limits::pb_budget_max) {
        return invalid_value(
            "pb.budget", "pb.budget must be between 1 and " + group_digits(limits::pb_budget_max));
    }
    if (!is_currency_code(p.currency)) {
        return invalid_value("pb.currency",
                             "pb.currency must be three upper-case letters, e.g. SEK");
    }
    if (!parse_pb_ballot_kind(to_string(p.pb_ballot))) {
        return invalid_value("pb.ballot", "pb.ballot must be approval, knapsack or points");
    }
    if (!parse_pb_utility(to_string(p.pb_utility))) {
        return invalid_value("pb.utility", "pb.utility must be cost or approval");
    }
    if (auto error = check_districts(p)) {
        return error;
    }
    if (p.projects.empty() || p.projects.size() > limits::pb_projects_max) {
        return invalid_value(
            "pb.projects",
            "pb.projects must have 1 to " + std::to_string(limits::pb_projects_max) + " entries");
    }
    std::set<id> ids;
    for (std::size_t i = 0; i < p.projects.size(); ++i) {
        if (auto error = check_project(p, i)) {
            return error;
        }
        if (!ids.insert(p.projects[i].project_id).second) {
            const auto field = indexed("pb.projects", i);
            return invalid_value(field, field + " has the same project id as another project");
        }
    }
    const auto n = static_cast<int>(p.projects.size());
    if (p.pb_ballot == pb_ballot_kind::approval) {
        if (p.max_choices < 0 || p.max_choices > n) {
            return invalid_value("pb.max_choices",
                                 "pb.max_choices must be between 1 and the number of projects (" +
                                     std::to_string(n) + "), or left out for no limit");
        }
    } else if (p.max_choices != 0) {
        return invalid_value("pb.max_choices", "pb.max_choices is only for approval ballots");
    }
    if (p.pb_ballot == pb_ballot_kind::points) {
        if (p.points_total < 1 || p.points_total > limits::points_total_max) {
            return invalid_value("pb.points_total", "pb.points_total must be between 1 and " +
                                                        std::to_string(limits::points_total_max));
        }
    } else if (p.points_total != 0) {
        return invalid_value("pb.points_total", "pb.points_total is only for points ballots");
    }
    return std::nullopt;
}

}  // namespace

std::string_view to_string(poll_kind k) {
    return name_of(poll_kind_names, k);
}

std::optional<poll_kind> parse_poll_kind(std::string_view s) {
    return value_of(poll_kind_names, s);
}

std::string_view to_string(poll_status s) {
    return name_of(poll_status_names, s);
}

std::optional<poll_status> parse_poll_status(std::string_view s) {
    return value_of(poll_status_names, s);
}

std::string_view to_string(poll_audience a) {
    return name_of(poll_audience_names, a);
}

std::optional<poll_audience> parse_poll_audience(std::string_view s) {
    return value_of(poll_audience_names, s);
}

std::string_view to_string(results_visibility v) {
    return name_of(poll_visibility_names, v);
}

std::optional<results_visibility> parse_results_visibility(std::string_view s) {
    return value_of(poll_visibility_names, s);
}

std::string_view to_string(pb_ballot_kind k) {
    return name_of(pb_ballot_names, k);
}

std::optional<pb_ballot_kind> parse_pb_ballot_kind(std::string_view s) {
    return value_of(pb_ballot_names, s);
}

std::string_view to_string(pb_utility_kind u) {
    return name_of(pb_utility_names, u);
}

std::optional<pb_utility_kind> parse_pb_utility(std::string_view s) {
    return value_of(pb_utility_names, s);
}

check validate(const poll& p) {
    if (!parse_poll_kind(to_string(p.kind))) {
        return invalid_value("kind",
                             "kind must be single, multiple, scale, ranking, approval, text or pb");
    }
    if (auto error = check_required_line("question", p.question, limits::poll_question_max)) {
        return error;
    }
    if (auto error = check_text("description", p.description, limits::poll_description_max)) {
        return error;
    }
    if (auto error = check_options(p)) {
        return error;
    }
    if (auto error = check_max_choices(p)) {
        return error;
    }
    if (auto error = check_scale(p)) {
        return error;
    }
    if (auto error = check_text_length(p)) {
        return error;
    }
    if (auto error = check_pb(p)) {
        return error;
    }
    if (p.agenda_item_id && *p.agenda_item_id <= 0) {
        return invalid_value("agenda_item_id", "agenda_item_id must be a positive id");
    }
    if (!parse_poll_audience(to_string(p.audience))) {
        return invalid_value("audience", "audience must be registered or link");
    }
    if (!parse_results_visibility(to_string(p.visibility))) {
        // "results" is the field's name on the wire.
        return invalid_value("results", "results must be live, after_close or facilitators");
    }
    if (!parse_poll_status(to_string(p.status))) {
        return invalid_value("status", "status must be draft, open or closed");
    }
    return std::nullopt;
}

check open_poll(poll& p, std::int64_t now) {
    switch (p.status) {
        case poll_status::draft:
            break;
        case poll_status::open:
            return invalid_transition("poll is already open");
        case poll_status::closed:
            return invalid_transition("poll is closed");
        default:
            return invalid_transition("only a draft poll can be opened");
    }
    if (p.auto_close_at && *p.auto_close_at <= now) {
        return invalid_value("auto_close_at", "auto_close_at must be in the future");
    }
    p.status = poll_status::open;
    p.opened_at = now;
    p.closed_at.reset();
    return std::nullopt;
}

check close_poll(poll& p, std::int64_t now) {
    switch (p.status) {
        case poll_status::open:
            break;
        case poll_status::draft:
            return invalid_transition("poll is not open yet");
        case poll_status::closed:
            return invalid_transition("poll is already closed");
        default:
            return invalid_transition("only an open poll can be closed");
    }
    p.status = poll_status::closed;
    p.closed_at = now;
    return std::nullopt;
}

check require_editable(const poll& p) {
    if (p.status == poll_status::draft) {
        return std::nullopt;
    }
    if (p.status == poll_status::open) {
        return invalid_transition("poll is open: only a draft poll can be edited");
    }
    return invalid_transition("poll is closed: only a draft poll can be edited");
}

}  // namespace traffpunkt::domain
