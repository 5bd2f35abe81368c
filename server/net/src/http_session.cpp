#include "http_session.hpp"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "session_registry.hpp"
#include "static_files.hpp"
#include "websocket_session.hpp"

namespace traffpunkt::net {

namespace {

/** One piece of an upload or a download: large enough for speed, small enough per connection. */
constexpr std::size_t io_piece = 64 * 1024;
/** How long a refused client may go on sending before the connection is closed. */
constexpr std::chrono::seconds linger_time{5};

std::optional<std::string_view> header(const http::fields& fields, http::field f) {
    auto it = fields.find(f);
    if (it == fields.end()) {
        return std::nullopt;
    }
    return std::string_view(it->value().data(), it->value().size());
}

template <class Body>
void add_security_headers(http::response<Body>& res) {
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

/** Errors that mean the client went away or was too slow: close without an answer. */
bool is_disconnect(beast::error_code ec) {
    return ec == http::error::end_of_stream || ec == http::error::partial_message ||
           ec == beast::error::timeout || ec == asio::error::operation_aborted ||
           ec == asio::error::connection_reset || ec == asio::error::eof;
}

}  // namespace

template <class Stream>
http_session<Stream>::http_session(Stream&& stream, const config::settings& settings,
                                   service::application& app, session_registry& registry,
                                   connection_ticket ticket)
    : stream_(std::move(stream)),
      settings_(settings),
      app_(app),
      registry_(registry),
      ticket_(std::move(ticket)),
      origins_(settings.effective_origins()) {
    beast::error_code ec;
    const auto ep = lowest().socket().remote_endpoint(ec);
    remote_ = ec ? "unknown" : ep.address().to_string() + ":" + std::to_string(ep.port());
    // The read buffer holds a head or what one read brought in beyond what the parser took;
    // bounding it stops an endless chunk-size line from growing it (the parser has no limit
    // of its own there).
    buffer_.max_size(settings_.http.header_max + 4 * io_piece);
}

template <class Stream>
void http_session<Stream>::run() {
    if constexpr (is_tls<Stream>) {
        // The handshake is part of the first request's deadline: a client that opens TLS and
        // then stalls is cut off like one that trickles headers.
        asio::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
            self->lowest().expires_after(std::chrono::seconds(self->settings_.http.read_timeout_s));
            self->stream_.async_handshake(ssl::stream_base::server, [self](beast::error_code ec) {
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
                       beast::bind_front_handler(&http_session::do_read, this->shared_from_this()));
    }
}

template <class Stream>
void http_session<Stream>::do_read() {
    header_parser_.emplace();
    header_parser_->header_limit(static_cast<std::uint32_t>(settings_.http.header_max));
    // The head is read alone; which body limit applies depends on the route (uploads have
    // their own), so the body is limited once the route is known.
    header_parser_->body_limit(boost::none);
    // One deadline for the whole request: a client trickling header bytes (slowloris) is cut off.
    lowest().expires_after(std::chrono::seconds(settings_.http.read_timeout_s));
    http::async_read_header(
        stream_, buffer_, *header_parser_,
        beast::bind_front_handler(&http_session::on_header, this->shared_from_this()));
}

template <class Stream>
http::response<http::string_body> http_session<Stream>::error_response(http::status status,
                                                                       std::string_view message,
                                                                       unsigned version,
                                                                       bool keep_alive) const {
    http::response<http::string_body> res{status, version};
    res.set(http::field::content_type, "text/plain; charset=utf-8");
    res.keep_alive(keep_alive);
    res.body() = std::string(message) + "\n";
    res.prepare_payload();
    return res;
}

template <class Stream>
void http_session<Stream>::fail_read(beast::error_code ec) {
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
    send(error_response(status, message, 11, false));
}

template <class Stream>
void http_session<Stream>::on_header(beast::error_code ec, std::size_t) {
    if (ec) {
        fail_read(ec);
        return;
    }
    const auto& head = header_parser_->get();
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
        send(error_response(http::status::payload_too_large, "request body too large",
                            head.version(), false));
        return;
    }
    parser_.emplace(std::move(*header_parser_));
    header_parser_.reset();
    parser_->body_limit(settings_.http.body_max);
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&http_session::on_read, this->shared_from_this()));
}

template <class Stream>
void http_session<Stream>::on_read(beast::error_code ec, std::size_t) {
    if (ec) {
        fail_read(ec);
        return;
    }
    handle_request();
}

template <class Stream>
void http_session<Stream>::handle_request() {
    auto req = parser_->release();
    const bool keep_alive = req.keep_alive();
    const auto parts = split_target(std::string_view(req.target().data(), req.target().size()));
    if (!parts) {
        send(error_response(http::status::bad_request, "bad request target", req.version(), false));
        return;
    }
    if (websocket::is_upgrade(req)) {
        if (parts->path != "/ws") {
            send(error_response(http::status::not_found, "WebSocket endpoint is /ws", req.version(),
                                false));
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
    http::response<http::string_body> res;
    res.version(req.version());
    res.keep_alive(keep_alive);
    if (req.method() != http::verb::get && !head) {
        res = error_response(http::status::method_not_allowed, "method not allowed", req.version(),
                             keep_alive);
        res.set(http::field::allow, "GET, HEAD");
    } else if (auto file = load_static(settings_.web_root, parts->path)) {
        res.result(http::status::ok);
        res.set(http::field::content_type, file->content_type);
        res.set(http::field::cache_control, "no-cache");
        res.body() = std::move(file->body);
    } else {
        res = error_response(http::status::not_found, "not found", req.version(), keep_alive);
    }
    add_security_headers(res);
    res.prepare_payload();
    if (head) {
        // HEAD: the same headers (Content-Length of the GET), no body.
        const auto length = res.body().size();
        res.body().clear();
        res.content_length(length);
    }
    send(std::move(res));
}

template <class Stream>
void http_session<Stream>::try_upgrade(http::request<http::string_body>&& req) {
    const unsigned version = req.version();
    if (!origin_allowed(header(req, http::field::origin), origins_)) {
        spdlog::warn("upgrade refused from {}: Origin not allowed", remote_);
        send(error_response(http::status::forbidden, "Origin not allowed", version, false));
        return;
    }
    const auto choice = negotiate_subprotocol(header(req, http::field::sec_websocket_protocol));
    if (choice == subprotocol_choice::unsupported) {
        send(error_response(http::status::bad_request,
                            "unsupported subprotocol; this server speaks traffpunkt.v1", version,
                            false));
        return;
    }
    // A token in the upgrade (header for programs, ?access_token= for browsers) or later via
    // the auth op. A token that is present but wrong is refused now, not silently ignored.
    std::optional<std::string> token;
    if (auto h = header(req, http::field::authorization)) {
        token = bearer_token(*h);
        if (!token) {
            send(error_response(http::status::unauthorized, "malformed Authorization header",
                                version, false));
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
            spdlog::warn("upgrade refused from {}: unknown or revoked token", remote_);
            send(error_response(http::status::unauthorized, "unknown or revoked token", version,
                                false));
            return;
        }
        who = *p;
    }
    auto session =
        std::make_shared<websocket_session<Stream>>(std::move(stream_), settings_, app_, registry_,
                                                    std::move(ticket_), std::move(who), remote_);
    session->run(std::move(req),
                 choice == subprotocol_choice::v1 ? std::string(subprotocol_v1) : std::string());
}

// --- uploads -------------------------------------------------------------------------------

template <class Stream>
void http_session<Stream>::start_upload(const target_parts& parts) {
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
    continue_ =
        std::make_shared<http::response<http::empty_body>>(http::status::continue_, version);
    lowest().expires_after(std::chrono::seconds(settings_.http.read_timeout_s));
    http::async_write(stream_, *continue_,
                      [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                          self->continue_.reset();
                          if (ec) {
                              self->drop_upload();
                              return;
                          }
                          self->do_upload_read();
                      });
}

template <class Stream>
void http_session<Stream>::do_upload_read() {
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
    lowest().expires_after(std::chrono::seconds(settings_.http.read_timeout_s));
    http::async_read(
        stream_, buffer_, *upload_parser_,
        beast::bind_front_handler(&http_session::on_upload_read, this->shared_from_this()));
}

template <class Stream>
void http_session<Stream>::on_upload_read(beast::error_code ec, std::size_t) {
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
        send(error_response(http::status::bad_request, "malformed request body", version, false));
        return;
    }
    do_upload_read();
}

template <class Stream>
void http_session<Stream>::finish_upload() {
    const bool keep_alive = upload_parser_->get().keep_alive();
    const unsigned version = upload_parser_->get().version();
    upload_parser_.reset();
    io_buffer_.clear();
    io_buffer_.shrink_to_fit();
    auto sink = std::move(upload_);
    // The answer comes after the database commit, from the writer thread: back to our strand.
    sink->finish(
        [self = this->shared_from_this(), version, keep_alive](service::http_response res) {
            asio::post(self->stream_.get_executor(),
                       [self, version, keep_alive, res = std::move(res)]() mutable {
                           self->respond(std::move(res), version, keep_alive, false);
                       });
        });
}

template <class Stream>
void http_session<Stream>::drop_upload() {
    if (upload_) {
        upload_->abort();
        upload_.reset();
    }
    upload_parser_.reset();
    io_buffer_.clear();
    io_buffer_.shrink_to_fit();
}

// --- responses -----------------------------------------------------------------------------

template <class Stream>
void http_session<Stream>::respond(service::http_response&& sres, unsigned version, bool keep_alive,
                                   bool head) {
    if (sres.file && !head) {
        send_file(std::move(sres), version, keep_alive);
        return;
    }
    if (sres.shared_body && !head) {
        send_shared(std::move(sres), version, keep_alive);
        return;
    }
    http::response<http::string_body> res{static_cast<http::status>(sres.status), version};
    res.keep_alive(keep_alive);
    for (const auto& [name, value] : sres.headers) {
        res.set(name, value);
    }
    add_security_headers(res);
    if (sres.file) {
        // HEAD of a file: its headers and length, no body.
        res.content_length(sres.file->length);
    } else if (sres.shared_body) {
        res.content_length(sres.shared_body->size());  // HEAD
    } else {
        res.body() = std::move(sres.body);
        res.prepare_payload();
        if (head) {
            // HEAD: the same headers (Content-Length of the GET), no body.
            const auto length = res.body().size();
            res.body().clear();
            res.content_length(length);
        }
    }
    send(std::move(res));
}

template <class Stream>
void http_session<Stream>::send(http::response<http::string_body>&& res) {
    response_ = std::make_shared<http::response<http::string_body>>(std::move(res));
    const bool keep_alive = response_->keep_alive();
    // Writing has its own deadline so a client that never reads cannot hold the connection.
    lowest().expires_after(std::chrono::seconds(settings_.http.read_timeout_s));
    http::async_write(
        stream_, *response_,
        beast::bind_front_handler(&http_session::on_write, this->shared_from_this(), keep_alive));
}

template <class Stream>
void http_session<Stream>::send_shared(service::http_response&& sres, unsigned version,
                                       bool keep_alive) {
    shared_body_ = std::move(sres.shared_body);
    shared_response_ = std::make_shared<http::response<http::span_body<const char>>>(
        static_cast<http::status>(sres.status), version);
    for (const auto& [name, value] : sres.headers) {
        shared_response_->set(name, value);
    }
    add_security_headers(*shared_response_);
    shared_response_->keep_alive(keep_alive);
    shared_response_->body() = {shared_body_->data(), shared_body_->size()};
    shared_response_->prepare_payload();
    lowest().expires_after(std::chrono::seconds(settings_.http.read_timeout_s));
    http::async_write(
        stream_, *shared_response_,
        [self = this->shared_from_this(), keep_alive](beast::error_code ec, std::size_t bytes) {
            self->shared_response_.reset();
            self->shared_body_.reset();
            self->on_write(keep_alive, ec, bytes);
        });
}

template <class Stream>
void http_session<Stream>::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    response_.reset();
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

template <class Stream>
void http_session<Stream>::close_write(bool drain) {
    if constexpr (is_tls<Stream>) {
        // Waits for the client's close_notify too, which some clients never send: bounded.
        lowest().expires_after(linger_time);
        stream_.async_shutdown([self = this->shared_from_this(), drain](beast::error_code) {
            self->finish_close(drain);
        });
    } else {
        finish_close(drain);
    }
}

template <class Stream>
void http_session<Stream>::finish_close(bool drain) {
    beast::error_code ignored;
    lowest().socket().shutdown(tcp::socket::shutdown_send, ignored);
    if (drain) {
        lowest().expires_after(linger_time);
        io_buffer_.resize(io_piece);
        do_drain();
    }
}

template <class Stream>
void http_session<Stream>::do_drain() {
    // Below TLS: after our close_notify the bytes still coming are only to be discarded.
    lowest().async_read_some(asio::buffer(io_buffer_),
                             [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                                 if (!ec) {
                                     self->do_drain();
                                 }
                             });
}

template <class Stream>
void http_session<Stream>::send_file(service::http_response&& sres, unsigned version,
                                     bool keep_alive) {
    beast::error_code ec;
    file_.emplace();
    file_->open(sres.file->path.c_str(), beast::file_mode::scan, ec);
    if (!ec) {
        file_->seek(sres.file->offset, ec);
    }
    if (ec) {
        spdlog::error("cannot read {}: {}", sres.file->path, ec.message());
        file_.reset();
        send(error_response(http::status::internal_server_error, "internal error", version,
                            keep_alive));
        return;
    }
    file_response_ = std::make_shared<http::response<http::buffer_body>>(
        static_cast<http::status>(sres.status), version);
    for (const auto& [name, value] : sres.headers) {
        file_response_->set(name, value);
    }
    add_security_headers(*file_response_);
    file_response_->keep_alive(keep_alive);
    file_response_->content_length(sres.file->length);
    file_remaining_ = sres.file->length;
    file_keep_alive_ = keep_alive;
    io_buffer_.resize(io_piece);
    file_serializer_.emplace(*file_response_);
    do_write_file();
}

template <class Stream>
void http_session<Stream>::do_write_file() {
    auto& body = file_response_->body();
    if (file_remaining_ > 0) {
        const auto want =
            static_cast<std::size_t>(std::min<std::uint64_t>(file_remaining_, io_buffer_.size()));
        beast::error_code ec;
        const auto got = file_->read(io_buffer_.data(), want, ec);
        if (ec || got == 0) {
            // The file shrank under us: the promised length cannot be kept, so the connection
            // must end here rather than carry on out of step.
            spdlog::error("reading a file response failed: {}", ec ? ec.message() : "short file");
            file_serializer_.reset();
            file_response_.reset();
            file_.reset();
            beast::error_code ignored;
            lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
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
    lowest().expires_after(std::chrono::seconds(settings_.http.read_timeout_s));
    http::async_write(
        stream_, *file_serializer_,
        beast::bind_front_handler(&http_session::on_write_file, this->shared_from_this()));
}

template <class Stream>
void http_session<Stream>::on_write_file(beast::error_code ec, std::size_t) {
    if (ec == http::error::need_buffer) {
        ec = {};
    }
    if (ec || file_serializer_->is_done()) {
        file_serializer_.reset();
        file_response_.reset();
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

template class http_session<plain_stream>;
template class http_session<tls_stream>;

}  // namespace traffpunkt::net
