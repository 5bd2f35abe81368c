#include "event_text.hpp"

#include <cstdint>
#include <vector>

namespace traffpunkt::ical {

namespace {

constexpr std::string_view replacement_character = "\xEF\xBF\xBD";

/**
 * Length of the well-formed UTF-8 sequence at `pos`, or 0 when it is not one (overlongs,
 * surrogates and code points above U+10FFFF are not well-formed).
 */
std::size_t sequence_length(std::string_view s, std::size_t pos) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const unsigned char lead = byte(pos);
    if (lead < 0x80) {
        return 1;
    }
    std::size_t n = 0;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        n = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        n = 3;
        low = lead == 0xE0 ? 0xA0 : 0x80;   // no overlongs
        high = lead == 0xED ? 0x9F : 0xBF;  // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        n = 4;
        low = lead == 0xF0 ? 0x90 : 0x80;   // no overlongs
        high = lead == 0xF4 ? 0x8F : 0xBF;  // nothing above U+10FFFF
    } else {
        return 0;
    }
    if (pos + n > s.size()) {
        return 0;
    }
    if (byte(pos + 1) < low || byte(pos + 1) > high) {
        return 0;
    }
    for (std::size_t i = 2; i < n; ++i) {
        if (byte(pos + i) < 0x80 || byte(pos + i) > 0xBF) {
            return 0;
        }
    }
    return n;
}

/**
 * Copies `text` as well-formed UTF-8, passing each ASCII control character (and DEL) to
 * `control`, which appends what should stand in its place.
 */
template <typename Control>
std::string clean(std::string_view text, Control control) {
    std::string out;
    out.reserve(text.size());
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t n = sequence_length(text, pos);
        if (n == 0) {
            out += replacement_character;
            ++pos;
            continue;
        }
        const char c = text[pos];
        if (n == 1 && (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)) {
            control(out, text, pos);
        } else {
            out.append(text, pos, n);
        }
        pos += n;
    }
    return out;
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
    std::string out;
    for (const auto& part : parts) {
        if (part.empty()) {
            continue;
        }
        if (!out.empty()) {
            out += separator;
        }
        out += part;
    }
    return out;
}

bool has_online_part(const domain::meeting& m) {
    return m.format != domain::meeting_format::in_person && !m.online_url.empty();
}

}  // namespace

std::string one_line(std::string_view text) {
    return clean(text, [](std::string& out, std::string_view, std::size_t) { out += ' '; });
}

std::string multi_line(std::string_view text) {
    return clean(text, [](std::string& out, std::string_view in, std::size_t pos) {
        const char c = in[pos];
        if (c == '\n' || c == '\t') {
            out += c;
        } else if (c == '\r') {
            // CRLF counts once: the LF that follows is written as it comes.
            if (pos + 1 >= in.size() || in[pos + 1] != '\n') {
                out += '\n';
            }
        }
    });
}

std::string meeting_page_url(const calendar_options& options, domain::id meeting_id) {
    std::string_view base = options.public_base_url;
    while (!base.empty() && base.back() == '/') {
        base.remove_suffix(1);
    }
    // Configuration, not user input; still written raw by libical (URI), so kept to one line.
    return one_line(std::string(base) + "/#/meetings/" + std::to_string(meeting_id));
}

std::string meeting_uid(const calendar_options& options, domain::id meeting_id) {
    return one_line("meeting-" + std::to_string(meeting_id) + "@" + options.uid_host);
}

std::string_view format_category(domain::meeting_format format) {
    switch (format) {
        case domain::meeting_format::in_person:
            return "På plats";
        case domain::meeting_format::digital:
            return "Digitalt";
        case domain::meeting_format::hybrid:
            return "Hybrid";
    }
    return "På plats";
}

std::string event_location(const feed_event& event) {
    const domain::meeting& m = event.meeting;
    if (m.format == domain::meeting_format::digital) {
        if (event.include_online_url && !m.online_url.empty()) {
            return one_line(m.online_url);
        }
        return "Digitalt";
    }
    return one_line(join({m.venue, m.address}, ", "));
}

std::string event_description(const feed_event& event, std::string_view page_url) {
    const domain::meeting& m = event.meeting;
    std::vector<std::string> paragraphs{m.description, m.cost_note};
    if (event.include_online_url && has_online_part(m)) {
        paragraphs.push_back("Delta digitalt: " + m.online_url);
    }
    if (event.personal_status == domain::registration_status::waitlisted) {
        paragraphs.push_back("Du står på väntelistan. Vi hör av oss om en plats blir ledig.");
    }
    paragraphs.push_back("Mer information: " + std::string(page_url));
    return multi_line(join(paragraphs, "\n\n"));
}

}  // namespace traffpunkt::ical
