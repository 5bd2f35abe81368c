#include "traffpunkt/service/application.hpp"

#include <algorithm>
#include <filesystem>
#include <stdexcept>

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "agenda/agenda_feature.hpp"
#include "application_impl.hpp"
#include "calendar/calendar_feature.hpp"
#include "documents/document_feature.hpp"
#include "documents/document_path.hpp"
#include "identity.hpp"
#include "mail/mail_feature.hpp"
#include "mail/mailer.hpp"
#include "meetings/meeting_feature.hpp"
#include "minutes/minutes_feature.hpp"
#include "network/network_feature.hpp"
#include "persons/people_feature.hpp"
#include "polls/poll_feature.hpp"
#include "persons/personal_data_feature.hpp"
#include "questions/question_feature.hpp"
#include "registrations/registration_feature.hpp"
#include "traffpunkt/config/address_range.hpp"
#include "traffpunkt/protocol/envelope.hpp"
#include "traffpunkt/protocol/ops.hpp"
#include "traffpunkt/store/idempotency_repository.hpp"
#include "traffpunkt/store/migrations.hpp"
#include "traffpunkt/store/poll_repository.hpp"
#include "traffpunkt/store/revocation_repository.hpp"
#include "traffpunkt/store/store_error.hpp"
#include "traffpunkt/store/token_repository.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

std::string principal::idem_scope() const {
    if (person_id) {
        return "person:" + std::to_string(*person_id);
    }
    if (who == role::audience) {
        return "audience:" + std::to_string(token_id);
    }
    return "token:" + std::to_string(token_id);
}

void throw_rule(const domain::rule_error& e) {
    if (e.what == domain::rule_error::kind::invalid_transition) {
        throw protocol_error(protocol::error{errc::conflict, e.message, {}});
    }
    json::object details;
    if (!e.field.empty()) {
        details["field"] = e.field;
    }
    throw protocol_error(protocol::error{errc::invalid_args, e.message, std::move(details)});
}

void enforce(const domain::check& c) {
    if (c) {
        throw_rule(*c);
    }
}

application::impl::impl(const config::settings& s, boost::asio::any_io_executor ex)
    : settings(s),
      executor(ex),
      db_path((std::filesystem::path(s.data_dir) / "traffpunkt.sqlite3").string()),
      // Half the outgoing queue for a replay, so live events still fit behind it.
      events(s.hub.topic_history, random_hex(8),
             hub::replay_limit{s.websocket.queue_max_messages / 2, s.websocket.queue_max_bytes / 2},
             hub::idle_limit{s.hub.max_idle_topics, s.hub.max_idle_history_bytes}),
      rooms(ex) {
    std::filesystem::create_directories(s.data_dir);
    {
        // Migrations run once, in one transaction, before any other connection opens.
        store::database db(db_path);
        store::apply_migrations(db);
    }
    store::writer_options wo;
    wo.synchronous = s.store.synchronous;
    wo.group_commit = s.store.group_commit;
    wo.max_batch = s.store.max_batch;
    wo.on_commit = [this](std::chrono::nanoseconds took, std::size_t writes) {
        commit_duration.observe(std::chrono::duration<double>(took).count());
        commit_batch.observe(static_cast<double>(writes));
    };
    for (const auto& text : s.metrics.allow) {
        if (auto range = config::address_range::parse(text)) {
            metrics_allow.push_back(*range);
        }
    }
    for (const auto op : protocol::all_ops()) {
        op_latency.emplace(std::string(op), std::make_unique<histogram>(latency_buckets()));
    }
    writer = std::make_unique<store::writer>(db_path, wo);
    reads = std::make_unique<store::read_pool>(db_path, s.store.read_connections);
    calendar_tokens =
        std::make_unique<calendar_links>(std::filesystem::path(s.data_dir) / "calendar-link.key");
    revocation_seq =
        reads->with([](store::database& db) { return store::last_revocation_seq(db); });
    // Audience devices on polls:M get the events of link polls only (poll_room.cpp).
    events.set_restriction(
        [this](const std::string& topic, std::string_view ev, const json::value& data) {
            return polls->audience_may_receive(topic, ev, data);
        });
    mail_sender =
        std::make_unique<mailer>(settings, *writer, *reads, outbox, make_transport(settings));

    ops = {
        {"auth", {&impl::op_auth}},
        {"subscribe", {&impl::op_subscribe}},
        {"unsubscribe", {&impl::op_unsubscribe}},
    };
    // Features with their own handler objects: the op table names their member functions.
    questions = std::make_unique<question_feature>(*this);
    add_feature_ops(questions, {{"qa.open", &question_feature::op_open},
                                {"qa.close", &question_feature::op_close},
                                {"qa.ask", &question_feature::op_ask},
                                {"qa.vote", &question_feature::op_vote},
                                {"qa.withdraw", &question_feature::op_withdraw},
                                {"qa.moderate", &question_feature::op_moderate},
                                {"qa.mute", &question_feature::op_mute},
                                {"qa.list", &question_feature::op_list}});
    calendar = std::make_unique<calendar_feature>(*this);
    add_feature_ops(calendar, {{"calendar.link", &calendar_feature::op_link}});
    documents = std::make_unique<document_feature>(*this);
    add_feature_ops(documents, {{"document.list", &document_feature::op_list},
                                {"document.get", &document_feature::op_get},
                                {"document.update", &document_feature::op_update},
                                {"document.remove", &document_feature::op_remove}});
    agenda = std::make_unique<agenda_feature>(*this);
    add_feature_ops(agenda, {{"agenda.get", &agenda_feature::op_get},
                             {"agenda.add", &agenda_feature::op_add},
                             {"agenda.update", &agenda_feature::op_update},
                             {"agenda.move", &agenda_feature::op_move},
                             {"agenda.remove", &agenda_feature::op_remove},
                             {"agenda.set_current", &agenda_feature::op_set_current},
                             {"agenda.start", &agenda_feature::op_start},
                             {"agenda.end", &agenda_feature::op_end},
                             {"agenda.history", &agenda_feature::op_history}});
    network = std::make_unique<network_feature>(*this);
    add_feature_ops(network,
                    {{"network.list", &network_feature::op_network_list},
                     {"network.get", &network_feature::op_network_get},
                     {"network.create", &network_feature::op_network_create},
                     {"network.update", &network_feature::op_network_update},
                     {"org.list", &network_feature::op_org_list},
                     {"org.admit", &network_feature::op_org_admit},
                     {"org.update", &network_feature::op_org_update},
                     {"org.invitation.create", &network_feature::op_org_invitation_create},
                     {"org.invitation.rotate", &network_feature::op_org_invitation_rotate},
                     {"org.invitation.revoke", &network_feature::op_org_invitation_revoke}});
    people = std::make_unique<people_feature>(*this);
    add_feature_ops(people, {{"person.create", &people_feature::op_create},
                             {"person.get", &people_feature::op_get},
                             {"person.list", &people_feature::op_list},
                             {"person.update", &people_feature::op_update},
                             {"person.link", &people_feature::op_link},
                             {"person.link.revoke", &people_feature::op_link_revoke}});
    meetings = std::make_unique<meeting_feature>(*this);
    add_feature_ops(meetings,
                    {{"meeting.list", &meeting_feature::op_list},
                     {"meeting.get", &meeting_feature::op_get},
                     {"meeting.create", &meeting_feature::op_create},
                     {"meeting.update", &meeting_feature::op_update},
                     {"meeting.publish", &meeting_feature::op_publish},
                     {"meeting.cancel", &meeting_feature::op_cancel},
                     {"meeting.add_facilitator", &meeting_feature::op_add_facilitator},
                     {"meeting.remove_facilitator", &meeting_feature::op_remove_facilitator}});
    registrations = std::make_unique<registration_feature>(*this);
    add_feature_ops(registrations, {{"registration.create", &registration_feature::op_create},
                                    {"registration.get", &registration_feature::op_get},
                                    {"registration.list", &registration_feature::op_list},
                                    {"registration.update", &registration_feature::op_update},
                                    {"registration.cancel", &registration_feature::op_cancel},
                                    {"registration.checkin", &registration_feature::op_checkin},
                                    {"meeting.stats", &registration_feature::op_meeting_stats},
                                    {"network.stats", &registration_feature::op_network_stats}});
    polls = std::make_unique<poll_feature>(*this);
    add_feature_ops(polls, {{"poll.create", &poll_feature::op_poll_create},
{"poll.update", &poll_feature::op_poll_update},
{"poll.delete", &poll_feature::op_poll_delete},
{"poll.open", &poll_feature::op_poll_open},
{"poll.close", &poll_feature::op_poll_close},
{"poll.get", &poll_feature::op_poll_get},
{"poll.list", &poll_feature::op_poll_list},
{"poll.vote", &poll_feature::op_poll_vote},
{"poll.results", &poll_feature::op_poll_results},
{"poll.link", &poll_feature::op_poll_link},
{"audience.join", &poll_feature::op_audience_join},
{"audience.list", &poll_feature::op_audience_list},
{"audience.revoke", &poll_feature::op_audience_revoke}});
    mail = std::make_unique<mail_feature>(*this);
    add_feature_ops(mail, {{"mail.list", &mail_feature::op_list},
                           {"mail.resend", &mail_feature::op_resend},
                           {"person.send_link", &mail_feature::op_person_send_link},
                           {"person.resend_link", &mail_feature::op_person_resend_link},
                           {"person.set_language", &mail_feature::op_person_set_language}});
    personal_data = std::make_unique<personal_data_feature>(*this);
    add_feature_ops(personal_data, {{"person.export", &personal_data_feature::op_export},
                                    {"person.erase", &personal_data_feature::op_erase},
                                    {"audit.list", &personal_data_feature::op_audit_list},
                                    {"retention.run", &personal_data_feature::op_retention_run}});
    minutes = std::make_unique<minutes_feature>(*this);
    add_feature_ops(minutes, {{"minutes.get", &minutes_feature::op_get},
                              {"minutes.edit", &minutes_feature::op_edit},
                              {"minutes.submit", &minutes_feature::op_submit},
                              {"minutes.reopen", &minutes_feature::op_reopen},
                              {"minutes.approve", &minutes_feature::op_approve},
                              {"minutes.history", &minutes_feature::op_history},
                              {"minutes.version", &minutes_feature::op_version}});
    // Whether an op writes is the protocol's (op_specs, checked against the spec's W column),
    // never a second list here; every op of the protocol has a handler and nothing else does.
    for (auto& [name, entry] : ops) {
        const auto* spec = protocol::find_op(name);
        if (spec == nullptr) {
            throw std::logic_error("handler for an op the protocol does not have: " + name);
        }
        entry.mutating = spec->mutating;
    }
    for (const auto& spec : protocol::op_specs()) {
        if (!ops.contains(std::string(spec.name))) {
            throw std::logic_error("no handler for op " + std::string(spec.name));
        }
    }
}

void application::impl::dispatch(const call& c) {
    if (is_revoked(c.who())) {
        // Revoked after this connection authenticated: nothing more, and the connection goes.
        complete_error(c, {errc::unauthorized, "this connection's token was revoked", {}});
        if (auto s = c.conn->sink.lock()) {
            s->close_with(4001, "token revoked");
        }
        return;
    }
    auto it = ops.find(c.req.op);
    if (it == ops.end()) {
        complete_error(c, {errc::unknown_op, "unknown op '" + c.req.op + "'", {}});
        return;
    }
    const op_entry entry = it->second;
    if (!entry.mutating || !c.req.idem) {
        run(c, entry);
        return;
    }
    if (c.who().who == principal::role::anonymous) {
        // Public callers share no identity to keep keys apart (self-registration is the one
        // write they may do): one stranger's key must never replay another's answer.
        call without_key = c;
        without_key.req.idem.reset();
        run(without_key, entry);
        return;
    }
    // Idempotent retry handling: only mutating ops remember their answers.
    const std::string scope = c.who().idem_scope();
    const auto lookup = [&]() -> std::optional<std::pair<std::string, std::string>> {
        auto rec = reads->with(
            [&](store::database& db) { return store::find_idem(db, scope, *c.req.idem); });
        if (!rec) {
            return std::nullopt;
        }
        return std::make_pair(rec->op, rec->response);
    };
    const auto answer = [c](bool ok, const std::string& text) {
        boost::system::error_code ec;
        json::value v = json::parse(text, ec);
        if (ok) {
            c.ok(v);
        } else {
            const auto& o = v.as_object();
            protocol::error e{
                protocol::parse_errc(o.at("code").as_string()).value_or(errc::internal),
                std::string(o.at("message").as_string()),
                {}};
            if (auto d = o.if_contains("details"); d && d->is_object()) {
                e.details = d->as_object();
            }
            c.fail(e);
        }
    };
    switch (idem.begin(scope, *c.req.idem, c.req.op, lookup, answer)) {
        case idempotency::verdict::run:
            run(c, entry);
            return;
        case idempotency::verdict::waiting:
        case idempotency::verdict::answered:
            return;
    }
}

void application::impl::run(const call& c, const op_entry& entry) {
    try {
        if (entry.fn) {
            (this->*entry.fn)(c);
        } else {
            entry.feature(c);
        }
    } catch (const protocol_error& e) {
        complete_error(c, e.err());
    } catch (const store::store_error& e) {
        spdlog::error("store error in {}: {}", c.req.op, e.what());
        complete_error(c, {errc::unavailable, "the database is not available right now", {}});
    } catch (const std::exception& e) {
        spdlog::error("internal error in {}: {}", c.req.op, e.what());
        complete_error(c, {errc::internal, "internal error", {}});
    }
}

void application::impl::complete_ok(const call& c, const json::value& result) {
    if (c.req.idem && ops.at(c.req.op).mutating) {
        idem.finish(c.who().idem_scope(), *c.req.idem, true, json::serialize(result));
    }
    c.ok(result);
}

void application::impl::complete_error(const call& c, const protocol::error& e) {
    ++errors;
    auto it = ops.find(c.req.op);
    if (c.req.idem && it != ops.end() && it->second.mutating) {
        json::object o;
        o["code"] = protocol::to_string(e.code);
        o["message"] = e.message;
        if (!e.details.empty()) {
            o["details"] = e.details;
        }
        idem.finish(c.who().idem_scope(), *c.req.idem, false, json::serialize(o));
    }
    c.fail(e);
}

void application::impl::mutate(const call& c, std::int64_t room_key,
                               std::function<write_plan()> plan) {
    auto r = rooms.get(room_key);
    boost::asio::post(r->strand, [this, c, plan = std::move(plan)] {
        try {
            submit(c, plan());
        } catch (const protocol_error& e) {
            complete_error(c, e.err());
        } catch (const store::store_error& e) {
            spdlog::error("store error in {}: {}", c.req.op, e.what());
            complete_error(c, {errc::unavailable, "the database is not available right now", {}});
        } catch (const std::exception& e) {
            spdlog::error("internal error in {}: {}", c.req.op, e.what());
            complete_error(c, {errc::internal, "internal error", {}});
        }
    });
}

void application::impl::submit(const call& c, write_plan plan) {
    auto result = std::make_shared<json::value>();
    auto shared_plan = std::make_shared<write_plan>(std::move(plan));
    const std::optional<std::string> idem_key =
        ops.at(c.req.op).mutating && shared_plan->remember_on_disk ? c.req.idem : std::nullopt;
    const std::string scope = c.who().idem_scope();
    auto work = [result, shared_plan, idem_key, scope, op = c.req.op,
                 who = c.who()](store::database& db) {
        // In the write's own transaction: a token revoked by anyone, however recently,
        // writes nothing more (the connection itself is closed within a second).
        require_active_token(db, who);
        *result = shared_plan->write(db);
        if (idem_key) {
            // Same transaction as the change itself: a crash keeps both or neither.
            const json::value kept =
                shared_plan->remembered ? shared_plan->remembered(*result) : *result;
            store::insert_idem(db, scope, *idem_key, op, json::serialize(kept),
                               std::chrono::time_point_cast<std::chrono::seconds>(
                                   std::chrono::system_clock::now()));
        }
    };
    auto done = [this, c, result, shared_plan](std::exception_ptr failure) {
        if (!failure) {
            if (shared_plan->committed) {
                shared_plan->committed(*result);
            }
            if (shared_plan->remembered && c.req.idem) {
                // Waiting retries get what the database remembers, the caller the full result.
                idem.finish(c.who().idem_scope(), *c.req.idem, true,
                            json::serialize(shared_plan->remembered(*result)));
                c.ok(*result);
                return;
            }
            complete_ok(c, *result);
            return;
        }
        if (shared_plan->failed) {
            shared_plan->failed();
        }
        complete_error(c, write_error(c, failure));
    };
    if (shared_plan->alone) {
        writer->submit_alone(std::move(work), std::move(done));
    } else {
        writer->submit(std::move(work), std::move(done));
    }
}

protocol::error application::impl::write_error(const call& c, std::exception_ptr failure) {
    try {
        std::rethrow_exception(failure);
    } catch (const protocol_error& e) {
        return e.err();
    } catch (const store::store_error& e) {
        if (e.is_constraint()) {
            return {errc::conflict, "this conflicts with existing data", {}};
        }
        spdlog::error("write failed in {}: {}", c.req.op, e.what());
        return {errc::unavailable,
                "the database cannot take writes right now; retry later with the same idem key",
                {}};
    } catch (const std::exception& e) {
        spdlog::error("internal error in {}: {}", c.req.op, e.what());
    }
    return {errc::internal, "internal error", {}};
}

void require_active_token(store::database& db, const principal& who) {
    bool active = true;
    if (who.who == principal::role::audience) {
        active = store::audience_token_active(db, who.token_id);
    } else if (who.token_id > 0) {
        active = store::account_token_active(db, who.token_id);
    }
    if (!active) {
        throw protocol_error(
            protocol::error{errc::unauthorized, "this connection's token was revoked", {}});
    }
}

void application::impl::require_coordinator(const call& c) const {
    if (!c.who().is_coordinator()) {
        throw protocol_error(
            protocol::error{errc::forbidden, "only a coordinator may call " + c.req.op, {}});
    }
}

// --- application ---------------------------------------------------------------------------

application::application(const config::settings& settings, boost::asio::any_io_executor executor)
    : impl_(std::make_unique<impl>(settings, std::move(executor))) {
    impl_->polls->arm_poll_deadlines();
    impl_->start_background_jobs();
    spdlog::info("mail goes to {}", impl_->mail_sender->describe());
    impl_->mail_sender->start();
}

application::~application() {
    shutdown();
}

std::string application::rate_limited_answer(std::string_view text) const {
    const auto decoded = protocol::decode_request(text);
    return protocol::encode_error(
        decoded.id, {protocol::errc::rate_limited, "too many requests; slow down", {}});
}

void application::count_connection(int delta) {
    impl_->connections += delta;
}

void application::count_superseded_event() {
    ++impl_->superseded_events;
}

void application::count_slow_consumer_close() {
    ++impl_->slow_consumer_closes;
}

std::optional<principal> application::authenticate(std::string_view token) {
    return impl_->resolve_token(token);
}

std::optional<principal> application::impl::resolve_token(std::string_view token) {
    // Tokens we issue are 43 characters; anything far longer is not worth hashing.
    if (token.empty() || token.size() > 256) {
        return std::nullopt;
    }
    const std::string hash = hash_token(token);
    auto rec = reads->with([&](store::database& db) { return store::find_active_token(db, hash); });
    if (!rec) {
        return polls->resolve_audience_token(hash);
    }
    principal p;
    p.token_id = rec->token_id;
    p.person_id = rec->person_id;
    p.name = rec->name;
    p.who =
        rec->role == "coordinator" ? principal::role::coordinator : principal::role::participant;
    return p;
}

void application::on_frame(const std::shared_ptr<connection>& conn, std::string_view text) {
    ++impl_->requests;
    auto decoded = protocol::decode_request(text);
    if (!decoded.req) {
        ++impl_->errors;
        conn->send(std::make_shared<const std::string>(protocol::encode_error(
            decoded.id,
            decoded.err.value_or(protocol::error{errc::bad_request, "bad request", {}}))));
        return;
    }
    call c{conn, std::move(*decoded.req)};
    c.started = std::chrono::steady_clock::now();
    if (auto it = impl_->op_latency.find(c.req.op); it != impl_->op_latency.end()) {
        c.latency = it->second.get();
    }
    impl_->dispatch(c);
}

void application::on_open(const std::shared_ptr<connection>& conn) {
    impl_->open_connections.add(conn);
}

void application::on_close(const std::shared_ptr<connection>& conn) {
    impl_->open_connections.remove(conn.get());
    const auto sink = conn->sink.lock();
    for (const auto& t : conn->take_topics()) {
        if (sink) {
            impl_->events.unsubscribe(t, sink.get());
        }
    }
}

bool application::owns_path(std::string_view path) {
    return path == "/healthz" || path == "/metrics" || path.starts_with("/calendar/") ||
           path.starts_with("/meetings/") || path.starts_with("/polls/") ||
           personal_data_feature::is_route(path);
}

http_response application::on_http(const http_request& request) {
    http_response res;
    // Areas with their own routes, each in its own file (http_*.cpp).
    if (request.path.starts_with("/calendar/")) {
        return impl_->calendar->http(request);
    }
    if (is_document_path(request.path)) {
        return impl_->documents->http(request);  // documents/http_documents.cpp
    }
    if (question_feature::is_export_path(request.path)) {
        return impl_->questions->http_export(request);  // questions/question_exports.cpp
    }
    if (request.path.starts_with("/meetings/")) {
        return impl_->http_meetings(request);
    }
    if (is_join_qr_path(request.path)) {
        return impl_->polls->http_join_qr(request);  // polls/http_join_qr.cpp
    }
    if (request.path.starts_with("/polls/")) {
        return impl_->polls->http_polls(request);  // polls/http_polls.cpp
    }
    if (personal_data_feature::is_route(request.path)) {
        return impl_->personal_data->http(request);  // persons/http_persons.cpp
    }
    if (request.method != "GET" && request.method != "HEAD") {
        res.status = 405;
        res.headers["allow"] = "GET, HEAD";
        res.headers["content-type"] = "text/plain; charset=utf-8";
        res.body = "method not allowed\n";
        return res;
    }
    if (request.path == "/healthz") {
        // Healthy means: the database answers a read.
        try {
            impl_->reads->with([](store::database& db) { db.exec("SELECT 1"); });
            res.headers["content-type"] = "application/json";
            res.headers["cache-control"] = "no-store";
            res.body = R"({"status":"ok"})";
        } catch (const std::exception&) {
            res.status = 503;
            res.headers["content-type"] = "application/json";
            res.body = R"({"status":"unavailable"})";
        }
        return res;
    }
    if (request.path == "/metrics") {
        return impl_->http_metrics(request);  // metrics/metrics_page.cpp
    }
    res.status = 404;
    res.headers["content-type"] = "text/plain; charset=utf-8";
    res.body = "not found\n";
    return res;
}

void application::shutdown() {
    if (impl_ && !impl_->stopped.exchange(true)) {
        impl_->stop_background_jobs();
        // The mailer first: it records its outcomes through the writer.
        impl_->mail_sender->stop();
        impl_->polls->stop();  // a PB count can take seconds: cancel it rather than wait
        impl_->writer->stop();
    }
}

}  // namespace traffpunkt::service
