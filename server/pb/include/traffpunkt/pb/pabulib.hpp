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
// `points` in the same order.
//
// Reading is exactly what pabutools 1.2.3 (`parse_pabulib`) makes of a text, wherever pabutools
// reads it at all: `str.splitlines()` cuts lines (at \n, \r, \r\n, \v, \f, \x1c-\x1e,
// U+0085, U+2028, U+2029), Python's `csv.reader(delimiter=";")` cuts cells (a cell opened with
// '"' is quoted, "" is one quote, text after the closing quote stays in the cell, a quote left
// open goes on over the next line), `str.strip()` trims every cell (Unicode white space), a
// cell "None" (any case) is no value, a row of nothing or of one blank cell is skipped. Where
// pabutools reads on over something odd (a project twice in a ballot, a duplicate META key, a
// short row, counts that do not match the rows) we read it the same way and say so in
// `pabulib_file::notices`; where pabutools fails (a row longer than its header, an unknown
// project, a cost that is not a number) we refuse with the line.
//
// What the writer adds to the bare syntax, so that what we write is read the same by pabutools:
// - No line break is ever written inside a cell: pabutools splits the text into lines before the
//   csv module sees it, so a quoted line break would not survive. The writer turns control
//   characters (other than TAB) and U+0085, U+2028, U+2029 into a space and trims every cell.
// - A first cell that reads as a section name (a voter id "votes", a META key "projects") would
//   switch sections in pabutools, so it is refused; so is a ',' inside a project id.
// - Money is exact: the budget and costs may have up to two decimals after '.' or ',' (pabutools
//   reads "8000,0" and "1234.50" as numbers); costs are integers in units of 10^-decimals of the
//   currency (`pabulib_file::decimals`). Vote counts and points are whole numbers ("3.0", as
//   pabutools writes points, is 3); a non-zero fraction of a point is refused.

namespace traffpunkt::pb {

using domain::check;
using domain::rule_error;

/** One row of the PROJECTS section. */
struct pabulib_project {
    std::string project_id;  ///< unique in the file, no ','
    /// In units of 10^-decimals of the currency (`pabulib_file::decimals`): 123450 with two
    /// decimals is 1234.50. Not negative.
    std::int64_t cost = 0;
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

/** Something the reader read the way pabutools does although it is odd (see the top). */
struct pabulib_notice {
    std::size_t line = 0;  ///< 1-based
    std::string message;   ///< English, names the values

    bool operator==(const pabulib_notice&) const = default;
};

/** One row of the VOTES section: one voter's ballot. */
struct pabulib_vote {
    std::string voter_id;  ///< unique in the file
    /// Project ids, each once (a second mention is dropped on reading, as pabutools does); the
    /// order matters for ordinal ballots.
    std::vector<std::string> vote;
    /// Points per entry of `vote`, same order; only for vote_type cumulative and scoring, where
    /// it must have exactly as many entries as `vote`. Empty otherwise (an ordinal file's
    /// `points` column, which pabutools does not read, is kept as read in `extra`).
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
    /// Decimals of the money amounts, 0 to 2: the costs are in units of 10^-decimals of the
    /// currency. On reading, the most the budget or a cost needs.
    int decimals = 0;
    /// What the reader noticed (empty for a clean file); the writer ignores it.
    std::vector<pabulib_notice> notices;
    /// Where each project and each vote was read (1-based lines, by index); empty when the
    /// file was not read from text. Not compared by ==.
    std::vector<std::size_t> project_lines, vote_lines;

    bool operator==(const pabulib_file& o) const {
        return meta == o.meta && projects == o.projects && votes == o.votes &&
               decimals == o.decimals && notices == o.notices;
    }
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
 * The META budget in units of 10^-decimals of the currency (as the costs), or nullopt when it
 * is missing, not an amount with at most two decimals, or needs more decimals than `f` has.
 */
std::optional<std::int64_t> pabulib_budget(const pabulib_file& f);

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
 * Reads `.pb` text as pabutools does (see the top): a UTF-8 byte order mark, any line ends, blank
 * lines, columns in any order after the id column and columns we do not know (kept in `extra`).
 * Refuses with the line: text that is not UTF-8, a NUL, sections missing or out of order, a
 * row longer than its header, a project id twice, costs and budgets that are not amounts with
 * at most two decimals, ballots naming unknown projects, points that are missing for an entry
 * or fractional, and a META without budget or a known vote_type.
 */
std::variant<pabulib_file, pabulib_parse_error> parse_pabulib(std::string_view text);

}  // namespace traffpunkt::pb
