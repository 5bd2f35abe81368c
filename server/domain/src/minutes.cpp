#include "traffpunkt/domain/minutes.hpp"

#include <string>

#include "enum_names.hpp"
#include "traffpunkt/domain/text.hpp"

namespace traffpunkt::domain {

namespace {

using detail::name_of;
using detail::value_of;

constexpr detail::name_table<minutes_status, 3> minutes_status_names{{
    {minutes_status::draft, "draft"},
    {minutes_status::for_review, "for_review"},
    {minutes_status::approved, "approved"},
}};

constexpr detail::name_table<minutes_action, 4> minutes_action_names{{
    {minutes_action::edit, "edit"},
    {minutes_action::submit, "submit"},
    {minutes_action::reopen, "reopen"},
    {minutes_action::approve, "approve"},
}};

/** Refuses changes to approved minutes and steps based on an older version. */
check check_current(const meeting_minutes& m, std::int64_t version, std::string field) {
    if (is_read_only(m)) {
        return invalid_transition("the minutes are approved and read-only");
    }
    if (version != m.version) {
        rule_error e =
            invalid_transition("the minutes have changed since version " + std::to_string(version) +
                               "; the current version is " + std::to_string(m.version));
        e.field = std::move(field);
        return e;
    }
    return std::nullopt;
}

void next_version(meeting_minutes& m, instant now) {
    ++m.version;
    m.updated_at = now;
}

}  // namespace

std::string_view to_string(minutes_status s) {
    return name_of(minutes_status_names, s);
}

std::optional<minutes_status> parse_minutes_status(std::string_view s) {
    return value_of(minutes_status_names, s);
}

std::string_view to_string(minutes_action a) {
    return name_of(minutes_action_names, a);
}

std::optional<minutes_action> parse_minutes_action(std::string_view s) {
    return value_of(minutes_action_names, s);
}

check validate_minutes_text(std::string_view text) {
    return check_text("text", text, limits::minutes_max);
}

bool is_read_only(const meeting_minutes& m) {
    return m.status == minutes_status::approved;
}

check edit_minutes(meeting_minutes& m, std::int64_t base_version, std::string text, instant now) {
    if (auto e = check_current(m, base_version, "base_version")) {
        return e;
    }
    if (auto e = validate_minutes_text(text)) {
        return e;
    }
    m.text = std::move(text);
    m.status = minutes_status::draft;
    next_version(m, now);
    return std::nullopt;
}

check submit_minutes(meeting_minutes& m, std::int64_t version, instant now) {
    if (auto e = check_current(m, version, "version")) {
        return e;
    }
    if (m.status != minutes_status::draft) {
        return invalid_transition("only draft minutes can be submitted for review");
    }
    if (m.text.empty()) {
        return invalid_transition("the minutes are empty: write them before submitting");
    }
    m.status = minutes_status::for_review;
    next_version(m, now);
    return std::nullopt;
}

check reopen_minutes(meeting_minutes& m, std::int64_t version, instant now) {
    if (auto e = check_current(m, version, "version")) {
        return e;
    }
    if (m.status != minutes_status::for_review) {
        return invalid_transition("only minutes under review can be sent back to draft");
    }
    m.status = minutes_status::draft;
    next_version(m, now);
    return std::nullopt;
}

check approve_minutes(meeting_minutes& m, std::int64_t version, instant now) {
    if (auto e = check_current(m, version, "version")) {
        return e;
    }
    if (m.status != minutes_status::for_review) {
        return invalid_transition("only minutes submitted for review can be approved");
    }
    m.status = minutes_status::approved;
    next_version(m, now);
    return std::nullopt;
}

}  // namespace traffpunkt::domain
