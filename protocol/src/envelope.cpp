#include "traffpunkt/protocol/envelope.hpp"

#include <algorithm>
#include <cmath>
#include <new>
#include <string>
#include <vector>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value_stack.hpp>
#include <boost/system/errc.hpp>

#include "display_name.hpp"

namespace traffpunkt::protocol {
namespace json = boost::json;

namespace {

/**
 * A Boost.JSON parse handler that builds the value like `boost::json::parser` does, and also
 * refuses what the stock parser lets through: duplicate keys (Boost 1.81 keeps the last one
 * silently; `parse_options` has no switch for it), integers outside int64 (Boost turns them
 * into doubles) and numbers that overflow to infinity (which would serialize as invalid JSON).
 * A duplicate is only recorded, not fatal, so the request id can still be read for the answer.
 */
class strict_handler {
  public:
    static constexpr std::size_t max_object_size = json::object::max_size();
    static constexpr std::size_t max_array_size = json::array::max_size();
    static constexpr std::size_t max_key_size = json::string::max_size();
    static constexpr std::size_t max_string_size = json::string::max_size();

    json::value_stack stack;
    /** Why the handler stopped the parse, when it did. */
    std::string refusal;
    /** The first duplicate key found, and whether it was a member of the top-level object. */
    std::optional<std::string> duplicate;
    bool duplicate_at_top = false;
    /**
     * The top-level `id` as far as the parse got: so a frame refused while it is read for a
     * limit (too deep, a number out of range) is still answered with its `re` when its `id`
     * came before that point. Empty when absent or not a number; `top_id_keys` counts the
     * top-level `id` keys seen (two: ambiguous).
     */
    std::optional<json::value> top_id;
    int top_id_keys = 0;

    bool on_document_begin(json::error_code&) { return true; }
    bool on_document_end(json::error_code&) { return true; }

    bool on_object_begin(json::error_code&) {
        ++depth_;
        starts_.push_back(keys_.size());
        return true;
    }

    bool on_object_end(std::size_t n, json::error_code&) {
        // Sorting the keys once per object finds duplicates in O(k log k); a linear scan per
        // key would be quadratic in a 64 KiB object of short keys.
        const auto first = keys_.begin() + static_cast<std::ptrdiff_t>(starts_.back());
        std::sort(first, keys_.end());
        if (!duplicate) {
            if (auto it = std::adjacent_find(first, keys_.end()); it != keys_.end()) {
                duplicate = *it;
                duplicate_at_top = depth_ == 1;
            }
        }
        keys_.erase(first, keys_.end());
        starts_.pop_back();
        --depth_;
        stack.push_object(n);
        return true;
    }

    bool on_array_begin(json::error_code&) {
        ++depth_;
        return true;
    }

    bool on_array_end(std::size_t n, json::error_code&) {
        --depth_;
        stack.push_array(n);
        return true;
    }

    bool on_key_part(json::string_view s, std::size_t, json::error_code&) {
        key_.append(s.data(), s.size());
        stack.push_chars(s);
        return true;
    }

    bool on_key(json::string_view s, std::size_t, json::error_code&) {
        key_.append(s.data(), s.size());
        if (depth_ == 1 && key_ == "id") {
            ++top_id_keys;
        }
        keys_.push_back(std::move(key_));
        key_.clear();
        stack.push_key(s);
        return true;
    }

    bool on_string_part(json::string_view s, std::size_t, json::error_code&) {
        stack.push_chars(s);
        return true;
    }

    bool on_string(json::string_view s, std::size_t, json::error_code&) {
        stack.push_string(s);
        return true;
    }

    bool on_number_part(json::string_view s, json::error_code&) {
        number_.append(s.data(), s.size());
        return true;
    }

    bool on_int64(std::int64_t i, json::string_view, json::error_code&) {
        number_.clear();
        if (at_top_id()) {
            top_id = i;
        }
        stack.push_int64(i);
        return true;
    }

    bool on_uint64(std::uint64_t, json::string_view, json::error_code& ec) {
        return refuse("integer out of range", ec);
    }

    bool on_double(double d, json::string_view s, json::error_code& ec) {
        number_.append(s.data(), s.size());
        // Boost hands integers too large for uint64 over as doubles; the protocol says integers
        // must fit int64, so an integer literal reaching here is refused, not rounded.
        const bool integer_literal = number_.find_first_of(".eE") == std::string::npos;
        number_.clear();
        if (integer_literal) {
            return refuse("integer out of range", ec);
        }
        if (!std::isfinite(d)) {
            return refuse("number out of range", ec);
        }
        if (at_top_id()) {
            top_id = d;
        }
        stack.push_double(d);
        return true;
    }

    bool on_bool(bool b, json::error_code&) {
        stack.push_bool(b);
        return true;
    }

    bool on_null(json::error_code&) {
        stack.push_null();
        return true;
    }

    bool on_comment_part(json::string_view, json::error_code&) { return true; }
    bool on_comment(json::string_view, json::error_code&) { return true; }

  private:
    /** Whether the value being read is the top-level object's `id`. */
    bool at_top_id() const { return depth_ == 1 && !keys_.empty() && keys_.back() == "id"; }

    bool refuse(std::string why, json::error_code& ec) {
        refusal = std::move(why);
        ec = boost::system::errc::make_error_code(boost::system::errc::result_out_of_range);
        return false;
    }

    std::vector<std::string> keys_;    // keys of every open object, innermost last
    std::vector<std::size_t> starts_;  // index in keys_ where each open object's keys begin
    std::string key_;                  // key being assembled from parts
    std::string number_;               // number text being assembled from parts
    int depth_ = 0;
};

error bad_request(std::string message) {
    return {errc::bad_request, std::move(message), {}};
}

/** Reads a JSON number as an id: an integral value in 0..2^53-1 (7 and 7.0 both count). */
std::optional<std::int64_t> read_id(const json::value& v) {
    if (v.is_int64()) {
        const auto i = v.get_int64();
        if (i >= 0 && i <= limits::max_safe_integer) {
            return i;
        }
    } else if (v.is_uint64()) {
        const auto u = v.get_uint64();
        if (u <= static_cast<std::uint64_t>(limits::max_safe_integer)) {
            return static_cast<std::int64_t>(u);
        }
    } else if (v.is_double()) {
        const auto d = v.get_double();
        // Range first: converting an out-of-range double to an integer is undefined behaviour.
        if (d >= 0.0 && d <= static_cast<double>(limits::max_safe_integer) && std::floor(d) == d) {
            return static_cast<std::int64_t>(d);
        }
    }
    return std::nullopt;
}

bool is_op_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_';
}

bool is_idem_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == ':' || c == '-';
}

/** The envelope checks after the id is known; returns the first problem found. */
std::optional<error> check_envelope(const json::object& obj) {
    for (const auto& member : obj) {
        const std::string_view key = member.key();
        if (key != "id" && key != "op" && key != "args" && key != "idem") {
            return bad_request("unknown member '" + detail::display_name(key) + "'");
        }
    }

    const auto* op = obj.if_contains("op");
    if (op == nullptr) {
        return bad_request("member 'op' is required");
    }
    if (!op->is_string()) {
        return bad_request("member 'op' must be a string");
    }
    const std::string_view op_text = op->get_string();
    if (op_text.empty() || op_text.size() > limits::op_max ||
        !std::all_of(op_text.begin(), op_text.end(), is_op_char)) {
        return bad_request("member 'op' must be 1 to 64 characters of a-z, 0-9, '.' and '_'");
    }

    if (const auto* args = obj.if_contains("args"); args != nullptr && !args->is_object()) {
        return bad_request("member 'args' must be an object");
    }

    if (const auto* idem = obj.if_contains("idem"); idem != nullptr) {
        if (!idem->is_string()) {
            return bad_request("member 'idem' must be a string");
        }
        const std::string_view text = idem->get_string();
        if (text.empty() || text.size() > limits::idem_max ||
            !std::all_of(text.begin(), text.end(), is_idem_char)) {
            return bad_request(
                "member 'idem' must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' and "
                "'-'");
        }
    }
    return std::nullopt;
}

decoded_request decode(std::string_view text, const decode_limits& lim) {
    json::parse_options options;
    options.max_depth = lim.max_depth;
    json::basic_parser<strict_handler> parser(options);
    parser.handler().stack.reset();

    json::error_code ec;
    const auto used = parser.write_some(false, text.data(), text.size(), ec);
    if (!ec && used < text.size()) {
        ec = json::error::extra_data;
    }
    decoded_request out;
    if (ec) {
        // The reason comes from the parser, never from the payload, so nothing is echoed.
        const auto& handler = parser.handler();
        const auto& refusal = handler.refusal;
        out.err = bad_request("malformed JSON: " + (refusal.empty() ? ec.message() : refusal));
        // JSON that is well-formed so far but over a limit (nesting, a number's range) still
        // names its request when the top-level id came first; a frame that is not JSON does not.
        const bool over_a_limit = ec == json::error::too_deep || !refusal.empty();
        if (over_a_limit && handler.top_id && handler.top_id_keys == 1) {
            out.id = read_id(*handler.top_id);
        }
        return out;
    }
    json::value root = parser.handler().stack.release();

    if (!root.is_object()) {
        out.err = bad_request("a request must be a JSON object");
        return out;
    }
    auto& obj = root.get_object();
    const auto& handler = parser.handler();
    const bool id_ambiguous =
        handler.duplicate && handler.duplicate_at_top && *handler.duplicate == "id";

    const auto* id_value = obj.if_contains("id");
    if (id_value != nullptr && !id_ambiguous) {
        out.id = read_id(*id_value);
    }
    if (handler.duplicate) {
        out.err = bad_request("duplicate key '" + detail::display_name(*handler.duplicate) + "'");
        return out;
    }
    if (id_value == nullptr) {
        out.err = bad_request("member 'id' is required");
        return out;
    }
    if (!out.id) {
        out.err = bad_request("member 'id' must be an integer between 0 and 9007199254740991");
        return out;
    }
    if (auto problem = check_envelope(obj)) {
        out.err = std::move(problem);
        return out;
    }

    request req;
    req.id = *out.id;
    req.op = std::string(obj.at("op").get_string());
    if (auto* args = obj.if_contains("args")) {
        req.args = std::move(args->get_object());
    }
    if (const auto* idem = obj.if_contains("idem")) {
        req.idem = std::string(idem->get_string());
    }
    out.req = std::move(req);
    return out;
}

void append_string(std::string& out, std::string_view text) {
    out += json::serialize(json::string(text));
}

}  // namespace

decoded_request decode_request(std::string_view text, const decode_limits& limits) noexcept {
    try {
        return decode(text, limits);
    } catch (...) {
        // Only allocation failure can get here; answer instead of taking the session down.
        decoded_request out;
        out.err = error{errc::internal, "out of memory", {}};
        return out;
    }
}

std::string encode_result(std::int64_t re, const json::value& result) {
    std::string out = "{\"re\":" + std::to_string(re) + ",\"result\":";
    out += json::serialize(result);
    out += '}';
    return out;
}

std::string encode_error(std::optional<std::int64_t> re, const error& e) {
    std::string out = "{\"re\":" + (re ? std::to_string(*re) : std::string("null"));
    out += ",\"error\":{\"code\":";
    append_string(out, to_string(e.code));
    out += ",\"message\":";
    append_string(out, e.message);
    if (!e.details.empty()) {
        out += ",\"details\":";
        out += json::serialize(e.details);
    }
    out += "}}";
    return out;
}

std::string encode_event(std::string_view ev, std::string_view topic, std::uint64_t seq,
                         std::string_view epoch, const json::value& data) {
    std::string out = "{\"ev\":";
    append_string(out, ev);
    out += ",\"topic\":";
    append_string(out, topic);
    out += ",\"seq\":" + std::to_string(seq) + ",\"epoch\":";
    append_string(out, epoch);
    out += ",\"data\":";
    out += json::serialize(data);
    out += '}';
    return out;
}

std::string encode_request(std::int64_t id, std::string_view op, const json::object& args,
                           std::optional<std::string_view> idem) {
    std::string out = "{\"id\":" + std::to_string(id) + ",\"op\":";
    append_string(out, op);
    out += ",\"args\":";
    out += json::serialize(args);
    if (idem) {
        out += ",\"idem\":";
        append_string(out, *idem);
    }
    out += '}';
    return out;
}

}  // namespace traffpunkt::protocol
