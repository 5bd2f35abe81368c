#pragma once

// Private to the service: the thread that empties the mail outbox (PROTOCOL.md "Mail").

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "mail/mail_outbox.hpp"
#include "mail/mail_renderer.hpp"
#include "traffpunkt/config/settings.hpp"
#include "traffpunkt/mail/transport.hpp"
#include "traffpunkt/store/mail_outbox_repository.hpp"

namespace traffpunkt::store {
class database;
class read_pool;
class writer;
}  // namespace traffpunkt::store

namespace traffpunkt::service {

/**
 * The mailer: one thread of its own (not the writer, not an I/O thread). It reads due rows on a
 * read connection, renders each (once: the message is stored with the claim, so every attempt
 * sends the same bytes and Message-ID), marks it `sending` through the writer, hands it to the
 * transport and records the outcome through the writer at once. A temporary refusal of a mail
 * (4xx to its recipient or data) is retried with exponential backoff and given up after
 * mail.max_attempts; when the way to the server fails (no connection, TLS, AUTH) sending pauses
 * (doubling up to mail.retry_max_ms) and no mail is given up for it; a permanent refusal is
 * recorded at once; at most mail.rate_per_minute mails go per minute. One recipient's mails go
 * in order.
 *
 * Delivery is at least once: a crash between the server's 250 and the record leaves the row
 * `sending`, and it is sent again (same Message-ID) after the restart.
 *
 * It also makes the reminders, expires what is kept of sent mails, and does the lookups of
 * "send me my link" requests, so that their answer never waits for them.
 */
class mailer {
  public:
    mailer(const config::settings& settings, store::writer& writer, store::read_pool& reads,
           const mail_outbox& outbox, std::unique_ptr<mail::transport> transport);
    ~mailer();
    mailer(const mailer&) = delete;
    mailer& operator=(const mailer&) = delete;

    /** Starts the thread (mails left `sending` by a crash are queued again first). */
    void start();

    /** Ends a transfer in progress, then the thread; rows in flight stay `sending`. Idempotent. */
    void stop();

    /** Something was queued (a committed change): look at once. Any thread. */
    void notify();

    /**
     * A "send me my link" request, looked up (and, for a known address, mailed) on the mailer
     * thread. False when too many are waiting already (the request is dropped). Any thread.
     */
    bool request_link(std::string email);

    /** Where mail goes ("files in ...", "smtp://..."). */
    std::string describe() const;

    /** Mails handed over and taken, given up on, and attempts that will be retried. */
    std::uint64_t sent() const noexcept { return sent_.load(); }
    std::uint64_t failed() const noexcept { return failed_.load(); }
    std::uint64_t retried() const noexcept { return retried_.load(); }

  private:
    using steady = std::chrono::steady_clock;

    /** An outcome the writer could not store yet (disk full): stored before anything is sent. */
    struct unrecorded {
        domain::id mail_id = 0;
        std::function<void(store::database&)> record;
    };

    void run();
    /** Runs `work` in the writer and waits for its commit; rethrows its failure. */
    void write(std::function<void(store::database&)> work);
    /** Sends what is due; returns when to look again (empty: at the next poll). */
    std::optional<steady::time_point> send_due();
    /**
     * One row: check, render, claim, send, record. False when the way to the server failed
     * (no connection, TLS, AUTH, a full disk): then sending pauses.
     */
    bool deliver(const store::outbox_mail& row);
    /** Records an outcome, or keeps it for later when the writer cannot take it now. */
    void record(domain::id mail_id, std::function<void(store::database&)> work);
    /** False when the reminder no longer fits (cancelled, moved, started): it is dropped. */
    bool reminder_still_due(const store::outbox_mail& row);
    void make_reminders();
    void expire_kept_mail();
    void handle_link_requests();
    /** How long after `attempts` attempts a mail is tried again. */
    std::chrono::milliseconds backoff(int attempts) const;
    /** Whether the rate limit lets one more mail go now; when not, when it will. */
    std::optional<steady::time_point> rate_wait(steady::time_point now);

    const config::mail_settings settings_;
    const std::string from_;
    store::writer& writer_;
    store::read_pool& reads_;
    const mail_outbox& outbox_;
    mail_renderer renderer_;
    std::unique_ptr<mail::transport> transport_;

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    bool notified_ = false;
    std::deque<std::string> link_requests_;

    // Mailer thread only.
    std::deque<steady::time_point> recent_sends_;  ///< for the per-minute limit
    steady::time_point paused_until_{};            ///< the server could not be reached
    std::chrono::milliseconds pause_{0};
    std::vector<unrecorded> unrecorded_;

    std::atomic<std::uint64_t> sent_{0};
    std::atomic<std::uint64_t> failed_{0};
    std::atomic<std::uint64_t> retried_{0};
    std::thread thread_;
};

/** The transport `settings.mail` asks for (reads the credentials file). Throws when unusable. */
std::unique_ptr<mail::transport> make_transport(const config::settings& settings);

/**
 * The folder the file transport writes each mail to (data_dir/outbox-sent, one <id>.eml per
 * mail). Named once: the erasure of a person deletes their files from it.
 */
std::filesystem::path sent_mail_folder(const config::settings& settings);

}  // namespace traffpunkt::service
