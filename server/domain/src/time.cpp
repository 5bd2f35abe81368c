#include "traffpunkt/domain/time.hpp"

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace traffpunkt::domain {

namespace {

using namespace std::chrono;

constexpr int year_min = 1970;
constexpr int year_max = 9999;
constexpr std::size_t zone_max = 64;

bool is_digit(char c) {
    return c >= '0' && c <= '9';
}

/** Reads exactly `n` ASCII digits at `pos`. */
std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t n) {
    if (pos + n > s.size()) {
        return std::nullopt;
    }
    int value = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        if (!is_digit(s[i])) {
            return std::nullopt;
        }
        value = value * 10 + (s[i] - '0');
    }
    return value;
}

bool char_at(std::string_view s, std::size_t pos, char c) {
    return pos < s.size() && s[pos] == c;
}

/** Parses `HH:MM` with hours < 24 and minutes < 60. */
std::optional<minutes> hours_minutes(std::string_view s, std::size_t pos) {
    const auto h = digits(s, pos, 2);
    const auto m = digits(s, pos + 3, 2);
    if (!h || !m || !char_at(s, pos + 2, ':') || *h > 23 || *m > 59) {
        return std::nullopt;
    }
    return hours{*h} + minutes{*m};
}

bool is_zone_name_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || is_digit(c) || c == '_' ||
           c == '+' || c == '-';
}

/** Zone names are components of [A-Za-z0-9_+-] separated by single slashes. */
bool has_zone_shape(std::string_view zone) {
    if (zone.empty() || zone.size() > zone_max || zone.front() == '/' || zone.back() == '/') {
        return false;
    }
    char previous = '/';
    for (const char c : zone) {
        if (c == '/') {
            if (previous == '/') {
                return false;
            }
        } else if (!is_zone_name_char(c)) {
            return false;
        }
        previous = c;
    }
    return true;
}

/**
 * Files in the tz directory that are valid TZif but not zone names a calendar client knows:
 * the posix/ and right/ copies, the local-time link and the "Factory" placeholder.
 */
bool is_zoneinfo_artifact(std::string_view zone) {
    return zone.starts_with("posix/") || zone.starts_with("right/") || zone == "posix" ||
           zone == "right" || zone == "localtime" || zone == "posixrules" || zone == "Factory";
}

bool is_tzif_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec)) {
        return false;
    }
    std::ifstream in(path, std::ios::binary);
    std::array<char, 4> magic{};
    if (!in.read(magic.data(), magic.size())) {
        return false;
    }
    return std::string_view(magic.data(), magic.size()) == "TZif";
}

}  // namespace

std::optional<date> parse_date(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
        return std::nullopt;
    }
    const auto y = digits(text, 0, 4);
    const auto m = digits(text, 5, 2);
    const auto d = digits(text, 8, 2);
    if (!y || !m || !d || *y < year_min || *y > year_max) {
        return std::nullopt;
    }
    const date result{year{*y}, month{static_cast<unsigned>(*m)}, day{static_cast<unsigned>(*d)}};
    if (!result.ok()) {
        return std::nullopt;  // month 13, 31 April, 29 February outside leap years, ...
    }
    return result;
}

std::string format_date(date d) {
    std::array<char, 32> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%04d-%02u-%02u", static_cast<int>(d.year()),
                  static_cast<unsigned>(d.month()), static_cast<unsigned>(d.day()));
    return buffer.data();
}

std::optional<instant> parse_instant(std::string_view text) {
    // YYYY-MM-DDTHH:MM:SS is 19 characters; at least "Z" must follow.
    if (text.size() < 20) {
        return std::nullopt;
    }
    const auto day_part = parse_date(text.substr(0, 10));
    const char separator = text[10];
    if (!day_part || (separator != 'T' && separator != 't' && separator != ' ')) {
        return std::nullopt;
    }
    const auto time_of_day = hours_minutes(text, 11);
    const auto s = digits(text, 17, 2);
    // A leap second (60) cannot be represented by sys_seconds; refusing it is simpler than
    // pretending it is the next minute.
    if (!time_of_day || !char_at(text, 16, ':') || !s || *s > 59) {
        return std::nullopt;
    }
    std::size_t pos = 19;
    if (char_at(text, pos, '.')) {
        ++pos;
        const auto first_digit = pos;
        while (pos < text.size() && is_digit(text[pos])) {
            ++pos;
        }
        if (pos == first_digit) {
            return std::nullopt;
        }
    }
    minutes offset{0};
    if (pos + 1 == text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        // UTC
    } else if (pos + 6 == text.size() && (text[pos] == '+' || text[pos] == '-')) {
        const auto hm = hours_minutes(text, pos + 1);
        if (!hm) {
            return std::nullopt;
        }
        offset = text[pos] == '+' ? *hm : -*hm;
    } else {
        return std::nullopt;
    }
    // Local wall time minus its offset from UTC gives UTC.
    return instant{sys_days{*day_part}} + *time_of_day + seconds{*s} - offset;
}

std::string format_instant(instant t) {
    const auto day_start = floor<days>(t);
    const date ymd{day_start};
    const hh_mm_ss hms{t - day_start};
    std::array<char, 48> buffer{};
    std::snprintf(buffer.data(), buffer.size(), "%04d-%02u-%02uT%02d:%02d:%02dZ",
                  static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                  static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
    return buffer.data();
}

bool is_known_zone(std::string_view zone) {
    if (zone == "UTC") {
        return true;
    }
    // The shape check comes first so that no name with "..", a leading slash or odd bytes is
    // ever turned into a path.
    if (!has_zone_shape(zone) || is_zoneinfo_artifact(zone)) {
        return false;
    }
    const char* tzdir = std::getenv("TZDIR");
    const std::filesystem::path root =
        tzdir != nullptr && *tzdir != '\0' ? tzdir : "/usr/share/zoneinfo";
    return is_tzif_file(root / std::string(zone));
}

}  // namespace traffpunkt::domain
