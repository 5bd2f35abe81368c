#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace traffpunkt::service {

/**
 * CSV that spreadsheets open correctly (RFC 4180): UTF-8 with a byte order mark (so Excel does
 * not guess a legacy code page), CRLF after every record, and a field quoted when it contains
 * the separator, a double quote, CR or LF (quotes inside doubled).
 *
 * Cells are data, never formulas: a field that starts with `=`, `+`, `-`, `@`, TAB or CR gets a
 * leading apostrophe, which spreadsheets show as text instead of evaluating (CSV injection).
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

    /** One field as it is written: formula guard first, then quoting when needed. */
    static std::string field(std::string_view text, char separator);

  private:
    template <class Range>
    void append(const Range& fields);

    char separator_;
    std::string out_;
};

}  // namespace traffpunkt::service
