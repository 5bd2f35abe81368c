#include "ical_output.hpp"

#include <stdexcept>

#include "event_text.hpp"

namespace traffpunkt::ical {

namespace {

/**
 * libical 3.0 (Debian 12 has 3.0.16) folds a property line together with its CRLF ending, so a
 * line whose content fills the last folded line exactly comes out as `CR CRLF SPACE LF` (a lone
 * CR and a line without CR: the feed was refused) or as `CRLF SPACE CRLF` (an empty continuation
 * line some servers reject). libical 4.0.3 folds before appending the CRLF (libical PR #1338);
 * until then, both are put back to a plain CRLF here. Values never contain a raw CR (the event
 * text is cleaned first), so neither sequence can be anything else.
 */
void repair_folded_line_endings(std::string& text) {
    for (const std::string_view bad :
         {std::string_view("\r\r\n \n"), std::string_view("\r\n \r\n")}) {
        std::string out;
        out.reserve(text.size());
        std::size_t start = 0;
        for (auto at = text.find(bad); at != std::string::npos; at = text.find(bad, start)) {
            out.append(text, start, at - start);
            out += "\r\n";
            start = at + bad.size();
        }
        out.append(text, start, std::string::npos);
        text = std::move(out);
    }
}

/**
 * A bare LF in the output would end a line early: a folded line split in the wrong place or
 * text that escaped escaping. Either would be a libical bug; refuse to serve such a calendar.
 */
void require_crlf(const std::string& text) {
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\n' && (i == 0 || text[i - 1] != '\r')) {
            throw std::runtime_error("iCalendar output has a line that does not end in CRLF");
        }
        if (text[i] == '\r' && (i + 1 >= text.size() || text[i + 1] != '\n')) {
            throw std::runtime_error("iCalendar output has a lone CR");
        }
    }
}

}  // namespace

std::mutex& libical_mutex() {
    // Feeds are cached by the service and mails are rendered one at a time: one lock is cheap.
    static std::mutex m;
    return m;
}

void add_x_property(icalcomponent* calendar, const char* name, std::string_view value) {
    icalproperty* p = add_property(calendar, icalproperty_new_x(one_line(value).c_str()));
    icalproperty_set_x_name(p, name);
}

std::string serialise_calendar(icalcomponent* calendar) {
    buffer_ptr text(icalcomponent_as_ical_string_r(calendar));
    if (!text) {
        throw std::runtime_error("libical could not serialise the calendar");
    }
    std::string out(text.get());
    repair_folded_line_endings(out);
    require_crlf(out);
    return out;
}

}  // namespace traffpunkt::ical
