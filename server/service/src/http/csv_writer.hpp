#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace traffpunkt::service {

/**
 * CSV that spreadsheets open correctly (RFC 4180): UTF-8 with a byte order mark (so Excel does
 * not guess a legacy code page), CRLF after every record, and a field quoted when it contains
 * `;`, `,`, TAB, a double quote, CR or LF (quotes inside doubled). Both separators are quoted
 * whichever the file uses, so a file opened with the other one keeps its cells whole.
 *
 * Cells are data, never formulas (CSV injection): an apostrophe goes before `=`, `+`, `-` or `@`
 * at the start of the field and at the start of every piece a reader could cut it into (after
 * `;`, `,`, TAB, CR or LF, the file read with the other separator or by a tool that ignores
 * quotes), spaces and double quotes skipped; and before a TAB or CR that starts the field.
 * Spreadsheets show such a cell as text instead of evaluating it.
 *
 * The separator is `;` by default, which Excel expects with Swedish (and most European) regional
 * settings, where `,` is the decimal comma; `,` for everything else.
 */
class csv_writer {
  public:
    /** Starts a document (the BOM) with `separator` between fields. */
    explicit csv_writer(char separator = ';');

    /** Appends one record. */
    void row(std::initializer_list<std::string_view> fields);

    /** Appends one record. */
    void row(const std::vector<std::string>& fields);

    /** The document so far. */
    const std::string& str() const { return out_; }

    /** One field as it is written (the same for either separator): formula guard, quoting. */
    static std::string field(std::string_view text, char separator);

  private:
    template <class Range>
    void append(const Range& fields);

    char separator_;
    std::string out_;
};

}  // namespace traffpunkt::service
