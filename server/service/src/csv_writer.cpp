#include "csv_writer.hpp"

namespace traffpunkt::service {

namespace {

/** UTF-8 byte order mark. */
constexpr std::string_view bom = "\xEF\xBB\xBF";

bool starts_like_a_formula(std::string_view text) {
    if (text.empty()) {
        return false;
    }
    switch (text.front()) {
        case '=':
        case '+':
        case '-':
        case '@':
        case '\t':
        case '\r':
            return true;
        default:
            return false;
    }
}

}  // namespace

csv_writer::csv_writer(char separator) : separator_(separator), out_(bom) {}

std::string csv_writer::field(std::string_view text, char separator) {
    std::string value;
    value.reserve(text.size() + 1);
    if (starts_like_a_formula(text)) {
        value += '\'';
    }
    value += text;
    const bool quote =
        value.find_first_of(std::string{separator, '"', '\r', '\n'}) != std::string::npos;
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
