#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/rule_error.hpp"

namespace traffpunkt::domain {

/** What a poll asks for; each kind has its own ballot (see ballot.hpp). */
enum class poll_kind { single, multiple, scale, ranking, approval, text, pb };

/** draft -> open -> closed. Only drafts are edited; only open polls take ballots. */
enum class poll_status { draft, open, closed };

/** Who may vote: registered participants, or anyone with the meeting's audience link. */
enum class poll_audience { registered, link };

/** Who sees results and when: everyone live, everyone after closing, facilitators only. */
enum class results_visibility { live, after_close, facilitators };

/** How a participatory-budgeting ballot is cast. */
enum class pb_ballot_kind {
    approval,  ///< any set of projects (at most `max_choices` when that is not 0)
    knapsack,  ///< any set of projects whose total cost fits the budget
    points,    ///< `points_total` points distributed over projects
};

/**
 * How the PB rules value an approved project for a voter (approval and knapsack ballots):
 * by its cost, or 1 per approved project. Points ballots carry their own values. Named
 * `..._kind` because a member `pb_utility` of type `pb_utility` does not compile with GCC.
 */
enum class pb_utility_kind { cost, approval };

std::string_view to_string(poll_kind k);
std::optional<poll_kind> parse_poll_kind(std::string_view s);
std::string_view to_string(poll_status s);
std::optional<poll_status> parse_poll_status(std::string_view s);
std::string_view to_string(poll_audience a);
std::optional<poll_audience> parse_poll_audience(std::string_view s);
std::string_view to_string(results_visibility v);
std::optional<results_visibility> parse_results_visibility(std::string_view s);
std::string_view to_string(pb_ballot_kind k);
std::optional<pb_ballot_kind> parse_pb_ballot_kind(std::string_view s);
std::string_view to_string(pb_utility_kind u);
std::optional<pb_utility_kind> parse_pb_utility(std::string_view s);

/** One answer of a choice, ranking or approval poll. The service numbers options 1..n. */
struct poll_option {
    id option_id = 0;
    std::string label;
};

/** One project of a participatory-budgeting poll. The service numbers projects 1..n. */
struct pb_project {
    id project_id = 0;
    std::string title;
    std::string description;
    /// In units of 10^-pb_decimals of the currency (whole units by default), 1..the budget of
    /// its district (or the poll's budget when it has none).
    std::int64_t cost = 0;
    std::optional<id> organisation_id;  ///< the organisation that proposes it, if any
    /// The name of the district (or category) whose sub-budget pays for it; "" for the poll's
    /// own budget (city-wide projects).
    /// (The new members have initialisers, so older aggregate initialisations stay complete.)
    std::string district{};
    /// Labels shown and exported (pabulib `category`), 1..100 characters each, no ','.
    std::vector<std::string> categories{};
    /// Where it is, in decimal degrees as given ("59.3293"); both or neither.
    std::optional<std::string> latitude{}, longitude{};
};

/** A sub-budget of a PB poll: its own projects, counted apart (see pb_project::district). */
struct pb_district {
    std::string name;  ///< 1..100 characters, unique in the poll
    std::int64_t budget = 0;
};

/** Field limits of polls, next to the other limits (network.hpp, meeting.hpp). */
namespace limits {
/** A question people read on a phone during a meeting. */
inline constexpr std::size_t poll_question_max = 300;
inline constexpr std::size_t poll_description_max = 4000;
inline constexpr std::size_t option_label_max = 200;
/** A choice needs two answers; more than 50 nobody reads through in a live poll. */
inline constexpr std::size_t options_min = 2;
inline constexpr std::size_t options_max = 50;
/** Scales from 1..2 to 1..10: wider scales are not answered more precisely. */
inline constexpr int scale_max_min = 2;
inline constexpr int scale_max_max = 10;
inline constexpr std::size_t scale_label_max = 100;
/** Open text answers: a sentence or two, in characters (code points). */
inline constexpr int text_answer_max = 500;
/** Real citizen budgets have tens to a few hundred projects. */
inline constexpr std::size_t pb_projects_max = 500;
inline constexpr std::size_t project_title_max = 200;
inline constexpr std::size_t project_description_max = 2000;
/** A municipality's whole budget fits with room to spare; sums of costs cannot overflow. */
inline constexpr std::int64_t pb_budget_max = 1'000'000'000'000;
/** Points to distribute: 10 or 100 in practice. */
inline constexpr int points_total_max = 1000;
/** Districts and categories with budgets of their own: Warszawa has 18. */
inline constexpr std::size_t pb_districts_max = 100;
inline constexpr std::size_t pb_district_name_max = 100;
inline constexpr std::size_t pb_categories_max = 20;
/** A rule name such as "equalshares/add1+greedy" (pabulib's style). */
inline constexpr std::size_t pb_rule_max = 64;
}  // namespace limits

/** A live poll of a meeting, possibly tied to one agenda item. */
struct poll {
    id poll_id = 0;
    id meeting_id = 0;
    std::optional<id> agenda_item_id;
    poll_kind kind = poll_kind::single;
    std::string question;
    std::string description;
    /** single, multiple, ranking, approval: 2..50 options with distinct positive ids. */
    std::vector<poll_option> options;
    /**
     * multiple: 1..options (required). approval, and pb with approval ballots: 0 = no limit,
     * else 1..options (projects). 0 for every other kind.
     */
    int max_choices = 0;
    int scale_max = 5;  ///< scale: answers 1..scale_max, scale_max in 2..10
    std::string scale_min_label;
    std::string scale_max_label;
    int text_max_length = 200;  ///< text: 1..500 characters (code points) per answer
    // Participatory budgeting (kind pb) only; ignored for other kinds.
    std::int64_t budget = 0;       ///< whole currency units, 1..limits::pb_budget_max
    std::string currency = "SEK";  ///< three upper-case letters
    pb_ballot_kind pb_ballot = pb_ballot_kind::approval;
    pb_utility_kind pb_utility = pb_utility_kind::cost;
    int points_total = 0;              ///< points ballots: 1..1000 points to distribute, else 0
    std::vector<pb_project> projects;  ///< 1..500 projects, each costing 1..budget
    /// The rule that decides, by name ("" = equalshares/add1+greedy); the service checks the
    /// name (the domain does not know the rules), the domain only its length.
    std::string pb_rule;
    std::int64_t pb_min_support = 0;  ///< greedy rules: minimum support to be funded, >= 0
    /// Decimals of every amount (budget, costs, district budgets): 0 (whole currency units), 1
    /// or 2 (öre, grosze), for polls imported from files with cents.
    int pb_decimals = 0;
    /// Sub-budgets; `budget` is then what the city-wide projects (district "") share.
    std::vector<pb_district> pb_districts;
    bool anonymous = false;
    poll_audience audience = poll_audience::registered;
    results_visibility visibility = results_visibility::live;
    poll_status status = poll_status::draft;
    std::optional<std::int64_t> auto_close_at;  ///< unix seconds, UTC
    std::optional<std::int64_t> opened_at;      ///< unix seconds, UTC
    std::optional<std::int64_t> closed_at;      ///< unix seconds, UTC
    id created_by = 0;
};

/**
 * Checks every field of a poll against its kind: texts (length, valid UTF-8, no control
 * characters in one-line texts, required texts not blank), options (2..50 with distinct
 * positive ids and distinct labels for single, multiple, ranking and approval; none for the
 * other kinds), max_choices, the scale, the text length and, for kind pb only, budget, currency,
 * ballot kind, points and projects. Field names are those of the wire (poll.create), e.g.
 * "options[2]", "scale.max", "pb.projects[0].cost"; the first broken rule is reported.
 */
check validate(const poll& p);

/**
 * draft -> open at `now` (unix seconds): sets opened_at. An auto-close time must lie after
 * `now`, otherwise the poll would close before anybody could vote.
 */
check open_poll(poll& p, std::int64_t now);

/** open -> closed at `now` (unix seconds): sets closed_at. */
check close_poll(poll& p, std::int64_t now);

/** Whether `p` may be edited: only drafts, so nobody votes on a question that then changes. */
check require_editable(const poll& p);

}  // namespace traffpunkt::domain
