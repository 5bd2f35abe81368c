#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "traffpunkt/protocol/args_reader.hpp"
#include "traffpunkt/protocol/limits.hpp"
#include "traffpunkt/protocol/views.hpp"

namespace traffpunkt::protocol::detail {

// Readers shared by the view and op codecs (internal to the library).

/** A row id: 1..2^53-1. */
inline std::int64_t read_id(args_reader& r, std::string_view key) {
    return r.integer(key, 1, limits::max_safe_integer);
}

/** An optional row id: 1..2^53-1 when given. */
inline std::optional<std::int64_t> read_opt_id(args_reader& r, std::string_view key) {
    return r.opt_integer(key, 1, limits::max_safe_integer);
}

/** A patch field that may be changed but not cleared (a title, a start time). */
template <class T>
args_reader::patch<T> not_null(args_reader& r, std::string_view key, args_reader::patch<T> p) {
    if (p.clears()) {
        r.fail(key, "cannot be null");
    }
    return p;
}

/** A decision object; `prefix` names it in errors ("decision."). */
decision_view read_decision(const boost::json::object& obj, std::string prefix);

/** An organisation view; `prefix` names it in errors ("organisation."). */
organisation_view read_organisation(const boost::json::object& obj, std::string prefix);

}  // namespace traffpunkt::protocol::detail
