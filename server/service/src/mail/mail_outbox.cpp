#include "mail/mail_outbox.hpp"

#include <boost/json.hpp>

#include "clock.hpp"
#include "identity.hpp"
#include "registrations/registration_batch.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/registration_repository.hpp"
#include "traffpunkt/store/token_repository.hpp"

namespace traffpunkt::service {

namespace json = boost::json;

namespace {

/** Kinds a newer mail about the same registration or meeting makes pointless to send. */
const std::vector<std::string_view> changes_and_reminders{to_string(mail_kind::meeting_changed),
                                                          to_string(mail_kind::reminder)};

json::object registration_payload(const domain::registration& r, int position) {
    json::object o{{"status", domain::to_string(r.status)}, {"mode", domain::to_string(r.mode)}};
    if (position > 0) {
        o["position"] = position;
    }
    return o;
}

/** What of a meeting changed, as the mail names it: time, place, format, online_url. */
std::vector<std::string> changes_between(const domain::meeting& a, const domain::meeting& b) {
    std::vector<std::string> out;
    if (a.starts_at != b.starts_at || a.ends_at != b.ends_at || a.zone != b.zone) {
        out.emplace_back("time");
    }
    if (a.venue != b.venue || a.address != b.address) {
        out.emplace_back("place");
    }
    if (a.format != b.format) {
        out.emplace_back("format");
    }
    if (a.online_url != b.online_url) {
        out.emplace_back("online_url");
    }
    return out;
}

/** Whether a change matters to someone who takes part in `mode`. */
bool matters_to(const std::vector<std::string>& changes, domain::attendance_mode mode) {
    for (const auto& c : changes) {
        if (c == "time" || c == "format" ||
            (c == "place" && mode == domain::attendance_mode::in_person) ||
            (c == "online_url" && mode == domain::attendance_mode::remote)) {
            return true;
        }
    }
    return false;
}

std::string domain_of(const std::string& address) {
    const auto at = address.rfind('@');
    return at == std::string::npos ? std::string("traffpunkt.local") : address.substr(at + 1);
}

}  // namespace

bool payload_has_token(std::string_view payload) {
    boost::system::error_code ec;
    const auto v = json::parse(payload, ec);
    return !ec && v.is_object() && v.as_object().contains("token");
}

std::string payload_without_token(std::string_view payload) {
    boost::system::error_code ec;
    auto v = json::parse(payload, ec);
    if (ec || !v.is_object()) {
        return "{}";
    }
    v.as_object().erase("token");
    return json::serialize(v);
}

std::string reminder_key(domain::id registration_id, domain::instant starts_at) {
    return "reminder:" + std::to_string(registration_id) + ":" +
           std::to_string(starts_at.time_since_epoch().count());
}

mail_outbox::mail_outbox(const config::settings& settings)
    : message_domain_(domain_of(settings.mail.from)) {}

domain::id mail_outbox::queue(store::database& db, mail_kind kind, const domain::person& to,
                              std::optional<domain::id> registration_id,
                              std::optional<domain::id> meeting_id, const json::object& payload,
                              std::optional<std::string> dedupe_key,
                              std::optional<domain::id> resend_of) const {
    store::outbox_mail m;
    // Made now, kept forever: every attempt, also one after a crash, carries this Message-ID.
    m.message_id = "traffpunkt." + random_hex(16) + "@" + message_domain_;
    m.kind = std::string(to_string(kind));
    if (to.person_id != 0) {
        m.person_id = to.person_id;
    }
    m.registration_id = registration_id;
    m.meeting_id = meeting_id;
    m.recipient = to.email;
    m.recipient_name = to.name;
    m.language = std::string(domain::to_string(to.language));
    m.payload = json::serialize(payload);
    m.created_at = m.next_attempt_at = now();
    m.dedupe_key = std::move(dedupe_key);
    m.resend_of = resend_of;
    return store::insert_mail(db, m);
}

mail_outbox::registrations_before mail_outbox::before(store::database& db,
                                                      const registration_batch& b) const {
    registrations_before out;
    for (const auto& row : b.rows) {
        if (row.insert) {
            continue;
        }
        if (auto stored = store::find_registration(db, row.registration.registration_id)) {
            out.emplace(stored->registration_id, *stored);
        }
    }
    return out;
}

void mail_outbox::registrations_stored(store::database& db, const registration_batch& b,
                                       const registrations_before& before) const {
    using domain::registration_status;
    for (const auto& row : b.rows) {
        const auto& r = row.registration;
        std::optional<mail_kind> kind;
        bool changed_mode = false;
        const auto old = before.find(r.registration_id);
        if (row.insert || old == before.end()) {
            kind = r.status == registration_status::confirmed ? mail_kind::registration_confirmed
                                                              : mail_kind::registration_waitlisted;
        } else if (r.status == registration_status::cancelled &&
                   old->second.status != registration_status::cancelled) {
            kind = mail_kind::registration_cancelled;
        } else if (r.mode != old->second.mode && r.status != registration_status::cancelled) {
            // Moved to another mode: placed there as a newcomer, with a seat or on the waitlist.
            kind = r.status == registration_status::confirmed ? mail_kind::registration_confirmed
                                                              : mail_kind::registration_waitlisted;
            changed_mode = true;
        } else if (r.status == registration_status::confirmed &&
                   old->second.status == registration_status::waitlisted) {
            kind = mail_kind::registration_promoted;
        }
        if (!kind) {
            continue;  // needs or check-in changed: nothing to tell
        }
        const auto person = store::find_person(db, r.person_id);
        if (!person) {
            continue;
        }
        json::object payload = registration_payload(r, row.waitlist_position);
        if (changed_mode) {
            payload["changed_mode"] = true;
        }
        if (row.insert && b.new_person && b.new_person->person_id == r.person_id &&
            !b.token.empty()) {
            // Self-registration: the new person's link, so they can come back from anywhere.
            payload["token"] = b.token;
        }
        if (*kind == mail_kind::registration_cancelled) {
            store::drop_superseded(db, r.person_id, r.meeting_id, changes_and_reminders,
                                   "superseded: the registration was cancelled");
        }
        queue(db, *kind, *person, r.registration_id, r.meeting_id, payload);
    }
}

void mail_outbox::meeting_changed(store::database& db, const domain::meeting& before,
                                  const domain::meeting& after) const {
    if (after.status != domain::meeting_status::published) {
        return;  // drafts have no registrations; a cancellation has its own mail
    }
    const auto changes = changes_between(before, after);
    if (changes.empty()) {
        return;
    }
    json::array names;
    for (const auto& c : changes) {
        names.emplace_back(c);
    }
    const json::object previous{{"starts_at", domain::format_instant(before.starts_at)},
                                {"ends_at", domain::format_instant(before.ends_at)},
                                {"zone", before.zone},
                                {"format", domain::to_string(before.format)},
                                {"venue", before.venue},
                                {"address", before.address}};
    const std::vector<std::string_view> older_changes{to_string(mail_kind::meeting_changed)};
    for (const auto& r : store::list_meeting_registrations(db, after.meeting_id)) {
        if (r.status == domain::registration_status::cancelled || !matters_to(changes, r.mode)) {
            continue;
        }
        const auto person = store::find_person(db, r.person_id);
        if (!person) {
            continue;
        }
        // The newest change mail shows the meeting as it is now: an older unsent one is moot.
        store::drop_superseded(db, r.person_id, after.meeting_id, older_changes,
                               "superseded by a newer change of the meeting");
        json::object payload = registration_payload(r, 0);
        payload["changes"] = names;
        payload["previous"] = previous;
        queue(db, mail_kind::meeting_changed, *person, r.registration_id, after.meeting_id,
              payload);
    }
}

void mail_outbox::meeting_cancelled(store::database& db, const domain::meeting& m) const {
    for (const auto& r : store::list_meeting_registrations(db, m.meeting_id)) {
        if (r.status == domain::registration_status::cancelled) {
            continue;
        }
        const auto person = store::find_person(db, r.person_id);
        if (!person) {
            continue;
        }
        store::drop_superseded(db, r.person_id, m.meeting_id, changes_and_reminders,
                               "superseded: the meeting was cancelled");
        queue(db, mail_kind::meeting_cancelled, *person, r.registration_id, m.meeting_id,
              registration_payload(r, 0));
    }
}

domain::id mail_outbox::personal_link(store::database& db, const domain::person& p,
                                      const std::string& token, std::string_view reason) const {
    return queue(db, mail_kind::personal_link, p, std::nullopt, std::nullopt,
                 json::object{{"token", token}, {"reason", reason}});
}

domain::id mail_outbox::new_personal_link(store::database& db, const domain::person& p,
                                          std::string_view reason) const {
    // The database keeps token hashes only, so an old token cannot be mailed: a new one is made,
    // and the old ones stay valid (revoking them would let anyone log a person out).
    const std::string token = generate_token();
    store::insert_token(db, hash_token(token), "participant", p.person_id, p.name, now());
    return personal_link(db, p, token, reason);
}

domain::id mail_outbox::reminder(store::database& db, const domain::registration& r,
                                 const domain::person& p, const domain::meeting& m) const {
    return queue(db, mail_kind::reminder, p, r.registration_id, m.meeting_id,
                 json::object{{"status", domain::to_string(r.status)},
                              {"mode", domain::to_string(r.mode)},
                              {"starts_at", m.starts_at.time_since_epoch().count()}},
                 reminder_key(r.registration_id, m.starts_at));
}

domain::id mail_outbox::resend(store::database& db, const store::outbox_mail& original) const {
    domain::person to;
    if (original.person_id) {
        if (auto p = store::find_person(db, *original.person_id)) {
            to = *p;  // the current address and language: a typo may have been fixed meanwhile
        }
    }
    if (to.person_id == 0) {
        to.email = original.recipient;
        to.name = original.recipient_name;
        to.language =
            domain::parse_person_language(original.language).value_or(domain::person_language::sv);
    }
    const auto kind = parse_mail_kind(original.kind).value_or(mail_kind::personal_link);
    boost::system::error_code ec;
    auto parsed = json::parse(original.payload, ec);
    json::object payload = !ec && parsed.is_object() ? parsed.as_object() : json::object{};
    if (kind == mail_kind::personal_link || payload.contains("token")) {
        payload.erase("token");
        if (to.person_id != 0) {
            const std::string token = generate_token();
            store::insert_token(db, hash_token(token), "participant", to.person_id, to.name, now());
            payload["token"] = token;
        }
    }
    return queue(db, kind, to, original.registration_id, original.meeting_id, payload, std::nullopt,
                 original.mail_id);
}

}  // namespace traffpunkt::service
