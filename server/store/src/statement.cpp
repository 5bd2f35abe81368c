#include "traffpunkt/store/statement.hpp"

#include <sqlite3.h>

#include "sqlite_error.hpp"

namespace traffpunkt::store {

namespace {

/** The first characters of the SQL, enough to find the statement in a log line. */
std::string sql_excerpt(sqlite3_stmt* stmt) {
    const char* sql = sqlite3_sql(stmt);
    std::string text = sql != nullptr ? sql : "";
    constexpr std::size_t max = 80;
    if (text.size() > max) {
        text.resize(max);
        text += "...";
    }
    return text;
}

}  // namespace

void statement::finalizer::operator()(sqlite3_stmt* stmt) const noexcept {
    sqlite3_finalize(stmt);
}

statement::statement(sqlite3_stmt* handle) noexcept : stmt_(handle) {}

void statement::check_bind(int rc, int index) const {
    if (rc != SQLITE_OK) {
        detail::throw_error(
            sqlite3_db_handle(stmt_.get()), rc,
            "bind parameter " + std::to_string(index) + " of \"" + sql_excerpt(stmt_.get()) + "\"");
    }
}

void statement::throw_out_of_range(int index) const {
    throw store_error(SQLITE_RANGE, "bind parameter " + std::to_string(index) + " of \"" +
                                        sql_excerpt(stmt_.get()) + "\": value exceeds int64");
}

void statement::bind(int index, std::int64_t value) {
    check_bind(sqlite3_bind_int64(stmt_.get(), index, value), index);
}

void statement::bind(int index, int value) {
    check_bind(sqlite3_bind_int(stmt_.get(), index, value), index);
}

void statement::bind(int index, double value) {
    check_bind(sqlite3_bind_double(stmt_.get(), index, value), index);
}

void statement::bind(int index, std::string_view value) {
    // SQLITE_TRANSIENT: SQLite copies the bytes, so callers may pass temporaries.
    check_bind(sqlite3_bind_text64(stmt_.get(), index, value.data(), value.size(), SQLITE_TRANSIENT,
                                   SQLITE_UTF8),
               index);
}

void statement::bind(int index, const char* value) {
    if (value == nullptr) {
        bind(index, nullptr);
    } else {
        bind(index, std::string_view(value));
    }
}

void statement::bind(int index, std::nullptr_t) {
    check_bind(sqlite3_bind_null(stmt_.get(), index), index);
}

void statement::clear_bindings() noexcept {
    sqlite3_clear_bindings(stmt_.get());
}

bool statement::step() {
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) {
        return true;
    }
    if (rc == SQLITE_DONE) {
        // Reset at once: it ends the statement's read snapshot and lets the caller bind anew.
        sqlite3_reset(stmt_.get());
        return false;
    }
    auto error = detail::make_error(sqlite3_db_handle(stmt_.get()), rc,
                                    "step \"" + sql_excerpt(stmt_.get()) + "\"");
    // Leave the statement reusable; its error is already captured in `error`.
    sqlite3_reset(stmt_.get());
    throw error;
}

void statement::reset() noexcept {
    sqlite3_reset(stmt_.get());
}

void statement::exec() {
    while (step()) {
    }
}

std::int64_t statement::int64(int column) const {
    return sqlite3_column_int64(stmt_.get(), column);
}

double statement::real(int column) const {
    return sqlite3_column_double(stmt_.get(), column);
}

std::string statement::text(int column) const {
    const auto* data = sqlite3_column_text(stmt_.get(), column);
    // column_bytes must come after column_text, which may convert the value first.
    const auto size = sqlite3_column_bytes(stmt_.get(), column);
    if (data == nullptr) {
        return {};
    }
    return std::string(reinterpret_cast<const char*>(data), static_cast<std::size_t>(size));
}

bool statement::is_null(int column) const {
    return sqlite3_column_type(stmt_.get(), column) == SQLITE_NULL;
}

std::optional<std::int64_t> statement::opt_int64(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return int64(column);
}

std::optional<std::string> statement::opt_text(int column) const {
    if (is_null(column)) {
        return std::nullopt;
    }
    return text(column);
}

int statement::column_count() const noexcept {
    return sqlite3_column_count(stmt_.get());
}

std::string statement::column_name(int column) const {
    const char* name = sqlite3_column_name(stmt_.get(), column);
    return name != nullptr ? name : "";
}

std::string_view statement::sql() const noexcept {
    const char* sql = sqlite3_sql(stmt_.get());
    return sql != nullptr ? sql : "";
}

}  // namespace traffpunkt::store
