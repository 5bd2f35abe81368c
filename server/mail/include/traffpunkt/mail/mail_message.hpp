#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace traffpunkt::mail {

/** A name and an address, as a From or To header shows them. */
struct mailbox {
    std::string name;  ///< any UTF-8; encoded (RFC 2047) or quoted as needed, never a header break
    std::string address;  ///< a plain ASCII address (local@domain), checked again when building
};

/** An iCalendar object the message carries (RFC 6047: iTIP over e-mail). */
struct calendar_part {
    std::string method;  ///< REQUEST or CANCEL: the `method` parameter of text/calendar
    std::string text;    ///< the VCALENDAR, CRLF line ends, as server/ical renders it
};

/** Everything one e-mail says; `build_message` turns it into RFC 5322 bytes. */
struct mail_message {
    mailbox from;
    mailbox to;
    std::string subject;  ///< one line; control characters become spaces
    std::string text;     ///< the plain-text body, UTF-8, LF line ends
    std::optional<calendar_part> calendar;
    /** Without the angle brackets: `id-left@id-right`. Stays the same on every attempt. */
    std::string message_id;
    std::chrono::sys_seconds date{};
    std::string language = "sv";  ///< Content-Language
};

/**
 * The message as RFC 5322 / MIME text, built with GMime: From, To, Subject (RFC 2047 encoded
 * words for anything outside ASCII), Date, Message-ID, MIME-Version, Content-Language,
 * `Auto-Submitted: auto-generated` (RFC 3834, so auto-responders stay quiet); the body is
 * text/plain in quoted-printable, or, with a calendar part, multipart/mixed of
 * multipart/alternative (text/plain, text/calendar; method=...) and the same calendar as an
 * `invite.ics` attachment (application/ics), both in base64. Every line ends in CRLF and is at
 * most 78 characters; the whole message is 7-bit ASCII.
 *
 * Names and the subject cannot add a header or a recipient: control characters in them become
 * spaces before GMime encodes them. An address that is not a plain `local@domain` (a space,
 * control character, quote, angle bracket, comma, semicolon or non-ASCII byte, or not exactly
 * one '@') throws std::invalid_argument, as does an empty message id. Thread-safe.
 */
std::string build_message(const mail_message& message);

/** True for a plain ASCII `local@domain` address as `build_message` accepts it. */
bool is_plain_address(const std::string& address);

}  // namespace traffpunkt::mail
