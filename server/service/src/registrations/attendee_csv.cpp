#include "registrations/attendee_csv.hpp"

#include <algorithm>
#include <tuple>

#include "documents/document_metadata.hpp"
#include "http/csv_writer.hpp"
#include "traffpunkt/domain/registration_book.hpp"
#include "traffpunkt/ical/calendar_feed.hpp"

namespace traffpunkt::service {

namespace {

using namespace std::chrono;

/** Confirmed first (in person, then remote), then each waitlist in order; by name within. */
std::vector<std::pair<store::attendee, int>> door_order(std::vector<store::attendee> all) {
    std::vector<domain::registration> rows;
    for (const auto& a : all) {
        rows.push_back(a.registration);
    }
    const domain::registration_book book(rows);
    std::vector<std::pair<store::attendee, int>> out;
    for (auto& a : all) {
        if (a.registration.status != domain::registration_status::cancelled) {
            const int position = book.waitlist_position(a.registration.registration_id);
            out.emplace_back(std::move(a), position);
        }
    }
    const auto key = [](const std::pair<store::attendee, int>& e) {
        const auto& r = e.first.registration;
        return std::make_tuple(r.status == domain::registration_status::confirmed ? 0 : 1,
                               r.mode == domain::attendance_mode::in_person ? 0 : 1, e.second,
                               std::string_view(e.first.organisation.name),
                               std::string_view(e.first.person.name), r.registration_id);
    };
    std::sort(out.begin(), out.end(),
              [&](const auto& a, const auto& b) { return key(a) < key(b); });
    return out;
}

struct words {
    std::vector<std::string_view> header;
    std::string_view official, elected, in_person, remote, confirmed, waitlisted, suffix;
};

const words& words_of(csv_language language) {
    static const words swedish{
        {"Namn", "Organisation", "Roll", "Deltagande", "Status", "Plats i kön", "E-post",
         "Specialkost", "Tillgänglighet", "Incheckad"},
        "tjänsteperson",
        "förtroendevald",
        "på plats",
        "digitalt",
        "bekräftad",
        "väntelista",
        "deltagare"};
    static const words english{
        {"Name", "Organisation", "Role", "Attendance", "Status", "Waitlist position", "E-mail",
         "Dietary requirements", "Accessibility needs", "Checked in"},
        "official",
        "elected",
        "in person",
        "online",
        "confirmed",
        "waitlisted",
        "attendees"};
    return language == csv_language::swedish ? swedish : english;
}

}  // namespace

std::string attendees_csv(std::vector<store::attendee> attendees, char separator,
                          csv_language language) {
    const auto& w = words_of(language);
    csv_writer csv(separator);
    csv.row(std::vector<std::string>(w.header.begin(), w.header.end()));
    for (const auto& [a, position] : door_order(std::move(attendees))) {
        const auto& r = a.registration;
        const bool elected = a.person.role == domain::person_role::elected;
        const bool in_person = r.mode == domain::attendance_mode::in_person;
        const bool confirmed = r.status == domain::registration_status::confirmed;
        csv.row(std::vector<std::string>{
            a.person.name, a.organisation.name, std::string(elected ? w.elected : w.official),
            std::string(in_person ? w.in_person : w.remote),
            std::string(confirmed ? w.confirmed : w.waitlisted),
            position > 0 ? std::to_string(position) : "", a.person.email, r.dietary_needs,
            r.accessibility_needs,
            r.checked_in_at ? domain::format_instant(*r.checked_in_at) : ""});
    }
    return csv.str();
}

std::string attendees_filename(const domain::meeting& m, csv_language language) {
    const auto local = m.starts_at + ical::utc_offset(m.starts_at, m.zone);
    const std::string date = domain::format_date(year_month_day{floor<days>(local)});
    std::string title;
    bool space = false;
    for (const char ch : m.title) {
        const auto u = static_cast<unsigned char>(ch);
        const bool refused = u < 0x20 || u == 0x7F ||
                             std::string_view("/\\:*?\"<>|").find(ch) != std::string_view::npos;
        if (refused || ch == ' ') {
            space = !title.empty();
            continue;
        }
        if (space) {
            title += ' ';
            space = false;
        }
        title += ch;
    }
    title = truncate_code_points(title, 100);
    while (!title.empty() && title.back() == ' ') {
        title.pop_back();
    }
    return date + " " + title + " - " + std::string(words_of(language).suffix) + ".csv";
}

}  // namespace traffpunkt::service
