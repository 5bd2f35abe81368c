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

    bool operator==(const hub_settings&) const = default;
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
