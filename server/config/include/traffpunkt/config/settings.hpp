#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace traffpunkt::config {

/** Limits and timeouts of one WebSocket connection. */
struct websocket_settings {
    // Large enough for any request of ours (the biggest is a poll with many options);
    // small enough that a client cannot make us buffer megabytes per connection.
    std::size_t read_message_max = 64 * 1024;
    // Outgoing queue per session. A client that falls this far behind is closed with 1013
    // instead of growing server memory; everybody else is unaffected.
    std::size_t queue_max_messages = 64;
    std::size_t queue_max_bytes = 1024 * 1024;
    // Time for the HTTP upgrade and WebSocket handshake; slow handshakes are a cheap DoS.
    int handshake_timeout_s = 30;
    // Ping after this much silence; close when the pong does not come within the same time.
    // 25 s stays under the 30-60 s idle timeouts of common proxies and mobile NATs.
    int idle_ping_s = 25;
    // Subscriptions one connection may hold: a client needs a handful, not thousands.
    std::size_t max_subscriptions = 64;
    // Token bucket per connection: sustained requests per second, and the burst allowed.
    double rate_per_s = 20.0;
    double rate_burst = 60.0;

    bool operator==(const websocket_settings&) const = default;
};

/** Limits of the HTTP side. */
struct http_settings {
    // Headers larger than this are refused (431); real browsers send a few KiB.
    std::size_t header_max = 16 * 1024;
    // Request bodies outside uploads; JSON and forms are small.
    std::size_t body_max = 64 * 1024;
    // Whole-request read deadline: defends against slowloris-style slow headers.
    int read_timeout_s = 30;
    // Uploads (documents) have their own, larger limit.
    std::size_t upload_max = 50 * 1024 * 1024;

    bool operator==(const http_settings&) const = default;
};

/** Connection limits of the listener. */
struct connection_settings {
    // Above this the listener answers 503 instead of exhausting file descriptors. Lowered at
    // start to what the open files limit allows after a reserve for the database, documents and
    // accept (net::derive_connection_limits), so accepting never runs out of descriptors.
    std::size_t max_connections = 50000;
    // One address must not be able to fill the server. 0: a sixteenth of the connection limit
    // (3,125 of 50,000: a venue's Wi-Fi behind one NAT address fits, a laptop holds ~6 %). Behind
    // a proxy every client has the proxy's address: set it to max_connections there.
    std::size_t max_per_address = 0;

    bool operator==(const connection_settings&) const = default;
};

/**
 * TLS on the listening port (Boost.Beast over OpenSSL). Both empty: plain HTTP and ws://, for
 * loopback or behind a TLS-terminating proxy. Both set: every connection is TLS (https://,
 * wss://); there is no plain port beside it.
 */
struct tls_settings {
    // PEM certificate chain: the server's certificate first, then intermediates.
    std::string cert_file;
    // PEM private key of that certificate; keep it readable by the server's user only.
    std::string key_file;

    bool enabled() const { return !cert_file.empty(); }

    bool operator==(const tls_settings&) const = default;
};

/** SQLite settings. */
struct store_settings {
    // FULL: an acknowledged write survives power loss. NORMAL trades that for speed (WAL stays
    // consistent, but the last commits may be lost); only for benchmarks.
    std::string synchronous = "FULL";
    // Group commit: one transaction (one fsync) for every write queued while the previous
    // commit ran. Off = one transaction per write, kept for the benchmark comparison.
    bool group_commit = true;
    // Upper bound on writes in one transaction, so one commit never holds callers for long.
    std::size_t max_batch = 1000;
    // Read-only connections for queries; reads never wait for the writer in WAL mode.
    std::size_t read_connections = 4;

    bool operator==(const store_settings&) const = default;
};

/** Event history and live updates. */
struct hub_settings {
    // Events kept per topic for `subscribe` with `since`; older gaps answer `resync`.
    std::size_t topic_history = 512;
    // At most one tally event per poll per interval: fan-out cost follows the interval,
    // not the vote rate.
    int poll_tally_interval_ms = 100;
    // Topics nobody subscribes to any more keep their history for clients that resume with
    // `since`. Such idle topics are bounded, oldest first, by count and by the bytes of their
    // history, so a client cannot grow server memory by touching many topics.
    std::size_t max_idle_topics = 10000;
    std::size_t max_idle_history_bytes = 64 * 1024 * 1024;

    bool operator==(const hub_settings&) const = default;
};

/**
 * Anonymous polls: what a copy of the database files or the live tally stream can tell about
 * who voted how (PROTOCOL.md "Anonymous ballots").
 */
struct poll_settings {
    // Votes of an anonymous poll are committed together in batches of at least this many, so a
    // copy of every single commit still gives each ballot this many possible voters.
    std::size_t anonymous_batch_min = 5;
    // ... unless fewer arrive within this time after the first of a batch: a vote is answered
    // only after its commit, so a lone voter waits at most this long.
    int anonymous_batch_max_wait_ms = 5000;
    // A live tally of an anonymous poll is published only when at least this many ballots are
    // new since the last one (and always at the close): one vote is never visible on its own.
    std::size_t anonymous_tally_min_new = 3;

    bool operator==(const poll_settings&) const = default;
};

/** Audience questions (PROTOCOL.md "Questions"): what one participant and one board may take. */
struct question_settings {
    // Questions one participant (person or device) may ask per minute in a meeting: enough to
    // follow up, too few to flood a board from one phone.
    std::size_t asks_per_minute = 3;
    // Vote changes one participant may make per minute (a vote and its withdrawal are two).
    std::size_t votes_per_minute = 60;
    // Questions a board holds at most, whatever their status: more than any room answers, and a
    // bound on what a snapshot carries.
    std::size_t max_per_board = 1000;
    // A question's length in code points (a tweet and a half: a question, not a speech).
    std::size_t text_max = 500;
    // At most one qa.votes event per question in this interval; votes between are coalesced.
    int votes_interval_ms = 200;

    bool operator==(const question_settings&) const = default;
};

/** Idempotency records: what a retry needs, kept no longer than a retry is plausible. */
struct idempotency_settings {
    // A retry with the same idem key within this window gets the first answer; after it the
    // record (which may hold personal data, e.g. a registration's needs) is deleted.
    int retention_s = 24 * 3600;
    // How often expired records are deleted (and the WAL checkpointed, so their bytes go).
    int cleanup_interval_s = 600;

    bool operator==(const idempotency_settings&) const = default;
};

/**
 * How long personal data is kept (PROTOCOL.md "Personal data"). A daily job applies these; each
 * default has its reason.
 */
struct retention_settings {
    // Dietary and accessibility needs can reveal health or religion (GDPR art. 9): they are
    // needed for the catering and the room, and deleted this many days after the meeting ends
    // (time enough to settle invoices and follow up a complaint).
    int needs_days = 14;
    // Registrations of meetings older than this are moved to anonymous placeholders: the
    // network's two-year period, after which attendance matters only as statistics.
    int pseudonymise_months = 24;
    // Who read or exported personal data is kept as long, so a person can ask during the
    // period and the log outlives the data it is about.
    int access_log_months = 24;
    // How often the job runs (it also runs a minute after the server starts).
    int interval_s = 24 * 3600;

    bool operator==(const retention_settings&) const = default;
};

/** Access tokens. */
struct token_settings {
    // Revocations made by another process (`traffpunkt token revoke`) are noticed this often;
    // connections of a revoked token are then closed (4001). Writes check the token in their
    // own transaction, so none lands after the revocation.
    int revocation_check_ms = 250;

    bool operator==(const token_settings&) const = default;
};

/** Audience devices: what one poll link lets a client do (PROTOCOL.md, Limits). */
struct audience_settings {
    // audience.join per source address (IPv6: per /64): a burst, then a steady rate. A laptop
    // with a copied poll link gets 50 devices at once and one a second after that, not 300 in
    // 2 s. Phones that share one address (venue Wi-Fi behind NAT, a TLS proxy in front) join at
    // that pace too: raise both there.
    std::size_t join_burst = 50;
    std::size_t join_per_minute = 60;
    // Live devices per meeting: a hall, not the internet. Further joins answer `conflict`.
    std::size_t max_devices = 20000;
    // A device that has not voted stops counting as live this long after it joined, so devices
    // nobody uses cannot keep a meeting full (rotating the link revokes them at once).
    int unused_device_s = 900;

    bool operator==(const audience_settings&) const = default;
};

/** Who may read /metrics (PROTOCOL.md "HTTP"). */
struct metrics_settings {
    // CIDR ranges of the peers that get /metrics; everyone else gets 403. Loopback by default:
    // the counters tell an outsider how busy the service is and when it restarted. Add the
    // Prometheus server's address (e.g. "10.0.0.5/32"); an empty list serves it to no one.
    std::vector<std::string> allow = {"127.0.0.0/8", "::1/128"};

    bool operator==(const metrics_settings&) const = default;
};

/**
 * E-mail (PROTOCOL.md "Mail"): how mails leave, how often they are retried, when reminders go,
 * how long what was sent is kept, and how often a stranger may ask for a personal link.
 */
struct mail_settings {
    // "file": each message becomes data_dir/outbox-sent/<id>.eml, so a server without a mail
    // relay (make run, tests) still shows what it would send. "smtp": submission to `url`.
    std::string transport = "file";
    // smtp://host:587 (STARTTLS) or smtps://host:465 (TLS from the start); for "smtp" only.
    std::string url;
    // STARTTLS on smtp:// is required unless this is false, which is allowed for a relay on
    // loopback only: elsewhere mail and password would cross the network in clear.
    bool require_tls = true;
    // The network's mailbox: From of every mail and ORGANIZER of the invitations.
    std::string from = "traffpunkt@traffpunkt.local";
    std::string from_name = "Träffpunkt";
    // A file holding "username:password" for SMTP AUTH, readable by the server only; the
    // credentials never appear in this file, the environment or the log. Empty: no AUTH.
    std::string credentials_file;
    // A PEM CA bundle to verify the SMTP server with; empty: the system's bundle.
    std::string ca_file;
    // Mails handed to the transport per minute at most: providers throttle or block bursts.
    int rate_per_minute = 120;
    // Connecting and each whole SMTP transfer must finish within this time.
    int timeout_ms = 30000;
    // The mailer looks for due mails this often (and at once after a change that queued some).
    int poll_interval_ms = 1000;
    // A mail refused for now (4xx to its recipient or data) is retried after this, doubling each
    // time up to retry_max_ms, and given up (status failed) after max_attempts attempts. When
    // the server cannot be reached (connection, TLS, AUTH) sending pauses with the same backoff
    // and no mail is given up: it is not the mail's fault.
    int retry_initial_ms = 30000;
    int retry_max_ms = 3600000;
    int max_attempts = 12;
    // Reminders go this long before a meeting starts, to confirmed registrations made earlier.
    int reminder_hours = 24;
    // How often the reminder job looks for meetings that need them.
    int reminder_check_s = 300;
    // The rendered message of a sent or failed mail is kept this long (for a resend of the same
    // bytes), then blanked; a personal link is blanked as soon as it is sent.
    int body_retention_h = 72;
    // Finished outbox rows (sent, failed, dropped) are deleted after this many days.
    int retention_days = 365;
    // "Send me my link" (person.send_link): requests per address and per source address per
    // hour. Counted whether the address is known or not, so the limit reveals nothing.
    int send_link_per_address_per_hour = 3;
    int send_link_per_source_per_hour = 20;

    bool operator==(const mail_settings&) const = default;
};

/** Everything the server reads from config/traffpunkt.toml and TRAFFPUNKT_* variables. */
struct settings {
    // Loopback by default: exposing the service is a deliberate act (put TLS or a proxy in front).
    std::string listen = "127.0.0.1:8080";
    // SQLite database, documents and other state live here.
    std::string data_dir = "./var";
    // 0 = one thread per core.
    unsigned threads = 0;
    // Used for links in calendars and for the default allowed Origin.
    std::string public_base_url = "http://127.0.0.1:8080";
    // Host part of calendar UIDs (meeting-{id}@{host}); never change it once feeds are out.
    std::string uid_host = "traffpunkt.local";
    // Browser Origins allowed to open WebSockets; empty = the origin of public_base_url.
    std::vector<std::string> allowed_origins;
    // Static web client directory.
    std::string web_root = "clients/web";
    // Insert demo data (the SKR network) into an empty database at start.
    bool demo_data = false;
    // "text" for people, "json" for log collectors.
    std::string log_format = "text";
    // trace, debug, info, warn, error, critical or off.
    std::string log_level = "info";

    websocket_settings websocket;
    http_settings http;
    connection_settings connections;
    tls_settings tls;
    store_settings store;
    hub_settings hub;
    poll_settings polls;
    question_settings questions;
    idempotency_settings idempotency;
    retention_settings retention;
    token_settings tokens;
    audience_settings audience;
    mail_settings mail;
    metrics_settings metrics;

    /** The Origins accepted on WebSocket upgrades, with the default applied. */
    std::vector<std::string> effective_origins() const;

    bool operator==(const settings&) const = default;
};

/**
 * The origin of an http:// or https:// URL as a browser sends it in the Origin header:
 * `scheme://host[:port]`, scheme and host in lower case, the default port (80, 443) dropped.
 * Any path, query or fragment is ignored. Empty when `url` is not such a URL.
 */
std::optional<std::string> origin_of(std::string_view url);

}  // namespace traffpunkt::config
