#include "logging.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <stdexcept>
#include <utility>

namespace traffpunkt {
namespace {

constexpr std::array<std::pair<std::string_view, spdlog::level::level_enum>, 7> levels = {{
    {"trace", spdlog::level::trace},
    {"debug", spdlog::level::debug},
    {"info", spdlog::level::info},
    {"warn", spdlog::level::warn},
    {"error", spdlog::level::err},
    {"critical", spdlog::level::critical},
    {"off", spdlog::level::off},
}};

// Our names, not spdlog's ("warning", "error"), so the JSON matches the log_level setting.
std::string_view level_name(spdlog::level::level_enum level) {
    for (const auto& [name, value] : levels) {
        if (value == level) {
            return name;
        }
    }
    return "unknown";
}

/** The length of the well-formed UTF-8 sequence at `text[i]` (RFC 3629), or 0 if there is none. */
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) -> unsigned {
        return k < text.size() ? static_cast<unsigned char>(text[k]) : 0x100U;
    };
    const auto continuation = [&](std::size_t k, unsigned low = 0x80, unsigned high = 0xBF) {
        return byte(k) >= low && byte(k) <= high;
    };
    const unsigned lead = byte(i);
    if (lead < 0x80) {
        return 1;
    }
    if (lead >= 0xC2 && lead <= 0xDF) {
        return continuation(i + 1) ? 2 : 0;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
        // E0 would allow overlong forms and ED surrogates; their second bytes are narrower.
        const unsigned low = lead == 0xE0 ? 0xA0 : 0x80;
        const unsigned high = lead == 0xED ? 0x9F : 0xBF;
        return continuation(i + 1, low, high) && continuation(i + 2) ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        // F0 would allow overlong forms and F4 code points above U+10FFFF.
        const unsigned low = lead == 0xF0 ? 0x90 : 0x80;
        const unsigned high = lead == 0xF4 ? 0x8F : 0xBF;
        return continuation(i + 1, low, high) && continuation(i + 2) && continuation(i + 3) ? 4 : 0;
    }
    return 0;
}

/** Appends `text` JSON-escaped to `out` (a std::string or spdlog's memory buffer). */
template <typename Buffer>
void escape_into(std::string_view text, Buffer& out) {
    const auto put = [&out](std::string_view s) { out.append(s.data(), s.data() + s.size()); };
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        const std::size_t length = utf8_sequence_length(text, i);
        if (length == 0) {
            // A message may carry bytes from a client; a log collector must still parse the line.
            put("\\ufffd");
            ++i;
            continue;
        }
        if (length > 1) {
            put(text.substr(i, length));
        } else if (c == '"') {
            put("\\\"");
        } else if (c == '\\') {
            put("\\\\");
        } else if (c == '\n') {
            put("\\n");
        } else if (c == '\r') {
            put("\\r");
        } else if (c == '\t') {
            put("\\t");
        } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
            std::array<char, 8> escaped{};
            std::snprintf(escaped.data(), escaped.size(), "\\u%04x",
                          static_cast<unsigned>(static_cast<unsigned char>(c)));
            put(escaped.data());
        } else {
            out.push_back(c);
        }
        i += length;
    }
}

/** `2026-11-26T15:20:01.123Z`. */
std::string utc_timestamp(std::chrono::system_clock::time_point time) {
    const auto since_epoch = time.time_since_epoch();
    const auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
    const auto millis =
        std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch - seconds);
    const std::time_t t = seconds.count();
    std::tm utc{};
    gmtime_r(&t, &utc);
    std::array<char, 32> text{};
    std::snprintf(text.data(), text.size(), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                  utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                  utc.tm_sec, static_cast<int>(millis.count()));
    return text.data();
}

/** One JSON object per line: {"ts":"...Z","level":"info","msg":"..."}. */
class json_formatter final : public spdlog::formatter {
  public:
    void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
        const auto put = [&dest](std::string_view s) {
            dest.append(s.data(), s.data() + s.size());
        };
        put(R"({"ts":")");
        put(utc_timestamp(msg.time));
        put(R"(","level":")");
        put(level_name(msg.level));
        put(R"(","msg":")");
        escape_into(std::string_view(msg.payload.data(), msg.payload.size()), dest);
        put("\"}\n");
    }

    std::unique_ptr<spdlog::formatter> clone() const override {
        return std::make_unique<json_formatter>();
    }
};

// spdlog catches what a sink or formatter throws and calls this; it must not throw in turn,
// or a full disk or a bad format string would take the server down with it.
void report_logging_failure(const std::string& what) noexcept {
    std::fputs("traffpunkt: logging failed: ", stderr);
    std::fputs(what.c_str(), stderr);
    std::fputc('\n', stderr);
}

}  // namespace

std::string json_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    escape_into(text, out);
    return out;
}

void setup_logging(std::string_view format, std::string_view level) {
    const auto found = std::find_if(levels.begin(), levels.end(),
                                    [&](const auto& entry) { return entry.first == level; });
    if (found == levels.end()) {
        throw std::invalid_argument("unknown log level '" + std::string(level) +
                                    "' (trace, debug, info, warn, error, critical, off)");
    }
    spdlog::sink_ptr sink;
    if (format == "text") {
        auto text_sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
        text_sink->set_pattern("[%Y-%m-%d %H:%M:%S.%e] [%^%l%$] %v");
        sink = std::move(text_sink);
    } else if (format == "json") {
        // No colour sink: escape codes would end up inside the collector's JSON.
        sink = std::make_shared<spdlog::sinks::stderr_sink_mt>();
        sink->set_formatter(std::make_unique<json_formatter>());
    } else {
        throw std::invalid_argument("unknown log format '" + std::string(format) +
                                    "' (text, json)");
    }
    auto logger = std::make_shared<spdlog::logger>("traffpunkt", std::move(sink));
    logger->set_level(found->second);
    // stderr is unbuffered, but flushing on warnings keeps that true if the sink ever changes.
    logger->flush_on(spdlog::level::warn);
    logger->set_error_handler(report_logging_failure);
    spdlog::set_default_logger(std::move(logger));
}

}  // namespace traffpunkt
