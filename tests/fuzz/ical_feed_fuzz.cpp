// libFuzzer target: fuzzed meeting text (title, description, venue, address, online link, cost
// note) and calendar name through render_calendar, one to three events, with fuzzed formats,
// statuses, zones and times.
//
// Properties (abort() on violation; render_calendar throwing counts as one too):
// - every line ends in CRLF and there is no bare CR or LF;
// - every physical line is at most 75 octets and valid UTF-8 on its own, so folding never splits
//   a code point; continuation lines start with one space or TAB and are not empty;
// - unfolded, the feed is one VCALENDAR with exactly one BEGIN:VEVENT and one END:VEVENT per
//   event, every content line is `NAME[;params]:value`, and no BEGIN/END is unbalanced;
// - in each VEVENT, UID, SUMMARY, DESCRIPTION and LOCATION are present once (LOCATION when not
//   empty) and unescape (RFC 5545 TEXT: `\\ \; \, \n`, nothing else, no bare `;` or `,`) to
//   exactly the text the event text functions made of the input; X-WR-CALNAME unescapes to the
//   one-line calendar name (libical escapes only backslashes in X- values).

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fuzzer/FuzzedDataProvider.h>

#include "event_text.hpp"
#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/domain/registration.hpp"
#include "traffpunkt/domain/text.hpp"
#include "traffpunkt/ical/calendar_feed.hpp"

namespace domain = traffpunkt::domain;
namespace ical = traffpunkt::ical;

namespace {

/** The feed being checked, printed when a property fails (to reproduce: run on the input). */
const std::string* current_feed = nullptr;

void require(bool ok, int line = __builtin_LINE()) {
    if (!ok) {
        std::fprintf(stderr, "ical_feed_fuzz: property at line %d violated\n", line);
        if (current_feed != nullptr) {
            std::fwrite(current_feed->data(), 1, current_feed->size(), stderr);
        }
        std::abort();
    }
}

/** RFC 5545 TEXT unescaping; empty when the value has an escape it does not define or an
 * unescaped `;` or `,` (which would split a single TEXT value). */
std::optional<std::string> unescape_text(std::string_view v, bool list_separators_escaped = true) {
    std::string out;
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (list_separators_escaped && (v[i] == ';' || v[i] == ',')) {
            return std::nullopt;
        }
        if (v[i] != '\\') {
            out += v[i];
            continue;
        }
        if (i + 1 >= v.size()) {
            return std::nullopt;
        }
        const char e = v[++i];
        if (e == '\\' || e == ';' || e == ',') {
            out += e;
        } else if (e == 'n' || e == 'N') {
            out += '\n';
        } else {
            return std::nullopt;
        }
    }
    return out;
}

bool is_name_char(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

struct content_line {
    std::string name;
    std::string value;  ///< after the first ':' outside a quoted parameter value
};

content_line split_content_line(const std::string& line) {
    std::size_t i = 0;
    while (i < line.size() && is_name_char(line[i])) {
        ++i;
    }
    require(i > 0 && i < line.size());
    content_line out{line.substr(0, i), {}};
    bool quoted = false;
    for (; i < line.size(); ++i) {
        if (line[i] == '"') {
            quoted = !quoted;
        } else if (line[i] == ':' && !quoted) {
            out.value = line.substr(i + 1);
            return out;
        }
    }
    std::abort();  // no value
}

/** Checks the physical lines and returns the unfolded content lines. */
std::vector<std::string> unfold(const std::string& text) {
    require(text.ends_with("\r\n"));
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto cr = text.find('\r', start);
        require(cr != std::string::npos && cr + 1 < text.size() && text[cr + 1] == '\n');
        const std::string_view physical(text.data() + start, cr - start);
        require(physical.find('\n') == std::string_view::npos);
        require(physical.size() <= 75);
        require(!physical.empty());
        if (physical.front() == ' ' || physical.front() == '\t') {
            require(!lines.empty());
            const auto rest = physical.substr(1);
            require(!rest.empty());  // an empty continuation line: a fold next to the CRLF
            require(domain::is_valid_utf8(rest));
            lines.back() += rest;
        } else {
            require(domain::is_valid_utf8(physical));
            lines.emplace_back(physical);
        }
        start = cr + 2;
    }
    return lines;
}

std::string fuzz_text(FuzzedDataProvider& in) {
    return in.ConsumeRandomLengthString(400);
}

domain::instant fuzz_instant(FuzzedDataProvider& in) {
    // 2000-01-01 .. about 2040: the years the VTIMEZONEs are cut to stay small.
    constexpr std::int64_t y2000 = 946'684'800;
    return domain::instant{std::chrono::seconds{
        y2000 + in.ConsumeIntegralInRange<std::int64_t>(0, 40LL * 365 * 86'400)}};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    FuzzedDataProvider in(data, size);
    static const std::array<std::string, 6> zones{"Europe/Stockholm", "UTC",
                                                  "America/New_York", "Asia/Kolkata",
                                                  "Nowhere/Atlantis", "../../etc/localtime"};

    ical::calendar_options options;
    options.uid_host = "traffpunkt.example.se";
    options.public_base_url = "https://traffpunkt.example.se/";
    options.calendar_name = fuzz_text(in);
    options.zone = zones[in.ConsumeIntegralInRange<std::size_t>(0, zones.size() - 1)];

    std::vector<ical::feed_event> events;
    const int count = in.ConsumeIntegralInRange(1, 3);
    for (int i = 0; i < count; ++i) {
        ical::feed_event e;
        domain::meeting& m = e.meeting;
        m.title = fuzz_text(in);
        m.description = fuzz_text(in);
        m.venue = fuzz_text(in);
        m.address = fuzz_text(in);
        m.online_url = fuzz_text(in);
        m.cost_note = fuzz_text(in);
        m.meeting_id = in.ConsumeIntegralInRange<domain::id>(1, 9'007'199'254'740'991);
        m.network_id = 1;
        m.sequence = in.ConsumeIntegralInRange(0, 1000);
        m.zone = zones[in.ConsumeIntegralInRange<std::size_t>(0, zones.size() - 1)];
        m.starts_at = fuzz_instant(in);
        m.ends_at = m.starts_at + std::chrono::seconds{in.ConsumeIntegralInRange(0, 14 * 86'400)};
        m.created_at = fuzz_instant(in);
        m.updated_at = fuzz_instant(in);
        m.format = static_cast<domain::meeting_format>(in.ConsumeIntegralInRange(0, 2));
        m.status = static_cast<domain::meeting_status>(in.ConsumeIntegralInRange(0, 2));
        const int personal = in.ConsumeIntegralInRange(0, 3);
        if (personal > 0) {
            e.personal_status = static_cast<domain::registration_status>(personal - 1);
        }
        e.include_online_url = in.ConsumeBool();
        events.push_back(std::move(e));
    }

    const std::string text = ical::render_calendar(options, events);
    current_feed = &text;
    const auto lines = unfold(text);

    require(lines.front() == "BEGIN:VCALENDAR" && lines.back() == "END:VCALENDAR");
    int calendars = 0;
    int depth = 0;
    std::size_t event = 0;
    bool in_event = false;
    int summaries = 0;
    int descriptions = 0;
    int locations = 0;
    int uids = 0;
    int calnames = 0;
    for (const auto& line : lines) {
        const auto cl = split_content_line(line);
        if (cl.name == "BEGIN") {
            ++depth;
            calendars += cl.value == "VCALENDAR" ? 1 : 0;
            if (cl.value == "VEVENT") {
                require(!in_event && event < events.size());
                in_event = true;
                summaries = descriptions = locations = uids = 0;
            }
            continue;
        }
        if (cl.name == "END") {
            require(--depth >= 0);
            if (cl.value == "VEVENT") {
                require(in_event);
                const auto& e = events[event];
                require(summaries == 1 && descriptions == 1 && uids == 1);
                require(locations == (ical::event_location(e).empty() ? 0 : 1));
                in_event = false;
                ++event;
            }
            continue;
        }
        if (cl.name == "X-WR-CALNAME") {
            ++calnames;
            // libical escapes only backslashes in X- values (clients read them as TEXT).
            require(unescape_text(cl.value, false) == ical::one_line(options.calendar_name));
        }
        if (!in_event) {
            continue;
        }
        const auto& e = events[event];
        const auto& m = e.meeting;
        if (cl.name == "UID") {
            ++uids;
            require(cl.value == ical::meeting_uid(options, m.meeting_id));
        } else if (cl.name == "SUMMARY") {
            ++summaries;
            require(unescape_text(cl.value) == ical::one_line(m.title));
        } else if (cl.name == "DESCRIPTION") {
            ++descriptions;
            const auto page = ical::meeting_page_url(options, m.meeting_id);
            require(unescape_text(cl.value) == ical::event_description(e, page));
        } else if (cl.name == "LOCATION") {
            ++locations;
            require(unescape_text(cl.value) == ical::event_location(e));
        }
    }
    require(calendars == 1 && depth == 0 && !in_event && event == events.size() && calnames == 1);
    current_feed = nullptr;
    return 0;
}
