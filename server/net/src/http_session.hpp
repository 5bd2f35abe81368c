#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "beast.hpp"
#include "connection_limiter.hpp"
#include "traffpunkt/config/settings.hpp"
#include "traffpunkt/net/upgrade_policy.hpp"
#include "traffpunkt/service/application.hpp"

namespace traffpunkt::net {

class session_registry;

/**
 * An HTTP connection (keep-alive), over plain TCP or TLS (`Stream` is plain_stream or
 * tls_stream; both are instantiated in http_session.cpp). Serves the service's routes and the
 * static web client, and hands WebSocket upgrades on `/ws` to a websocket_session after checking
 * Origin, token and subprotocol. Every read has a deadline and a size limit.
 *
 * The head of a request is read first. An upload (a POST the service calls an upload route) is
 * then decided by the service from its head alone, and its body streamed in 64 KiB pieces into
 * the service's upload sink, so a 50 MiB document never sits in memory; every other request is
 * read whole, within `http.body_max`. File responses (documents) are streamed from disk the
 * same way. After refusing a request whose body was not read, the connection is closed, with a
 * few seconds of reading and discarding first so the client sees the answer instead of a reset.
 */
template <class Stream>
class http_session : public std::enable_shared_from_this<http_session<Stream>> {
  public:
    http_session(Stream&& stream, const config::settings& settings, service::application& app,
                 session_registry& registry, connection_ticket ticket);

    /** Starts with the TLS handshake (TLS) or the first request (plain). */
    void run();

  private:
    beast::tcp_stream& lowest() { return beast::get_lowest_layer(stream_); }
    void do_read();
    void on_header(beast::error_code ec, std::size_t bytes);
    void on_read(beast::error_code ec, std::size_t bytes);
    /** Answers (or just closes) after a read failed. */
    void fail_read(beast::error_code ec);
    void handle_request();
    void try_upgrade(http::request<http::string_body>&& req);

    // Uploads.
    void start_upload(const target_parts& parts);
    void do_upload_read();
    void on_upload_read(beast::error_code ec, std::size_t bytes);
    void finish_upload();
    /** Drops an upload in progress; the sink discards what it received. */
    void drop_upload();

    // Responses.
    /** Sends a service answer: a string body, or a file streamed from disk. */
    void respond(service::http_response&& sres, unsigned version, bool keep_alive, bool head);
    void send(http::response<http::string_body>&& res);
    /** Sends a shared buffer (a cached feed) as the body, without copying it. */
    void send_shared(service::http_response&& sres, unsigned version, bool keep_alive);
    void on_write(bool keep_alive, beast::error_code ec, std::size_t bytes);
    void send_file(service::http_response&& sres, unsigned version, bool keep_alive);
    void do_write_file();
    void on_write_file(beast::error_code ec, std::size_t bytes);
    /** Reads and discards what the client still sends, for a few seconds, then closes. */
    void do_drain();
    /**
     * Ends our side of the connection: TLS close_notify first (so the client can tell a whole
     * answer from a cut one), then a TCP half-close; with `drain`, what the client still sends
     * is read and discarded for a few seconds before the socket closes.
     */
    void close_write(bool drain);
    void finish_close(bool drain);
    http::response<http::string_body> error_response(http::status status, std::string_view message,
                                                     unsigned version, bool keep_alive) const;

    Stream stream_;
    beast::flat_buffer buffer_;
    std::optional<http::request_parser<http::empty_body>> header_parser_;
    std::optional<http::request_parser<http::string_body>> parser_;
    std::shared_ptr<http::response<http::string_body>> response_;
    // A shared-buffer response in progress; the buffer stays alive until it is written.
    std::shared_ptr<http::response<http::span_body<const char>>> shared_response_;
    std::shared_ptr<const std::string> shared_body_;
    const config::settings& settings_;
    service::application& app_;
    session_registry& registry_;
    connection_ticket ticket_;
    std::string remote_;
    std::vector<std::string> origins_;

    // An upload in progress: its parser (the head already read), the service's sink, and the
    // buffer one piece of the body is read into.
    std::optional<http::request_parser<http::buffer_body>> upload_parser_;
    std::unique_ptr<service::upload_sink> upload_;
    std::shared_ptr<http::response<http::empty_body>> continue_;
    std::vector<char> io_buffer_;

    // A file response in progress.
    std::shared_ptr<http::response<http::buffer_body>> file_response_;
    std::optional<http::response_serializer<http::buffer_body>> file_serializer_;
    std::optional<beast::file> file_;
    std::uint64_t file_remaining_ = 0;
    bool file_keep_alive_ = false;

    /** The client may still be sending a body we did not read: drain before closing. */
    bool linger_ = false;
};

}  // namespace traffpunkt::net
