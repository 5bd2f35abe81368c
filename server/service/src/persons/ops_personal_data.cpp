// The ops of personal_data_feature (issue 20): the register extract (person.export), erasure
// (person.erase), the access log (audit.list and log_access) and retention (retention.run and
// the periodic job). What each table keeps and loses is listed once, in
// store::personal_data_columns(); PROTOCOL.md "Personal data" says the same to clients.

#include <spdlog/spdlog.h>

#include <filesystem>

#include <boost/asio/post.hpp>
#include <boost/json/serialize.hpp>

#include "application_impl.hpp"
#include "clock.hpp"
#include "identity.hpp"
#include "mail/mailer.hpp"
#include "parse_fields.hpp"
#include "persons/person_extract.hpp"
#include "persons/personal_data_feature.hpp"
#include "traffpunkt/mail/file_transport.hpp"
#include "traffpunkt/protocol/ops_personal_data.hpp"
#include "traffpunkt/store/access_log_repository.hpp"
#include "traffpunkt/store/idempotency_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/personal_data_repository.hpp"
#include "traffpunkt/store/question_repository.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

namespace {

/** Who did something, as the access log names them (no e-mail, no token). */
std::string actor_of(const principal& p) {
    if (p.is_coordinator()) {
        return "coordinator token " + std::to_string(p.token_id) + " (" + p.name + ")";
    }
    if (p.person_id) {
        return "person " + std::to_string(*p.person_id) + " (" + p.name + ")";
    }
    if (p.who == principal::role::audience) {
        return "audience device " + std::to_string(p.token_id);
    }
    return "public";
}

json::object entry_json(const store::access_entry& e) {
    const auto opt = [](const std::optional<std::int64_t>& v) {
        return v ? json::value(*v) : json::value(nullptr);
    };
    return json::object{{"entry_id", e.entry_id},
                        {"at", domain::format_instant(e.at)},
                        {"actor", e.actor},
                        {"actor_person_id", opt(e.actor_person_id)},
                        {"action", e.action},
                        {"subject_person_id", opt(e.subject_person_id)},
                        {"meeting_id", opt(e.meeting_id)},
                        {"remote", e.remote},
                        {"details", e.details}};
}

/** ASCII lower case (e-mail addresses compare without regard to ASCII case). */
std::string ascii_lower(std::string_view text) {
    std::string out(text);
    for (auto& ch : out) {
        if (ch >= 'A' && ch <= 'Z') {
            ch = static_cast<char>(ch - 'A' + 'a');
        }
    }
    return out;
}

/** Months as the retention rules count them: 30 days each. */
std::chrono::seconds months_of(int n) {
    return std::chrono::hours(24 * 30) * n;
}

}  // namespace

personal_data_feature::personal_data_feature(application::impl& app) : app_(app) {}

void personal_data_feature::log_access(const principal& who, std::string_view remote,
                                       std::string_view action,
                                       std::optional<std::int64_t> subject_person_id,
                                       std::optional<std::int64_t> meeting_id,
                                       std::string details) {
    store::access_entry e;
    e.at = now();
    e.actor = actor_of(who);
    e.actor_person_id = who.person_id;
    if (who.token_id > 0 && who.who != principal::role::audience) {
        e.actor_token_id = who.token_id;
    }
    e.action = std::string(action);
    e.subject_person_id = subject_person_id;
    e.meeting_id = meeting_id;
    e.remote = std::string(remote);
    e.details = std::move(details);
    app_.writer->submit([e](store::database& db) { store::insert_access(db, e); },
                        [action = e.action](std::exception_ptr failure) {
                            if (failure) {
                                spdlog::error("the access log could not record {}", action);
                            }
                        });
}

void personal_data_feature::op_export(const call& c) {
    const auto a = protocol::decode_person_export(c.req.args);
    const principal& who = c.who();
    if (!who.is_coordinator() && !(who.person_id && *who.person_id == a.person_id)) {
        throw_forbidden("a register extract is for the person themself and coordinators");
    }
    auto extract = app_.reads->with(
        [&](store::database& db) { return person_extract_json(db, a.person_id, now()); });
    if (!extract) {
        throw_not_found("no person " + std::to_string(a.person_id));
    }
    log_access(who, c.conn->remote, "person.export", a.person_id, std::nullopt);
    c.ok(json::object{{"export", std::move(*extract)}});
}

void personal_data_feature::op_erase(const call& c) {
    app_.require_coordinator(c);
    const auto a = protocol::decode_person_erase(c.req.args);
    const principal who = c.who();
    const std::string remote = c.conn->remote;
    auto counts = std::make_shared<store::erasure_counts>();
    write_plan plan;
    plan.write = [a, who, remote, counts](store::database& db) -> json::value {
        const auto person = store::find_person(db, a.person_id);
        if (!person) {
            throw_not_found("no person " + std::to_string(a.person_id));
        }
        // The confirmation: the address typed again, so an id typed wrong erases nobody.
        if (ascii_lower(a.confirm) != ascii_lower(person->email)) {
            throw protocol::invalid_field(
                "confirm", "field 'confirm' must be the person's e-mail address, typed again");
        }
        auto erased = store::erase_person(db, a.person_id, now(), [] { return random_hex(16); });
        if (!erased) {
            throw_not_found("no person " + std::to_string(a.person_id));
        }
        *counts = *erased;
        // Recorded in the same transaction, without the erased data.
        store::access_entry e;
        e.at = now();
        e.actor = actor_of(who);
        e.actor_person_id = who.person_id;
        e.actor_token_id = who.token_id;
        e.action = "person.erase";
        e.subject_person_id = a.person_id;
        e.remote = remote;
        e.details = std::to_string(erased->registrations) +
                    " registrations kept as placeholders, " + std::to_string(erased->tokens) +
                    " tokens deleted";
        store::insert_access(db, e);
        return json::object{{"person_id", a.person_id},
                            {"erased", true},
                            {"registrations", erased->registrations},
                            {"tokens", erased->tokens},
                            {"named_ballots", erased->named_ballots},
                            {"idempotency_records", erased->idempotency},
                            {"facilitations", erased->facilitations},
                            {"mails", erased->mails},
                            {"history_rows", erased->changes}};
    };
    plan.committed = [&app = app_, counts, person_id = a.person_id](const json::value&) {
        // Their connections end now (the revocation check would find the deleted tokens too).
        for (const auto token_id : counts->token_ids) {
            {
                std::lock_guard lock(app.revoked_mutex);
                app.revoked_accounts.insert(token_id);
            }
            app.close_revoked("account", token_id);
        }
        // Rooms hold registrations (with needs) and voters in memory: read them again.
        for (const auto meeting_id : counts->meetings) {
            auto r = app.rooms.find(meeting_id);
            if (!r) {
                continue;  // nothing cached
            }
            boost::asio::post(r->strand, [r] {
                r->registrations.invalidate();
                for (auto& [id, lp] : r->polls) {
                    lp.stale = true;
                }
                r->minutes.invalidate();
                r->meeting.reset();  // its contact may have been the person's
            });
        }
        app.recheck_rights(person_id);
        // With the file transport every mail is also a file: those of the person go too.
        if (app.settings.mail.transport != "smtp") {
            const auto folder = sent_mail_folder(app.settings);
            for (const auto mail_id : counts->mail_ids) {
                std::error_code ignored;
                std::filesystem::remove(
                    mail::file_transport::file_of(folder, std::to_string(mail_id)), ignored);
            }
        }
        // The deleted rows are overwritten in the file (secure_delete); the WAL goes too.
        app.writer->request_checkpoint();
    };
    app_.submit(c, std::move(plan));
}

void personal_data_feature::op_audit_list(const call& c) {
    app_.require_coordinator(c);
    const auto a = protocol::decode_audit_list(c.req.args);
    auto entries = app_.reads->with([&](store::database& db) {
        return store::list_access(db, a.before, a.limit + 1, a.person_id);
    });
    const bool more = entries.size() > static_cast<std::size_t>(a.limit);
    if (more) {
        entries.pop_back();
    }
    json::array out;
    for (const auto& e : entries) {
        out.push_back(entry_json(e));
    }
    json::value next = nullptr;
    if (more && !entries.empty()) {
        next = entries.back().entry_id;
    }
    c.ok(json::object{{"entries", std::move(out)}, {"next_before", next}});
}

void personal_data_feature::op_retention_run(const call& c) {
    app_.require_coordinator(c);
    const auto a = protocol::decode_retention_run(c.req.args);
    const auto at_now = now();
    domain::instant as_of = at_now;
    if (a.as_of) {
        as_of = instant_field("as_of", *a.as_of);
        if (as_of < at_now) {
            throw protocol::invalid_field("as_of",
                                          "field 'as_of' must not be in the past: the rules "
                                          "only ever delete earlier, never restore");
        }
    }
    run_retention(as_of, [this, c](std::optional<json::object> result) {
        if (result) {
            app_.complete_ok(c, *result);
        } else {
            app_.complete_error(
                c,
                {errc::unavailable, "the database cannot take writes right now; retry later", {}});
        }
    });
}

void personal_data_feature::run_retention(domain::instant as_of,
                                          std::function<void(std::optional<json::object>)> done) {
    const auto& settings = app_.settings;
    const auto needs_cutoff = as_of - std::chrono::hours(24) * settings.retention.needs_days;
    const auto pseudonym_cutoff = as_of - months_of(settings.retention.pseudonymise_months);
    const auto log_cutoff = as_of - months_of(settings.retention.access_log_months);
    const auto idem_cutoff = as_of - std::chrono::seconds(settings.idempotency.retention_s);
    auto result = std::make_shared<json::object>();
    auto meetings = std::make_shared<std::vector<std::int64_t>>();
    app_.writer->submit(
        [=](store::database& db) {
            // Meetings whose rows change: their rooms read registrations again afterwards.
            {
                auto st = db.prepare("SELECT meeting_id FROM meetings WHERE ends_at < ?");
                st.bind_all(std::chrono::duration_cast<std::chrono::seconds>(
                                needs_cutoff.time_since_epoch())
                                .count());
                while (st.step()) {
                    meetings->push_back(st.int64(0));
                }
            }
            const int needs = store::clear_needs_of_meetings_ended_before(db, needs_cutoff);
            const int pseudonymised =
                store::pseudonymise_registrations_ended_before(db, pseudonym_cutoff, now());
            const int questions = store::pseudonymise_questions_ended_before(db, pseudonym_cutoff);
            const int log = store::prune_access_before(db, log_cutoff);
            const int idem = store::delete_idem_before(db, idem_cutoff);
            *result = json::object{{"as_of", domain::format_instant(as_of)},
                                   {"needs_cleared", needs},
                                   {"registrations_pseudonymised", pseudonymised},
                                   {"questions_pseudonymised", questions},
                                   {"access_log_deleted", log},
                                   {"idempotency_deleted", idem}};
            store::record_job_run(db, "retention", now(), json::serialize(*result));
        },
        [this, result, meetings, done](std::exception_ptr failure) {
            if (failure) {
                spdlog::error("retention run failed; it runs again at the next interval");
                done(std::nullopt);
                return;
            }
            last_run_ = std::chrono::duration_cast<std::chrono::seconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
            for (const auto meeting_id : *meetings) {
                auto r = app_.rooms.find(meeting_id);
                if (!r) {
                    continue;
                }
                boost::asio::post(r->strand, [r] { r->registrations.invalidate(); });
            }
            app_.writer->request_checkpoint();
            spdlog::info("retention: {}", json::serialize(*result));
            done(*result);
        });
}

}  // namespace traffpunkt::service
