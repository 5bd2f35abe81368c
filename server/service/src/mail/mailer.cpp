#include "mail/mailer.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <stdexcept>

#include <spdlog/spdlog.h>
#include <boost/json.hpp>

#include "clock.hpp"
#include "mail/mail_kind.hpp"
#include "traffpunkt/mail/file_transport.hpp"
#include "traffpunkt/mail/smtp_transport.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/read_pool.hpp"
#include "traffpunkt/store/registration_repository.hpp"
#include "traffpunkt/store/store_error.hpp"
#include "traffpunkt/store/writer.hpp"

namespace traffpunkt::service {

namespace json = boost::json;

namespace {

/** "send me my link" requests waiting for the mailer; more are dropped (a flood). */
constexpr std::size_t max_link_requests = 1000;
/** Rows read per look; the rate limit and the order per recipient bound what goes anyway. */
constexpr std::size_t rows_per_look = 20;
/** Rows handled per send_due call before the loop looks at stop requests and reminders again. */
constexpr int rows_per_round = 200;

domain::instant after(domain::instant t, std::chrono::milliseconds d) {
    // Instants are whole seconds: a retry is due at the first second at or after t + d.
    return t + std::chrono::ceil<std::chrono::seconds>(d);
}

}  // namespace

std::filesystem::path sent_mail_folder(const config::settings& settings) {
    return std::filesystem::path(settings.data_dir) / "outbox-sent";
}

std::unique_ptr<mail::transport> make_transport(const config::settings& settings) {
    const auto& m = settings.mail;
    if (m.transport != "smtp") {
        return std::make_unique<mail::file_transport>(sent_mail_folder(settings));
    }
    mail::smtp_options options;
    options.url = m.url;
    options.require_tls = m.require_tls;
    options.ca_file = m.ca_file;
    options.timeout = std::chrono::milliseconds(m.timeout_ms);
    if (!m.credentials_file.empty()) {
        std::ifstream in(m.credentials_file);
        std::string line;
        if (!in || !std::getline(in, line)) {
            throw std::runtime_error("mail.credentials_file " + m.credentials_file +
                                     " cannot be read");
        }
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) {
            line.pop_back();
        }
        const auto colon = line.find(':');
        if (colon == std::string::npos || colon == 0) {
            // Never the content in the message: it is a password.
            throw std::runtime_error("mail.credentials_file " + m.credentials_file +
                                     " must hold one line username:password");
        }
        options.username = line.substr(0, colon);
        options.password = line.substr(colon + 1);
    }
    return std::make_unique<mail::smtp_transport>(std::move(options));
}

mailer::mailer(const config::settings& settings, store::writer& writer, store::read_pool& reads,
               const mail_outbox& outbox, std::unique_ptr<mail::transport> transport)
    : settings_(settings.mail),
      from_(settings.mail.from),
      writer_(writer),
      reads_(reads),
      outbox_(outbox),
      renderer_(settings),
      transport_(std::move(transport)) {}

mailer::~mailer() {
    stop();
}

void mailer::start() {
    thread_ = std::thread([this] { run(); });
}

void mailer::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && !thread_.joinable()) {
            return;
        }
        stopping_ = true;
    }
    transport_->cancel();
    wake_.notify_all();
    if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) {
        thread_.join();
    }
}

void mailer::notify() {
    {
        std::lock_guard lock(mutex_);
        notified_ = true;
    }
    wake_.notify_all();
}

bool mailer::request_link(std::string email) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || link_requests_.size() >= max_link_requests) {
            return false;
        }
        link_requests_.push_back(std::move(email));
    }
    wake_.notify_all();
    return true;
}

std::string mailer::describe() const {
    return transport_->describe();
}

void mailer::write(std::function<void(store::database&)> work) {
    std::promise<void> done;
    auto committed = done.get_future();
    writer_.submit(std::move(work), [&done](std::exception_ptr failure) {
        if (failure) {
            done.set_exception(failure);
        } else {
            done.set_value();
        }
    });
    committed.get();
}

void mailer::run() {
    try {
        int again = 0;
        write([&again](store::database& db) { again = store::requeue_interrupted(db, now()); });
        if (again > 0) {
            spdlog::warn(
                "mail: {} mail(s) were being sent when the server stopped; sending them again "
                "with the same Message-ID",
                again);
        }
    } catch (const std::exception& e) {
        spdlog::error("mail: cannot queue interrupted mails again: {}", e.what());
    }
    auto next_reminders = steady::now();
    auto next_expiry = steady::now();
    for (;;) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_) {
                return;
            }
        }
        std::optional<steady::time_point> wake_at;
        try {
            if (steady::now() >= next_reminders) {
                make_reminders();
                next_reminders = steady::now() + std::chrono::seconds(settings_.reminder_check_s);
            }
            if (steady::now() >= next_expiry) {
                expire_kept_mail();
                next_expiry = steady::now() + std::chrono::minutes(10);
            }
            handle_link_requests();
            wake_at = send_due();
        } catch (const std::exception& e) {
            // The database cannot be read or written now: look again at the next poll.
            spdlog::warn("mail: {}", e.what());
        }
        auto until = steady::now() + std::chrono::milliseconds(settings_.poll_interval_ms);
        if (wake_at) {
            until = std::min(until, *wake_at);
        }
        until = std::min(until, next_reminders);
        std::unique_lock lock(mutex_);
        wake_.wait_until(lock, until,
                         [this] { return stopping_ || notified_ || !link_requests_.empty(); });
        notified_ = false;
    }
}

std::chrono::milliseconds mailer::backoff(int attempts) const {
    auto delay = std::chrono::milliseconds(settings_.retry_initial_ms);
    const auto cap = std::chrono::milliseconds(settings_.retry_max_ms);
    for (int i = 1; i < attempts && delay < cap; ++i) {
        delay *= 2;
    }
    return std::min(delay, cap);
}

std::optional<mailer::steady::time_point> mailer::rate_wait(steady::time_point now) {
    while (!recent_sends_.empty() && recent_sends_.front() <= now - std::chrono::minutes(1)) {
        recent_sends_.pop_front();
    }
    if (recent_sends_.size() < static_cast<std::size_t>(settings_.rate_per_minute)) {
        return std::nullopt;
    }
    return recent_sends_.front() + std::chrono::minutes(1);
}

void mailer::record(domain::id mail_id, std::function<void(store::database&)> work) {
    try {
        write(work);
    } catch (const std::exception& e) {
        // The mail went (or failed) but the database cannot say so yet: keep the outcome and
        // store it before anything else is sent. A crash meanwhile sends it again.
        spdlog::error("mail {}: cannot record the outcome yet: {}", mail_id, e.what());
        unrecorded_.push_back({mail_id, std::move(work)});
    }
}

std::optional<mailer::steady::time_point> mailer::send_due() {
    while (!unrecorded_.empty()) {
        try {
            write(unrecorded_.front().record);
            unrecorded_.erase(unrecorded_.begin());
        } catch (const std::exception&) {
            return steady::now() + std::chrono::milliseconds(settings_.retry_initial_ms);
        }
    }
    int handled = 0;
    while (handled < rows_per_round) {
        const auto t = steady::now();
        if (t < paused_until_) {
            return paused_until_;
        }
        if (auto wait = rate_wait(t)) {
            return wait;
        }
        const auto rows = reads_.with(
            [&](store::database& db) { return store::due_mails(db, now(), rows_per_look); });
        if (rows.empty()) {
            const auto due =
                reads_.with([](store::database& db) { return store::next_due(db, now()); });
            if (!due) {
                return std::nullopt;
            }
            const auto in = std::chrono::duration_cast<std::chrono::milliseconds>(*due - now());
            return steady::now() + std::max(in, std::chrono::milliseconds(0));
        }
        for (const auto& row : rows) {
            {
                std::lock_guard lock(mutex_);
                if (stopping_) {
                    return std::nullopt;
                }
            }
            if (rate_wait(steady::now())) {
                break;
            }
            ++handled;
            if (!deliver(row)) {
                // Nobody answers: wait before the next mail instead of failing them one by one.
                pause_ =
                    pause_.count() == 0
                        ? std::chrono::milliseconds(settings_.retry_initial_ms)
                        : std::min(pause_ * 2, std::chrono::milliseconds(settings_.retry_max_ms));
                paused_until_ = steady::now() + pause_;
                spdlog::warn("mail: the mail server cannot be reached; trying again in {} ms",
                             pause_.count());
                return paused_until_;
            }
            pause_ = std::chrono::milliseconds(0);
        }
    }
    return steady::now();
}

bool mailer::reminder_still_due(const store::outbox_mail& row) {
    boost::system::error_code ec;
    const auto payload = json::parse(row.payload, ec);
    std::int64_t starts = 0;
    if (!ec && payload.is_object()) {
        if (const auto* v = payload.as_object().if_contains("starts_at"); v && v->is_int64()) {
            starts = v->as_int64();
        }
    }
    return reads_.with([&](store::database& db) {
        const auto r =
            row.registration_id ? store::find_registration(db, *row.registration_id) : std::nullopt;
        const auto m = row.meeting_id ? store::find_meeting(db, *row.meeting_id) : std::nullopt;
        return r && m && r->status == domain::registration_status::confirmed &&
               m->status == domain::meeting_status::published &&
               m->starts_at.time_since_epoch().count() == starts && m->starts_at > now();
    });
}

bool mailer::deliver(const store::outbox_mail& row) {
    const auto id = row.mail_id;
    const bool has_token = payload_has_token(row.payload);
    const std::string kept_payload = has_token ? payload_without_token(row.payload) : row.payload;
    if (row.kind == to_string(mail_kind::reminder) && !reminder_still_due(row)) {
        record(id, [id](store::database& db) {
            store::mark_dropped(db, id,
                                "dropped: the registration or the meeting changed before the "
                                "reminder was sent");
        });
        return true;
    }
    mail_renderer::rendered r;
    if (row.message) {
        // A retry, or a resend after a crash: the very bytes of the first attempt.
        r.message = *row.message;
        r.subject = row.subject;
        r.at = row.rendered_at.value_or(now());
    } else {
        try {
            r = reads_.with([&](store::database& db) { return renderer_.render(db, row, now()); });
        } catch (const mail_render_error& e) {
            ++failed_;
            const std::string reason = std::string("not sent: ") + e.what();
            spdlog::warn("mail {}: {}", id, reason);
            record(id, [id, reason, kept_payload](store::database& db) {
                store::mark_failed(db, id, reason, kept_payload);
            });
            return true;
        }
    }
    bool claimed = false;
    write([&](store::database& db) {
        claimed = store::claim_mail(db, id, r.subject, r.message, r.at);
    });
    if (!claimed) {
        return true;  // dropped or resent meanwhile
    }
    recent_sends_.push_back(steady::now());
    const auto result =
        transport_->send(mail::envelope{from_, row.recipient, std::to_string(id)}, r.message);
    using outcome = mail::send_result::outcome;
    const int attempts = row.attempts + 1;
    switch (result.result) {
        case outcome::sent: {
            ++sent_;
            // Recorded at once: the window in which a crash sends it twice is this one write.
            const auto reply = result.reply;
            record(id, [id, reply, kept_payload, has_token](store::database& db) {
                store::mark_sent(db, id, now(), reply, kept_payload, has_token);
            });
            return true;
        }
        case outcome::permanent: {
            ++failed_;
            spdlog::warn("mail {}: refused for good: {}", id, result.reply);
            const auto reply = result.reply;
            record(id, [id, reply, kept_payload](store::database& db) {
                store::mark_failed(db, id, reply, kept_payload);
            });
            return true;
        }
        case outcome::temporary:
            break;
    }
    if (!result.about_message) {
        // The way to the server (no connection, TLS, AUTH): every mail would meet it, so this
        // one is not given up for it; it waits, and sending pauses (send_due).
        ++retried_;
        const auto due = after(now(), backoff(attempts));
        const auto reply = result.reply;
        record(id,
               [id, due, reply](store::database& db) { store::mark_retry(db, id, due, reply); });
        return false;
    }
    if (attempts >= settings_.max_attempts) {
        ++failed_;
        const auto reply =
            "gave up after " + std::to_string(attempts) + " attempts: " + result.reply;
        spdlog::warn("mail {}: {}", id, reply);
        record(id, [id, reply, kept_payload](store::database& db) {
            store::mark_failed(db, id, reply, kept_payload);
        });
    } else {
        ++retried_;
        const auto due = after(now(), backoff(attempts));
        const auto reply = result.reply;
        record(id,
               [id, due, reply](store::database& db) { store::mark_retry(db, id, due, reply); });
    }
    return true;
}

void mailer::make_reminders() {
    const auto window = std::chrono::hours(settings_.reminder_hours);
    const auto due = reads_.with([&](store::database& db) {
        return store::registrations_due_reminder(db, now(), window, 500);
    });
    if (due.empty()) {
        return;
    }
    int made = 0;
    write([&](store::database& db) {
        for (const auto& d : due) {
            // Read again in the writer's transaction: what the read connection saw may have
            // changed since (a cancellation committed in between).
            const auto r = store::find_registration(db, d.registration_id);
            const auto m = store::find_meeting(db, d.meeting_id);
            const auto p = store::find_person(db, d.person_id);
            if (!r || !m || !p || r->status != domain::registration_status::confirmed ||
                m->status != domain::meeting_status::published || m->starts_at != d.starts_at) {
                continue;
            }
            made += outbox_.reminder(db, *r, *p, *m) != 0 ? 1 : 0;
        }
    });
    if (made > 0) {
        spdlog::info("mail: {} reminder(s) queued", made);
    }
}

void mailer::expire_kept_mail() {
    const auto t = now();
    int blanked = 0;
    int deleted = 0;
    write([&](store::database& db) {
        blanked =
            store::blank_finished_messages(db, t - std::chrono::hours(settings_.body_retention_h));
        deleted =
            store::delete_finished_before(db, t - std::chrono::days(settings_.retention_days));
    });
    if (blanked + deleted > 0) {
        spdlog::info("mail: blanked {} sent message(s), deleted {} old outbox row(s)", blanked,
                     deleted);
        // secure_delete overwrote the cells; the checkpoint takes the WAL frames that held them.
        writer_.request_checkpoint();
    }
}

void mailer::handle_link_requests() {
    std::deque<std::string> requests;
    {
        std::lock_guard lock(mutex_);
        requests.swap(link_requests_);
    }
    for (const auto& email : requests) {
        const auto person = reads_.with(
            [&](store::database& db) { return store::find_person_by_email(db, email); });
        if (!person) {
            continue;  // unknown: nothing is sent, and the asker was answered long ago
        }
        write([&](store::database& db) {
            // Read again in the transaction: the person may have been changed meanwhile.
            if (const auto current = store::find_person_by_email(db, email)) {
                outbox_.new_personal_link(db, *current, "requested");
            }
        });
    }
}

}  // namespace traffpunkt::service
