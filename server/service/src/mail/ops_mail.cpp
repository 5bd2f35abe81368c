// Mail (PROTOCOL.md "Mail"): the coordinators' view of the outbox and resending, personal links
// by mail ("send me my link" for anyone, a resend by a coordinator), and the language a person
// reads their mail in. The outbox itself is written by the changes (mail_outbox.cpp) and sent by
// the mailer thread (mailer.cpp).

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "application_impl.hpp"
#include "join_limiter.hpp"
#include "mail/mail_feature.hpp"
#include "mail/mail_kind.hpp"
#include "mail/mailer.hpp"
#include "parse_fields.hpp"
#include "traffpunkt/domain/text.hpp"
#include "traffpunkt/protocol/ops.hpp"
#include "traffpunkt/store/mail_outbox_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "views.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

namespace {

json::value id_or_null(const std::optional<domain::id>& id) {
    return id ? json::value(*id) : json::value(nullptr);
}

json::value instant_or_null(const std::optional<domain::instant>& t) {
    return t ? json::value(domain::format_instant(*t)) : json::value(nullptr);
}

/** The mail object of PROTOCOL.md: what was sent to whom and how it went; never the body. */
json::object mail_json(const store::outbox_mail& m) {
    const bool waiting = m.status == store::mail_status::queued;
    return json::object{
        {"mail_id", m.mail_id},
        {"message_id", m.message_id},
        {"kind", m.kind},
        {"status", store::to_string(m.status)},
        {"person_id", id_or_null(m.person_id)},
        {"registration_id", id_or_null(m.registration_id)},
        {"meeting_id", id_or_null(m.meeting_id)},
        {"recipient", m.recipient},
        {"language", m.language},
        {"subject", m.subject},
        {"attempts", m.attempts},
        {"created_at", domain::format_instant(m.created_at)},
        {"next_attempt_at",
         waiting ? json::value(domain::format_instant(m.next_attempt_at)) : json::value(nullptr)},
        {"sent_at", instant_or_null(m.sent_at)},
        {"last_reply", m.last_reply},
        {"resend_of", id_or_null(m.resend_of)}};
}

/** ASCII lower case: one address, however it is typed. */
std::string folded(std::string text) {
    for (auto& ch : text) {
        if (ch >= 'A' && ch <= 'Z') {
            ch = static_cast<char>(ch - 'A' + 'a');
        }
    }
    return text;
}

store::outbox_mail stored_mail(store::database& db, domain::id mail_id) {
    auto m = store::find_mail(db, mail_id);
    if (!m) {
        throw_not_found("no mail " + std::to_string(mail_id));
    }
    return *m;
}

}  // namespace

void application::impl::mail_queued() {
    if (mail_sender) {
        mail_sender->notify();
    }
}

mail_feature::mail_feature(application::impl& app)
    : app_(app),
      link_requests_per_address_(
          static_cast<std::size_t>(app.settings.mail.send_link_per_address_per_hour),
          std::chrono::hours(1)),
      link_requests_per_source_(
          static_cast<std::size_t>(app.settings.mail.send_link_per_source_per_hour),
          std::chrono::hours(1)) {}

void mail_feature::add_last_mails(json::array& registrations) {
    app_.reads->with([&](store::database& db) {
        for (auto& v : registrations) {
            auto& r = v.as_object();
            const auto last =
                store::last_mail_of_registration(db, r.at("registration_id").as_int64());
            r["last_mail"] = last ? json::value(mail_json(*last)) : json::value(nullptr);
        }
    });
}

void mail_feature::op_list(const call& c) {
    app_.require_coordinator(c);
    const auto a = protocol::decode_mail_list(c.req.args);
    store::mail_filter f;
    f.meeting_id = a.meeting_id;
    f.person_id = a.person_id;
    f.registration_id = a.registration_id;
    if (a.status) {
        f.status = store::parse_mail_status(*a.status);
    }
    f.before_id = a.before;
    // One more than asked for tells whether there is a next page.
    f.limit = static_cast<std::size_t>(a.limit) + 1;
    auto rows = app_.reads->with([&](store::database& db) { return store::list_mails(db, f); });
    const bool more = rows.size() > static_cast<std::size_t>(a.limit);
    if (more) {
        rows.pop_back();
    }
    json::array out;
    for (const auto& m : rows) {
        out.push_back(mail_json(m));
    }
    c.ok(json::object{{"mails", std::move(out)}, {"more", more}});
}

void mail_feature::op_resend(const call& c) {
    app_.require_coordinator(c);
    const auto a = protocol::decode_mail_resend(c.req.args);
    app_.mutate(c, 0, [this, a] {
        write_plan plan;
        plan.write = [this, a](store::database& db) {
            const auto original = stored_mail(db, a.mail_id);
            if (original.status == store::mail_status::queued ||
                original.status == store::mail_status::sending) {
                throw protocol_error(errc::conflict,
                                     "mail " + std::to_string(a.mail_id) +
                                         " is still being sent; resend it once it is sent or "
                                         "failed");
            }
            const auto id = app_.outbox.resend(db, original);
            return json::value(json::object{{"mail", mail_json(stored_mail(db, id))}});
        };
        plan.committed = [this](const json::value&) { app_.mail_queued(); };
        return plan;
    });
}

void mail_feature::op_person_send_link(const call& c) {
    const auto a = protocol::decode_person_send_link(c.req.args);
    const std::string email = domain::trim(a.email);
    enforce(domain::check_email("email", email));
    // Both limits count requests, known addresses or not, so a refusal says nothing about who
    // is known. The source is counted first: one machine cannot use up a stranger's quota
    // beyond its own.
    if (const auto wait = link_requests_per_source_.take(source_key(c.conn->remote))) {
        throw_rate_limited("too many link requests from your address; try again later", *wait);
    }
    if (const auto wait = link_requests_per_address_.take(folded(email))) {
        throw_rate_limited("too many link requests for this e-mail address; try again later",
                           *wait);
    }
    // Answered now, before the address is even looked up: the answer and its timing are the
    // same whether the address is known or not. The mailer does the lookup and the sending.
    if (!app_.mail_sender->request_link(email)) {
        spdlog::warn("mail: too many link requests waiting; one was dropped");
    }
    c.ok(json::object{{"accepted", true}});
}

void mail_feature::op_person_resend_link(const call& c) {
    app_.require_coordinator(c);
    const auto a = protocol::decode_person_resend_link(c.req.args);
    app_.mutate(c, 0, [this, a] {
        write_plan plan;
        plan.write = [this, a](store::database& db) {
            const auto p = store::find_person(db, a.person_id);
            if (!p) {
                throw_not_found("no person " + std::to_string(a.person_id));
            }
            const auto id = app_.outbox.new_personal_link(db, *p, "coordinator");
            return json::value(
                json::object{{"person_id", a.person_id}, {"mail", mail_json(stored_mail(db, id))}});
        };
        plan.committed = [this](const json::value&) { app_.mail_queued(); };
        return plan;
    });
}

void mail_feature::op_person_set_language(const call& c) {
    const auto a = protocol::decode_person_set_language(c.req.args);
    const principal& who = c.who();
    if (!who.is_coordinator() && !who.person_id) {
        throw_forbidden("only the person themself and coordinators may set a person's language");
    }
    if (!a.person_id && !who.person_id) {
        throw protocol::invalid_field("person_id",
                                      "field 'person_id' is required for coordinators");
    }
    const auto person_id = a.person_id.value_or(who.person_id.value_or(0));
    if (!who.is_coordinator() && person_id != *who.person_id) {
        throw_forbidden("only the person themself and coordinators may set a person's language");
    }
    const auto language =
        domain::parse_person_language(a.language).value_or(domain::person_language::sv);
    app_.mutate(c, 0, [person_id, language] {
        write_plan plan;
        plan.write = [person_id, language](store::database& db) {
            auto p = store::find_person(db, person_id);
            if (!p) {
                throw_not_found("no person " + std::to_string(person_id));
            }
            store::set_person_language(db, person_id, language);
            p->language = language;
            return json::value(json::object{{"person", to_json(*p, true)}});
        };
        return plan;
    });
}

}  // namespace traffpunkt::service
