#include "http/csv_writer.hpp"

namespace traffpunkt::service {

namespace {

/** UTF-8 byte order mark. */
constexpr std::string_view bom = "\xEF\xBB\xBF";

/** What a spreadsheet may split a cell at, whichever separator it was told (or guessed). */
bool splits_cells(char ch) {
    return ch == ';' || ch == ',' || ch == '\t' || ch == '\r' || ch == '\n';
}

bool formula_start(char ch) {
    return ch == '=' || ch == '+' || ch == '-' || ch == '@';
}

/**
 * The text with an apostrophe before every character that could start a formula: at the start
 * of the field, and at the start of every piece a reader gets by splitting at `;`, `,`, TAB, CR
 * or LF (the file opened with the other separator, or by a tool that ignores quotes), each
 * after the spaces and double quotes a reader may drop. A field that starts with TAB or CR gets
 * one too (OWASP's list).
 */
std::string neutralise_formulas(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 1);
    if (!text.empty() && (text.front() == '\t' || text.front() == '\r')) {
        out += '\'';
    }
    bool piece_start = true;  // nothing but spaces and quotes since the last split
    for (const char ch : text) {
        if (piece_start && formula_start(ch)) {
            out += '\'';
        }
        out += ch;
        if (splits_cells(ch)) {
            piece_start = true;
        } else if (ch != ' ' && ch != '"') {
            piece_start = false;
        }
    }
    return out;
}

}  // namespace

csv_writer::csv_writer(char separator) : separator_(separator), out_(bom) {}

std::string csv_writer::field(std::string_view text, char /*separator*/) {
    const std::string value = neutralise_formulas(text);
    // Quoted when it holds either separator (not only this file's) or a TAB, so that a reader
    // set to another separator keeps the cell whole.
    const bool quote = value.find_first_of(";,\"\r\n\t") != std::string::npos;
    if (!quote) {
        return value;
    }
    std::string quoted;
    quoted.reserve(value.size() + 2);
    quoted += '"';
    for (const char ch : value) {
        if (ch == '"') {
            quoted += '"';
        }
        quoted += ch;
    }
    quoted += '"';
    return quoted;
}

template <class Range>
void csv_writer::append(const Range& fields) {
    bool first = true;
    for (const auto& f : fields) {
        if (!first) {
            out_ += separator_;
        }
        first = false;
        out_ += field(f, separator_);
    }
    out_ += "\r\n";
}

void csv_writer::row(std::initializer_list<std::string_view> fields) {
    append(fields);
}

void csv_writer::row(const std::vector<std::string>& fields) {
    append(fields);
}

}  // namespace traffpunkt::service
