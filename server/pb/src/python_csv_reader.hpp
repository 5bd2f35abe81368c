#pragma once

// Text read the way pabutools reads a `.pb` file: `str.splitlines()` cuts the text into lines,
// then Python's `csv.reader(lines, delimiter=";")` (the excel dialect: quote '"', doubled
// quotes, no escape character, not strict) turns them into rows. Internal to traffpunkt_pb.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace traffpunkt::pb::pb_detail {

/**
 * `s` without the leading and trailing characters Python's `str.strip()` removes: ASCII
 * whitespace, U+001C..U+001F, U+0085, U+00A0, U+1680, U+2000..U+200A, U+2028, U+2029, U+202F,
 * U+205F and U+3000. `s` is valid UTF-8.
 */
std::string python_strip(std::string_view s);

/** Python's csv module refuses a field longer than this many characters (field_size_limit). */
inline constexpr std::size_t python_csv_field_limit = 131072;

/**
 * Rows of `;`-separated cells. Exactly as Python: a cell that starts with '"' is quoted, ""
 * inside it is one quote, and text after its closing quote is kept (`"Odkupmy" i my` reads
 * `Odkupmy i my`); a '"' elsewhere is an ordinary character; a quoted cell left open at the end
 * of a line goes on with the next line, joined without the line break (the lines have none);
 * an empty line is a row of no cells. Cells are not stripped.
 */
class python_csv_reader {
  public:
    /** `text` is the file without its byte order mark, valid UTF-8. */
    explicit python_csv_reader(std::string_view text) : text_(text) {}

    /** One row and the line (1-based) it starts on. */
    struct row {
        std::vector<std::string> cells;
        std::size_t line = 0;
        std::size_t last_line = 0;  ///< the line it ends on (a quoted cell may span lines)
    };

    /**
     * The next row, or nullopt at the end of the text. Throws std::runtime_error with the
     * line number in `error_line()` for what Python refuses: a NUL character, a field longer
     * than python_csv_field_limit characters.
     */
    std::optional<row> next();

    /** The line of the last error thrown by next(). */
    std::size_t error_line() const { return line_; }

    /** Lines read so far (the number of the last line read). */
    std::size_t lines_read() const { return line_; }

  private:
    /** The next line as str.splitlines() yields it, without its line break. */
    std::optional<std::string_view> next_line();

    std::string_view text_;
    std::size_t pos_ = 0;
    std::size_t line_ = 0;
};

}  // namespace traffpunkt::pb::pb_detail
