#include "http_session.hpp"

#include <algorithm>
#include <chrono>

#include <spdlog/spdlog.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "session_registry.hpp"
#include "start_http_session.hpp"
#include "start_websocket_session.hpp"
#include "static_files.hpp"
#include "traffpunkt/log/log_throttle.hpp"

namespace traffpunkt::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;

namespace {

/** One piece of an upload or a download: large enough for speed, small enough per connection. */
constexpr std::size_t io_piece = 64 * 1024;
/** How long a refused client may go on sending before the connection is closed. */
constexpr std::chrono::seconds linger_time{5};

/**
 * Refused upgrades are logged once per source address per window, then counted: a client
 * retrying with a bad token or from a foreign Origin cannot fill the disk with log lines.
 */
log::log_throttle& refused_upgrades() {
    static log::log_throttle throttle("refused upgrades");
    return throttle;
}

std::optional<std::string_view> header(const http::fields& fields, http::field f) {
    auto it = fields.find(f);
    if (it == fields.end()) {
        return std::nullopt;
    }
    return std::string_view(it->value().data(), it->value().size());
}

/** Every Transfer-Encoding field of the head, joined in order into one list. */
std::optional<std::string> transfer_codings(const http::fields& fields) {
    std::optional<std::string> joined;
    for (auto it = fields.find(http::field::transfer_encoding);
         it != fields.end() && it->name() == http::field::transfer_encoding; ++it) {
        joined = joined ? *joined + "," + std::string(it->value()) : std::string(it->value());
    }
    return joined;
}

template <class Message>
void add_security_headers(Message& res) {
    res.set(http::field::server, "traffpunkt");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("X-Frame-Options", "DENY");
    res.set("Content-Security-Policy", std::string(content_security_policy));
}

/** The service's view of a request head (headers with lowercase names). */
service::http_request service_request(const http::request_header<>& req,
                                      const target_parts& parts) {
    service::http_request sreq;
    sreq.method = std::string(req.method_string());
    sreq.path = parts.path;
    sreq.query = parts.query;
    for (const auto& f : req) {
        std::string name(f.name_string());
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        sreq.headers[name] = std::string(f.value());
    }
    return sreq;
}

/**
 * Errors that mean the client went away or was too slow: close without an answer. A TLS peer
 * that closes TCP without close_notify (`stream_truncated`) has gone away too; it is not a
 * malformed request.
 */
bool is_disconnect(beast::error_code ec) {
    return ec == http::error::end_of_stream || ec == http::error::partial_message ||
           ec == beast::error::timeout || ec == asio::error::operation_aborted ||
           ec == asio::error::connection_reset || ec == asio::error::eof ||
           ec == asio::ssl::error::stream_truncated;
}

}  // namespace

void start_http_session(transport&& stream, const config::settings& settings,
                        service::application& app, session_registry& registry,
                        connection_ticket ticket) {
    std::make_shared<http_session>(std::move(stream), settings, app, registry, std::move(ticket))
        ->run();
}

http_session::http_session(transport&& stream, const config::settings& settings,
                           service::application& app, session_registry& registry,
                           connection_ticket ticket)
    : stream_(std::move(stream)),
      settings_(settings),
      app_(app),
      registry_(registry),
      ticket_(std::move(ticket)),
      remote_(stream_.remote()),
      origins_(settings.effective_origins()) {
    // The read buffer holds a head or what one read brought in beyond what the parser took;
    // bounding it stops an endless chunk-size line from growing it (the parser has no limit
    // of its own there).
    buffer_.max_size(settings_.http.header_max + 4 * io_piece);
}

void http_session::run() {
    if (stream_.is_tls()) {
        // The handshake is part of the first request's deadline: a client that opens TLS and
        // then stalls is cut off like one that trickles headers.
        asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
            self->stream_.expires_after(std::chrono::seconds(self->settings_.http.read_timeout_s));
            self->stream_.async_handshake([self](beast::error_code ec) {
                if (ec) {
                    // Plain HTTP to a TLS port, an untrusted certificate, a scanner: nothing to
                    // answer in a language the client understands.
                    spdlog::debug("TLS handshake failed from {}: {}", self->remote_, ec.message());
                    return;
                }
                self->do_read();
            });
        });
    } else {
        asio::dispatch(stream_.get_executor(),
                       beast::bind_front_handler(&http_session::do_read, shared_from_this()));
    }
}

void http_session::do_read() {
    header_parser_.emplace();
    header_parser_->header_limit(static_cast<std::uint32_t>(settings_.http.header_max));
    // The head is read alone; which body limit applies depends on the route (uploads have
    // their own), so the body is limited once the route is known.
    header_parser_->body_limit(boost::none);
    // One deadline for the whole request: a client trickling header bytes (slowloris) is cut off.
    stream_.expires_after(std::chrono::seconds(settings_.http.read_timeout_s));
    http::async_read_header(
        stream_, buffer_, *header_parser_,
        beast::bind_front_handler(&http_session::on_header, shared_from_this()));
}

http_session::response http_session::error_response(http::status status, std::string_view message,
                                                    unsigned version, bool keep_alive) {
    response res{status, version};
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.keep_alive(keep_alive);
    body_ = std::string(message) + "\n";
    res.content_length(body_.size());
    return res;
}

void http_session::send_error(http::status status, std::string_view message, unsigned version,
                              bool keep_alive) {
    send(error_response(status, message, version, keep_alive));
}

void http_session::fail_read(beast::error_code ec) {
    if (is_disconnect(ec)) {
        close_write(false);
        return;
    }
    // Malformed or oversized request: answer once, then close.
    http::status status = http::status::bad_request;
    std::string_view message = "bad request";
    if (ec == http::error::header_limit) {
        status = http::status::request_header_fields_too_large;
        message = "request headers too large";
    } else if (ec == http::error::body_limit) {
        status = http::status::payload_too_large;
        message = "request body too large";
    }
    linger_ = true;
    send_error(status, message, 11, false);
}

void http_session::on_header(beast::error_code ec, std::size_t) {
    if (ec) {
        fail_read(ec);
        return;
    }
    const auto& head = header_parser_->get();
    // RFC 9112 §6.3: a request whose Transfer-Encoding is not exactly `chunked` (say
    // `chunked, identity`) has no reliable length; reading on would let the body be taken for
    // the next request (smuggling). HTTP/1.0 has no transfer codings at all (§6.1).
    if (const auto codings = transfer_codings(head);
        codings && (head.version() < 11 || !is_chunked_only(*codings))) {
        linger_ = true;
        send_error(http::status::bad_request, "Transfer-Encoding must be chunked alone",
                   head.version(), false);
        return;
    }
    if (head.method() == http::verb::post) {
        const auto parts =
            split_target(std::string_view(head.target().data(), head.target().size()));
        if (parts && service::application::is_upload_route("POST", parts->path)) {
            start_upload(*parts);
            return;
        }
    }
    // Everything else is small and read whole, within http.body_max.
    if (const auto length = header_parser_->content_length();
        length && *length > settings_.http.body_max) {
        linger_ = true;
        send_error(http::status::payload_too_large, "request body too large", head.version(),
                   false);
        return;
    }
    parser_.emplace(std::move(*header_parser_));
    header_parser_.reset();
    parser_->body_limit(settings_.http.body_max);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

void http_session::on_read(beast::error_code ec, std::size_t) {
    if (ec) {
        fail_read(ec);
        return;
    }
    handle_request();
}

void http_session::handle_request() {
    auto req = parser_->release();
    const bool keep_alive = req.keep_alive();
    const auto parts = split_target(std::string_view(req.target().data(), req.target().size()));
    if (!parts) {
        send_error(http::status::bad_request, "bad request target", req.version(), false);
        return;
    }
    if (websocket::is_upgrade(req)) {
        if (parts->path != "/ws") {
            send_error(http::status::not_found, "WebSocket endpoint is /ws", req.version(), false);
            return;
        }
        try_upgrade(std::move(req));
        return;
    }

    const bool head = req.method() == http::verb::head;
    if (service::application::owns_path(parts->path)) {
        auto sreq = service_request(req, *parts);
        sreq.body = std::move(req.body());
        sreq.remote = remote_;
        respond(app_.on_http(sreq), req.version(), keep_alive, head);
        return;
    }
    response res;
    if (req.method() != http::verb::get && !head) {
        res = error_response(http::status::method_not_allowed, "method not allowed", req.version(),
                             keep_alive);
        res.set(http::field::allow, "GET, HEAD");
    } else if (auto file = load_static(settings_.web_root, parts->path)) {
        res.result(http::status::ok);
        res.version(req.version());
        res.keep_alive(keep_alive);
        res.set(http::field::content_type, file->content_type);
        res.set(http::field::cache_control, "no-cache");
        body_ = std::move(file->body);
        res.content_length(body_.size());
    } else {
        res = error_response(http::status::not_found, "not found", req.version(), keep_alive);
    }
    add_security_headers(res);
    if (head) {
        // HEAD: the same headers (Content-Length of the GET), no body.
        body_.clear();
    }
    send(std::move(res));
}

void http_session::refuse_upgrade(http::status status, std::string_view message,
                                  std::string_view why, unsigned version) {
    if (!why.empty() && refused_upgrades().note(remote_)) {
        spdlog::warn("upgrade refused from {}: {}", remote_, why);
    }
    send_error(status, message, version, false);
}

void http_session::try_upgrade(http::request<http::string_body>&& req) {
    const unsigned version = req.version();
    if (!origin_allowed(header(req, http::field::origin), origins_)) {
        refuse_upgrade(http::status::forbidden, "Origin not allowed", "Origin not allowed",
                       version);
        return;
    }
    const auto choice = negotiate_subprotocol(header(req, http::field::sec_websocket_protocol));
    if (choice == subprotocol_choice::unsupported) {
        refuse_upgrade(http::status::bad_request,
                       "unsupported subprotocol; this server speaks traffpunkt.v1", {}, version);
        return;
    }
    // A token in the upgrade (header for programs, ?access_token= for browsers) or later via
    // the auth op. A token that is present but wrong is refused now, not silently ignored.
    std::optional<std::string> token;
    if (auto h = header(req, http::field::authorization)) {
        token = bearer_token(*h);
        if (!token) {
            refuse_upgrade(http::status::unauthorized, "malformed Authorization header", {},
                           version);
            return;
        }
    } else {
        const auto parts = split_target(std::string_view(req.target().data(), req.target().size()));
        if (parts) {
            token = query_param(parts->query, "access_token");
        }
    }
    service::principal who;
    if (token) {
        auto p = app_.authenticate(*token);
        if (!p) {
            refuse_upgrade(http::status::unauthorized, "unknown or revoked token",
                           "unknown or revoked token", version);
            return;
        }
        who = *p;
    }
    // The WebSocket handshake reads the head only; the upgrade has no body.
    start_websocket_session(
        std::move(stream_), settings_, app_, registry_, std::move(ticket_), std::move(who), remote_,
        http::request<http::empty_body>(std::move(req.base())),
        choice == subprotocol_choice::v1 ? std::string(subprotocol_v1) : std::string());
}

// --- uploads -------------------------------------------------------------------------------

void http_session::start_upload(const target_parts& parts) {
    const auto& head = header_parser_->get();
    const unsigned version = head.version();
    auto upload_head = service_request(head, parts);
    upload_head.remote = remote_;
    auto started = app_.start_upload(upload_head);
    if (!started.sink) {
        // Refused from the head alone (token, role, size, ...): the body is never read.
        header_parser_.reset();
        linger_ = true;
        respond(std::move(started.refusal), version, false, false);
        return;
    }
    const bool wants_continue =
        beast::iequals(header(head, http::field::expect).value_or(""), "100-continue");
    upload_ = std::move(started.sink);
    upload_parser_.emplace(std::move(*header_parser_));
    header_parser_.reset();
    // The sink counts the bytes against the upload limit, chunked bodies included.
    upload_parser_->body_limit(boost::none);
    io_buffer_.resize(io_piece);
    if (!wants_continue) {
        do_upload_read();
        return;
    }
    // The client waits for this before sending the body (curl does for large files).
    response_.emplace(http::status::continue_, version);
    response_->body().more = false;  // a head without a body
    serializer_.emplace(*response_);
    stream_.expires_after(std::chrono::seconds(settings_.http.read_timeout_s));
    http::async_write(stream_, *serializer_,
                      [self = shared_from_this()](beast::error_code ec, std::size_t) {
                          self->serializer_.reset();
                          self->response_.reset();
                          if (ec) {
                              self->drop_upload();
                              return;
                          }
                          self->do_upload_read();
                      });
}

void http_session::do_upload_read() {
    if (upload_parser_->is_done()) {
        finish_upload();
        return;
    }
    auto& body = upload_parser_->get().body();
    body.data = io_buffer_.data();
    body.size = io_buffer_.size();
    body.more = true;
    // Each piece must arrive within the read deadline: a large upload at any usable speed
    // finishes, a client that stalls is cut off.
    stream_.expires_after(std::chrono::seconds(settings_.http.read_timeout_s));
    http::async_read(stream_, buffer_, *upload_parser_,
                     beast::bind_front_handler(&http_session::on_upload_read, shared_from_this()));
}

void http_session::on_upload_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::need_buffer) {
        ec = {};  // the piece is full: hand it over and read the next
    }
    const unsigned version = upload_parser_->get().version();
    const std::size_t used = io_buffer_.size() - upload_parser_->get().body().size;
    if (used > 0 && !ec) {
        if (auto refusal = upload_->write(std::string_view(io_buffer_.data(), used))) {
            drop_upload();
            linger_ = true;
            respond(std::move(*refusal), version, false, false);
            return;
        }
    }
    if (ec) {
        drop_upload();
        if (is_disconnect(ec)) {
            close_write(false);
            return;
        }
        linger_ = true;
        send_error(http::status::bad_request, "malformed request body", version, false);
        return;
    }
    do_upload_read();
}

void http_session::finish_upload() {
    const bool keep_alive = upload_parser_->get().keep_alive();
    const unsigned version = upload_parser_->get().version();
    upload_parser_.reset();
    io_buffer_.clear();
    io_buffer_.shrink_to_fit();
    auto sink = std::move(upload_);
    // The answer comes after the database commit, from the writer thread: back to our io thread.
    sink->finish([self = shared_from_this(), version, keep_alive](service::http_response res) {
        asio::post(self->stream_.get_executor(),
                   [self, version, keep_alive, res = std::move(res)]() mutable {
                       self->respond(std::move(res), version, keep_alive, false);
                   });
    });
}

void http_session::drop_upload() {
    if (upload_) {
        upload_->abort();
        upload_.reset();
    }
    upload_parser_.reset();
    io_buffer_.clear();
    io_buffer_.shrink_to_fit();
}

// --- responses -----------------------------------------------------------------------------

void http_session::respond(service::http_response&& sres, unsigned version, bool keep_alive,
                           bool head) {
    if (sres.file && !head) {
        send_file(std::move(sres), version, keep_alive);
        return;
    }
    response res{static_cast<http::status>(sres.status), version};
    res.keep_alive(keep_alive);
    for (const auto& [name, value] : sres.headers) {
        res.set(name, value);
    }
    add_security_headers(res);
    if (sres.shared_body && !head) {
        res.content_length(sres.shared_body->size());
        send_shared(std::move(res), std::move(sres.shared_body));
        return;
    }
    if (sres.file) {
        // HEAD of a file: its headers and length, no body.
        res.content_length(sres.file->length);
        body_.clear();
    } else if (sres.shared_body) {
        res.content_length(sres.shared_body->size());  // HEAD
        body_.clear();
    } else {
        // HEAD: the same headers (Content-Length of the GET), no body.
        res.content_length(sres.body.size());
        body_ = head ? std::string() : std::move(sres.body);
    }
    send(std::move(res));
}

void http_session::send(response&& head) {
    response_.emplace(std::move(head));
    auto& body = response_->body();
    body.data = body_.empty() ? nullptr : body_.data();
    body.size = body_.size();
    body.more = false;
    serializer_.emplace(*response_);
    const bool keep_alive = response_->keep_alive();
    // Writing has its own deadline so a client that never reads cannot hold the connection.
    stream_.expires_after(std::chrono::seconds(settings_.http.read_timeout_s));
    http::async_write(
        stream_, *serializer_,
        beast::bind_front_handler(&http_session::on_write, shared_from_this(), keep_alive));
}

void http_session::send_shared(response&& head, std::shared_ptr<const std::string> shared) {
    // The buffer stays alive (shared with the cache) until the response is written.
    shared_body_ = std::move(shared);
    response_.emplace(std::move(head));
    auto& body = response_->body();
    body.data = shared_body_->empty() ? nullptr : const_cast<char*>(shared_body_->data());
    body.size = shared_body_->size();
    body.more = false;
    serializer_.emplace(*response_);
    const bool keep_alive = response_->keep_alive();
    stream_.expires_after(std::chrono::seconds(settings_.http.read_timeout_s));
    http::async_write(
        stream_, *serializer_,
        beast::bind_front_handler(&http_session::on_write, shared_from_this(), keep_alive));
}

void http_session::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    serializer_.reset();
    response_.reset();
    shared_body_.reset();
    body_.clear();
    if (ec) {
        return;
    }
    if (!keep_alive) {
        // Closing now, with the client's body still arriving, would reset the connection and
        // could destroy our answer before the client read it: linger drains first.
        close_write(linger_);
        return;
    }
    do_read();
}

void http_session::close_write(bool drain) {
    if (stream_.is_tls()) {
        // Waits for the client's close_notify too, which some clients never send: bounded.
        stream_.expires_after(linger_time);
        stream_.async_shutdown(
            [self = shared_from_this(), drain](beast::error_code) { self->finish_close(drain); });
    } else {
        finish_close(drain);
    }
}

void http_session::finish_close(bool drain) {
    stream_.shutdown_send();
    if (drain) {
        stream_.expires_after(linger_time);
        io_buffer_.resize(io_piece);
        do_drain();
    }
}

void http_session::do_drain() {
    // Below TLS: after our close_notify the bytes still coming are only to be discarded.
    stream_.async_read_raw(asio::buffer(io_buffer_),
                           [self = shared_from_this()](beast::error_code ec, std::size_t) {
                               if (!ec) {
                                   self->do_drain();
                               }
                           });
}

void http_session::send_file(service::http_response&& sres, unsigned version, bool keep_alive) {
    beast::error_code ec;
    file_.emplace();
    file_->open(sres.file->path.c_str(), beast::file_mode::scan, ec);
    if (!ec) {
        file_->seek(sres.file->offset, ec);
    }
    if (ec) {
        spdlog::error("cannot read {}: {}", sres.file->path, ec.message());
        file_.reset();
        send_error(http::status::internal_server_error, "internal error", version, keep_alive);
        return;
    }
    response_.emplace(static_cast<http::status>(sres.status), version);
    for (const auto& [name, value] : sres.headers) {
        response_->set(name, value);
    }
    add_security_headers(*response_);
    response_->keep_alive(keep_alive);
    response_->content_length(sres.file->length);
    file_remaining_ = sres.file->length;
    file_keep_alive_ = keep_alive;
    io_buffer_.resize(io_piece);
    serializer_.emplace(*response_);
    do_write_file();
}

void http_session::do_write_file() {
    auto& body = response_->body();
    if (file_remaining_ > 0) {
        const auto want =
            static_cast<std::size_t>(std::min<std::uint64_t>(file_remaining_, io_buffer_.size()));
        beast::error_code ec;
        const auto got = file_->read(io_buffer_.data(), want, ec);
        if (ec || got == 0) {
            // The file shrank under us: the promised length cannot be kept, so the connection
            // must end here rather than carry on out of step.
            spdlog::error("reading a file response failed: {}", ec ? ec.message() : "short file");
            serializer_.reset();
            response_.reset();
            file_.reset();
            stream_.shutdown_both();
            return;
        }
        file_remaining_ -= got;
        body.data = io_buffer_.data();
        body.size = got;
        body.more = file_remaining_ > 0;
    } else {
        body.data = nullptr;
        body.size = 0;
        body.more = false;
    }
    stream_.expires_after(std::chrono::seconds(settings_.http.read_timeout_s));
    http::async_write(stream_, *serializer_,
                      beast::bind_front_handler(&http_session::on_write_file, shared_from_this()));
}

void http_session::on_write_file(beast::error_code ec, std::size_t) {
    if (ec == http::error::need_buffer) {
        ec = {};
    }
    if (ec || serializer_->is_done()) {
        serializer_.reset();
        response_.reset();
        file_.reset();
        io_buffer_.clear();
        io_buffer_.shrink_to_fit();
        if (!ec) {
            on_write(file_keep_alive_, ec, 0);
        }
        return;
    }
    do_write_file();
}

}  // namespace traffpunkt::net
