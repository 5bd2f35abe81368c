#include "traffpunkt/pb/pabulib.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <functional>
#include <set>
#include <string>
#include <system_error>
#include <type_traits>
#include <utility>

#include "traffpunkt/domain/text.hpp"

namespace traffpunkt::pb {

using domain::invalid_value;
using domain::trim;

namespace {

/** A broken rule, as an English message; empty when the rule holds. */
using problem = std::optional<std::string>;

constexpr std::array<std::string_view, 5> vote_types{"approval", "ordinal", "cumulative",
                                                     "choose-1", "scoring"};
constexpr std::array<std::string_view, 5> project_columns{"project_id", "cost", "votes", "name",
                                                          "selected"};
constexpr std::array<std::string_view, 3> vote_columns{"voter_id", "vote", "points"};
// What the parser needs to make sense of the rows; the other obligatory keys are only required
// for writing, because older pabulib files lack some of them (dates, rule).
constexpr std::array<std::string_view, 4> meta_required_to_read{"num_projects", "num_votes",
                                                                "budget", "vote_type"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view value) {
    return std::find(list.begin(), list.end(), value) != list.end();
}

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (char& c : out) {
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<char>(c - 'A' + 'a');
        }
    }
    return out;
}

std::string quote(std::string_view s) {
    return "'" + std::string(s) + "'";
}

enum class section { none, meta, projects, votes };

std::string_view name_of(section s) {
    switch (s) {
        case section::meta:
            return "META";
        case section::projects:
            return "PROJECTS";
        case section::votes:
            return "VOTES";
        case section::none:
            break;
    }
    return "";
}

/** The section a first cell opens, as pabutools decides it: trimmed, any case. */
std::optional<section> section_of(std::string_view first_cell) {
    const auto name = lower_ascii(trim(first_cell));
    if (name == "meta") {
        return section::meta;
    }
    if (name == "projects") {
        return section::projects;
    }
    if (name == "votes") {
        return section::votes;
    }
    return std::nullopt;
}

/** A cell pabutools treats as "no value". */
bool is_none(std::string_view cell) {
    return lower_ascii(cell) == "none";
}

/**
 * A whole number, also when written with a zero fraction: pabulib files carry costs such as
 * "8000,0" and pabutools writes points as "3.0". A non-zero fraction is refused rather than
 * rounded, because a cost or a point silently changed is worse than a refused file.
 */
std::optional<std::int64_t> parse_whole(std::string_view s, bool allow_negative) {
    if (s.empty() || (!allow_negative && s.front() == '-')) {
        return std::nullopt;
    }
    std::int64_t value = 0;
    const char* const last = s.data() + s.size();
    auto [ptr, ec] = std::from_chars(s.data(), last, value);
    if (ec != std::errc{}) {
        return std::nullopt;
    }
    if (ptr != last) {
        if (*ptr != '.' && *ptr != ',') {
            return std::nullopt;
        }
        ++ptr;
        if (ptr == last || !std::all_of(ptr, last, [](char c) { return c == '0'; })) {
            return std::nullopt;
        }
    }
    return value;
}

/** Digits with an optional fraction after '.' or ',' (budgets may have cents). */
bool is_decimal(std::string_view s) {
    const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
    const auto separator = s.find_first_of(".,");
    const auto whole = s.substr(0, separator);
    if (whole.empty() || !std::all_of(whole.begin(), whole.end(), is_digit)) {
        return false;
    }
    if (separator == std::string_view::npos) {
        return true;
    }
    const auto fraction = s.substr(separator + 1);
    return !fraction.empty() && std::all_of(fraction.begin(), fraction.end(), is_digit);
}

bool has_points(std::string_view vote_type) {
    return vote_type == "cumulative" || vote_type == "scoring";
}

// ---- Rules shared by the writer and the parser, so both refuse the same things. ----

/** A first cell that pabutools would take for a section header, or an empty one. */
problem check_first_cell(std::string_view what, std::string_view value) {
    if (value.empty()) {
        return std::string(what) + " must not be empty";
    }
    if (section_of(value)) {
        return std::string(what) + " " + quote(value) + " would be read as a section header";
    }
    return std::nullopt;
}

problem check_project_id(std::string_view id) {
    if (auto p = check_first_cell("project_id", id)) {
        return p;
    }
    if (id.find(',') != std::string_view::npos) {
        // Ballots list project ids separated by ',': such an id could never be voted for.
        return "project_id " + quote(id) + " must not contain ','";
    }
    return std::nullopt;
}

problem check_vote_type(std::string_view vote_type) {
    if (!contains(vote_types, vote_type)) {
        return "unknown vote_type " + quote(vote_type) +
               "; expected approval, ordinal, cumulative, choose-1 or scoring";
    }
    return std::nullopt;
}

problem check_budget(std::string_view budget) {
    if (!is_decimal(budget)) {
        return "budget must be a number, found " + quote(budget);
    }
    return std::nullopt;
}

problem check_selected(std::string_view project_id, int selected) {
    if (selected < 0 || selected > 3) {
        return "selected of project " + quote(project_id) + " must be 0, 1, 2 or 3, found " +
               std::to_string(selected);
    }
    return std::nullopt;
}

template <std::size_t N>
problem check_extra_column(std::string_view name,
                           const std::array<std::string_view, N>& standard_columns) {
    if (name.empty()) {
        return "extra column names must not be empty";
    }
    if (contains(standard_columns, name)) {
        return "extra column " + quote(name) + " clashes with a standard column";
    }
    return std::nullopt;
}

using id_set = std::set<std::string, std::less<>>;

/** A ballot names known projects, each at most once, with points where the vote_type has them. */
problem check_ballot(const pabulib_vote& v, std::string_view vote_type, const id_set& projects) {
    const auto who = "ballot of voter " + quote(v.voter_id);
    std::set<std::string_view> seen;
    for (const auto& id : v.vote) {
        if (id.empty()) {
            return who + " has an empty entry";
        }
        if (!projects.contains(id)) {
            return who + " names unknown project " + quote(id);
        }
        if (!seen.insert(id).second) {
            return who + " names project " + quote(id) + " twice";
        }
    }
    if (vote_type == "choose-1" && v.vote.size() > 1) {
        return who + " names more than one project, but vote_type is choose-1";
    }
    if (has_points(vote_type)) {
        if (v.points.size() != v.vote.size()) {
            return who + " has " + std::to_string(v.points.size()) + " points for " +
                   std::to_string(v.vote.size()) + " projects";
        }
    } else if (!v.points.empty()) {
        return who + " has points, but vote_type " + std::string(vote_type) + " has none";
    }
    return std::nullopt;
}

// ---- Writing ----

/**
 * A string as a cell can hold it: pabutools splits lines before parsing cells (so a quoted line
 * break would split the row) and trims every cell, so we do both here and the text reads back
 * as written. CRLF becomes one space.
 */
std::string clean(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        const auto next = [&](std::size_t k) {
            return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
        };
        if (c == '\r' && next(1) == '\n') {
            out += ' ';
            ++i;
        } else if (c < 0x20 && c != '\t') {
            out += ' ';
        } else if (c == 0xC2 && next(1) == 0x85) {  // U+0085 NEXT LINE
            out += ' ';
            ++i;
        } else if (c == 0xE2 && next(1) == 0x80 && (next(2) == 0xA8 || next(2) == 0xA9)) {
            out += ' ';  // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR
            i += 2;
        } else {
            out += s[i];
        }
    }
    return trim(out);
}

check clean_extra(const std::map<std::string, std::string>& in,
                  std::map<std::string, std::string>& out, std::string_view field,
                  std::string_view owner) {
    for (const auto& [key, value] : in) {
        if (!out.emplace(clean(key), clean(value)).second) {
            return invalid_value(std::string(field), std::string(owner) + " has column " +
                                                         quote(clean(key)) +
                                                         " twice once names are trimmed");
        }
    }
    return std::nullopt;
}

/** Checks META `key` against `count`, or inserts it after `after` (or at the end). */
check fill_count(pabulib_file& f, std::string_view key, std::size_t count, std::string_view after,
                 std::string_view rows) {
    const auto is_key = [&](std::string_view k) {
        return [k](const auto& entry) { return entry.first == k; };
    };
    const auto it = std::find_if(f.meta.begin(), f.meta.end(), is_key(key));
    if (it != f.meta.end()) {
        const auto value = parse_whole(it->second, false);
        if (!value || static_cast<std::uint64_t>(*value) != count) {
            return invalid_value("meta." + std::string(key),
                                 std::string(key) + " is " + quote(it->second) + " but there are " +
                                     std::to_string(count) + " " + std::string(rows));
        }
        return std::nullopt;
    }
    auto where = std::find_if(f.meta.begin(), f.meta.end(), is_key(after));
    where = where == f.meta.end() ? where : std::next(where);
    f.meta.emplace(where, std::string(key), std::to_string(count));
    return std::nullopt;
}

check validate_meta(const pabulib_file& f) {
    std::set<std::string_view> keys;
    for (const auto& [key, value] : f.meta) {
        if (auto p = check_first_cell("META key", key)) {
            return invalid_value("meta", *p);
        }
        if (!keys.insert(key).second) {
            return invalid_value("meta." + key, "META key " + quote(key) + " appears twice");
        }
    }
    for (const auto key : pabulib_required_meta()) {
        const auto* value = find_meta(f, key);
        if (value == nullptr || value->empty()) {
            return invalid_value("meta." + std::string(key),
                                 "META must have a value for " + quote(key));
        }
    }
    if (auto p = check_vote_type(*find_meta(f, "vote_type"))) {
        return invalid_value("meta.vote_type", *p);
    }
    if (auto p = check_budget(*find_meta(f, "budget"))) {
        return invalid_value("meta.budget", *p);
    }
    return std::nullopt;
}

check validate_rows(const pabulib_file& f, id_set& project_ids) {
    for (const auto& p : f.projects) {
        if (auto problem = check_project_id(p.project_id)) {
            return invalid_value("projects", *problem);
        }
        if (!project_ids.insert(p.project_id).second) {
            return invalid_value("projects",
                                 "project_id " + quote(p.project_id) + " appears twice");
        }
        const auto who = "project " + quote(p.project_id);
        if (p.cost < 0) {
            return invalid_value("projects", "cost of " + who + " must not be negative");
        }
        if (p.votes && *p.votes < 0) {
            return invalid_value("projects", "votes of " + who + " must not be negative");
        }
        if (p.selected) {
            if (auto problem = check_selected(p.project_id, *p.selected)) {
                return invalid_value("projects", *problem);
            }
        }
        for (const auto& [name, value] : p.extra) {
            if (auto problem = check_extra_column(name, project_columns)) {
                return invalid_value("projects", *problem);
            }
        }
    }
    const auto& vote_type = *find_meta(f, "vote_type");
    id_set voter_ids;
    for (const auto& v : f.votes) {
        if (auto problem = check_first_cell("voter_id", v.voter_id)) {
            return invalid_value("votes", *problem);
        }
        if (!voter_ids.insert(v.voter_id).second) {
            return invalid_value("votes", "voter_id " + quote(v.voter_id) + " appears twice");
        }
        if (auto problem = check_ballot(v, vote_type, project_ids)) {
            return invalid_value("votes", *problem);
        }
        for (const auto& [name, value] : v.extra) {
            if (auto problem = check_extra_column(name, vote_columns)) {
                return invalid_value("votes", *problem);
            }
        }
    }
    return std::nullopt;
}

/** `in` cleaned, with counts filled in and every rule checked: what `write_pabulib` writes. */
std::variant<pabulib_file, rule_error> prepare(const pabulib_file& in) {
    pabulib_file f;
    for (const auto& [key, value] : in.meta) {
        f.meta.emplace_back(clean(key), clean(value));
    }
    for (const auto& p : in.projects) {
        pabulib_project q{clean(p.project_id), p.cost, p.votes, clean(p.name), p.selected, {}};
        if (auto e = clean_extra(p.extra, q.extra, "projects", "project " + quote(q.project_id))) {
            return *e;
        }
        f.projects.push_back(std::move(q));
    }
    for (const auto& v : in.votes) {
        pabulib_vote w{clean(v.voter_id), {}, v.points, {}};
        for (const auto& id : v.vote) {
            w.vote.push_back(clean(id));
        }
        if (auto e = clean_extra(v.extra, w.extra, "votes", "voter " + quote(w.voter_id))) {
            return *e;
        }
        f.votes.push_back(std::move(w));
    }
    if (auto e = fill_count(f, "num_projects", f.projects.size(), "instance", "projects")) {
        return *e;
    }
    if (auto e = fill_count(f, "num_votes", f.votes.size(), "num_projects", "votes")) {
        return *e;
    }
    if (auto e = validate_meta(f)) {
        return *e;
    }
    id_set project_ids;
    if (auto e = validate_rows(f, project_ids)) {
        return *e;
    }
    return f;
}

/** Quotes like Python's csv.writer with QUOTE_MINIMAL: only when the cell needs it. */
void append_cell(std::string& out, std::string_view cell) {
    if (cell.find_first_of(";\"\r\n") == std::string_view::npos) {
        out += cell;
        return;
    }
    out += '"';
    for (const char c : cell) {
        if (c == '"') {
            out += '"';
        }
        out += c;
    }
    out += '"';
}

void append_row(std::string& out, const std::vector<std::string>& cells) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i > 0) {
            out += ';';
        }
        append_cell(out, cells[i]);
    }
    out += '\n';
}

template <class T>
std::string join(const std::vector<T>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) {
            out += ',';
        }
        if constexpr (std::is_same_v<T, std::string>) {
            out += items[i];
        } else {
            out += std::to_string(items[i]);
        }
    }
    return out;
}

/**
 * The extra columns some row has, in the order pabulib lists its known columns (the checker
 * reports other orders), then the unknown ones by name.
 */
template <class Row, std::size_t N>
std::vector<std::string> extra_columns(const std::vector<Row>& rows,
                                       const std::array<std::string_view, N>& known_order) {
    std::set<std::string> names;
    for (const auto& row : rows) {
        for (const auto& [name, value] : row.extra) {
            names.insert(name);
        }
    }
    std::vector<std::string> out;
    for (const auto known : known_order) {
        if (const auto it = names.find(std::string(known)); it != names.end()) {
            out.push_back(*it);
            names.erase(it);
        }
    }
    out.insert(out.end(), names.begin(), names.end());
    return out;
}

/** Where an extra project column goes: 0 before `name`, 1 before `selected`, 2 after it. */
int slot_of(std::string_view column) {
    if (column == "score") {
        return 0;
    }
    return column == "category" || column == "beneficiaries" ? 1 : 2;
}

// pabulib's order of the columns it knows (pabulib/checker, fields.py), after the id columns.
constexpr std::array<std::string_view, 13> project_extra_order{
    "score",     "category",    "beneficiaries", "neighborhood", "subunit",
    "district",  "description", "proposer",      "public_id",    "latitude",
    "longitude", "categories",  "target"};
constexpr std::array<std::string_view, 6> vote_extra_order{
    "age", "sex", "voting_method", "district", "neighborhood", "education"};

std::string extra_cell(const std::map<std::string, std::string>& extra, const std::string& name) {
    const auto it = extra.find(name);
    return it == extra.end() ? "None" : it->second;
}

std::string format(const pabulib_file& f) {
    std::string out = "META\nkey;value\n";
    for (const auto& [key, value] : f.meta) {
        append_row(out, {key, value});
    }

    const bool with_votes = std::any_of(f.projects.begin(), f.projects.end(),
                                        [](const auto& p) { return p.votes.has_value(); });
    const bool with_selected = std::any_of(f.projects.begin(), f.projects.end(),
                                           [](const auto& p) { return p.selected.has_value(); });
    const auto project_extras = extra_columns(f.projects, project_extra_order);
    std::vector<std::string> header{"project_id", "cost"};
    if (with_votes) {
        header.emplace_back("votes");
    }
    const auto extras_in = [&](int slot, const std::function<void(const std::string&)>& add) {
        for (const auto& name : project_extras) {
            if (slot_of(name) == slot) {
                add(name);
            }
        }
    };
    const auto add_name = [&](const std::string& name) { header.push_back(name); };
    extras_in(0, add_name);
    header.emplace_back("name");
    extras_in(1, add_name);
    if (with_selected) {
        header.emplace_back("selected");
    }
    extras_in(2, add_name);
    out += "PROJECTS\n";
    append_row(out, header);
    for (const auto& p : f.projects) {
        std::vector<std::string> row{p.project_id, std::to_string(p.cost)};
        if (with_votes) {
            row.push_back(p.votes ? std::to_string(*p.votes) : "None");
        }
        const auto add_cell = [&](const std::string& name) {
            row.push_back(extra_cell(p.extra, name));
        };
        extras_in(0, add_cell);
        row.push_back(p.name);
        extras_in(1, add_cell);
        if (with_selected) {
            row.push_back(p.selected ? std::to_string(*p.selected) : "None");
        }
        extras_in(2, add_cell);
        append_row(out, row);
    }

    const bool with_points = has_points(*find_meta(f, "vote_type"));
    const auto vote_extras = extra_columns(f.votes, vote_extra_order);
    header = {"voter_id", "vote"};
    if (with_points) {
        header.emplace_back("points");
    }
    header.insert(header.end(), vote_extras.begin(), vote_extras.end());
    out += "VOTES\n";
    append_row(out, header);
    for (const auto& v : f.votes) {
        std::vector<std::string> row{v.voter_id, join(v.vote)};
        if (with_points) {
            row.push_back(join(v.points));
        }
        for (const auto& name : vote_extras) {
            row.push_back(extra_cell(v.extra, name));
        }
        append_row(out, row);
    }
    return out;
}

// ---- Reading ----

/** Splits text into lines at "\n", "\r\n" or a lone "\r", and counts them. */
class line_reader {
  public:
    explicit line_reader(std::string_view text) : text_(text) {}

    bool next(std::string_view& line) {
        if (pos_ >= text_.size()) {
            return false;
        }
        const auto end = text_.find_first_of("\r\n", pos_);
        if (end == std::string_view::npos) {
            line = text_.substr(pos_);
            pos_ = text_.size();
        } else {
            line = text_.substr(pos_, end - pos_);
            pos_ = end + 1;
            if (text_[end] == '\r' && pos_ < text_.size() && text_[pos_] == '\n') {
                ++pos_;
            }
        }
        ++number_;
        return true;
    }

    std::size_t number() const { return number_; }

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t number_ = 0;
};

/**
 * The trimmed cells of one line, read as Python's csv module reads them with delimiter ';': a
 * cell that starts with '"' is quoted and "" inside it is one quote; a '"' elsewhere is an
 * ordinary character. Unlike Python we refuse text after a closing quote, and a quote left open
 * at the end of the line (pabutools could not read a cell spanning lines either).
 */
std::variant<std::vector<std::string>, std::string> split_cells(std::string_view line) {
    std::vector<std::string> cells;
    std::size_t i = 0;
    while (true) {
        std::string cell;
        if (i < line.size() && line[i] == '"') {
            ++i;
            bool closed = false;
            while (i < line.size()) {
                if (line[i] == '"') {
                    if (i + 1 < line.size() && line[i + 1] == '"') {
                        cell += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    closed = true;
                    break;
                }
                cell += line[i++];
            }
            if (!closed) {
                return std::string("unterminated quoted field");
            }
            while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) {
                ++i;
            }
            if (i < line.size() && line[i] != ';') {
                return std::string("unexpected text after a closing quote");
            }
        } else {
            const auto stop = std::min(line.find(';', i), line.size());
            cell.assign(line.substr(i, stop - i));
            i = stop;
        }
        cells.push_back(trim(cell));
        if (i >= line.size()) {
            break;
        }
        ++i;  // the ';'
    }
    return cells;
}

/** Comma-separated entries, trimmed; an empty cell or "None" is an empty list. */
std::vector<std::string> split_list(std::string_view cell) {
    std::vector<std::string> items;
    if (cell.empty() || is_none(cell)) {
        return items;
    }
    std::size_t start = 0;
    while (true) {
        const auto comma = cell.find(',', start);
        items.push_back(trim(cell.substr(start, comma - start)));
        if (comma == std::string_view::npos) {
            break;
        }
        start = comma + 1;
    }
    return items;
}

/** Reads a whole text; one instance per text. */
class pabulib_reader {
  public:
    std::variant<pabulib_file, pabulib_parse_error> read(std::string_view text) {
        constexpr std::string_view bom = "\xEF\xBB\xBF";
        if (text.starts_with(bom)) {
            text.remove_prefix(bom.size());
        }
        line_reader lines(text);
        std::string_view raw;
        while (lines.next(raw)) {
            auto split = split_cells(raw);
            if (const auto* message = std::get_if<std::string>(&split)) {
                return pabulib_parse_error{lines.number(), *message};
            }
            const auto& cells = std::get<std::vector<std::string>>(split);
            if (cells.size() == 1 && cells.front().empty()) {
                continue;  // blank line
            }
            if (auto e = on_row(cells, lines.number())) {
                return *e;
            }
        }
        if (auto e = finish(std::max<std::size_t>(lines.number(), 1))) {
            return *e;
        }
        return std::move(file_);
    }

  private:
    using result = std::optional<pabulib_parse_error>;

    static result fail(std::size_t line, std::string message) {
        return pabulib_parse_error{line, std::move(message)};
    }

    result on_row(const std::vector<std::string>& cells, std::size_t line) {
        if (const auto next = section_of(cells.front())) {
            if (need_header_) {
                return fail(line, std::string(name_of(section_)) + " section has no header line");
            }
            return on_marker(*next, line);
        }
        if (need_header_) {
            need_header_ = false;
            return on_header(cells, line);
        }
        switch (section_) {
            case section::none:
                return fail(line, "expected the META section first");
            case section::meta:
                return on_meta_row(cells, line);
            case section::projects:
                return on_project_row(cells, line);
            case section::votes:
                return on_vote_row(cells, line);
        }
        return std::nullopt;
    }

    static std::optional<section> after(section s) {
        switch (s) {
            case section::none:
                return section::meta;
            case section::meta:
                return section::projects;
            case section::projects:
                return section::votes;
            case section::votes:
                break;
        }
        return std::nullopt;
    }

    result on_marker(section next, std::size_t line) {
        const auto expected = after(section_);
        if (!expected) {
            return fail(line, "unexpected " + std::string(name_of(next)) + " after VOTES");
        }
        if (next != *expected) {
            return fail(line, "expected " + std::string(name_of(*expected)) + " section, found " +
                                  std::string(name_of(next)));
        }
        if (next == section::meta) {
            meta_line_ = line;
        } else if (next == section::projects) {
            if (auto e = end_of_meta()) {
                return e;
            }
        } else if (auto e = check_count("num_projects", file_.projects.size(), "PROJECTS")) {
            return e;
        }
        section_ = next;
        need_header_ = true;
        return std::nullopt;
    }

    result finish(std::size_t last_line) {
        if (need_header_) {
            return fail(last_line, std::string(name_of(section_)) + " section has no header line");
        }
        if (const auto expected = after(section_)) {
            return fail(last_line, "missing " + std::string(name_of(*expected)) + " section");
        }
        return check_count("num_votes", file_.votes.size(), "VOTES");
    }

    /** The META rows are complete: the keys the rows need must be there and make sense. */
    result end_of_meta() {
        for (const auto key : meta_required_to_read) {
            if (find_meta(file_, key) == nullptr) {
                return fail(meta_line_, "META lacks the required key " + quote(key));
            }
        }
        vote_type_ = *find_meta(file_, "vote_type");
        if (auto p = check_vote_type(vote_type_)) {
            return fail(meta_lines_.at("vote_type"), *p);
        }
        if (auto p = check_budget(*find_meta(file_, "budget"))) {
            return fail(meta_lines_.at("budget"), *p);
        }
        for (const std::string key : {"num_projects", "num_votes"}) {
            const auto& value = *find_meta(file_, key);
            if (!parse_whole(value, false)) {
                return fail(meta_lines_.at(key),
                            key + " must be a whole number, found " + quote(value));
            }
        }
        return std::nullopt;
    }

    result check_count(const std::string& key, std::size_t rows, std::string_view section_name) {
        const auto& value = *find_meta(file_, key);
        if (static_cast<std::uint64_t>(*parse_whole(value, false)) != rows) {
            return fail(meta_lines_.at(key), key + " is " + value + " but " +
                                                 std::string(section_name) + " has " +
                                                 std::to_string(rows) + " rows");
        }
        return std::nullopt;
    }

    result on_header(const std::vector<std::string>& cells, std::size_t line) {
        std::set<std::string_view> seen;
        for (const auto& name : cells) {
            if (name.empty()) {
                return fail(line, "empty column name");
            }
            if (!seen.insert(name).second) {
                return fail(line, "column " + quote(name) + " appears twice");
            }
        }
        columns_ = cells.size();
        extra_.clear();
        switch (section_) {
            case section::meta:
                if (cells.size() != 2 || lower_ascii(cells[0]) != "key" ||
                    lower_ascii(cells[1]) != "value") {
                    return fail(line, "the META header must be 'key;value'");
                }
                return std::nullopt;
            case section::projects:
                return on_projects_header(cells, line);
            case section::votes:
                return on_votes_header(cells, line);
            case section::none:
                break;
        }
        return std::nullopt;
    }

    static std::optional<std::size_t> index_of(const std::vector<std::string>& cells,
                                               std::string_view name) {
        const auto it = std::find(cells.begin(), cells.end(), name);
        return it == cells.end() ? std::nullopt : std::optional<std::size_t>(it - cells.begin());
    }

    template <std::size_t N>
    void collect_extra(const std::vector<std::string>& cells,
                       const std::array<std::string_view, N>& standard_columns) {
        for (std::size_t i = 1; i < cells.size(); ++i) {
            if (!contains(standard_columns, cells[i])) {
                extra_.emplace_back(i, cells[i]);
            }
        }
    }

    result on_projects_header(const std::vector<std::string>& cells, std::size_t line) {
        // pabutools takes the first cell as the project id whatever the header says.
        if (cells[0] != "project_id") {
            return fail(line, "the PROJECTS header must start with project_id");
        }
        const auto cost = index_of(cells, "cost");
        if (!cost) {
            return fail(line, "the PROJECTS header lacks the cost column");
        }
        cost_ = *cost;
        votes_ = index_of(cells, "votes");
        name_ = index_of(cells, "name");
        selected_ = index_of(cells, "selected");
        collect_extra(cells, project_columns);
        return std::nullopt;
    }

    result on_votes_header(const std::vector<std::string>& cells, std::size_t line) {
        if (cells[0] != "voter_id") {
            return fail(line, "the VOTES header must start with voter_id");
        }
        const auto vote = index_of(cells, "vote");
        if (!vote) {
            return fail(line, "the VOTES header lacks the vote column");
        }
        vote_ = *vote;
        points_ = index_of(cells, "points");
        collect_extra(cells, vote_columns);
        return std::nullopt;
    }

    result check_field_count(const std::vector<std::string>& cells, std::size_t line) const {
        if (cells.size() != columns_) {
            return fail(line, "expected " + std::to_string(columns_) +
                                  " fields as in the header, found " +
                                  std::to_string(cells.size()));
        }
        return std::nullopt;
    }

    result on_meta_row(const std::vector<std::string>& cells, std::size_t line) {
        if (auto e = check_field_count(cells, line)) {
            return e;
        }
        const auto& key = cells[0];
        if (key.empty()) {
            return fail(line, "empty META key");
        }
        if (!meta_lines_.emplace(key, line).second) {
            return fail(line, "META key " + quote(key) + " appears twice");
        }
        file_.meta.emplace_back(key, cells[1]);
        return std::nullopt;
    }

    /** An optional count: an empty cell or "None" is no value. */
    static result read_optional(const std::string& cell, std::optional<std::int64_t>& out,
                                std::size_t line, const std::string& what) {
        if (cell.empty() || is_none(cell)) {
            return std::nullopt;
        }
        out = parse_whole(cell, false);
        if (!out) {
            return fail(line, what + " must be a whole number, found " + quote(cell));
        }
        return std::nullopt;
    }

    void read_extra(const std::vector<std::string>& cells,
                    std::map<std::string, std::string>& out) const {
        for (const auto& [index, name] : extra_) {
            if (!is_none(cells[index])) {
                out.emplace(name, cells[index]);
            }
        }
    }

    result on_project_row(const std::vector<std::string>& cells, std::size_t line) {
        if (auto e = check_field_count(cells, line)) {
            return e;
        }
        pabulib_project p;
        p.project_id = cells[0];
        if (auto problem = check_project_id(p.project_id)) {
            return fail(line, *problem);
        }
        if (!project_ids_.insert(p.project_id).second) {
            return fail(line, "project_id " + quote(p.project_id) + " appears twice");
        }
        const auto who = " of project " + quote(p.project_id);
        const auto cost = parse_whole(cells[cost_], false);
        if (!cost) {
            return fail(line,
                        "cost" + who + " must be a whole number, found " + quote(cells[cost_]));
        }
        p.cost = *cost;
        if (votes_) {
            if (auto e = read_optional(cells[*votes_], p.votes, line, "votes" + who)) {
                return e;
            }
        }
        if (name_) {
            p.name = cells[*name_];
        }
        if (selected_) {
            std::optional<std::int64_t> selected;
            if (auto e = read_optional(cells[*selected_], selected, line, "selected" + who)) {
                return e;
            }
            if (selected) {
                // Clamp only to report the value; check_selected refuses anything above 3.
                p.selected = static_cast<int>(std::min<std::int64_t>(*selected, 1000));
                if (auto problem = check_selected(p.project_id, *p.selected)) {
                    return fail(line, *problem);
                }
            }
        }
        read_extra(cells, p.extra);
        file_.projects.push_back(std::move(p));
        return std::nullopt;
    }

    result on_vote_row(const std::vector<std::string>& cells, std::size_t line) {
        if (auto e = check_field_count(cells, line)) {
            return e;
        }
        pabulib_vote v;
        v.voter_id = cells[0];
        if (auto problem = check_first_cell("voter_id", v.voter_id)) {
            return fail(line, *problem);
        }
        if (!voter_ids_.insert(v.voter_id).second) {
            return fail(line, "voter_id " + quote(v.voter_id) + " appears twice");
        }
        v.vote = split_list(cells[vote_]);
        if (points_) {
            for (const auto& item : split_list(cells[*points_])) {
                const auto points = parse_whole(item, true);
                if (!points) {
                    return fail(line, "points of voter " + quote(v.voter_id) +
                                          " must be whole numbers, found " + quote(item));
                }
                v.points.push_back(*points);
            }
        }
        if (auto problem = check_ballot(v, vote_type_, project_ids_)) {
            return fail(line, *problem);
        }
        read_extra(cells, v.extra);
        file_.votes.push_back(std::move(v));
        return std::nullopt;
    }

    pabulib_file file_;
    section section_ = section::none;
    bool need_header_ = false;
    std::size_t meta_line_ = 0;  // where META starts, for keys that are missing
    std::map<std::string, std::size_t, std::less<>> meta_lines_;
    std::string vote_type_;
    id_set project_ids_;
    id_set voter_ids_;
    // The current section's header: its width and where each column is.
    std::size_t columns_ = 0;
    std::size_t cost_ = 0;
    std::optional<std::size_t> votes_;
    std::optional<std::size_t> name_;
    std::optional<std::size_t> selected_;
    std::size_t vote_ = 0;
    std::optional<std::size_t> points_;
    std::vector<std::pair<std::size_t, std::string>> extra_;
};

}  // namespace

const std::vector<std::string_view>& pabulib_required_meta() {
    static const std::vector<std::string_view> keys{
        "description", "country",   "unit", "instance",   "num_projects", "num_votes",
        "budget",      "vote_type", "rule", "date_begin", "date_end"};
    return keys;
}

const std::string* find_meta(const pabulib_file& f, std::string_view key) {
    const auto it = std::find_if(f.meta.begin(), f.meta.end(),
                                 [key](const auto& entry) { return entry.first == key; });
    return it == f.meta.end() ? nullptr : &it->second;
}

check check_pabulib(const pabulib_file& f) {
    auto prepared = prepare(f);
    if (auto* error = std::get_if<rule_error>(&prepared)) {
        return std::move(*error);
    }
    return std::nullopt;
}

std::variant<std::string, rule_error> write_pabulib(const pabulib_file& f) {
    auto prepared = prepare(f);
    if (auto* error = std::get_if<rule_error>(&prepared)) {
        return std::move(*error);
    }
    return format(std::get<pabulib_file>(prepared));
}

std::variant<pabulib_file, pabulib_parse_error> parse_pabulib(std::string_view text) {
    return pabulib_reader{}.read(text);
}

}  // namespace traffpunkt::pb
