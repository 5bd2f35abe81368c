#include "repl_line.hpp"

#include <boost/json/parser.hpp>

#include <algorithm>

#include "usage_error.hpp"

namespace traffpunkt::cli {

namespace json = boost::json;

namespace {

constexpr std::string_view blanks = " \t\r";

std::string_view trim(std::string_view text) {
    const auto first = text.find_first_not_of(blanks);
    if (first == std::string_view::npos) {
        return {};
    }
    return text.substr(first, text.find_last_not_of(blanks) - first + 1);
}

}  // namespace

repl_line parse_repl_line(std::string_view line) {
    repl_line result;
    line = trim(line);
    if (line.empty() || line.front() == '#') {
        return result;
    }
    if (line.front() == '{') {
        result.type = repl_line::kind::raw;
        result.raw = std::string(line);
        return result;
    }
    result.type = repl_line::kind::request;
    const auto op_end = line.find_first_of(blanks);
    result.op = std::string(line.substr(0, op_end));
    std::string_view rest = op_end == std::string_view::npos ? "" : trim(line.substr(op_end));

    // JSON_ARGS is parsed as a prefix, so "--idem" inside a JSON string is left alone.
    if (!rest.empty() && rest.front() != '-') {
        json::parser parser;
        boost::system::error_code ec;
        const std::size_t used = parser.write_some(rest.data(), rest.size(), ec);
        if (ec) {
            throw usage_error("arguments of " + result.op + " are not valid JSON");
        }
        json::value value = parser.release();
        if (!value.is_object()) {
            throw usage_error("arguments of " + result.op + " must be a JSON object");
        }
        result.args = std::move(value.as_object());
        rest = trim(rest.substr(used));
    }
    if (rest.empty()) {
        return result;
    }
    constexpr std::string_view idem = "--idem";
    const std::string_view key = trim(rest.substr(std::min(rest.size(), idem.size())));
    if (rest.substr(0, idem.size()) != idem || rest.size() == idem.size() ||
        blanks.find(rest[idem.size()]) == std::string_view::npos || key.empty() ||
        key.find_first_of(blanks) != std::string_view::npos) {
        throw usage_error("after the arguments only --idem KEY may follow");
    }
    result.idem = std::string(key);
    return result;
}

}  // namespace traffpunkt::cli
