#include "traffpunkt/protocol/args_reader.hpp"

#include <algorithm>
#include <cmath>

#include "display_name.hpp"

namespace traffpunkt::protocol {
namespace json = boost::json;

args_reader::args_reader(const json::object& obj, std::string prefix)
    : obj_(obj), prefix_(std::move(prefix)) {}

std::string args_reader::field_name(std::string_view key) const {
    return prefix_ + detail::display_name(key);
}

void args_reader::fail(std::string_view key, std::string_view what) const {
    auto name = field_name(key);
    auto message = "field '" + name + "' " + std::string(what);
    throw invalid_field(std::move(name), std::move(message));
}

const json::value* args_reader::lookup(std::string_view key) {
    if (std::find(asked_.begin(), asked_.end(), key) == asked_.end()) {
        asked_.emplace_back(key);
    }
    return obj_.if_contains(key);
}

const json::value* args_reader::lookup_non_null(std::string_view key) {
    const auto* v = lookup(key);
    return v == nullptr || v->is_null() ? nullptr : v;
}

std::string args_reader::to_string_value(std::string_view key, const json::value& v) const {
    if (!v.is_string()) {
        fail(key, "must be a string");
    }
    return std::string(v.get_string());
}

std::int64_t args_reader::to_integer(std::string_view key, const json::value& v, std::int64_t min,
                                     std::int64_t max) const {
    const auto out_of_range = [&] {
        fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    };
    if (v.is_int64()) {
        const auto i = v.get_int64();
        if (i < min || i > max) {
            out_of_range();
        }
        return i;
    }
    if (v.is_uint64()) {
        const auto u = v.get_uint64();
        if (max < 0 || u > static_cast<std::uint64_t>(max)) {
            out_of_range();
        }
        const auto i = static_cast<std::int64_t>(u);
        if (i < min) {
            out_of_range();
        }
        return i;
    }
    if (v.is_double()) {
        const auto d = v.get_double();
        if (!std::isfinite(d) || std::floor(d) != d) {
            fail(key, "must be an integer");
        }
        // Compare as doubles before converting: converting an out-of-range double to an
        // integer is undefined behaviour. 2^63 is exact as a double; anything at or above it
        // cannot be <= max.
        if (d < static_cast<double>(min) || d >= 9223372036854775808.0 ||
            static_cast<std::int64_t>(d) > max || static_cast<std::int64_t>(d) < min) {
            out_of_range();
        }
        return static_cast<std::int64_t>(d);
    }
    fail(key, "must be an integer");
}

void args_reader::check_one_of(std::string_view key, std::string_view value,
                               std::span<const std::string_view> allowed) const {
    if (std::find(allowed.begin(), allowed.end(), value) != allowed.end()) {
        return;
    }
    std::string list;
    for (const auto& a : allowed) {
        if (!list.empty()) {
            list += ", ";
        }
        list += a;
    }
    fail(key, "must be one of " + list);
}

std::string args_reader::string(std::string_view key) {
    const auto* v = lookup(key);
    if (v == nullptr) {
        fail(key, "is required");
    }
    return to_string_value(key, *v);
}

std::optional<std::string> args_reader::opt_string(std::string_view key) {
    const auto* v = lookup_non_null(key);
    if (v == nullptr) {
        return std::nullopt;
    }
    return to_string_value(key, *v);
}

std::int64_t args_reader::integer(std::string_view key, std::int64_t min, std::int64_t max) {
    const auto* v = lookup(key);
    if (v == nullptr) {
        fail(key, "is required");
    }
    return to_integer(key, *v, min, max);
}

std::optional<std::int64_t> args_reader::opt_integer(std::string_view key, std::int64_t min,
                                                     std::int64_t max) {
    const auto* v = lookup_non_null(key);
    if (v == nullptr) {
        return std::nullopt;
    }
    return to_integer(key, *v, min, max);
}

bool args_reader::boolean(std::string_view key) {
    const auto* v = lookup(key);
    if (v == nullptr) {
        fail(key, "is required");
    }
    if (!v->is_bool()) {
        fail(key, "must be a boolean");
    }
    return v->get_bool();
}

std::optional<bool> args_reader::opt_boolean(std::string_view key) {
    const auto* v = lookup_non_null(key);
    if (v == nullptr) {
        return std::nullopt;
    }
    if (!v->is_bool()) {
        fail(key, "must be a boolean");
    }
    return v->get_bool();
}

const json::object& args_reader::object(std::string_view key) {
    const auto* v = lookup(key);
    if (v == nullptr) {
        fail(key, "is required");
    }
    if (!v->is_object()) {
        fail(key, "must be an object");
    }
    return v->get_object();
}

const json::object* args_reader::opt_object(std::string_view key) {
    const auto* v = lookup_non_null(key);
    if (v == nullptr) {
        return nullptr;
    }
    if (!v->is_object()) {
        fail(key, "must be an object");
    }
    return &v->get_object();
}

const json::array& args_reader::array(std::string_view key) {
    const auto* v = lookup(key);
    if (v == nullptr) {
        fail(key, "is required");
    }
    if (!v->is_array()) {
        fail(key, "must be an array");
    }
    return v->get_array();
}

std::string args_reader::one_of(std::string_view key, std::span<const std::string_view> allowed) {
    auto value = string(key);
    check_one_of(key, value, allowed);
    return value;
}

std::optional<std::string> args_reader::opt_one_of(std::string_view key,
                                                   std::span<const std::string_view> allowed) {
    auto value = opt_string(key);
    if (value) {
        check_one_of(key, *value, allowed);
    }
    return value;
}

args_reader::patch<std::string> args_reader::string_patch(std::string_view key) {
    patch<std::string> out;
    const auto* v = lookup(key);
    out.present = v != nullptr;
    if (v != nullptr && !v->is_null()) {
        out.value = to_string_value(key, *v);
    }
    return out;
}

args_reader::patch<std::int64_t> args_reader::integer_patch(std::string_view key, std::int64_t min,
                                                            std::int64_t max) {
    patch<std::int64_t> out;
    const auto* v = lookup(key);
    out.present = v != nullptr;
    if (v != nullptr && !v->is_null()) {
        out.value = to_integer(key, *v, min, max);
    }
    return out;
}

args_reader::patch<std::string> args_reader::one_of_patch(
    std::string_view key, std::span<const std::string_view> allowed) {
    auto out = string_patch(key);
    if (out.value) {
        check_one_of(key, *out.value, allowed);
    }
    return out;
}

bool args_reader::has(std::string_view key) const {
    return obj_.contains(key);
}

bool args_reader::is_null(std::string_view key) const {
    const auto* v = obj_.if_contains(key);
    return v != nullptr && v->is_null();
}

void args_reader::finish() const {
    for (const auto& member : obj_) {
        const std::string_view key = member.key();
        if (std::find(asked_.begin(), asked_.end(), key) == asked_.end()) {
            auto name = field_name(key);
            auto message = "unknown field '" + name + "'";
            throw invalid_field(std::move(name), std::move(message));
        }
    }
}

}  // namespace traffpunkt::protocol
