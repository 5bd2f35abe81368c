#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "traffpunkt/domain/rule_error.hpp"

// The `.pb` file format of pabulib (http://pabulib.org), the public library of participatory
// budgeting instances, as read by pabutools (`parse_pabulib`) and the pabulib checker:
//
//     META                      PROJECTS                      VOTES
//     key;value                 project_id;cost;votes;name    voter_id;vote;points
//     vote_type;cumulative      1;42000;73;Kattvänligt        290;1,3;4,1
//
// Three sections in this order, each introduced by a line `META`, `PROJECTS` or `VOTES`
// (case-insensitive), then a `;`-separated header line of column names, then rows. META rows are
// `key;value`. A ballot lists project ids separated by ','; cumulative and scoring ballots carry
// `points` in the same order. Cells are read like Python's csv module with delimiter ';': a cell
// may be quoted with '"' (inner quotes doubled) and every cell is trimmed; a cell "None" means
// "no value" (pabutools skips such cells).
//
// What this code adds to the bare syntax, so that what we write is read the same by pabutools:
// - No line break is ever written inside a cell: pabutools splits the text into lines before the
//   csv module sees it, so a quoted line break would not survive. The writer turns control
//   characters (other than TAB) and U+0085, U+2028, U+2029 into a space and trims every cell.
// - A first cell that reads as a section name (a voter id "votes", a META key "projects") would
//   switch sections in pabutools, so it is refused; so is a ',' inside a project id.
// - Costs, vote counts and points are whole numbers; "8000,0" and "3.0" (as pabutools writes
//   points) are read as 8000 and 3, a non-zero fraction is an error.

namespace traffpunkt::pb {

using domain::check;
using domain::rule_error;

/** One row of the PROJECTS section. */
struct pabulib_project {
    std::string project_id;             ///< unique in the file, no ','
    std::int64_t cost = 0;              ///< whole currency units, not negative
    std::optional<std::int64_t> votes;  ///< supporters; empty: no `votes` column or "None"
    std::string name;
    /// 1 selected (funded), 0 not; the pabulib checker also accepts 2 and 3, kept as read.
    /// Empty: no `selected` column or "None". Test `selected == 1`, not `if (selected)`.
    std::optional<int> selected;
    /// Other columns (score, category, target, latitude, ...) by column name. An absent key is
    /// written as "None"; a cell "None" is read as an absent key.
    std::map<std::string, std::string> extra;

    bool operator==(const pabulib_project&) const = default;
};

/** One row of the VOTES section: one voter's ballot. */
struct pabulib_vote {
    std::string voter_id;           ///< unique in the file
    std::vector<std::string> vote;  ///< project ids; the order matters for ordinal ballots
    /// Points per entry of `vote`, same order; only for vote_type cumulative and scoring, where
    /// it must have exactly as many entries as `vote`. Empty otherwise.
    std::vector<std::int64_t> points;
    /// Other columns (age, sex, voting_method, district, ...) by name, as for projects.
    std::map<std::string, std::string> extra;

    bool operator==(const pabulib_vote&) const = default;
};

/** A whole `.pb` file. */
struct pabulib_file {
    /// META rows in file order. Keys are unique. See `pabulib_required_meta` for what a written
    /// file must contain; `vote_type` is one of approval, ordinal, cumulative, choose-1, scoring.
    std::vector<std::pair<std::string, std::string>> meta;
    std::vector<pabulib_project> projects;
    std::vector<pabulib_vote> votes;

    bool operator==(const pabulib_file&) const = default;
};

/**
 * META keys a file must have to be written (pabulib's obligatory keys): description, country,
 * unit, instance, num_projects, num_votes, budget, vote_type, rule, date_begin, date_end.
 * `write_pabulib` fills in num_projects and num_votes itself when they are absent.
 */
const std::vector<std::string_view>& pabulib_required_meta();

/** The value of META key `key`, or null when the file has no such key. */
const std::string* find_meta(const pabulib_file& f, std::string_view key);

/**
 * Checks that `write_pabulib(f)` would succeed, and returns why not otherwise: required META
 * keys, a known vote_type, counts that match, unique and well-formed ids, ballots that name
 * known projects at most once each, points only where the vote_type has them.
 */
check check_pabulib(const pabulib_file& f);

/**
 * Writes `f` as `.pb` text: "\n" line ends, a trailing newline, no byte order mark. Columns are
 * project_id;cost[;votes];name[;selected] then the extra columns in name order, and
 * voter_id;vote[;points] then extras; a bracketed column is written when some row has a value
 * (points: always for cumulative and scoring). Before checking, every string is cleaned as the
 * file comment says (line breaks become spaces, cells trimmed), and num_projects / num_votes are
 * inserted after `instance` (or at the end) when absent; when present they must match the
 * rows. Refuses, with the reason, anything `check_pabulib` refuses.
 */
std::variant<std::string, rule_error> write_pabulib(const pabulib_file& f);

/** Where and why `parse_pabulib` refused a text. */
struct pabulib_parse_error {
    std::size_t line = 0;  ///< 1-based; the last line for what is missing at the end
    std::string message;   ///< English, names the offending value

    bool operator==(const pabulib_parse_error&) const = default;
};

/**
 * Reads `.pb` text. Accepts "\n", "\r\n" and "\r" line ends, a UTF-8 byte order mark, blank
 * lines, columns in any order after the id column and columns we do not know (kept in `extra`).
 * Refuses with the line: sections missing or out of order, a row whose field count differs from
 * its header, malformed quoting, non-numeric or fractional numbers, duplicate ids, ballots
 * naming unknown projects, points that do not fit the vote_type, num_projects / num_votes that
 * differ from the rows, and missing num_projects, num_votes, budget or vote_type (the other
 * obligatory keys are not required here, so older pabulib files can be read).
 */
std::variant<pabulib_file, pabulib_parse_error> parse_pabulib(std::string_view text);

}  // namespace traffpunkt::pb
