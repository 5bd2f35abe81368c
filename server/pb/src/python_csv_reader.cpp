#include "python_csv_reader.hpp"

#include <stdexcept>

namespace traffpunkt::pb::pb_detail {

namespace {

/** The code point starting at s[i] (valid UTF-8) and its length in bytes. */
std::pair<char32_t, std::size_t> decode(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[i + k]); };
    const unsigned char c = b(0);
    if (c < 0x80) {
        return {c, 1};
    }
    if (c < 0xE0) {
        return {static_cast<char32_t>(((c & 0x1F) << 6) | (b(1) & 0x3F)), 2};
    }
    if (c < 0xF0) {
        return {static_cast<char32_t>(((c & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F)),
                3};
    }
    return {static_cast<char32_t>(((c & 0x07) << 18) | ((b(1) & 0x3F) << 12) |
                                  ((b(2) & 0x3F) << 6) | (b(3) & 0x3F)),
            4};
}

/** Python's str.isspace(): bidirectional class WS, B or S, or general category Zs. */
bool python_space(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 ||
           c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
           c == 0x202F || c == 0x205F || c == 0x3000;
}

/** A line boundary of str.splitlines() (CR LF, a pair, is handled by the caller). */
bool python_line_break(char32_t c) {
    return c == 0x0A || c == 0x0D || c == 0x0B || c == 0x0C || c == 0x1C || c == 0x1D ||
           c == 0x1E || c == 0x85 || c == 0x2028 || c == 0x2029;
}

}  // namespace

std::string python_strip(std::string_view s) {
    std::size_t begin = 0;
    while (begin < s.size()) {
        const auto [c, n] = decode(s, begin);
        if (!python_space(c)) {
            break;
        }
        begin += n;
    }
    std::size_t end = begin;
    std::size_t kept = begin;  // end of the last character that is not a space
    while (end < s.size()) {
        const auto [c, n] = decode(s, end);
        end += n;
        if (!python_space(c)) {
            kept = end;
        }
    }
    return std::string(s.substr(begin, kept - begin));
}

std::optional<std::string_view> python_csv_reader::next_line() {
    if (pos_ >= text_.size()) {
        return std::nullopt;
    }
    ++line_;
    const std::size_t start = pos_;
    while (pos_ < text_.size()) {
        const auto [c, n] = decode(text_, pos_);
        if (python_line_break(c)) {
            const auto line = text_.substr(start, pos_ - start);
            pos_ += n;
            if (c == 0x0D && pos_ < text_.size() && text_[pos_] == '\n') {
                ++pos_;
            }
            return line;
        }
        pos_ += n;
    }
    return text_.substr(start);
}

std::optional<python_csv_reader::row> python_csv_reader::next() {
    // The states of CPython's Modules/_csv.c (parse_process_char) for this dialect.
    enum class state { start_record, start_field, in_field, in_quoted_field, quote_in_quoted };
    state st = state::start_record;
    row r;
    std::string cell;
    std::size_t cell_chars = 0;
    const auto save = [&] {
        r.cells.push_back(std::move(cell));
        cell.clear();
        cell_chars = 0;
    };
    const auto add = [&](char c) {
        // Python counts characters; continuation bytes are not the start of one.
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) {
            if (cell_chars >= python_csv_field_limit) {
                throw std::runtime_error("field larger than field limit (" +
                                         std::to_string(python_csv_field_limit) + ")");
            }
            ++cell_chars;
        }
        cell += c;
    };
    bool started = false;
    while (true) {
        const auto line = next_line();
        if (!line) {
            if (!started) {
                return std::nullopt;
            }
            // The end of the text inside a quoted cell: Python keeps what it has (not strict).
            if (st == state::in_quoted_field || !cell.empty()) {
                save();
            }
            r.last_line = line_;
            return r;
        }
        if (!started) {
            started = true;
            r.line = line_;
        }
        for (const char c : *line) {
            if (c == '\0') {
                throw std::runtime_error("line contains NUL");
            }
            switch (st) {
                case state::start_record:
                case state::start_field:
                    if (c == '"') {
                        st = state::in_quoted_field;
                    } else if (c == ';') {
                        save();
                        st = state::start_field;
                    } else {
                        add(c);
                        st = state::in_field;
                    }
                    break;
                case state::in_field:
                    if (c == ';') {
                        save();
                        st = state::start_field;
                    } else {
                        add(c);
                    }
                    break;
                case state::in_quoted_field:
                    if (c == '"') {
                        st = state::quote_in_quoted;
                    } else {
                        add(c);
                    }
                    break;
                case state::quote_in_quoted:
                    if (c == '"') {
                        add(c);  // "" is one quote
                        st = state::in_quoted_field;
                    } else if (c == ';') {
                        save();
                        st = state::start_field;
                    } else {
                        add(c);  // text after a closing quote stays in the cell
                        st = state::in_field;
                    }
                    break;
            }
        }
        // End of the line.
        switch (st) {
            case state::start_record:
                r.last_line = line_;
                return r;  // an empty line: a row of no cells
            case state::start_field:
            case state::in_field:
            case state::quote_in_quoted:
                save();
                r.last_line = line_;
                return r;
            case state::in_quoted_field:
                break;  // the quoted cell goes on with the next line
        }
    }
}

}  // namespace traffpunkt::pb::pb_detail
