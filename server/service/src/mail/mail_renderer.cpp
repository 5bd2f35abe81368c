#include "mail/mail_renderer.hpp"

#include <boost/json.hpp>

#include "agenda/agenda_text.hpp"
#include "mail/mail_kind.hpp"
#include "mail/mail_text.hpp"
#include "traffpunkt/domain/text.hpp"
#include "traffpunkt/ical/itip.hpp"
#include "traffpunkt/mail/mail_message.hpp"
#include "traffpunkt/store/agenda_repository.hpp"
#include "traffpunkt/store/meeting_repository.hpp"

namespace traffpunkt::service {

namespace json = boost::json;

namespace {

std::string string_of(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

std::int64_t int_of(const json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    return v != nullptr && v->is_int64() ? v->as_int64() : 0;
}

/** Which iTIP message a kind carries, if any. */
std::optional<ical::itip_method> method_of(mail_kind kind) {
    switch (kind) {
        case mail_kind::registration_confirmed:
        case mail_kind::registration_waitlisted:
        case mail_kind::registration_promoted:
        case mail_kind::meeting_changed:
            return ical::itip_method::request;
        case mail_kind::registration_cancelled:
        case mail_kind::meeting_cancelled:
            return ical::itip_method::cancel;
        case mail_kind::reminder:
        case mail_kind::personal_link:
            break;
    }
    return std::nullopt;
}

}  // namespace

mail_renderer::mail_renderer(const config::settings& settings)
    : base_url_(settings.public_base_url),
      uid_host_(settings.uid_host),
      public_base_url_(settings.public_base_url),
      from_(settings.mail.from),
      from_name_(settings.mail.from_name) {
    while (!base_url_.empty() && base_url_.back() == '/') {
        base_url_.pop_back();
    }
}

std::string mail_renderer::personal_link(const std::string& token) const {
    return base_url_ + "/#/me?token=" + token;
}

mail_renderer::rendered mail_renderer::render(store::database& db, const store::outbox_mail& row,
                                              domain::instant now) const {
    const auto kind = parse_mail_kind(row.kind);
    if (!kind) {
        throw mail_render_error("unknown kind of mail: " + row.kind);
    }
    // The address was checked when the person was made; rows older than the strict check, or
    // changed by hand, are refused here rather than handed to SMTP.
    if (auto error = domain::check_email("email", row.recipient)) {
        throw mail_render_error("the recipient address is not valid: " + error->message);
    }
    boost::system::error_code ec;
    const auto parsed = json::parse(row.payload, ec);
    const json::object payload = !ec && parsed.is_object() ? parsed.as_object() : json::object{};

    mail_text_input in;
    in.kind = *kind;
    in.language = domain::parse_person_language(row.language).value_or(domain::person_language::sv);
    in.name = row.recipient_name;
    in.status = domain::parse_registration_status(string_of(payload, "status"))
                    .value_or(domain::registration_status::confirmed);
    if (*kind == mail_kind::registration_promoted) {
        in.status = domain::registration_status::confirmed;
    }
    in.mode = domain::parse_attendance_mode(string_of(payload, "mode"))
                  .value_or(domain::attendance_mode::in_person);
    in.position = static_cast<int>(int_of(payload, "position"));
    if (const auto* v = payload.if_contains("changed_mode"); v != nullptr && v->is_bool()) {
        in.changed_mode = v->as_bool();
    }
    if (const auto* v = payload.if_contains("changes"); v != nullptr && v->is_array()) {
        for (const auto& c : v->as_array()) {
            if (c.is_string()) {
                in.changes.emplace_back(c.as_string());
            }
        }
    }
    if (const auto* v = payload.if_contains("previous"); v != nullptr && v->is_object()) {
        const auto& p = v->as_object();
        meeting_before before;
        before.starts_at =
            domain::parse_instant(string_of(p, "starts_at")).value_or(domain::instant{});
        before.ends_at = domain::parse_instant(string_of(p, "ends_at")).value_or(before.starts_at);
        before.zone = string_of(p, "zone");
        before.venue = string_of(p, "venue");
        before.address = string_of(p, "address");
        in.previous = before;
    }
    const auto token = string_of(payload, "token");
    if (!token.empty()) {
        in.personal_link = personal_link(token);
    }
    in.my_page_url = base_url_ + "/#/me";

    if (*kind != mail_kind::personal_link) {
        if (!row.meeting_id) {
            throw mail_render_error("the mail names no meeting");
        }
        auto m = store::find_meeting(db, *row.meeting_id);
        if (!m) {
            throw mail_render_error("the meeting no longer exists");
        }
        // The meeting as the feeds show it, agenda included, so the invitation matches them.
        in.meeting = with_agenda(std::move(*m), store::list_agenda_items(db, *row.meeting_id));
        in.meeting_url = base_url_ + "/#/meetings/" + std::to_string(*row.meeting_id);
    }

    rendered out;
    out.at = now;
    if (row.person_id && row.meeting_id) {
        // A later message about the same meeting must have a later DTSTAMP (equal SEQUENCE).
        if (const auto last = store::last_rendered_at(db, *row.person_id, *row.meeting_id);
            last && *last >= out.at) {
            out.at = *last + std::chrono::seconds{1};
        }
    }

    const auto text = compose_mail(in);
    mail::mail_message message;
    message.from = {from_name_, from_};
    message.to = {row.recipient_name, row.recipient};
    message.subject = text.subject;
    message.text = text.body;
    message.message_id = row.message_id;
    message.date = out.at;
    message.language = row.language;
    if (const auto method = method_of(*kind); method && in.meeting) {
        ical::itip_invitation invitation;
        invitation.method = *method;
        invitation.meeting = *in.meeting;
        invitation.organizer_email = from_;
        invitation.organizer_name = from_name_;
        invitation.attendee_email = row.recipient;
        invitation.attendee_name = row.recipient_name;
        invitation.status = in.status;
        invitation.mode = in.mode;
        invitation.dtstamp = out.at;
        const ical::calendar_options options{uid_host_, public_base_url_, in.meeting->title,
                                             std::string(domain::default_zone)};
        message.calendar =
            mail::calendar_part{*method == ical::itip_method::request ? "REQUEST" : "CANCEL",
                                ical::render_itip(options, invitation)};
    }
    try {
        out.message = mail::build_message(message);
    } catch (const std::invalid_argument& e) {
        throw mail_render_error(e.what());
    }
    out.subject = text.subject;
    return out;
}

}  // namespace traffpunkt::service
