// Self-test of the integration-test support library against a throwaway echo server and a
// shell script standing in for the server binary, so it runs without the real server.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <thread>

#include "http_client.hpp"
#include "server_process.hpp"
#include "ws_client.hpp"

namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = net::ip::tcp;
using namespace std::chrono_literals;
using traffpunkt::testing::connect_options;
using traffpunkt::testing::server_process;
using traffpunkt::testing::upgrade_refused;
using traffpunkt::testing::ws_client;

/**
 * Serves exactly one connection on a background thread: plain HTTP is echoed back, "/refuse"
 * is refused with 401, a WebSocket answers requests (with an event before each answer),
 * ignores op "silent", closes with 4000 on "close-me" and echoes anything else.
 */
class echo_server {
  public:
    echo_server() : acceptor_(ioc_, {net::ip::make_address("127.0.0.1"), 0}) {
        thread_ = std::thread([this] { serve(); });
    }
    ~echo_server() { thread_.join(); }
    unsigned short port() const { return acceptor_.local_endpoint().port(); }

  private:
    void serve() try {
        tcp::socket socket = acceptor_.accept();
        socket.set_option(tcp::no_delay(true));
        beast::flat_buffer buffer;
        http::request<http::string_body> request;
        http::read(socket, buffer, request);
        if (!websocket::is_upgrade(request)) {
            http::response<http::string_body> response{http::status::ok, 11};
            response.set("X-Echo", "1");
            response.body() = std::string(request.method_string()) + " " +
                              std::string(request.target()) + " " + request.body();
            response.prepare_payload();
            http::write(socket, response);
            return;
        }
        if (request.target() == "/refuse") {
            http::response<http::string_body> response{http::status::unauthorized, 11};
            response.body() = "no token";
            response.prepare_payload();
            http::write(socket, response);
            return;
        }
        websocket::stream<tcp::socket> ws(std::move(socket));
        const std::string wanted(request[http::field::sec_websocket_protocol]);
        ws.set_option(websocket::stream_base::decorator([wanted](websocket::response_type& res) {
            if (!wanted.empty()) {
                res.set(http::field::sec_websocket_protocol, wanted);
            }
        }));
        ws.accept(request);
        for (;;) {
            beast::flat_buffer frame;
            ws.read(frame);
            const std::string text = beast::buffers_to_string(frame.data());
            if (text == "close-me") {
                websocket::close_reason reason;
                reason.code = 4000;
                reason.reason = "bye";
                ws.close(reason);
                for (;;) {
                    ws.read(frame);  // until the client's close frame ends the read
                }
            }
            boost::system::error_code ec;
            const json::value value = json::parse(text, ec);
            if (!ec && value.is_object() && value.as_object().contains("op")) {
                const auto& request_object = value.as_object();
                if (request_object.at("op") == "silent") {
                    continue;
                }
                ws.text(true);
                ws.write(net::buffer(std::string(R"({"ev":"tick","topic":"t","seq":1})")));
                json::object answer{{"re", request_object.at("id")},
                                    {"result", {{"op", request_object.at("op")}}}};
                ws.write(net::buffer(json::serialize(answer)));
                continue;
            }
            ws.text(ws.got_text());
            ws.write(frame.data());
        }
    } catch (const std::exception&) {
        // The client went away: the server's work is done.
    }

    net::io_context ioc_;
    tcp::acceptor acceptor_;
    std::thread thread_;
};

TEST(WsClient, callReturnsAnswerAndQueuesEvents) {
    echo_server server;
    auto client = ws_client::connect("127.0.0.1", server.port());
    EXPECT_EQ(client->negotiated_subprotocol(), "traffpunkt.v1");
    const auto answer = client->call("meeting.get", {{"meeting_id", 1}});
    EXPECT_EQ(answer.at("re"), 1);
    EXPECT_EQ(answer.at("result").at("op"), "meeting.get");
    const auto event = client->next_event(1s);
    ASSERT_TRUE(event);
    EXPECT_EQ(event->at("ev"), "tick");
    EXPECT_EQ(client->call("x").at("re"), 2);
}

TEST(WsClient, callThrowsWhenNoAnswerComes) {
    echo_server server;
    auto client = ws_client::connect("127.0.0.1", server.port());
    EXPECT_THROW(client->call("silent", {}, {}, 200ms), std::runtime_error);
    EXPECT_TRUE(client->is_open());
}

TEST(WsClient, readRawTimesOutAndThenStillReads) {
    echo_server server;
    auto client = ws_client::connect("127.0.0.1", server.port());
    EXPECT_FALSE(client->read_raw(100ms));
    client->send_text("hello");
    EXPECT_EQ(client->read_raw(1s), "hello");
    client->send_binary(std::string("\0\1", 2));
    EXPECT_EQ(client->read_raw(1s), std::string("\0\1", 2));
}

TEST(WsClient, nextEventThrowsOnNonObjectFrame) {
    echo_server server;
    auto client = ws_client::connect("127.0.0.1", server.port());
    client->send_text("[1,2]");
    EXPECT_THROW(client->next_event(1s), std::runtime_error);
}

TEST(WsClient, waitClosedReportsServerCloseCodeAndReason) {
    echo_server server;
    auto client = ws_client::connect("127.0.0.1", server.port());
    client->send_text("close-me");
    const auto closed = client->wait_closed(2s);
    ASSERT_TRUE(closed);
    EXPECT_EQ(closed->code, 4000);
    EXPECT_EQ(closed->reason, "bye");
    EXPECT_FALSE(client->is_open());
    EXPECT_THROW(client->send_text("late"), std::runtime_error);
}

TEST(WsClient, waitClosedReturnsNulloptWhileOpen) {
    echo_server server;
    auto client = ws_client::connect("127.0.0.1", server.port());
    EXPECT_FALSE(client->wait_closed(100ms));
    client->close();
    EXPECT_FALSE(client->is_open());
}

TEST(WsClient, refusedUpgradeCarriesStatus) {
    echo_server server;
    connect_options options;
    options.target = "/refuse";
    try {
        ws_client::connect("127.0.0.1", server.port(), options);
        FAIL() << "connect succeeded";
    } catch (const upgrade_refused& e) {
        EXPECT_EQ(e.status(), 401);
        EXPECT_EQ(e.body(), "no token");
    }
}

TEST(WsClient, noSubprotocolWhenNoneRequested) {
    echo_server server;
    connect_options options;
    options.subprotocol.clear();
    auto client = ws_client::connect("127.0.0.1", server.port(), options);
    EXPECT_EQ(client->negotiated_subprotocol(), "");
}

TEST(WsClient, connectToClosedPortThrows) {
    unsigned short port = 0;
    {
        net::io_context ioc;
        tcp::acceptor acceptor(ioc, {net::ip::make_address("127.0.0.1"), 0});
        port = acceptor.local_endpoint().port();
    }
    EXPECT_THROW(ws_client::connect("127.0.0.1", port), std::runtime_error);
}

TEST(HttpClient, requestReturnsStatusHeadersAndBody) {
    echo_server server;
    const auto result = traffpunkt::testing::http_request("127.0.0.1", server.port(), "POST",
                                                          "/x?y=1", {}, "payload");
    EXPECT_EQ(result.status, 200);
    EXPECT_EQ(result.headers.at("x-echo"), "1");
    EXPECT_EQ(result.body, "POST /x?y=1 payload");
}

TEST(HttpClient, rawRequestReturnsWhatTheServerSent) {
    echo_server server;
    const std::string reply = traffpunkt::testing::raw_request(
        "127.0.0.1", server.port(), "GET /raw HTTP/1.1\r\nHost: a\r\n\r\n");
    EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
    EXPECT_NE(reply.find("GET /raw"), std::string::npos);
}

/** Writes a shell script that behaves like the server binary as far as server_process cares. */
class fake_server_binary {
  public:
    fake_server_binary() {
        path_ = std::filesystem::temp_directory_path() /
                ("fake-traffpunkt-" + std::to_string(::getpid()) + ".sh");
        std::ofstream(path_) << R"(#!/bin/sh
mode=server
while [ $# -gt 0 ]; do
    case "$1" in
        --ready-file) ready=$2; shift ;;
        --role) role=$2; shift ;;
        --person) person=$2; shift ;;
        token) mode=token ;;
        --fail-start) echo "boom: $FAKE_REASON" >&2; exit 7 ;;
    esac
    shift
done
if [ $mode = token ]; then echo " secret-$role$person "; exit 0; fi
echo "fake server starting"
trap 'echo stopping; exit 0' TERM
printf '127.0.0.1:4321\n' > "$ready.tmp" && mv "$ready.tmp" "$ready"
while :; do sleep 0.05; done
)";
        ::chmod(path_.c_str(), 0755);
    }
    ~fake_server_binary() { std::filesystem::remove(path_); }
    std::string path() const { return path_.string(); }

  private:
    std::filesystem::path path_;
};

TEST(ServerProcess, startsReadsPortAndStopsCleanly) {
    fake_server_binary binary;
    std::string dir;
    {
        server_process server({binary.path(), {}, {}, false});
        dir = server.data_dir();
        EXPECT_EQ(server.port(), 4321);
        EXPECT_TRUE(server.running());
        EXPECT_EQ(server.create_token("coordinator"), "secret-coordinator");
        EXPECT_EQ(server.create_token("participant", 7), "secret-participant7");
        EXPECT_EQ(server.stop(), 0);
        EXPECT_FALSE(server.running());
        EXPECT_NE(server.log().find("stopping"), std::string::npos) << server.log();
        server.restart();
        EXPECT_TRUE(server.running());
        server.kill9();
        EXPECT_EQ(server.stop(), 128 + SIGKILL);
    }
    EXPECT_FALSE(std::filesystem::exists(dir));
}

TEST(ServerProcess, earlyExitThrowsWithLog) {
    fake_server_binary binary;
    try {
        server_process server(
            {binary.path(), {"--fail-start"}, {{"FAKE_REASON", "env-ok"}}, false});
        FAIL() << "start succeeded";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("boom: env-ok"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("status 7"), std::string::npos) << e.what();
    }
}

TEST(ServerProcess, missingBinaryThrows) {
    EXPECT_THROW(server_process({"/nonexistent/traffpunkt", {}, {}, false, {}}),
                 std::runtime_error);
}

}  // namespace
