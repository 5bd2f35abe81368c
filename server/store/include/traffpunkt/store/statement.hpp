#pragma once

#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

struct sqlite3_stmt;

namespace traffpunkt::store {

/**
 * A prepared statement (RAII over sqlite3_stmt). Parameters are numbered from 1, columns from 0,
 * as in SQLite. Every failure throws `store_error`.
 */
class statement {
  public:
    /** Takes ownership of a prepared handle; `database::prepare` is the usual way to get one. */
    explicit statement(sqlite3_stmt* handle) noexcept;

    statement(statement&&) noexcept = default;
    statement& operator=(statement&&) noexcept = default;
    statement(const statement&) = delete;
    statement& operator=(const statement&) = delete;
    ~statement() = default;

    /** Binds one parameter (1-based). */
    void bind(int index, std::int64_t value);
    void bind(int index, int value);
    void bind(int index, double value);
    /** Text is copied, so the view may die after the call. */
    void bind(int index, std::string_view value);
    /** A null pointer binds NULL. */
    void bind(int index, const char* value);
    void bind(int index, std::nullptr_t);

    /** Other integer types (long long, unsigned, bool, ...), range-checked against int64. */
    template <std::integral T>
    void bind(int index, T value) {
        if constexpr (std::unsigned_integral<T> && sizeof(T) >= sizeof(std::int64_t)) {
            if (value > static_cast<T>(std::numeric_limits<std::int64_t>::max())) {
                throw_out_of_range(index);
            }
        }
        bind(index, static_cast<std::int64_t>(value));
    }

    /** An empty optional binds NULL. */
    template <class T>
    void bind(int index, const std::optional<T>& value) {
        if (value) {
            bind(index, *value);
        } else {
            bind(index, nullptr);
        }
    }

    /** Binds `args` to parameters 1..N in order. */
    template <class... Args>
    statement& bind_all(const Args&... args) {
        int index = 0;
        (bind(++index, args), ...);
        return *this;
    }

    /** Sets every parameter back to NULL. */
    void clear_bindings() noexcept;

    /**
     * Runs to the next row: true when a row is available; false when done, and the statement is
     * then reset, ready to be bound and run again.
     */
    bool step();

    /** Makes the statement ready to run again (bindings are kept). Never throws. */
    void reset() noexcept;

    /** Steps to completion, ignoring rows (the statement ends up reset). */
    void exec();

    /** Column getters for the current row (0-based). NULL reads as 0 / 0.0 / "". */
    std::int64_t int64(int column) const;
    double real(int column) const;
    std::string text(int column) const;
    bool is_null(int column) const;
    std::optional<std::int64_t> opt_int64(int column) const;
    std::optional<std::string> opt_text(int column) const;
    int column_count() const noexcept;
    /** The name of a result column (its alias when the query gives one). */
    std::string column_name(int column) const;

    /** The SQL text the statement was prepared from. */
    std::string_view sql() const noexcept;

    sqlite3_stmt* native_handle() const noexcept { return stmt_.get(); }

  private:
    struct finalizer {
        void operator()(sqlite3_stmt* stmt) const noexcept;
    };

    [[noreturn]] void throw_out_of_range(int index) const;
    void check_bind(int rc, int index) const;

    std::unique_ptr<sqlite3_stmt, finalizer> stmt_;
};

}  // namespace traffpunkt::store
