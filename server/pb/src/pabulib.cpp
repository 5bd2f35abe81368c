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

#include "python_csv_reader.hpp"
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

std::int64_t power_of_ten(int n) {
    std::int64_t p = 1;
    for (int i = 0; i < n; ++i) {
        p *= 10;
    }
    return p;
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
            // Ordinal files may carry points beside the ranking; they are kept as read.
            if (name == "points" && !has_points(vote_type)) {
                continue;
            }
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
    if (in.decimals < 0 || in.decimals > 2) {
        return invalid_value("decimals", "amounts have 0, 1 or 2 decimals");
    }
    f.decimals = in.decimals;
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

/** An amount in units of 10^-decimals as pabulib writes it: "1234", "1234.5", "0.05". */
std::string amount_text(std::int64_t v, int decimals) {
    if (decimals == 0) {
        return std::to_string(v);
    }
    const auto unit = power_of_ten(decimals);
    std::string fraction = std::to_string(v % unit);
    fraction.insert(0, static_cast<std::size_t>(decimals) - fraction.size(), '0');
    while (!fraction.empty() && fraction.back() == '0') {
        fraction.pop_back();
    }
    return std::to_string(v / unit) + (fraction.empty() ? "" : "." + fraction);
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
        std::vector<std::string> row{p.project_id, amount_text(p.cost, f.decimals)};
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

/**
 * An amount of money as pabutools reads it (`str_as_frac(text.replace(",", "."))`), in
 * hundredths: digits with an optional fraction after one '.' or ',' ("8000,0", "1234.5", "5.",
 * ".5"), an optional '+'. More than two decimals that are not zeros, signs, exponents and
 * fractions "p/q" are refused: money has cents at most, and we count exactly.
 */
std::optional<std::int64_t> parse_hundredths(std::string_view s) {
    if (!s.empty() && s.front() == '+') {
        s.remove_prefix(1);
    }
    const auto separator = s.find_first_of(".,");
    auto whole = s.substr(0, separator);
    auto fraction =
        separator == std::string_view::npos ? std::string_view{} : s.substr(separator + 1);
    const auto digits = [](std::string_view d) {
        return std::all_of(d.begin(), d.end(), [](char c) { return c >= '0' && c <= '9'; });
    };
    if ((whole.empty() && fraction.empty()) || !digits(whole) || !digits(fraction)) {
        return std::nullopt;
    }
    while (fraction.size() > 2 && fraction.back() == '0') {
        fraction.remove_suffix(1);
    }
    if (fraction.size() > 2) {
        return std::nullopt;
    }
    while (whole.size() > 1 && whole.front() == '0') {
        whole.remove_prefix(1);
    }
    if (whole.size() > 16) {
        return std::nullopt;  // beyond any budget we count (10^14 in hundredths)
    }
    std::int64_t value = 0;
    for (const char c : whole) {
        value = value * 10 + (c - '0');
    }
    for (std::size_t i = 0; i < 2; ++i) {
        value = value * 10 + (i < fraction.size() ? fraction[i] - '0' : 0);
    }
    return value;
}

/** Decimal places `hundredths` needs: 0, 1 or 2. */
int decimals_of(std::int64_t hundredths) {
    if (hundredths % 100 == 0) {
        return 0;
    }
    return hundredths % 10 == 0 ? 1 : 2;
}

/** Reads a whole text, as pabutools reads it, into a pabulib_file; one instance per text. */
class pabulib_reader {
  public:
    std::variant<pabulib_file, pabulib_parse_error> read(std::string_view text) {
        constexpr std::string_view bom = "\xEF\xBB\xBF";
        if (text.starts_with(bom)) {
            text.remove_prefix(bom.size());
        }
        if (!domain::is_valid_utf8(text)) {
            return pabulib_parse_error{invalid_utf8_line(text), "the text is not valid UTF-8"};
        }
        pb_detail::python_csv_reader rows(text);
        try {
            while (auto r = rows.next()) {
                if (auto e = on_row(*r, rows)) {
                    return *e;
                }
            }
        } catch (const std::runtime_error& e) {
            return pabulib_parse_error{rows.error_line(), e.what()};
        }
        if (auto e = finish(std::max<std::size_t>(rows.lines_read(), 1))) {
            return *e;
        }
        return std::move(file_);
    }

  private:
    using result = std::optional<pabulib_parse_error>;
    using row = pb_detail::python_csv_reader::row;

    static result fail(std::size_t line, std::string message) {
        return pabulib_parse_error{line, std::move(message)};
    }

    void notice(std::size_t line, std::string message) {
        file_.notices.push_back({line, std::move(message)});
    }

    /** The line of the first byte that is not UTF-8 (counting "\n" only: a rough guide). */
    static std::size_t invalid_utf8_line(std::string_view text) {
        std::size_t line = 1;
        std::size_t start = 0;
        while (start <= text.size()) {
            const auto end = std::min(text.find('\n', start), text.size());
            if (!domain::is_valid_utf8(text.substr(start, end - start))) {
                return line;
            }
            start = end + 1;
            ++line;
        }
        return line;
    }

    result on_row(const row& r, pb_detail::python_csv_reader& rows) {
        // pabutools skips a row of no cells and a row of one blank cell.
        if (r.cells.empty() ||
            (r.cells.size() == 1 && pb_detail::python_strip(r.cells[0]).empty())) {
            return std::nullopt;
        }
        if (const auto next = section_of(pb_detail::python_strip(r.cells.front()))) {
            if (auto e = on_marker(*next, r.line)) {
                return e;
            }
            // pabutools takes the very next row as the header, whatever it is.
            auto header = rows.next();
            if (!header || header->cells.empty() ||
                (header->cells.size() == 1 && pb_detail::python_strip(header->cells[0]).empty()) ||
                section_of(pb_detail::python_strip(header->cells[0]))) {
                return fail(header ? header->line : r.line,
                            std::string(name_of(section_)) + " section has no header line");
            }
            return on_header(*header);
        }
        switch (section_) {
            case section::none:
                return fail(r.line, "expected the META section first");
            case section::meta:
                return on_meta_row(r);
            case section::projects:
                return on_project_row(r);
            case section::votes:
                return on_vote_row(r);
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
        } else {
            check_count("num_projects", file_.projects.size(), "PROJECTS");
        }
        section_ = next;
        return std::nullopt;
    }

    result finish(std::size_t last_line) {
        if (const auto expected = after(section_)) {
            return fail(last_line, "missing " + std::string(name_of(*expected)) + " section");
        }
        check_count("num_votes", file_.votes.size(), "VOTES");
        return scale_money();
    }

    /** The META rows are complete: the keys the rows need must be there and make sense. */
    result end_of_meta() {
        for (const std::string key : {"budget", "vote_type"}) {
            if (find_meta(file_, key) == nullptr) {
                return fail(meta_line_, "META lacks the required key " + quote(key));
            }
        }
        vote_type_ = *find_meta(file_, "vote_type");
        if (auto p = check_vote_type(vote_type_)) {
            return fail(meta_lines_.at("vote_type"), *p);
        }
        const auto& budget = *find_meta(file_, "budget");
        const auto hundredths = parse_hundredths(budget);
        if (!hundredths) {
            return fail(
                meta_lines_.at("budget"),
                "budget must be an amount with at most two decimals, found " + quote(budget));
        }
        budget_ = *hundredths;
        return std::nullopt;
    }

    /** num_projects / num_votes that differ from the rows: pabutools reads on, and so do we. */
    void check_count(const std::string& key, std::size_t rows, std::string_view section_name) {
        const auto* value = find_meta(file_, key);
        if (value == nullptr) {
            return;
        }
        const auto n = parse_whole(*value, false);
        if (!n || static_cast<std::uint64_t>(*n) != rows) {
            notice(meta_lines_.at(key), key + " is " + quote(*value) + " but " +
                                            std::string(section_name) + " has " +
                                            std::to_string(rows) + " rows");
        }
    }

    /** Costs were read in hundredths; they become the file's own smallest unit. */
    result scale_money() {
        int decimals = decimals_of(budget_);
        for (const auto& p : file_.projects) {
            decimals = std::max(decimals, decimals_of(p.cost));
        }
        const auto divisor = power_of_ten(2 - decimals);
        for (auto& p : file_.projects) {
            p.cost /= divisor;
        }
        file_.decimals = decimals;
        return std::nullopt;
    }

    result on_header(const row& header) {
        std::vector<std::string> names;
        std::set<std::string, std::less<>> seen;
        for (const auto& raw : header.cells) {
            auto name = pb_detail::python_strip(raw);
            if (name.empty()) {
                return fail(header.line, "empty column name");
            }
            if (!seen.insert(name).second) {
                return fail(header.line, "column " + quote(name) + " appears twice");
            }
            names.push_back(std::move(name));
        }
        columns_ = names;
        extra_.clear();
        switch (section_) {
            case section::meta:
                if (names.size() != 2 || lower_ascii(names[0]) != "key" ||
                    lower_ascii(names[1]) != "value") {
                    // pabutools takes this row for the header: its values are not read.
                    notice(header.line,
                           "the META header should be 'key;value'; this row is read "
                           "as the header (as pabutools does), not as a key");
                }
                return std::nullopt;
            case section::projects:
                return on_projects_header(header.line);
            case section::votes:
                return on_votes_header(header.line);
            case section::none:
                break;
        }
        return std::nullopt;
    }

    std::optional<std::size_t> index_of(std::string_view name) const {
        const auto it = std::find(columns_.begin(), columns_.end(), name);
        return it == columns_.end() ? std::nullopt
                                    : std::optional<std::size_t>(it - columns_.begin());
    }

    template <std::size_t N>
    void collect_extra(const std::array<std::string_view, N>& standard_columns) {
        for (std::size_t i = 1; i < columns_.size(); ++i) {
            if (!contains(standard_columns, columns_[i]) ||
                (columns_[i] == "points" && !has_points(vote_type_))) {
                extra_.emplace_back(i, columns_[i]);
            }
        }
    }

    result on_projects_header(std::size_t line) {
        // pabutools takes the first cell as the project id whatever the header calls it.
        if (columns_[0] != "project_id") {
            notice(line, "the first PROJECTS column is " + quote(columns_[0]) +
                             "; it is read as the project id");
        }
        const auto cost = index_of("cost");
        if (!cost) {
            return fail(line, "the PROJECTS header lacks the cost column");
        }
        cost_ = *cost;
        votes_ = index_of("votes");
        name_ = index_of("name");
        selected_ = index_of("selected");
        collect_extra(project_columns);
        return std::nullopt;
    }

    result on_votes_header(std::size_t line) {
        if (columns_[0] != "voter_id") {
            notice(line, "the first VOTES column is " + quote(columns_[0]) +
                             "; it is read as the voter id");
        }
        const auto vote = index_of("vote");
        if (!vote) {
            return fail(line, "the VOTES header lacks the vote column");
        }
        vote_ = *vote;
        points_ = has_points(vote_type_) ? index_of("points") : std::nullopt;
        collect_extra(vote_columns);
        return std::nullopt;
    }

    /**
     * The row's cells, stripped; cells beyond the row are empty (pabutools reads a short row's
     * missing columns as absent). A row longer than its header is refused: pabutools fails on it.
     */
    std::variant<std::vector<std::string>, pabulib_parse_error> cells_of(const row& r) {
        if (r.cells.size() > columns_.size()) {
            return pabulib_parse_error{
                r.line, "expected at most " + std::to_string(columns_.size()) +
                            " fields as in the header, found " + std::to_string(r.cells.size())};
        }
        if (r.cells.size() < columns_.size()) {
            notice(r.line, "has " + std::to_string(r.cells.size()) + " fields, the header " +
                               std::to_string(columns_.size()) +
                               "; the missing ones are read as absent");
        }
        std::vector<std::string> cells;
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            cells.push_back(i < r.cells.size() ? pb_detail::python_strip(r.cells[i]) : "");
        }
        present_ = r.cells.size();
        return cells;
    }

    /** A cell pabutools leaves out: "None" in any case, or a column the row lacks. */
    static bool absent(const std::string& cell) { return cell.empty() || is_none(cell); }

    result on_meta_row(const row& r) {
        if (r.cells.size() < 2) {
            return fail(r.line, "a META row needs a key and a value");
        }
        if (r.cells.size() > 2) {
            notice(r.line, "META row has " + std::to_string(r.cells.size()) +
                               " fields; only the first two are read (as pabutools does)");
        }
        const auto key = pb_detail::python_strip(r.cells[0]);
        auto value = pb_detail::python_strip(r.cells[1]);
        if (key.empty()) {
            notice(r.line, "META row without a key is skipped");
            return std::nullopt;
        }
        if (const auto [it, inserted] = meta_lines_.emplace(key, r.line); !inserted) {
            notice(r.line, "META key " + quote(key) + " appears again (first on line " +
                               std::to_string(it->second) + "); the last value is read");
            it->second = r.line;
            for (auto& [k, v] : file_.meta) {
                if (k == key) {
                    v = std::move(value);
                }
            }
            return std::nullopt;
        }
        file_.meta.emplace_back(key, std::move(value));
        return std::nullopt;
    }

    /** Extra columns as pabutools keeps them: every cell the row has but "None". */
    void read_extra(const std::vector<std::string>& cells,
                    std::map<std::string, std::string>& out) const {
        for (const auto& [index, name] : extra_) {
            if (index < present_ && !is_none(cells[index])) {
                out.emplace(name, cells[index]);
            }
        }
    }

    result on_project_row(const row& r) {
        auto split = cells_of(r);
        if (auto* e = std::get_if<pabulib_parse_error>(&split)) {
            return *e;
        }
        const auto& cells = std::get<std::vector<std::string>>(split);
        pabulib_project p;
        p.project_id = cells[0];
        if (auto problem = check_project_id(p.project_id)) {
            return fail(r.line, *problem);
        }
        if (!project_ids_.insert(p.project_id).second) {
            return fail(r.line, "project_id " + quote(p.project_id) + " appears twice");
        }
        const auto who = " of project " + quote(p.project_id);
        const auto cost = parse_hundredths(cells[cost_]);
        if (absent(cells[cost_]) || !cost) {
            return fail(r.line, "cost" + who +
                                    " must be an amount with at most two decimals, found " +
                                    quote(cells[cost_]));
        }
        p.cost = *cost;
        if (votes_ && !absent(cells[*votes_])) {
            p.votes = parse_whole(cells[*votes_], false);
            if (!p.votes) {
                notice(r.line, "votes" + who + " is not a whole number (" + quote(cells[*votes_]) +
                                   "); it is not read (pabutools does not use it)");
            }
        }
        if (name_) {
            p.name = cells[*name_];
        }
        if (selected_ && !absent(cells[*selected_])) {
            const auto selected = parse_whole(cells[*selected_], false);
            if (selected && *selected <= 3) {
                p.selected = static_cast<int>(*selected);
            } else {
                notice(r.line, "selected" + who + " is " + quote(cells[*selected_]) +
                                   ", not 0, 1, 2 or 3; it is not read");
            }
        }
        read_extra(cells, p.extra);
        file_.projects.push_back(std::move(p));
        file_.project_lines.push_back(r.line);
        return std::nullopt;
    }

    /** Comma-separated entries, trimmed; an absent cell is an empty list. */
    static std::vector<std::string> entries(const std::string& cell) {
        std::vector<std::string> items;
        if (absent(cell)) {
            return items;
        }
        std::size_t start = 0;
        while (true) {
            const auto comma = cell.find(',', start);
            items.push_back(pb_detail::python_strip(std::string_view(cell).substr(
                start, comma == std::string::npos ? std::string::npos : comma - start)));
            if (comma == std::string::npos) {
                break;
            }
            start = comma + 1;
        }
        return items;
    }

    result on_vote_row(const row& r) {
        auto split = cells_of(r);
        if (auto* e = std::get_if<pabulib_parse_error>(&split)) {
            return *e;
        }
        const auto& cells = std::get<std::vector<std::string>>(split);
        pabulib_vote v;
        v.voter_id = cells[0];
        if (v.voter_id.empty()) {
            return fail(r.line, "voter_id must not be empty");
        }
        const auto who = "ballot of voter " + quote(v.voter_id);
        if (const auto [it, inserted] = voter_lines_.emplace(v.voter_id, r.line); !inserted) {
            notice(r.line, "voter_id " + quote(v.voter_id) + " appears again (first on line " +
                               std::to_string(it->second) + "); both ballots are counted");
        }
        auto names = entries(cells[vote_]);
        const bool with_points = has_points(vote_type_);
        std::vector<std::int64_t> points;
        if (with_points) {
            if (!points_ || absent(cells[*points_])) {
                if (!names.empty()) {
                    notice(r.line, who +
                                       " has no points; it is read as an empty ballot, as "
                                       "pabutools does");
                }
                names.clear();
            } else {
                const auto items = entries(cells[*points_]);
                if (items.size() < names.size()) {
                    return fail(r.line, who + " has " + std::to_string(items.size()) +
                                            " points for " + std::to_string(names.size()) +
                                            " projects");
                }
                if (items.size() > names.size()) {
                    notice(r.line, who + " has " + std::to_string(items.size()) + " points for " +
                                       std::to_string(names.size()) +
                                       " projects; the extra points are not read");
                }
                for (std::size_t i = 0; i < names.size(); ++i) {
                    const auto n = parse_whole(items[i], false);
                    if (!n) {
                        return fail(r.line, "points of voter " + quote(v.voter_id) +
                                                " must be whole numbers, found " + quote(items[i]));
                    }
                    points.push_back(*n);
                }
            }
        }
        std::set<std::string, std::less<>> seen;
        for (std::size_t i = 0; i < names.size(); ++i) {
            const auto& id = names[i];
            if (id.empty()) {
                if (with_points) {
                    return fail(r.line, who + " has an empty entry");
                }
                continue;  // pabutools skips empty entries of approval and ordinal ballots
            }
            if (!project_ids_.contains(id)) {
                return fail(r.line, who + " names unknown project " + quote(id));
            }
            if (!seen.insert(id).second) {
                // As pabutools: a set (approval), an ordered set keeping the first place
                // (ordinal), a dict keeping the first place and the last points (points).
                const auto at = std::find(v.vote.begin(), v.vote.end(), id) - v.vote.begin();
                if (with_points) {
                    v.points[static_cast<std::size_t>(at)] = points[i];
                }
                notice(r.line, who + " names project " + quote(id) +
                                   " twice; it is counted once, as pabutools does" +
                                   (with_points ? " (with the points of its last entry)"
                                    : vote_type_ == "ordinal" ? " (at its first place)"
                                                              : ""));
                continue;
            }
            v.vote.push_back(id);
            if (with_points) {
                v.points.push_back(points[i]);
            }
        }
        if (vote_type_ == "choose-1" && v.vote.size() > 1) {
            notice(r.line, who + " names " + std::to_string(v.vote.size()) +
                               " projects, but vote_type is choose-1; all are read, as "
                               "pabutools does");
        }
        read_extra(cells, v.extra);
        file_.votes.push_back(std::move(v));
        file_.vote_lines.push_back(r.line);
        return std::nullopt;
    }

    pabulib_file file_;
    section section_ = section::none;
    std::size_t meta_line_ = 0;  // where META starts, for keys that are missing
    std::map<std::string, std::size_t, std::less<>> meta_lines_;
    std::string vote_type_;
    std::int64_t budget_ = 0;  // hundredths
    id_set project_ids_;
    std::map<std::string, std::size_t, std::less<>> voter_lines_;
    // The current section's header: its columns and where each one is.
    std::vector<std::string> columns_;
    std::size_t cost_ = 0;
    std::optional<std::size_t> votes_;
    std::optional<std::size_t> name_;
    std::optional<std::size_t> selected_;
    std::size_t vote_ = 0;
    std::optional<std::size_t> points_;
    std::vector<std::pair<std::size_t, std::string>> extra_;
    std::size_t present_ = 0;  // cells the current row has
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

std::optional<std::int64_t> pabulib_budget(const pabulib_file& f) {
    const auto* text = find_meta(f, "budget");
    if (text == nullptr || f.decimals < 0 || f.decimals > 2) {
        return std::nullopt;
    }
    const auto hundredths = parse_hundredths(*text);
    const auto divisor = power_of_ten(2 - f.decimals);
    if (!hundredths || *hundredths % divisor != 0) {
        return std::nullopt;
    }
    return *hundredths / divisor;
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
