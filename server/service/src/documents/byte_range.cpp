#include "documents/byte_range.hpp"

#include <charconv>

namespace traffpunkt::service {

namespace {

/** Digits only, no sign, fitting in uint64. */
std::optional<std::uint64_t> number(std::string_view s) {
    if (s.empty()) {
        return std::nullopt;
    }
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc{} || end != s.data() + s.size()) {
        return std::nullopt;
    }
    return value;
}

std::string_view trim_range(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

bool unit_is_bytes(std::string_view unit) {
    constexpr std::string_view bytes = "bytes";
    if (unit.size() != bytes.size()) {
        return false;
    }
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        const char c =
            unit[i] >= 'A' && unit[i] <= 'Z' ? static_cast<char>(unit[i] - 'A' + 'a') : unit[i];
        if (c != bytes[i]) {
            return false;
        }
    }
    return true;
}

}  // namespace

range_request parse_range(std::optional<std::string_view> header, std::uint64_t size) {
    const range_request whole{};
    if (!header) {
        return whole;
    }
    const auto text = trim_range(*header);
    const auto eq = text.find('=');
    if (eq == std::string_view::npos || !unit_is_bytes(trim_range(text.substr(0, eq)))) {
        return whole;
    }
    const auto spec = trim_range(text.substr(eq + 1));
    if (spec.find(',') != std::string_view::npos) {
        return whole;  // several ranges: one whole answer is simpler for everybody
    }
    const auto dash = spec.find('-');
    if (dash == std::string_view::npos) {
        return whole;
    }
    const auto first_text = spec.substr(0, dash);
    const auto last_text = spec.substr(dash + 1);
    range_request r;
    r.what = range_request::kind::partial;
    if (first_text.empty()) {
        // bytes=-n: the last n bytes.
        const auto suffix = number(last_text);
        if (!suffix) {
            return whole;
        }
        if (*suffix == 0 || size == 0) {
            return {range_request::kind::unsatisfiable, 0, 0};
        }
        r.first = *suffix >= size ? 0 : size - *suffix;
        r.last = size - 1;
        return r;
    }
    const auto first = number(first_text);
    if (!first) {
        return whole;
    }
    std::uint64_t last = UINT64_MAX;
    if (!last_text.empty()) {
        const auto parsed = number(last_text);
        if (!parsed || *parsed < *first) {
            return whole;
        }
        last = *parsed;
    }
    if (*first >= size) {
        return {range_request::kind::unsatisfiable, 0, 0};
    }
    r.first = *first;
    r.last = last >= size ? size - 1 : last;
    return r;
}

}  // namespace traffpunkt::service
