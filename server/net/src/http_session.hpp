#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/core/file.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/buffer_body.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>

#include "connection_limiter.hpp"
#include "traffpunkt/config/settings.hpp"
#include "traffpunkt/net/upgrade_policy.hpp"
#include "traffpunkt/service/application.hpp"
#include "transport.hpp"

namespace traffpunkt::net {

class session_registry;

/**
 * An HTTP connection (keep-alive), over plain TCP or TLS (the transport hides which). Serves
 * the service's routes and the static web client, and hands WebSocket upgrades on `/ws` to a
 * websocket_session after checking Origin, token and subprotocol. Every read has a deadline and
 * a size limit.
 *
 * The head of a request is read first. An upload (a POST the service calls an upload route) is
 * then decided by the service from its head alone, and its body streamed in 64 KiB pieces into
 * the service's upload sink, so a 50 MiB document never sits in memory; every other request is
 * read whole, within `http.body_max`. File responses (documents) are streamed from disk the
 * same way. After refusing a request whose body was not read, the connection is closed, with a
 * few seconds of reading and discarding first so the client sees the answer instead of a reset.
 *
 * Every response, whatever its body (a string, a shared cached feed, a file), is written by one
 * serializer type (`buffer_body`), so Beast's write path is compiled once.
 */
class http_session : public std::enable_shared_from_this<http_session> {
  public:
    http_session(transport&& stream, const config::settings& settings, service::application& app,
                 session_registry& registry, connection_ticket ticket);

    /** Starts with the TLS handshake (TLS) or the first request (plain). */
    void run();

  private:
    using response = boost::beast::http::response<boost::beast::http::buffer_body>;
    using error_code = boost::system::error_code;

    void do_read();
    void on_header(error_code ec, std::size_t bytes);
    void on_read(error_code ec, std::size_t bytes);
    /** Answers (or just closes) after a read failed. */
    void fail_read(error_code ec);
    void handle_request();
    void try_upgrade(boost::beast::http::request<boost::beast::http::string_body>&& req);
    /** Refuses an upgrade: one log line (throttled per address), then the answer. */
    void refuse_upgrade(boost::beast::http::status status, std::string_view message,
                        std::string_view why, unsigned version);

    // Uploads.
    void start_upload(const target_parts& parts);
    void do_upload_read();
    void on_upload_read(error_code ec, std::size_t bytes);
    void finish_upload();
    /** Drops an upload in progress; the sink discards what it received. */
    void drop_upload();

    // Responses.
    /** Sends a service answer: a string body, a shared buffer, or a file streamed from disk. */
    void respond(service::http_response&& sres, unsigned version, bool keep_alive, bool head);
    /** Sends `head` with `body_` (already set, or empty for HEAD) as the whole body. */
    void send(response&& head);
    /** Sends `head` with `shared` as the body, without copying it (a cached feed). */
    void send_shared(response&& head, std::shared_ptr<const std::string> shared);
    void on_write(bool keep_alive, error_code ec, std::size_t bytes);
    void send_file(service::http_response&& sres, unsigned version, bool keep_alive);
    void do_write_file();
    void on_write_file(error_code ec, std::size_t bytes);
    /** Reads and discards what the client still sends, for a few seconds, then closes. */
    void do_drain();
    /**
     * Ends our side of the connection: TLS close_notify first (so the client can tell a whole
     * answer from a cut one), then a TCP half-close; with `drain`, what the client still sends
     * is read and discarded for a few seconds before the socket closes.
     */
    void close_write(bool drain);
    void finish_close(bool drain);
    /** A plain-text error answer (its text in `body_`). */
    response error_response(boost::beast::http::status status, std::string_view message,
                            unsigned version, bool keep_alive);
    void send_error(boost::beast::http::status status, std::string_view message, unsigned version,
                    bool keep_alive);

    transport stream_;
    boost::beast::flat_buffer buffer_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::empty_body>>
        header_parser_;
    std::optional<boost::beast::http::request_parser<boost::beast::http::string_body>> parser_;
    const config::settings& settings_;
    service::application& app_;
    session_registry& registry_;
    connection_ticket ticket_;
    std::string remote_;
    std::vector<std::string> origins_;

    // The response being written: its head, the serializer, and what its body points into.
    std::optional<response> response_;
    std::optional<boost::beast::http::response_serializer<boost::beast::http::buffer_body>>
        serializer_;
    std::string body_;
    std::shared_ptr<const std::string> shared_body_;

    // An upload in progress: its parser (the head already read), the service's sink, and the
    // buffer one piece of the body is read into.
    std::optional<boost::beast::http::request_parser<boost::beast::http::buffer_body>>
        upload_parser_;
    std::unique_ptr<service::upload_sink> upload_;
    std::vector<char> io_buffer_;

    // A file response in progress.
    std::optional<boost::beast::file> file_;
    std::uint64_t file_remaining_ = 0;
    bool file_keep_alive_ = false;

    /** The client may still be sending a body we did not read: drain before closing. */
    bool linger_ = false;
};

}  // namespace traffpunkt::net
