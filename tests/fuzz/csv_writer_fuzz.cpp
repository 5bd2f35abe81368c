// libFuzzer target: fuzzed fields through csv_writer (both row overloads, `;` and `,`), read back
// with a strict RFC 4180 reader written here.
//
// Properties (abort() on violation):
// - the document is the UTF-8 BOM followed by records, each ending in CRLF; the reader finds no
//   stray quote, no bare CR or LF outside quotes and no unterminated quoted field;
// - it reads back exactly as many records as were written, each with as many fields;
// - every field reads back as the text written with the writer's documented formula guard: an
//   apostrophe before `=`, `+`, `-`, `@` at the start of the field and of every piece after `;`,
//   `,`, TAB, CR or LF (spaces and double quotes skipped), and before a TAB or CR that starts the
//   field; so no cell, nor any piece of one split at either separator, starts a formula;
// - csv_writer::field() is what row() writes for a one-field record.

#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>

#include "http/csv_writer.hpp"

namespace svc = traffpunkt::service;

namespace {

void require(bool ok) {
    if (!ok) {
        std::abort();
    }
}

using record = std::vector<std::string>;

/**
 * RFC 4180, strictly: records end in CRLF (the last one too), a quoted field is `"..."` with
 * `""` for a quote and may hold anything, an unquoted field holds neither quotes nor CR/LF nor the
 * separator. Empty on any violation.
 */
std::optional<std::vector<record>> read_csv(std::string_view text, char separator) {
    std::vector<record> records;
    record current;
    std::size_t i = 0;
    while (i < text.size()) {
        std::string field;
        if (text[i] == '"') {
            ++i;
            while (true) {
                if (i >= text.size()) {
                    return std::nullopt;  // unterminated quoted field
                }
                if (text[i] == '"') {
                    if (i + 1 < text.size() && text[i + 1] == '"') {
                        field += '"';
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                field += text[i++];
            }
        } else {
            while (i < text.size() && text[i] != separator && text[i] != '\r') {
                if (text[i] == '"' || text[i] == '\n') {
                    return std::nullopt;  // stray quote or bare LF in an unquoted field
                }
                field += text[i++];
            }
        }
        current.push_back(std::move(field));
        if (i >= text.size()) {
            return std::nullopt;  // the last record lacks its CRLF
        }
        if (text[i] == separator) {
            ++i;
            continue;
        }
        if (text.substr(i, 2) != "\r\n") {
            return std::nullopt;  // bare CR, or text after a closing quote
        }
        i += 2;
        records.push_back(std::move(current));
        current.clear();
    }
    if (!current.empty()) {
        return std::nullopt;  // a separator, then the end
    }
    return records;
}

bool formula_char(char c) {
    return c == '=' || c == '+' || c == '-' || c == '@';
}

/** The guard as PROTOCOL.md states it, written apart from the writer's code. */
std::string guarded(const std::string& text) {
    std::string out;
    if (!text.empty() && (text[0] == '\t' || text[0] == '\r')) {
        out += '\'';
    }
    std::size_t piece = 0;  // where the current piece starts
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i > 0 && std::string_view(";,\t\r\n").find(text[i - 1]) != std::string_view::npos) {
            piece = i;
        }
        const auto lead = text.substr(piece, i - piece);
        const bool only_blank = lead.find_first_not_of(" \"") == std::string::npos;
        if (only_blank && formula_char(text[i])) {
            out += '\'';
        }
        out += text[i];
    }
    return out;
}

/** No piece of `cell` (split at either separator or a line break) starts a formula. */
bool safe(std::string_view cell) {
    std::size_t start = 0;
    while (start <= cell.size()) {
        const auto end = cell.find_first_of(";,\t\r\n", start);
        const auto piece =
            cell.substr(start, end == std::string_view::npos ? cell.size() - start : end - start);
        const auto first = piece.find_first_not_of(" \"");
        if (first != std::string_view::npos && formula_char(piece[first])) {
            return false;
        }
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    const char separator = in.ConsumeBool() ? ',' : ';';
    svc::csv_writer csv(separator);
    std::vector<record> written;
    const int rows = in.ConsumeIntegralInRange(1, 8);
    for (int r = 0; r < rows && (r == 0 || in.remaining_bytes() > 0); ++r) {
        const int fields = in.ConsumeIntegralInRange(1, 6);
        record row;
        for (int f = 0; f < fields; ++f) {
            row.push_back(in.ConsumeRandomLengthString(256));
        }
        if (in.ConsumeBool()) {
            csv.row(row);
        } else if (row.size() == 1) {
            csv.row({row[0]});
        } else {
            csv.row({row[0], row[1]});
            row.resize(2);
        }
        written.push_back(std::move(row));
    }

    const std::string& text = csv.str();
    require(text.starts_with("\xEF\xBB\xBF") && text.ends_with("\r\n"));
    const auto records = read_csv(std::string_view(text).substr(3), separator);
    require(records.has_value() && records->size() == written.size());
    for (std::size_t r = 0; r < written.size(); ++r) {
        const auto& got = (*records)[r];
        require(got.size() == written[r].size());
        for (std::size_t f = 0; f < got.size(); ++f) {
            const std::string& original = written[r][f];
            require(got[f] == guarded(original));
            require(safe(got[f]));
        }
    }
    svc::csv_writer one(separator);
    one.row({written[0][0]});
    require(one.str() ==
            "\xEF\xBB\xBF" + svc::csv_writer::field(written[0][0], separator) + "\r\n");
    return 0;
}
