#include "traffpunkt/domain/network.hpp"

#include "enum_names.hpp"
#include "traffpunkt/domain/text.hpp"

namespace traffpunkt::domain {

namespace {

using detail::name_of;
using detail::value_of;

constexpr detail::name_table<org_kind, 3> org_kind_names{{
    {org_kind::municipality, "municipality"},
    {org_kind::region, "region"},
    {org_kind::other, "other"},
}};

constexpr detail::name_table<person_role, 2> person_role_names{{
    {person_role::official, "official"},
    {person_role::elected, "elected"},
}};

constexpr detail::name_table<person_language, 2> person_language_names{{
    {person_language::sv, "sv"},
    {person_language::en, "en"},
}};

}  // namespace

check validate(const network& n) {
    if (auto error = check_line("name", n.name, 1, limits::name_max)) {
        return error;
    }
    if (auto error = check_text("description", n.description, limits::description_max)) {
        return error;
    }
    if (!n.starts_on.ok()) {
        return invalid_value("starts_on", "starts_on must be a valid date");
    }
    if (!n.ends_on.ok()) {
        return invalid_value("ends_on", "ends_on must be a valid date");
    }
    if (n.ends_on <= n.starts_on) {
        return invalid_value("ends_on", "ends_on must be after starts_on");
    }
    if (n.extended_until) {
        if (!n.extended_until->ok()) {
            return invalid_value("extended_until", "extended_until must be a valid date");
        }
        if (*n.extended_until <= n.ends_on) {
            return invalid_value("extended_until", "extended_until must be after ends_on");
        }
    }
    return std::nullopt;
}

std::string_view to_string(org_kind k) {
    return name_of(org_kind_names, k);
}

std::optional<org_kind> parse_org_kind(std::string_view s) {
    return value_of(org_kind_names, s);
}

check validate(const organisation& o) {
    if (auto error = check_line("name", o.name, 1, limits::name_max)) {
        return error;
    }
    if (!parse_org_kind(to_string(o.kind))) {
        return invalid_value("kind", "kind must be municipality, region or other");
    }
    return std::nullopt;
}

check validate(const decision& d) {
    if (auto error = check_line("deciding_body", d.deciding_body, 1, limits::name_max)) {
        return error;
    }
    if (auto error = check_line("diary_number", d.diary_number, 1, limits::diary_number_max)) {
        return error;
    }
    if (!d.decided_on.ok()) {
        return invalid_value("decided_on", "decided_on must be a valid date");
    }
    return std::nullopt;
}

std::string_view to_string(person_role r) {
    return name_of(person_role_names, r);
}

std::optional<person_role> parse_person_role(std::string_view s) {
    return value_of(person_role_names, s);
}

std::string_view to_string(person_language l) {
    return name_of(person_language_names, l);
}

std::optional<person_language> parse_person_language(std::string_view s) {
    return value_of(person_language_names, s);
}

check validate(const person& p) {
    if (auto error = check_line("name", p.name, 1, limits::name_max)) {
        return error;
    }
    if (auto error = check_email("email", p.email)) {
        return error;
    }
    if (p.organisation_id <= 0) {
        return invalid_value("organisation_id", "organisation_id must name an organisation");
    }
    if (!parse_person_role(to_string(p.role))) {
        return invalid_value("role", "role must be official or elected");
    }
    if (!parse_person_language(to_string(p.language))) {
        return invalid_value("language", "language must be sv or en");
    }
    return std::nullopt;
}

}  // namespace traffpunkt::domain
