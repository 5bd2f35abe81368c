#include "agenda/agenda_text.hpp"

#include <chrono>
#include <cstdio>

#include "traffpunkt/ical/calendar_feed.hpp"

namespace traffpunkt::service {

namespace {

using namespace std::chrono;

/** A local wall-clock time in the meeting's zone, as the calendars compute it. */
struct local_time {
    year_month_day day;
    hh_mm_ss<seconds> time;
};

local_time local(domain::instant t, const std::string& zone) {
    const auto wall = t + ical::utc_offset(t, zone);
    const auto day = floor<days>(wall);
    return {year_month_day{day}, hh_mm_ss<seconds>{wall - day}};
}

std::string hh_mm(const local_time& t) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%02d:%02d", static_cast<int>(t.time.hours().count()),
                  static_cast<int>(t.time.minutes().count()));
    return buffer;
}

std::string ymd(const local_time& t) {
    return domain::format_date(t.day);
}

/** True when the meeting starts and ends on different local days. */
bool spans_days(const domain::meeting& m) {
    // The last second of the meeting, so a meeting ending at midnight stays on one day.
    return local(m.starts_at, m.zone).day != local(m.ends_at - seconds{1}, m.zone).day;
}

/** "10:00–10:15", or "2022-11-25 10:00–10:15" for meetings of several days. */
std::string time_range(const domain::meeting& m, const domain::agenda_item& item, bool with_date) {
    const auto from = local(item.starts_at, m.zone);
    const auto to = local(item.ends_at(), m.zone);
    std::string out = with_date ? ymd(from) + " " : std::string();
    return out + hh_mm(from) + "\u2013" + hh_mm(to);
}

std::string presenter_list(const domain::agenda_item& item) {
    std::string out;
    for (const auto& p : item.presenters) {
        if (!out.empty()) {
            out += "; ";
        }
        out += p.name;
        if (!p.organisation.empty()) {
            out += ", " + p.organisation;
        }
    }
    return out;
}

/** The kind as the agenda prints it; talks, the usual case, print nothing. */
std::string_view kind_label(domain::agenda_item_kind k) {
    switch (k) {
        case domain::agenda_item_kind::talk:
            return "";
        case domain::agenda_item_kind::discussion:
            return "Diskussion";
        case domain::agenda_item_kind::workshop:
            return "Workshop";
        case domain::agenda_item_kind::pause:
            return "Paus";
        case domain::agenda_item_kind::poll:
            return "Omröstning";
    }
    return "";
}

/** `text` with every line after a line break indented by `indent`. */
std::string indented(std::string_view text, std::string_view indent) {
    std::string out(indent);
    for (const char c : text) {
        out += c;
        if (c == '\n') {
            out += indent;
        }
    }
    return out;
}

}  // namespace

std::string agenda_calendar_text(const domain::meeting& m,
                                 const std::vector<domain::agenda_item>& items) {
    if (items.empty()) {
        return {};
    }
    const bool with_date = spans_days(m);
    std::string out = "Program:";
    for (const auto& item : items) {
        out += "\n" + time_range(m, item, with_date) + " " + item.title;
        if (const auto who = presenter_list(item); !who.empty()) {
            out += " (" + who + ")";
        }
    }
    return out;
}

domain::meeting with_agenda(domain::meeting m, const std::vector<domain::agenda_item>& items) {
    const auto agenda = agenda_calendar_text(m, items);
    if (!agenda.empty()) {
        m.description = m.description.empty() ? agenda : m.description + "\n\n" + agenda;
    }
    return m;
}

std::string agenda_plain_text(const domain::meeting& m,
                              const std::vector<domain::agenda_item>& items) {
    const auto start = local(m.starts_at, m.zone);
    const auto end = local(m.ends_at, m.zone);
    const bool several_days = spans_days(m);
    std::string out = m.title + "\n";
    if (several_days) {
        out += ymd(start) + " " + hh_mm(start) + " \u2013 " + ymd(end) + " " + hh_mm(end);
    } else {
        out += ymd(start) + " " + hh_mm(start) + "\u2013" + hh_mm(end);
    }
    out += " (" + m.zone + ")\n";
    std::string place = m.venue;
    if (!m.address.empty()) {
        place += (place.empty() ? "" : ", ") + m.address;
    }
    if (m.format == domain::meeting_format::digital) {
        place = "Digitalt";
    } else if (m.format == domain::meeting_format::hybrid) {
        place += place.empty() ? "Digitalt" : " och digitalt";
    }
    if (!place.empty()) {
        out += place + "\n";
    }
    if (m.status == domain::meeting_status::cancelled) {
        out += "INSTÄLLD\n";
    }
    out += "\nProgram\n";
    if (items.empty()) {
        out += "\nInget program ännu.\n";
        return out;
    }
    // "10:00–10:15  " is 13 characters wide; the details line up under the title.
    const std::string indent(13, ' ');
    std::string day;
    for (const auto& item : items) {
        const auto from = local(item.starts_at, m.zone);
        if (several_days && ymd(from) != day) {
            day = ymd(from);
            out += "\n" + day + "\n";
        }
        out += "\n" + time_range(m, item, false) + "  " + item.title;
        if (const auto kind = kind_label(item.kind); !kind.empty()) {
            out += " [" + std::string(kind) + "]";
        }
        out += "\n";
        if (const auto who = presenter_list(item); !who.empty()) {
            out += indent + who + "\n";
        }
        if (!item.description.empty()) {
            out += indented(item.description, indent) + "\n";
        }
    }
    return out;
}

}  // namespace traffpunkt::service
