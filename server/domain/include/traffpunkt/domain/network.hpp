#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/rule_error.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::domain {

/** A network of member organisations that meet regularly, e.g. SKR's network on medborgarbudget. */
struct network {
    id network_id = 0;
    std::string name;
    std::string description;
    date starts_on{};
    date ends_on{};
    std::optional<date> extended_until;  ///< "med möjlighet till förlängning"
};

/** Checks name/description lengths and that the period ends after it starts. */
check validate(const network& n);

enum class org_kind { municipality, region, other };

std::string_view to_string(org_kind k);
std::optional<org_kind> parse_org_kind(std::string_view s);

/** A municipality, region or other body (kommun, region, kommundelsnämnd, ...). */
struct organisation {
    id organisation_id = 0;
    std::string name;
    org_kind kind = org_kind::municipality;
};

check validate(const organisation& o);

/**
 * The board or committee decision by which an organisation joins a network
 * ("beslut om deltagande från en styrelse/nämnd"). Membership requires one.
 */
struct decision {
    std::string deciding_body;  ///< e.g. "Södermöre kommundelsnämnd"
    std::string diary_number;   ///< e.g. "SKDN 2022/0104"
    date decided_on{};
};

check validate(const decision& d);

/** An organisation is a member of a network exactly when a decision is recorded for it. */
struct membership {
    id network_id = 0;
    id organisation_id = 0;
    decision basis;
    instant admitted_at{};
};

/** Tjänsteperson or förtroendevald: what a person is in the network. */
enum class person_role { official, elected };

std::string_view to_string(person_role r);
std::optional<person_role> parse_person_role(std::string_view s);

/** The language a person reads mail in: Swedish unless they chose English. */
enum class person_language { sv, en };

std::string_view to_string(person_language l);
std::optional<person_language> parse_person_language(std::string_view s);

/** Someone who takes part: an official or elected representative of an organisation. */
struct person {
    id person_id = 0;
    std::string name;
    std::string email;
    id organisation_id = 0;
    person_role role = person_role::official;
    person_language language = person_language::sv;
};

check validate(const person& p);

/** Field limits, shared by validation and documented in PROTOCOL.md. */
namespace limits {
inline constexpr std::size_t name_max = 200;
inline constexpr std::size_t description_max = 20000;
inline constexpr std::size_t email_max = 254;
inline constexpr std::size_t diary_number_max = 64;
inline constexpr std::size_t url_max = 2000;
inline constexpr std::size_t note_max = 2000;
}  // namespace limits

}  // namespace traffpunkt::domain
