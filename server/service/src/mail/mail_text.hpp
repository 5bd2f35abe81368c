#pragma once

// Private to the service: what the mails say, in Swedish (the default) and English. Plain
// values in, subject and text out; no database, no MIME (mail_renderer puts them together).

#include <optional>
#include <string>
#include <vector>

#include "mail/mail_kind.hpp"
#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/domain/network.hpp"
#include "traffpunkt/domain/registration.hpp"

namespace traffpunkt::service {

/** A meeting's time and place before a change (meeting_changed mails say what it was). */
struct meeting_before {
    domain::instant starts_at{};
    domain::instant ends_at{};
    std::string zone{domain::default_zone};
    std::string venue;
    std::string address;
};

/** Everything one mail's text depends on. */
struct mail_text_input {
    mail_kind kind = mail_kind::personal_link;
    domain::person_language language = domain::person_language::sv;
    std::string name;  ///< the recipient's name
    /** The meeting the mail is about (every kind but personal_link). */
    std::optional<domain::meeting> meeting;
    domain::registration_status status = domain::registration_status::confirmed;
    domain::attendance_mode mode = domain::attendance_mode::in_person;
    int position = 0;                  ///< waitlist position, 1-based (0: not waitlisted)
    bool changed_mode = false;         ///< a confirmed/waitlisted mail after a change of mode
    std::vector<std::string> changes;  ///< meeting_changed: time, place, format, online_url
    std::optional<meeting_before> previous;
    std::string meeting_url;    ///< the meeting's page
    std::string personal_link;  ///< `{base}/#/me?token=...`, when the mail carries one
    std::string my_page_url;    ///< `{base}/#/me`, where a person with a link manages things
};

/** A mail's subject (one line) and plain text (LF line ends). */
struct mail_text {
    std::string subject;
    std::string body;
};

/** The subject and text of a mail. */
mail_text compose_mail(const mail_text_input& in);

/**
 * A meeting's time as people read it, in its own zone: "fredag 25 november 2022 kl. 10.00–16.00"
 * or "Friday 25 November 2022, 10:00–16:00 (Swedish time)"; a meeting over several days names
 * both days.
 */
std::string meeting_time_text(domain::instant starts_at, domain::instant ends_at,
                              const std::string& zone, domain::person_language language);

}  // namespace traffpunkt::service
