// TLS on the server's port (config tls.cert_file / tls.key_file; PROTOCOL.md "Connecting"):
// a certificate made here with `openssl`, then https:// and wss:// with a client that trusts
// only that certificate and checks the host name, so the test fails if TLS is not real.
#include "integration_fixture.hpp"

#include <openssl/ssl.h>

#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

namespace traffpunkt::integration {
namespace {

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace fs = std::filesystem;
using tcp = asio::ip::tcp;
using tls_stream = beast::ssl_stream<beast::tcp_stream>;

/** A self-signed certificate for localhost and 127.0.0.1, made with the openssl command. */
struct certificate {
    fs::path dir;
    fs::path cert;
    fs::path key;
};

certificate make_certificate(const std::string& name) {
    certificate c;
    c.dir = fs::temp_directory_path() / unique_name("traffpunkt-tls-");
    fs::create_directories(c.dir);
    c.cert = c.dir / (name + ".crt");
    c.key = c.dir / (name + ".key");
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
        " -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1"
        " -keyout '" +
        c.key.string() + "' -out '" + c.cert.string() + "' >'" + (c.dir / "openssl.log").string() +
        "' 2>&1";
    if (std::system(command.c_str()) != 0) {
        throw std::runtime_error("openssl could not make a certificate: " + command);
    }
    return c;
}

/** A client context that trusts `cert` only and requires a valid chain. */
ssl::context client_context(const fs::path& cert) {
    ssl::context ctx(ssl::context::tls_client);
    ctx.load_verify_file(cert.string());
    ctx.set_verify_mode(ssl::verify_peer);
    return ctx;
}

/** Connects TCP and completes a TLS handshake that checks the name "localhost". */
void connect_tls(tls_stream& stream, unsigned short port) {
    beast::get_lowest_layer(stream).expires_after(10s);
    beast::get_lowest_layer(stream).connect(
        tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    SSL_set_tlsext_host_name(stream.native_handle(), "localhost");
    SSL_set1_host(stream.native_handle(), "localhost");
    stream.handshake(ssl::stream_base::client);
}

class Tls : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        cert_ = new certificate(make_certificate("server"));
        server_ = start_server({{"TRAFFPUNKT_TLS_CERT_FILE", cert_->cert.string()},
                                {"TRAFFPUNKT_TLS_KEY_FILE", cert_->key.string()},
                                {"TRAFFPUNKT_HTTP_READ_TIMEOUT_S", "2"}})
                      .release();
        token_ = new std::string(server_->create_token("coordinator"));
    }
    static void TearDownTestSuite() {
        delete token_;
        delete server_;
        std::error_code ignored;
        fs::remove_all(cert_->dir, ignored);
        delete cert_;
    }

    /** True when a fresh, verified TLS connection gets 200 from /healthz. */
    static bool still_serving_tls() {
        try {
            asio::io_context ioc;
            auto ctx = client_context(cert_->cert);
            tls_stream stream(ioc, ctx);
            connect_tls(stream, server_->port());
            http::request<http::empty_body> req{http::verb::get, "/healthz", 11};
            req.set(http::field::host, "localhost");
            http::write(stream, req);
            beast::flat_buffer buffer;
            http::response<http::string_body> res;
            http::read(stream, buffer, res);
            return res.result_int() == 200;
        } catch (const std::exception& e) {
            ADD_FAILURE() << "TLS request failed: " << e.what();
            return false;
        }
    }

    static certificate* cert_;
    static server_process* server_;
    static std::string* token_;
};

certificate* Tls::cert_ = nullptr;
server_process* Tls::server_ = nullptr;
std::string* Tls::token_ = nullptr;

TEST_F(Tls, https_serves_pages_and_routes_with_the_security_headers) {
    asio::io_context ioc;
    auto ctx = client_context(cert_->cert);
    tls_stream stream(ioc, ctx);
    connect_tls(stream, server_->port());

    // Two requests on one kept-alive TLS connection.
    // (Not "/": the web root is relative to where the server starts, which differs under CTest.)
    for (const char* target : {"/healthz", "/calendar/network/1.ics"}) {
        http::request<http::empty_body> req{http::verb::get, target, 11};
        req.set(http::field::host, "localhost");
        http::write(stream, req);
        beast::flat_buffer buffer;
        http::response<http::string_body> res;
        http::read(stream, buffer, res);
        EXPECT_EQ(res.result_int(), 200) << target;
        EXPECT_FALSE(res["Content-Security-Policy"].empty()) << target;
        if (std::string_view(target) == "/healthz") {
            EXPECT_NE(res.body().find("\"ok\""), std::string::npos) << res.body();
        } else {
            EXPECT_TRUE(res.body().starts_with("BEGIN:VCALENDAR")) << res.body().substr(0, 100);
            EXPECT_EQ(res[http::field::content_length], std::to_string(res.body().size()));
        }
    }
    // A clean TLS close: the server answers our close_notify.
    beast::error_code ec;
    stream.shutdown(ec);
    EXPECT_TRUE(!ec || ec == asio::error::eof || ec == ssl::error::stream_truncated)
        << ec.message();
}

TEST_F(Tls, wss_authenticates_and_answers_ops) {
    asio::io_context ioc;
    auto ctx = client_context(cert_->cert);
    websocket::stream<tls_stream> ws(ioc, ctx);
    connect_tls(ws.next_layer(), server_->port());
    ws.set_option(websocket::stream_base::decorator([](websocket::request_type& req) {
        req.set(http::field::sec_websocket_protocol, "traffpunkt.v1");
        req.set(http::field::authorization, "Bearer " + *token_);
    }));
    websocket::response_type upgrade;
    ws.handshake(upgrade, "localhost", "/ws");
    EXPECT_EQ(upgrade[http::field::sec_websocket_protocol], "traffpunkt.v1");

    ws.write(asio::buffer(request_frame(1, "network.list", {})));
    // The first frame may be an event; read until the answer to id 1.
    for (int frames = 0; frames < 20; ++frames) {
        beast::flat_buffer buffer;
        ws.read(buffer);
        const auto frame = json::parse(beast::buffers_to_string(buffer.data())).as_object();
        if (const auto* re = frame.if_contains("re"); re && re->to_number<int>() == 1) {
            const auto result = result_of(frame);
            EXPECT_TRUE(result.contains("networks")) << json::serialize(frame);
            ws.close(websocket::close_code::normal);
            return;
        }
    }
    ADD_FAILURE() << "no answer to network.list over wss";
}

TEST_F(Tls, a_client_that_does_not_trust_the_certificate_is_refused_by_itself) {
    // The other side of the check: with the system's trust store only, the self-signed
    // certificate must fail verification (if it passed, the tests above would prove nothing).
    asio::io_context ioc;
    ssl::context ctx(ssl::context::tls_client);
    ctx.set_default_verify_paths();
    ctx.set_verify_mode(ssl::verify_peer);
    tls_stream stream(ioc, ctx);
    EXPECT_THROW(connect_tls(stream, server_->port()), boost::system::system_error);
    EXPECT_TRUE(still_serving_tls());
}

TEST_F(Tls, plain_http_and_stalled_handshakes_are_closed_and_the_server_goes_on) {
    asio::io_context ioc;
    // Plain HTTP to the TLS port: no HTTP answer, the connection just ends.
    {
        tcp::socket plain(ioc);
        plain.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
        const std::string request = "GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n";
        asio::write(plain, asio::buffer(request));
        std::string got(4096, '\0');
        beast::error_code ec;
        std::size_t total = 0;
        while (!ec && total < got.size()) {
            total += plain.read_some(asio::buffer(got.data() + total, got.size() - total), ec);
        }
        EXPECT_TRUE(ec) << "the connection should end";
        EXPECT_EQ(got.substr(0, total).find("HTTP/1.1 200"), std::string::npos);
    }
    // A client that connects and never starts the handshake is cut off by the read deadline
    // (2 s in this suite). The bound here is generous: it proves a deadline exists, not its
    // precision.
    {
        tcp::socket silent(ioc);
        silent.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server_->port()));
        const auto started = std::chrono::steady_clock::now();
        char byte = 0;
        beast::error_code ec;
        silent.read_some(asio::buffer(&byte, 1), ec);  // blocks until the server closes
        EXPECT_TRUE(ec);
        EXPECT_LT(std::chrono::steady_clock::now() - started, 30s);
    }
    EXPECT_TRUE(still_serving_tls());
}

TEST_F(Tls, a_short_read_is_a_disconnect_not_a_bad_request) {
    // Half a request head, then TCP closed without TLS close_notify (a dropped phone, a killed
    // process): the server's read ends in stream_truncated. The client has gone away; it is not
    // a malformed request and gets no 400. The client's read side stays open (a half-close), so
    // an answer would be seen here.
    asio::io_context ioc;
    auto ctx = client_context(cert_->cert);
    tls_stream stream(ioc, ctx);
    connect_tls(stream, server_->port());
    asio::write(stream, asio::buffer(std::string("GET /healthz HTTP/1.1\r\nHost: localhost\r\n")));
    beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_send);
    std::string got;
    beast::error_code ec;
    char buffer[4096];
    while (!ec && got.size() < 65536) {
        got.append(buffer, stream.read_some(asio::buffer(buffer), ec));
    }
    EXPECT_EQ(got.find("HTTP/1.1"), std::string::npos) << got.substr(0, 200);
    EXPECT_NE(ec, beast::error::timeout) << "the server did not close the connection";
    EXPECT_TRUE(still_serving_tls());
}

TEST(TlsConfig, a_key_that_does_not_match_the_certificate_stops_the_start_with_the_reason) {
    const auto one = make_certificate("one");
    const auto other = make_certificate("other");
    try {
        auto server = start_server({{"TRAFFPUNKT_TLS_CERT_FILE", one.cert.string()},
                                    {"TRAFFPUNKT_TLS_KEY_FILE", other.key.string()}});
        ADD_FAILURE() << "the server started with a key of another certificate";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("tls.key_file"), std::string::npos) << e.what();
    }
    try {
        auto server = start_server({{"TRAFFPUNKT_TLS_CERT_FILE", one.cert.string()}});
        ADD_FAILURE() << "the server started with a certificate but no key";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("tls.key_file"), std::string::npos) << e.what();
    }
    std::error_code ignored;
    fs::remove_all(one.dir, ignored);
    fs::remove_all(other.dir, ignored);
}

}  // namespace
}  // namespace traffpunkt::integration
