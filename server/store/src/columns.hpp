#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "traffpunkt/domain/time.hpp"
#include "traffpunkt/store/statement.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::store::detail {

// Conversions between domain values and their column representation. Reading a value that the
// domain does not accept means the file was edited by hand or is damaged: that is reported as
// SQLITE_CORRUPT rather than silently turned into a default.

inline std::int64_t to_unix(domain::instant t) {
    return t.time_since_epoch().count();
}

inline std::optional<std::int64_t> to_unix(const std::optional<domain::instant>& t) {
    if (!t) {
        return std::nullopt;
    }
    return to_unix(*t);
}

inline domain::instant instant_column(const statement& st, int column) {
    return domain::instant{std::chrono::seconds{st.int64(column)}};
}

inline std::optional<domain::instant> opt_instant_column(const statement& st, int column) {
    const auto value = st.opt_int64(column);
    if (!value) {
        return std::nullopt;
    }
    return domain::instant{std::chrono::seconds{*value}};
}

[[noreturn]] inline void throw_bad_column(const statement& st, int column, std::string_view what) {
    const char* name = sqlite3_column_name(st.native_handle(), column);
    throw store_error(SQLITE_CORRUPT, "column " + std::string(name != nullptr ? name : "?") +
                                          " holds an invalid " + std::string(what));
}

inline domain::date date_column(const statement& st, int column) {
    const auto parsed = domain::parse_date(st.text(column));
    if (!parsed) {
        throw_bad_column(st, column, "date");
    }
    return *parsed;
}

inline std::optional<domain::date> opt_date_column(const statement& st, int column) {
    if (st.is_null(column)) {
        return std::nullopt;
    }
    return date_column(st, column);
}

inline std::optional<std::string> to_text(const std::optional<domain::date>& d) {
    if (!d) {
        return std::nullopt;
    }
    return domain::format_date(*d);
}

/** Reads an enumeration through the domain's parse function for it. */
template <class Parse>
auto enum_column(const statement& st, int column, Parse parse) {
    auto value = parse(st.text(column));
    if (!value) {
        throw_bad_column(st, column, "value");
    }
    return *value;
}

/** Reads an optional int column into an optional<int>, refusing values outside int. */
inline std::optional<int> opt_int_column(const statement& st, int column) {
    const auto value = st.opt_int64(column);
    if (!value) {
        return std::nullopt;
    }
    if (*value < INT32_MIN || *value > INT32_MAX) {
        throw_bad_column(st, column, "number");
    }
    return static_cast<int>(*value);
}

/** 0 in a domain struct means "not stored yet": let SQLite choose the row id. */
inline std::optional<std::int64_t> id_or_null(std::int64_t id) {
    if (id == 0) {
        return std::nullopt;
    }
    return id;
}

/** Steps a statement expected to return at most one row, mapping it with `read`. */
template <class Read>
auto single_row(statement& st, Read read) -> std::optional<decltype(read(st))> {
    // Resetting releases the statement's read snapshot at once, even when `read` throws,
    // instead of on the statement's next use.
    struct reset_on_exit {
        statement& st;
        ~reset_on_exit() { st.reset(); }
    } guard{st};
    std::optional<decltype(read(st))> result;
    if (st.step()) {
        result = read(st);
    }
    return result;
}

/** Steps through every row, mapping each with `read`. */
template <class Read>
auto all_rows(statement& st, Read read) -> std::vector<decltype(read(st))> {
    std::vector<decltype(read(st))> result;
    while (st.step()) {
        result.push_back(read(st));
    }
    return result;
}

}  // namespace traffpunkt::store::detail
