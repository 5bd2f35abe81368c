#include "http_session.hpp"

#include <spdlog/spdlog.h>

#include "session_registry.hpp"
#include "static_files.hpp"
#include "traffpunkt/net/upgrade_policy.hpp"
#include "websocket_session.hpp"

namespace traffpunkt::net {

namespace {

std::optional<std::string_view> header(const http::request<http::string_body>& req, http::field f) {
    auto it = req.find(f);
    if (it == req.end()) {
        return std::nullopt;
    }
    return std::string_view(it->value().data(), it->value().size());
}

void add_security_headers(http::response<http::string_body>& res) {
    res.set(http::field::server, "traffpunkt");
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "no-referrer");
    res.set("X-Frame-Options", "DENY");
    res.set("Content-Security-Policy", std::string(content_security_policy));
}

}  // namespace

http_session::http_session(tcp::socket&& socket, const config::settings& settings,
                           service::application& app, session_registry& registry,
                           connection_ticket ticket)
    : stream_(std::move(socket)),
      settings_(settings),
      app_(app),
      registry_(registry),
      ticket_(std::move(ticket)),
      origins_(settings.effective_origins()) {
    beast::error_code ec;
    const auto ep = stream_.socket().remote_endpoint(ec);
    remote_ = ec ? "unknown" : ep.address().to_string() + ":" + std::to_string(ep.port());
}

void http_session::run() {
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&http_session::do_read, shared_from_this()));
}

void http_session::do_read() {
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(settings_.http.header_max));
    parser_->body_limit(settings_.http.body_max);
    // One deadline for the whole request: a client trickling header bytes (slowloris) is cut off.
    stream_.expires_after(std::chrono::seconds(settings_.http.read_timeout_s));
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&http_session::on_read, shared_from_this()));
}

http::response<http::string_body> http_session::error_response(http::status status,
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

void http_session::on_read(beast::error_code ec, std::size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
        ec == asio::error::eof) {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        return;
    }
    if (ec) {
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
        send(error_response(status, message, 11, false));
        return;
    }
    handle_request();
}

void http_session::handle_request() {
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

    http::response<http::string_body> res;
    res.version(req.version());
    res.keep_alive(keep_alive);
    const bool head = req.method() == http::verb::head;
    if (service::application::owns_path(parts->path)) {
        service::http_request sreq;
        sreq.method = std::string(req.method_string());
        sreq.path = parts->path;
        sreq.query = parts->query;
        for (const auto& f : req) {
            std::string name(f.name_string());
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            sreq.headers[name] = std::string(f.value());
        }
        sreq.body = std::move(req.body());
        auto sres = app_.on_http(sreq);
        res.result(static_cast<unsigned>(sres.status));
        for (const auto& [name, value] : sres.headers) {
            res.set(name, value);
        }
        res.body() = std::move(sres.body);
    } else if (req.method() != http::verb::get && !head) {
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

void http_session::try_upgrade(http::request<http::string_body>&& req) {
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
        std::make_shared<websocket_session>(std::move(stream_), settings_, app_, registry_,
                                            std::move(ticket_), std::move(who), remote_);
    session->run(std::move(req),
                 choice == subprotocol_choice::v1 ? std::string(subprotocol_v1) : std::string());
}

void http_session::send(http::response<http::string_body>&& res) {
    response_ = std::make_shared<http::response<http::string_body>>(std::move(res));
    const bool keep_alive = response_->keep_alive();
    // Writing has its own deadline so a client that never reads cannot hold the connection.
    stream_.expires_after(std::chrono::seconds(settings_.http.read_timeout_s));
    http::async_write(
        stream_, *response_,
        beast::bind_front_handler(&http_session::on_write, shared_from_this(), keep_alive));
}

void http_session::on_write(bool keep_alive, beast::error_code ec, std::size_t) {
    response_.reset();
    if (ec) {
        return;
    }
    if (!keep_alive) {
        beast::error_code ignored;
        stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
        return;
    }
    do_read();
}

}  // namespace traffpunkt::net
