#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>

#include "traffpunkt/config/settings.hpp"
#include "traffpunkt/service/connection.hpp"
#include "traffpunkt/service/http_exchange.hpp"
#include "traffpunkt/service/principal.hpp"

namespace traffpunkt::service {

/**
 * The application behind the transport. net/ hands it decoded frames and HTTP requests; it
 * authorises, applies the domain rules, persists through the group-commit writer and publishes
 * events. Everything it needs (store, rooms, hub) lives behind this one facade so net/ never
 * sees SQLite or the domain.
 */
class application {
  public:
    /** Opens (and migrates) the database under `settings.data_dir`. Throws on failure. */
    application(const config::settings& settings, boost::asio::any_io_executor executor);
    ~application();
    application(const application&) = delete;
    application& operator=(const application&) = delete;

    /** Resolves a bearer token; empty when unknown or revoked. */
    std::optional<principal> authenticate(std::string_view token);

    /** Handles one text frame from a connection (called on the connection's strand). */
    void on_frame(const std::shared_ptr<connection>& conn, std::string_view text);

    /**
     * The answer to a frame refused by the connection's request rate limit: a `rate_limited`
     * error echoing the frame's id when one is readable (null otherwise). net/ decides when to
     * refuse; the wire shape stays here, so net/ does not know the protocol.
     */
    std::string rate_limited_answer(std::string_view text) const;

    /**
     * A WebSocket connection is open (handshake done): from now on a revocation of its token,
     * or a right it loses, reaches it.
     */
    void on_open(const std::shared_ptr<connection>& conn);

    /** Forgets a connection's subscriptions. */
    void on_close(const std::shared_ptr<connection>& conn);

    /** Answers the HTTP routes the service owns (/healthz, /metrics, ...); 404 otherwise. */
    http_response on_http(const http_request& request);

    /** True if the service owns this path (so net/ does not look for a static file). */
    static bool owns_path(std::string_view path);

    /**
     * True for requests whose body is an upload (`POST /meetings/{id}/documents...`): net/ reads
     * only their head, asks `start_upload`, and streams the body into the sink it returns.
     */
    static bool is_upload_route(std::string_view method, std::string_view path);

    /**
     * Decides on an upload from its head (method, path, query, headers; `body` empty): checks
     * the token, the caller's role, the target and the declared size before any body is read.
     */
    upload_start start_upload(const http_request& head);

    /** Inserts the demo network (SKR medborgarbudget) when the database holds no network. */
    bool insert_demo_data_if_empty();

    /** Finishes every queued write, then stops the writer. Idempotent. */
    void shutdown();

    /** Counters net/ reports into (exposed on /metrics). */
    void count_connection(int delta);
    /** A queued event was replaced by a newer one of the same kind (a slow client). */
    void count_superseded_event();
    /** A connection was closed with 1013: its outgoing queue was full. */
    void count_slow_consumer_close();

    /** The state behind the application; defined inside the service only (application_impl.hpp),
     *  named here so that the service's feature objects (questions/) can hold a reference. */
    struct impl;

  private:
    std::unique_ptr<impl> impl_;
};

}  // namespace traffpunkt::service
