#include "mail/mail_text.hpp"

#include <array>
#include <chrono>
#include <cstdio>

#include "traffpunkt/ical/calendar_feed.hpp"

namespace traffpunkt::service {

namespace {

using domain::person_language;

constexpr std::array<const char*, 7> weekdays_sv{"söndag",  "måndag", "tisdag", "onsdag",
                                                 "torsdag", "fredag", "lördag"};
constexpr std::array<const char*, 7> weekdays_en{"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                 "Thursday", "Friday", "Saturday"};
constexpr std::array<const char*, 12> months_sv{"januari",   "februari", "mars",     "april",
                                                "maj",       "juni",     "juli",     "augusti",
                                                "september", "oktober",  "november", "december"};
constexpr std::array<const char*, 12> months_en{"January",   "February", "March",    "April",
                                                "May",       "June",     "July",     "August",
                                                "September", "October",  "November", "December"};

/** A local date and time of day, from the same zone data as the calendars (libical). */
struct mail_local_time {
    std::chrono::year_month_day day;
    std::chrono::weekday weekday;
    int hour = 0;
    int minute = 0;
};

mail_local_time local_of(domain::instant t, const std::string& zone) {
    const auto local = t + ical::utc_offset(t, zone);
    const auto day = std::chrono::floor<std::chrono::days>(local);
    const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(local - day).count();
    return {std::chrono::year_month_day{day}, std::chrono::weekday{day},
            static_cast<int>(minutes / 60), static_cast<int>(minutes % 60)};
}

std::string two(int n) {
    char buffer[8];
    std::snprintf(buffer, sizeof buffer, "%02d", n);
    return buffer;
}

std::string date_text(const mail_local_time& t, person_language l) {
    const auto weekday = t.weekday.c_encoding();
    const auto month = static_cast<unsigned>(t.day.month()) - 1;
    const auto day = std::to_string(static_cast<unsigned>(t.day.day()));
    const auto year = std::to_string(static_cast<int>(t.day.year()));
    if (l == person_language::en) {
        return std::string(weekdays_en[weekday]) + " " + day + " " + months_en[month] + " " + year;
    }
    return std::string(weekdays_sv[weekday]) + " " + day + " " + months_sv[month] + " " + year;
}

std::string clock_text(const mail_local_time& t, person_language l) {
    // Swedish writes 10.00, English 10:00.
    return two(t.hour) + (l == person_language::en ? ":" : ".") + two(t.minute);
}

std::string zone_note(const std::string& zone, person_language l) {
    if (zone == domain::default_zone) {
        return l == person_language::en ? " (Swedish time)" : "";
    }
    return l == person_language::en ? " (" + zone + " time)" : " (tid i " + zone + ")";
}

bool en(const mail_text_input& in) {
    return in.language == person_language::en;
}

std::string mode_text(domain::attendance_mode mode, person_language l) {
    if (mode == domain::attendance_mode::remote) {
        return l == person_language::en ? "remotely" : "digitalt";
    }
    return l == person_language::en ? "in person" : "på plats";
}

std::string place_of(const std::string& venue, const std::string& address) {
    if (venue.empty()) {
        return address;
    }
    return address.empty() ? venue : venue + ", " + address;
}

/** Time, place or link, and the page: the block every meeting mail ends with. */
std::string details(const mail_text_input& in, bool with_link) {
    const auto& m = *in.meeting;
    const auto l = in.language;
    std::string out;
    out += (en(in) ? "Meeting: " : "Träff: ") + m.title + "\n";
    out +=
        (en(in) ? "When: " : "Tid: ") + meeting_time_text(m.starts_at, m.ends_at, m.zone, l) + "\n";
    if (in.mode == domain::attendance_mode::in_person) {
        const auto place = place_of(m.venue, m.address);
        if (!place.empty()) {
            out += (en(in) ? "Where: " : "Plats: ") + place + "\n";
        }
    } else if (with_link) {
        if (!m.online_url.empty()) {
            out += (en(in) ? "Join online: " : "Delta digitalt: ") + m.online_url + "\n";
        } else {
            out += en(in) ? "Join online: the link follows before the meeting\n"
                          : "Delta digitalt: länken kommer före träffen\n";
        }
    }
    out += (en(in) ? "You take part " : "Du deltar ") + mode_text(in.mode, l) + "\n";
    if (!in.meeting_url.empty()) {
        out += (en(in) ? "More information: " : "Mer information: ") + in.meeting_url + "\n";
    }
    return out;
}

std::string greeting(const mail_text_input& in) {
    return (en(in) ? "Hello " : "Hej ") + in.name + (en(in) ? ",\n\n" : "!\n\n");
}

std::string footer(const mail_text_input& in) {
    std::string out = "\n";
    if (!in.my_page_url.empty() && in.kind != mail_kind::personal_link) {
        out += en(in) ? "Your meetings and registrations are at " + in.my_page_url +
                            " once you have opened your personal link.\n"
                      : "Dina träffar och anmälningar finns på " + in.my_page_url +
                            " när du har öppnat din personliga länk.\n";
    }
    out += en(in) ? "-- \nThis mail was sent automatically by Träffpunkt; replies are not read.\n"
                  : "-- \nDet här mejlet skickades automatiskt av Träffpunkt; svar läses inte.\n";
    return out;
}

std::string link_paragraph(const mail_text_input& in) {
    if (in.personal_link.empty()) {
        return {};
    }
    return en(in) ? "\nYour personal link to Träffpunkt (keep it to yourself: whoever has it can "
                    "act as you):\n" +
                        in.personal_link + "\n"
                  : "\nDin personliga länk till Träffpunkt (dela den inte: den som har den kan "
                    "göra det du kan):\n" +
                        in.personal_link + "\n";
}

std::string change_list(const mail_text_input& in) {
    std::string out;
    for (const auto& c : in.changes) {
        std::string word;
        if (c == "time") {
            word = en(in) ? "the time" : "tiden";
        } else if (c == "place") {
            word = en(in) ? "the place" : "platsen";
        } else if (c == "format") {
            word = en(in) ? "the format" : "formen";
        } else if (c == "online_url") {
            word = en(in) ? "the online link" : "länken för att delta digitalt";
        } else {
            continue;
        }
        if (!out.empty()) {
            out += ", ";
        }
        out += word;
    }
    return out;
}

bool changed(const mail_text_input& in, std::string_view what) {
    for (const auto& c : in.changes) {
        if (c == what) {
            return true;
        }
    }
    return false;
}

mail_text registration_mail(const mail_text_input& in) {
    const auto& m = *in.meeting;
    const auto when = meeting_time_text(m.starts_at, m.ends_at, m.zone, in.language);
    mail_text t;
    std::string lead;
    switch (in.kind) {
        case mail_kind::registration_confirmed:
            if (in.changed_mode) {
                t.subject = (en(in) ? "Registration changed: " : "Ändrad anmälan: ") + m.title;
                lead = en(in) ? "Your registration is changed: you now take part " +
                                    mode_text(in.mode, in.language) + ", and you have a seat.\n"
                              : "Din anmälan är ändrad: du deltar nu " +
                                    mode_text(in.mode, in.language) + " och har en plats.\n";
            } else {
                t.subject = (en(in) ? "You are registered: " : "Du är anmäld: ") + m.title;
                lead = en(in) ? "You are registered, and you have a seat. Welcome!\n"
                              : "Du är anmäld och har en plats. Välkommen!\n";
            }
            break;
        case mail_kind::registration_waitlisted: {
            const auto position = std::to_string(in.position);
            t.subject =
                (en(in) ? "You are on the waiting list: " : "Du står på väntelistan: ") + m.title;
            lead = en(in) ? (in.changed_mode ? "Your registration is changed to take part " +
                                                   mode_text(in.mode, in.language) + ". "
                                             : std::string()) +
                                "There is no free seat yet: you are number " + position +
                                " on the waiting list. We send you another mail as soon as you "
                                "get a seat.\n"
                          : (in.changed_mode ? "Din anmälan är ändrad till att delta " +
                                                   mode_text(in.mode, in.language) + ". "
                                             : std::string()) +
                                "Det finns ingen ledig plats ännu: du står som nummer " + position +
                                " på väntelistan. Vi skickar ett nytt mejl så snart du får en "
                                "plats.\n";
            break;
        }
        case mail_kind::registration_promoted:
            t.subject = (en(in) ? "You have a seat: " : "Du har fått en plats: ") + m.title;
            lead = en(in) ? "Good news: a seat became free, and it is yours. You are registered.\n"
                          : "Goda nyheter: en plats blev ledig och den är din. Du är anmäld.\n";
            break;
        case mail_kind::registration_cancelled:
            t.subject = (en(in) ? "Registration cancelled: " : "Avbokad anmälan: ") + m.title;
            lead = en(in) ? "Your registration for " + m.title + " (" + when +
                                ") is cancelled. To register again, use the meeting's page.\n"
                          : "Din anmälan till " + m.title + " (" + when +
                                ") är avbokad. Vill du anmäla dig igen gör du det på träffens "
                                "sida.\n";
            break;
        default:
            break;
    }
    const bool with_link = in.kind != mail_kind::registration_cancelled &&
                           in.status == domain::registration_status::confirmed;
    t.body = greeting(in) + lead + "\n" + details(in, with_link) + link_paragraph(in) + footer(in);
    return t;
}

mail_text change_mail(const mail_text_input& in) {
    const auto& m = *in.meeting;
    mail_text t;
    t.subject = (en(in) ? "Meeting changed: " : "Ändrad träff: ") + m.title;
    std::string lead = en(in) ? "The meeting has changed: " + change_list(in) + ".\n"
                              : "Träffen är ändrad: " + change_list(in) + ".\n";
    if (in.previous && changed(in, "time")) {
        const auto& p = *in.previous;
        lead += (en(in) ? "It was: " : "Tidigare: ") +
                meeting_time_text(p.starts_at, p.ends_at, p.zone, in.language) + "\n";
    }
    if (in.previous && changed(in, "place") && in.mode == domain::attendance_mode::in_person) {
        const auto place = place_of(in.previous->venue, in.previous->address);
        if (!place.empty()) {
            lead += (en(in) ? "The place was: " : "Platsen var: ") + place + "\n";
        }
    }
    if (in.status == domain::registration_status::waitlisted) {
        lead += en(in) ? "You are still on the waiting list.\n" : "Du står kvar på väntelistan.\n";
    }
    lead += en(in) ? "The calendar invitation in this mail updates the meeting in your calendar.\n"
                   : "Kalenderinbjudan i det här mejlet uppdaterar träffen i din kalender.\n";
    const bool with_link = in.status == domain::registration_status::confirmed;
    t.body = greeting(in) + lead + "\n" + details(in, with_link) + footer(in);
    return t;
}

mail_text cancelled_meeting_mail(const mail_text_input& in) {
    const auto& m = *in.meeting;
    const auto when = meeting_time_text(m.starts_at, m.ends_at, m.zone, in.language);
    mail_text t;
    t.subject = (en(in) ? "Meeting cancelled: " : "Inställd träff: ") + m.title;
    const std::string lead =
        en(in) ? "We are sorry: " + m.title + " (" + when +
                     ") is cancelled. Your registration no longer applies; the calendar "
                     "invitation in this mail removes the meeting from your calendar.\n"
               : "Vi beklagar: " + m.title + " (" + when +
                     ") är inställd. Din anmälan gäller inte längre; kalenderinbjudan i det här "
                     "mejlet tar bort träffen ur din kalender.\n";
    t.body = greeting(in) + lead + footer(in);
    return t;
}

mail_text reminder_mail(const mail_text_input& in) {
    const auto& m = *in.meeting;
    const auto start = local_of(m.starts_at, m.zone);
    mail_text t;
    t.subject = (en(in) ? "Reminder: " : "Påminnelse: ") + m.title + (en(in) ? " on " : " ") +
                date_text(start, in.language);
    const std::string lead =
        en(in) ? "A reminder: you are registered for " + m.title + ", which starts soon.\n"
               : "En påminnelse: du är anmäld till " + m.title + ", som börjar snart.\n";
    t.body = greeting(in) + lead + "\n" + details(in, true) + footer(in);
    return t;
}

mail_text link_mail(const mail_text_input& in) {
    mail_text t;
    t.subject = en(in) ? "Your personal link to Träffpunkt" : "Din personliga länk till Träffpunkt";
    const std::string lead =
        en(in) ? "Here is your personal link to Träffpunkt. With it you see your meetings and "
                 "registrations, register and vote.\n\n" +
                     in.personal_link +
                     "\n\nKeep it to yourself: whoever has the link can act as you. Links you "
                     "got before still work. If you did not ask for a link, you can ignore this "
                     "mail.\n"
               : "Här är din personliga länk till Träffpunkt. Med den ser du dina träffar och "
                 "anmälningar, anmäler dig och röstar.\n\n" +
                     in.personal_link +
                     "\n\nDela den inte: den som har länken kan göra det du kan. Länkar du fått "
                     "tidigare fungerar fortfarande. Om du inte bad om en länk kan du bortse från "
                     "det här mejlet.\n";
    t.body = greeting(in) + lead + footer(in);
    return t;
}

}  // namespace

std::string meeting_time_text(domain::instant starts_at, domain::instant ends_at,
                              const std::string& zone, domain::person_language language) {
    const auto a = local_of(starts_at, zone);
    const auto b = local_of(ends_at, zone);
    const bool english = language == person_language::en;
    std::string out;
    if (a.day == b.day) {
        out = date_text(a, language) + (english ? ", " : " kl. ") + clock_text(a, language) + "–" +
              clock_text(b, language);
    } else {
        out = date_text(a, language) + (english ? ", " : " kl. ") + clock_text(a, language) +
              " – " + date_text(b, language) + (english ? ", " : " kl. ") + clock_text(b, language);
    }
    return out + zone_note(zone, language);
}

mail_text compose_mail(const mail_text_input& in) {
    if (in.kind == mail_kind::personal_link || !in.meeting) {
        return link_mail(in);
    }
    switch (in.kind) {
        case mail_kind::meeting_changed:
            return change_mail(in);
        case mail_kind::meeting_cancelled:
            return cancelled_meeting_mail(in);
        case mail_kind::reminder:
            return reminder_mail(in);
        default:
            return registration_mail(in);
    }
}

}  // namespace traffpunkt::service
