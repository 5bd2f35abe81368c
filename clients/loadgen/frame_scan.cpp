#include "frame_scan.hpp"

#include <charconv>

namespace traffpunkt::loadgen {

namespace {

/** The integer right after `key` (e.g. `"re":`), or nullopt. */
std::optional<std::int64_t> integer_after(std::string_view frame, std::string_view key,
                                          std::size_t from = 0) {
    const auto at = frame.find(key, from);
    if (at == std::string_view::npos) {
        return std::nullopt;
    }
    const char* begin = frame.data() + at + key.size();
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(begin, frame.data() + frame.size(), value);
    if (ec != std::errc{}) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

frame_summary scan_frame(std::string_view frame) {
    frame_summary out;
    if (frame.find("\"ev\":") != std::string_view::npos &&
        frame.find("\"re\":") == std::string_view::npos) {
        if (frame.find("\"ev\":\"poll.tally\"") == std::string_view::npos) {
            out.what = frame_summary::kind::other_event;
            return out;
        }
        out.what = frame_summary::kind::tally;
        const auto data = frame.find("\"data\":");
        if (const auto b = integer_after(frame, "\"ballots\":", data == frame.npos ? 0 : data)) {
            out.ballots = *b;
        }
        return out;
    }
    const auto re_at = frame.find("\"re\":");
    if (re_at == std::string_view::npos) {
        return out;
    }
    out.what = frame_summary::kind::answer;
    out.re = integer_after(frame, "\"re\":");
    const auto result = frame.find("\"result\":");
    const auto error = frame.find("\"error\":");
    out.ok =
        result != std::string_view::npos && (error == std::string_view::npos || result < error);
    if (!out.ok && error != std::string_view::npos) {
        constexpr std::string_view key = "\"code\":\"";
        const auto code = frame.find(key, error);
        if (code != std::string_view::npos) {
            const auto start = code + key.size();
            const auto end = frame.find('"', start);
            if (end != std::string_view::npos) {
                out.error_code = frame.substr(start, end - start);
            }
        }
    }
    return out;
}

}  // namespace traffpunkt::loadgen
