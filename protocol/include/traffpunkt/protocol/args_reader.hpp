#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include "traffpunkt/protocol/errc.hpp"

namespace traffpunkt::protocol {

/**
 * Strict reader of one JSON object (an op's args, a nested object, a view). Every accessor
 * throws `protocol_error` (invalid_args, details.field) on a missing or ill-typed field, and
 * remembers the key it was asked about, present or not, so `finish()` can refuse every key
 * nobody asked about. Typical use: read all fields, then `finish()`.
 *
 * Integers are JSON int64/uint64 within range, or doubles with an integral value (7.0); never
 * strings or booleans. For optional accessors, an absent member and `null` both mean "not given".
 * The reader keeps a reference to the object: it must outlive the reader.
 */
class args_reader {
  public:
    /**
     * Three states of a field in an update: absent (leave unchanged), null (clear: `present`
     * and no value) or a value (set).
     */
    template <class T>
    struct patch {
        bool present = false;
        std::optional<T> value;  ///< present && !value = explicit null = clear

        /** True if the field was given as null. */
        bool clears() const { return present && !value; }
    };

    /**
     * Reads `obj`. `prefix` is prepended to field names in errors, e.g. "organisation." makes a
     * missing name "organisation.name".
     */
    explicit args_reader(const boost::json::object& obj, std::string prefix = {});

    /** A required string. */
    std::string string(std::string_view key);
    /** An optional string. */
    std::optional<std::string> opt_string(std::string_view key);
    /** A required integer in [min, max]. */
    std::int64_t integer(std::string_view key, std::int64_t min, std::int64_t max);
    /** An optional integer in [min, max]. */
    std::optional<std::int64_t> opt_integer(std::string_view key, std::int64_t min,
                                            std::int64_t max);
    /** A required boolean. */
    bool boolean(std::string_view key);
    /** An optional boolean. */
    std::optional<bool> opt_boolean(std::string_view key);
    /** A required object. */
    const boost::json::object& object(std::string_view key);
    /** An optional object; nullptr when absent or null. */
    const boost::json::object* opt_object(std::string_view key);
    /** A required array. */
    const boost::json::array& array(std::string_view key);

    /** A required string that must be one of `allowed`. */
    std::string one_of(std::string_view key, std::span<const std::string_view> allowed);
    /** An optional string that must be one of `allowed` when given. */
    std::optional<std::string> opt_one_of(std::string_view key,
                                          std::span<const std::string_view> allowed);

    /** A string field of an update. */
    patch<std::string> string_patch(std::string_view key);
    /** An integer field of an update; a value must lie in [min, max]. */
    patch<std::int64_t> integer_patch(std::string_view key, std::int64_t min, std::int64_t max);
    /** A string field of an update whose value must be one of `allowed`. */
    patch<std::string> one_of_patch(std::string_view key,
                                    std::span<const std::string_view> allowed);

    /** True if `key` is present (null counts as present). Does not count as asking. */
    bool has(std::string_view key) const;
    /** True if `key` is present and null. Does not count as asking. */
    bool is_null(std::string_view key) const;

    /** Throws invalid_args "unknown field 'xyz'" for the first key no accessor asked about. */
    void finish() const;

    /** The name of `key` as errors show it (with the prefix). */
    std::string field_name(std::string_view key) const;

    /** Throws invalid_args about `key`: "field '<name>' <what>". */
    [[noreturn]] void fail(std::string_view key, std::string_view what) const;

  private:
    /** Records `key` as asked about and returns its value, or nullptr when absent. */
    const boost::json::value* lookup(std::string_view key);
    /** Like `lookup`, but absent and null both give nullptr. */
    const boost::json::value* lookup_non_null(std::string_view key);
    std::string to_string_value(std::string_view key, const boost::json::value& v) const;
    std::int64_t to_integer(std::string_view key, const boost::json::value& v, std::int64_t min,
                            std::int64_t max) const;
    void check_one_of(std::string_view key, std::string_view value,
                      std::span<const std::string_view> allowed) const;

    const boost::json::object& obj_;
    std::string prefix_;
    std::vector<std::string> asked_;
};

}  // namespace traffpunkt::protocol
