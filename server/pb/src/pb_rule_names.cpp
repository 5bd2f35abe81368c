// Rule names as pabulib writes them in META `rule` (pabulib/checker: greedy, greedy-threshold,
// greedy-no-skip, equalshares, equalshares/add1, ...), and ours in the same style.

#include <charconv>
#include <string>

#include "traffpunkt/pb/pb_rules.hpp"

namespace traffpunkt::pb {

namespace {

/** `amount` smallest units in currency units: "5", "0.5", "12.25". */
std::string units_text(std::int64_t amount, std::int64_t unit) {
    std::string out = std::to_string(amount / unit);
    std::int64_t rest = amount % unit;
    if (rest == 0) {
        return out;
    }
    out += '.';
    for (std::int64_t scale = unit / 10; scale > 0 && rest > 0; scale /= 10) {
        out += static_cast<char>('0' + rest / scale);
        rest %= scale;
    }
    return out;
}

/** A positive amount in currency units ("5", "0.5") as smallest units, if exactly one. */
std::optional<std::int64_t> units_of(std::string_view text, std::int64_t unit) {
    const auto dot = text.find('.');
    const auto whole = text.substr(0, dot);
    const auto fraction = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    std::int64_t w = 0;
    if (whole.empty() || std::from_chars(whole.data(), whole.data() + whole.size(), w).ptr !=
                             whole.data() + whole.size()) {
        return std::nullopt;
    }
    if (w < 0 || w > pb_max_budget) {
        return std::nullopt;
    }
    std::int64_t value = w * unit;
    std::int64_t scale = unit;
    for (const char c : fraction) {
        scale /= 10;
        if (c < '0' || c > '9' || (scale == 0 && c != '0')) {
            return std::nullopt;  // finer than the smallest unit
        }
        value += (c - '0') * scale;
    }
    if (dot != std::string_view::npos && fraction.empty()) {
        return std::nullopt;
    }
    return value > 0 ? std::optional<std::int64_t>(value) : std::nullopt;
}

}  // namespace

std::string rule_name(const pb_rule& r, std::int64_t unit) {
    switch (r.kind) {
        case pb_rule_kind::greedy:
            return r.min_support > 0 ? "greedy-threshold" : "greedy";
        case pb_rule_kind::greedy_no_skip:
            return "greedy-no-skip";
        case pb_rule_kind::poznan:
            return "poznan";
        case pb_rule_kind::phragmen:
            return "sequential-phragmen";
        case pb_rule_kind::borda_greedy:
            return "borda-greedy";
        case pb_rule_kind::equal_shares:
            break;
    }
    std::string name = "equalshares";
    if (r.completion == pb_completion::add_one) {
        name += "/add" + (r.increment > 0 ? units_text(r.increment, unit) : std::string("1"));
    } else if (r.completion == pb_completion::budget_increase) {
        name += r.increment > 0 ? "/increase" + units_text(r.increment, unit)
                                : std::string("/exhaustion");
    }
    if (r.then_greedy) {
        name += "+greedy";
    }
    return name;
}

std::optional<pb_rule> parse_rule_name(std::string_view name, std::int64_t unit,
                                       std::string& error) {
    pb_rule r;
    r.then_greedy = false;
    r.completion = pb_completion::none;
    const auto simple = [&](pb_rule_kind kind) {
        r.kind = kind;
        return std::optional<pb_rule>(r);
    };
    if (name == "greedy" || name == "greedy-threshold") {
        return simple(pb_rule_kind::greedy);
    }
    if (name == "greedy-no-skip") {
        return simple(pb_rule_kind::greedy_no_skip);
    }
    if (name == "poznan") {
        return simple(pb_rule_kind::poznan);
    }
    if (name == "sequential-phragmen") {
        return simple(pb_rule_kind::phragmen);
    }
    if (name == "borda-greedy") {
        return simple(pb_rule_kind::borda_greedy);
    }
    std::string_view rest = name;
    if (!rest.starts_with("equalshares")) {
        error = "unknown rule '" + std::string(name) +
                "'; known: greedy, greedy-threshold, greedy-no-skip, poznan, "
                "sequential-phragmen, borda-greedy, equalshares[/add1|/add<k>|/exhaustion|"
                "/increase<k>][+greedy]";
        return std::nullopt;
    }
    r.kind = pb_rule_kind::equal_shares;
    rest.remove_prefix(std::string_view("equalshares").size());
    if (rest.ends_with("+greedy")) {
        r.then_greedy = true;
        rest.remove_suffix(std::string_view("+greedy").size());
    }
    if (rest.empty()) {
        return r;
    }
    if (rest == "/exhaustion") {
        r.completion = pb_completion::budget_increase;
        return r;
    }
    const auto amount = [&](std::string_view prefix, pb_completion c) -> std::optional<pb_rule> {
        const auto k = units_of(rest.substr(prefix.size()), unit);
        if (!k) {
            error = "the amount in '" + std::string(name) +
                    "' must be a positive number of currency units with at most " +
                    std::to_string(unit == 100  ? 2
                                   : unit == 10 ? 1
                                                : 0) +
                    " decimals";
            return std::nullopt;
        }
        r.completion = c;
        r.increment = *k == unit && c == pb_completion::add_one ? 0 : *k;
        return r;
    };
    if (rest.starts_with("/add")) {
        return amount("/add", pb_completion::add_one);
    }
    if (rest.starts_with("/increase")) {
        return amount("/increase", pb_completion::budget_increase);
    }
    error = "unknown Equal Shares completion in '" + std::string(name) +
            "'; known: /add1, /add<k>, /exhaustion, /increase<k>, each optionally with +greedy";
    return std::nullopt;
}

}  // namespace traffpunkt::pb
