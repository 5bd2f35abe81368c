#include "http/conditional_get.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <stdexcept>

#include <openssl/evp.h>

namespace traffpunkt::service {

namespace {

using namespace std::chrono;

constexpr std::array<std::string_view, 7> weekdays{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 12> months{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string two_digits(unsigned v) {
    return {static_cast<char>('0' + v / 10 % 10), static_cast<char>('0' + v % 10)};
}

std::optional<int> number(std::string_view s, std::size_t pos, std::size_t n) {
    int value = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (s[i] < '0' || s[i] > '9') {
            return std::nullopt;
        }
        value = value * 10 + (s[i] - '0');
    }
    return value;
}

std::string_view trim_header(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) {
        s.remove_prefix(1);
    }
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) {
        s.remove_suffix(1);
    }
    return s;
}

/** The opaque part of an entity tag: `"x"` and `W/"x"` both give `"x"`. */
std::string_view opaque(std::string_view tag) {
    if (tag.starts_with("W/")) {
        tag.remove_prefix(2);
    }
    return tag;
}

/** Whether the If-None-Match list matches `etag` (weak comparison, RFC 9110 13.1.2). */
bool none_match(std::string_view list, std::string_view etag) {
    list = trim_header(list);
    if (list == "*") {
        return true;
    }
    const std::string_view ours = opaque(etag);
    while (!list.empty()) {
        const auto comma = list.find(',');
        const std::string_view item = trim_header(list.substr(0, comma));
        if (!item.empty() && opaque(item) == ours) {
            return true;
        }
        if (comma == std::string_view::npos) {
            break;
        }
        list.remove_prefix(comma + 1);
    }
    return false;
}

}  // namespace

std::string strong_etag(std::string_view body) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned int len = 0;
    if (EVP_Digest(body.data(), body.size(), md.data(), &len, EVP_sha256(), nullptr) != 1) {
        throw std::runtime_error("SHA-256 failed");
    }
    static constexpr char digits[] = "0123456789abcdef";
    std::string out = "\"";
    for (unsigned int i = 0; i < len; ++i) {
        out.push_back(digits[md[i] >> 4]);
        out.push_back(digits[md[i] & 0xF]);
    }
    out.push_back('"');
    return out;
}

std::string http_date(domain::instant t) {
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss time{t - day};
    std::string out;
    out += weekdays[weekday{day}.c_encoding()];
    out += ", " + two_digits(static_cast<unsigned>(ymd.day())) + " ";
    out += months[static_cast<unsigned>(ymd.month()) - 1];
    out += " " + std::to_string(static_cast<int>(ymd.year())) + " ";
    out += two_digits(static_cast<unsigned>(time.hours().count())) + ":" +
           two_digits(static_cast<unsigned>(time.minutes().count())) + ":" +
           two_digits(static_cast<unsigned>(time.seconds().count())) + " GMT";
    return out;
}

std::optional<domain::instant> parse_http_date(std::string_view s) {
    // "Fri, 25 Nov 2022 09:00:00 GMT"
    if (s.size() != 29 || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' ||
        s[19] != ':' || s[22] != ':' || s.substr(25) != " GMT") {
        return std::nullopt;
    }
    const auto wd = std::find(weekdays.begin(), weekdays.end(), s.substr(0, 3));
    const auto mon = std::find(months.begin(), months.end(), s.substr(8, 3));
    const auto d = number(s, 5, 2);
    const auto y = number(s, 12, 4);
    const auto h = number(s, 17, 2);
    const auto mi = number(s, 20, 2);
    const auto sec = number(s, 23, 2);
    if (wd == weekdays.end() || mon == months.end() || !d || !y || !h || !mi || !sec || *h > 23 ||
        *mi > 59 || *sec > 60) {
        return std::nullopt;
    }
    const year_month_day ymd{year{*y}, month{static_cast<unsigned>(mon - months.begin() + 1)},
                             day{static_cast<unsigned>(*d)}};
    if (!ymd.ok()) {
        return std::nullopt;
    }
    // A leap second counts as the second after it.
    return domain::instant{sys_days{ymd}} + hours{*h} + minutes{*mi} +
           seconds{std::min(*sec, 59) + (*sec == 60 ? 1 : 0)};
}

bool is_not_modified(const http_request& request, std::string_view etag,
                     std::optional<domain::instant> last_modified) {
    if (auto inm = request.headers.find("if-none-match"); inm != request.headers.end()) {
        return none_match(inm->second, etag);
    }
    if (auto ims = request.headers.find("if-modified-since");
        ims != request.headers.end() && last_modified) {
        if (auto since = parse_http_date(trim_header(ims->second))) {
            return *last_modified <= *since;
        }
    }
    return false;
}

}  // namespace traffpunkt::service
