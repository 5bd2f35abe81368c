#include "http_client.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace traffpunkt::testing {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

std::string lower(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

/** Runs one asynchronous operation to completion and returns its error. */
template <class Start>
beast::error_code run_op(net::io_context& ioc, Start start) {
    beast::error_code result;
    start([&result](beast::error_code ec, auto&&...) { result = ec; });
    ioc.restart();
    ioc.run();
    return result;
}

/** Connects a stream whose expiry is `deadline`; throws on failure. */
void connect(net::io_context& ioc, beast::tcp_stream& stream, const std::string& host,
             unsigned short port, std::chrono::steady_clock::time_point deadline) {
    tcp::resolver resolver(ioc);
    beast::error_code ec;
    const auto endpoints = resolver.resolve(host, std::to_string(port), ec);
    if (ec) {
        throw std::runtime_error("cannot resolve " + host + ": " + ec.message());
    }
    stream.expires_at(deadline);
    ec = run_op(ioc, [&](auto handler) { stream.async_connect(endpoints, handler); });
    if (ec) {
        throw std::runtime_error("cannot connect to " + host + ":" + std::to_string(port) + ": " +
                                 ec.message());
    }
}

}  // namespace

http_result http_request(const std::string& host, unsigned short port, std::string method,
                         std::string target, std::map<std::string, std::string> headers,
                         std::string body, std::chrono::milliseconds timeout) {
    net::io_context ioc{1};
    beast::tcp_stream stream(ioc);
    // One deadline for the whole exchange, as a test wants to bound the request as a whole.
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    connect(ioc, stream, host, port, deadline);

    http::request<http::string_body> request;
    const http::verb verb = http::string_to_verb(method);
    if (verb == http::verb::unknown) {
        request.method_string(method);
    } else {
        request.method(verb);
    }
    request.target(target);
    request.version(11);
    bool has_host = false;
    bool has_length = false;
    for (const auto& [name, value] : headers) {
        const std::string key = lower(name);
        has_host = has_host || key == "host";
        has_length = has_length || key == "content-length" || key == "transfer-encoding";
        request.insert(name, value);
    }
    if (!has_host) {
        request.set(http::field::host, host + ":" + std::to_string(port));
    }
    request.body() = std::move(body);
    if (!has_length && (!request.body().empty() || verb == http::verb::post ||
                        verb == http::verb::put || verb == http::verb::patch)) {
        request.content_length(request.body().size());
    }

    beast::error_code ec =
        run_op(ioc, [&](auto handler) { http::async_write(stream, request, handler); });
    if (ec) {
        throw std::runtime_error("cannot send " + method + " " + target + ": " + ec.message());
    }

    beast::flat_buffer buffer;
    http::response_parser<http::string_body> parser;
    parser.body_limit(256 * 1024 * 1024);
    if (verb == http::verb::head) {
        parser.skip(true);
    }
    ec = run_op(ioc, [&](auto handler) { http::async_read(stream, buffer, parser, handler); });
    if (ec) {
        throw std::runtime_error("no valid response to " + method + " " + target + ": " +
                                 ec.message());
    }

    auto response = parser.release();
    http_result result;
    result.status = static_cast<int>(response.result_int());
    for (const auto& field : response) {
        auto [it, inserted] =
            result.headers.emplace(lower(field.name_string()), std::string(field.value()));
        if (!inserted) {
            it->second += ", ";
            it->second += field.value();
        }
    }
    result.body = std::move(response.body());
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    return result;
}

std::string raw_request(const std::string& host, unsigned short port, std::string raw_bytes,
                        std::chrono::milliseconds timeout) {
    net::io_context ioc{1};
    beast::tcp_stream stream(ioc);
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    connect(ioc, stream, host, port, deadline);

    std::string received;
    // A failed write is not an error here: the server may answer and close before reading
    // everything, and what it sent back is what the test wants to see.
    beast::error_code ec = run_op(
        ioc, [&](auto handler) { net::async_write(stream, net::buffer(raw_bytes), handler); });
    char chunk[4096];
    for (;;) {
        std::size_t got = 0;
        ec = run_op(ioc, [&](auto handler) {
            stream.async_read_some(net::buffer(chunk),
                                   [&got, handler](beast::error_code e, std::size_t n) mutable {
                                       got = n;
                                       handler(e);
                                   });
        });
        received.append(chunk, got);
        if (ec) {
            break;  // eof, reset or timeout: either way the answer is what arrived
        }
    }
    return received;
}

}  // namespace traffpunkt::testing
