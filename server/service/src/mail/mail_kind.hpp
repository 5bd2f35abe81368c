#pragma once

// Private to the service: what a mail is about (the outbox's `kind` column, mail.list's `kind`).

#include <array>
#include <optional>
#include <string_view>
#include <utility>

namespace traffpunkt::service {

/** Why a mail is sent (PROTOCOL.md "Mail"). */
enum class mail_kind {
    registration_confirmed,   ///< registered with a seat (or moved to another mode with one)
    registration_waitlisted,  ///< registered on the waitlist (or moved to one), with the position
    registration_promoted,    ///< got a seat from the waitlist
    registration_cancelled,   ///< the registration was cancelled (by the person or the staff)
    meeting_changed,          ///< time, place, format or online link changed
    meeting_cancelled,        ///< the meeting was cancelled
    reminder,                 ///< the meeting starts within mail.reminder_hours
    personal_link,            ///< a new personal link (person.create, send_link, resend_link)
};

inline constexpr std::array<std::pair<mail_kind, std::string_view>, 8> mail_kind_names{{
    {mail_kind::registration_confirmed, "registration_confirmed"},
    {mail_kind::registration_waitlisted, "registration_waitlisted"},
    {mail_kind::registration_promoted, "registration_promoted"},
    {mail_kind::registration_cancelled, "registration_cancelled"},
    {mail_kind::meeting_changed, "meeting_changed"},
    {mail_kind::meeting_cancelled, "meeting_cancelled"},
    {mail_kind::reminder, "reminder"},
    {mail_kind::personal_link, "personal_link"},
}};

inline std::string_view to_string(mail_kind k) {
    for (const auto& [kind, name] : mail_kind_names) {
        if (kind == k) {
            return name;
        }
    }
    return "personal_link";
}

inline std::optional<mail_kind> parse_mail_kind(std::string_view s) {
    for (const auto& [kind, name] : mail_kind_names) {
        if (name == s) {
            return kind;
        }
    }
    return std::nullopt;
}

}  // namespace traffpunkt::service
