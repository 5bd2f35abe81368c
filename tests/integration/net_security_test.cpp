// Attacks on the transport from issue 16, each written the way an outsider with a laptop would
// try it, against the real server (PROTOCOL.md "Limits", "Connecting"):
//   16.3  one address opens half-open requests until the server has no descriptors left;
//   16.15 refused upgrades and failed `auth` fill the log, one line each;
//   16.16 `Transfer-Encoding: chunked, identity` is read as a request without a body, and what
//         follows as the next request (request smuggling).
#include "integration_fixture.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <regex>
#include <thread>
#include <vector>

namespace traffpunkt::integration {
namespace {

using clock = std::chrono::steady_clock;
using testing::raw_request;

/** A TCP socket descriptor, closed by the destructor. */
class raw_socket {
  public:
    raw_socket() = default;
    explicit raw_socket(int fd) : fd_(fd) {}
    raw_socket(raw_socket&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    raw_socket& operator=(raw_socket&& other) noexcept {
        std::swap(fd_, other.fd_);
        return *this;
    }
    ~raw_socket() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    int fd() const { return fd_; }
    explicit operator bool() const { return fd_ >= 0; }

  private:
    int fd_ = -1;
};

/** A connection from `source` (one of 127.0.0.x) to 127.0.0.1:`port`; throws when none. */
raw_socket connect_from(const std::string& source, unsigned short port) {
    raw_socket s(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    if (!s) {
        throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    }
    sockaddr_in local{};
    local.sin_family = AF_INET;
    ::inet_pton(AF_INET, source.c_str(), &local.sin_addr);
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(port);
    ::inet_pton(AF_INET, "127.0.0.1", &remote.sin_addr);
    if (::bind(s.fd(), reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0 ||
        ::connect(s.fd(), reinterpret_cast<const sockaddr*>(&remote), sizeof remote) != 0) {
        throw std::runtime_error("connect from " + source + ": " + std::strerror(errno));
    }
    return s;
}

/**
 * Sends `request` from `source` and returns the HTTP status of the answer, or 0 when no
 * status line came within `timeout` (connecting included).
 */
int status_from(const std::string& source, unsigned short port, const std::string& request,
                std::chrono::milliseconds timeout) {
    const auto deadline = clock::now() + timeout;
    auto s = connect_from(source, port);
    if (::send(s.fd(), request.data(), request.size(), MSG_NOSIGNAL) !=
        static_cast<ssize_t>(request.size())) {
        return 0;
    }
    std::string answer;
    while (answer.find("\r\n") == std::string::npos) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
        if (left <= 0) {
            return 0;
        }
        pollfd pfd{s.fd(), POLLIN, 0};
        if (::poll(&pfd, 1, static_cast<int>(left)) <= 0) {
            continue;
        }
        char buf[512];
        const auto got = ::recv(s.fd(), buf, sizeof buf, 0);
        if (got <= 0) {
            break;
        }
        answer.append(buf, static_cast<std::size_t>(got));
    }
    if (!answer.starts_with("HTTP/1.1 ") || answer.size() < 12) {
        return 0;
    }
    return std::stoi(answer.substr(9, 3));
}

/** This process opens hundreds of sockets: its soft descriptor limit goes up to the hard one. */
void raise_own_open_files_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

/** How many lines of `log` contain `needle`. */
std::size_t lines_with(const std::string& log, std::string_view needle) {
    std::size_t n = 0;
    for (auto at = log.find(needle); at != std::string::npos; at = log.find(needle, at + 1)) {
        ++n;
    }
    return n;
}

/** The sum of N over the log's lines "N <what> from <address> in the last 10 s". */
long summed_up(const std::string& log, const std::string& what, const std::string& address) {
    const std::regex line("([0-9]+) " + what + " from " + address + " in the last 10 s");
    long sum = 0;
    for (auto it = std::sregex_iterator(log.begin(), log.end(), line); it != std::sregex_iterator();
         ++it) {
        sum += std::stol((*it)[1]);
    }
    return sum;
}

TEST(SecurityNet, item_3_fd_exhaustion_from_one_address_leaves_others_served) {
    raise_own_open_files_limit();
    // The server may open 256 files and cannot raise that (soft = hard), like a server started
    // with `ulimit -n 256`.
    server_process::options options;
    options.binary = TRAFFPUNKT_BINARY;
    options.demo_data = true;
    options.open_files_limit = 256;
    server_process server(options);

    // The attack: 400 connections from 127.0.0.1, each with half a request head that it never
    // finishes. Every one the server takes holds a descriptor until the 30 s head deadline.
    constexpr int flood = 400;
    std::vector<raw_socket> attackers;
    const std::string half_head = "GET / HTTP/1.1\r\nHost: x\r\n";
    for (int i = 0; i < flood; ++i) {
        attackers.push_back(connect_from("127.0.0.1", server.port()));
        ASSERT_EQ(::send(attackers.back().fd(), half_head.data(), half_head.size(), MSG_NOSIGNAL),
                  static_cast<ssize_t>(half_head.size()));
    }

    // Someone else, from another address of the same machine, is served within a second.
    const std::string healthz = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    EXPECT_EQ(status_from("127.0.0.2", server.port(), healthz, 1s), 200)
        << "a client from another address was not served while one address held half-open "
           "connections";
    // The attacker's further connections are refused with 503, not left in the backlog.
    EXPECT_EQ(status_from("127.0.0.1", server.port(), healthz, 1s), 503);
    // Accepting did not spin: at most one line about failing accepts (the log line is
    // rate-limited and the limits keep accept from running out of descriptors at all).
    EXPECT_LE(lines_with(server.log(), "accept failed"), 1u) << server.log().substr(0, 2000);
    EXPECT_TRUE(server.running());
}

TEST(SecurityNet, item_15_refused_upgrades_and_failed_auth_are_logged_once_per_address) {
    auto server = start_server();
    const auto began = clock::now();
    // The attack: 60 upgrades with a made-up token, 40 with a foreign Origin, and 50 failed
    // `auth` ops on one connection, all from 127.0.0.1 within a few seconds.
    for (int i = 0; i < 60; ++i) {
        try {
            connect_to(*server, bearer("not-a-token-" + std::to_string(i)));
            ADD_FAILURE() << "an upgrade with an unknown token was accepted";
        } catch (const upgrade_refused& refused) {
            EXPECT_EQ(refused.status(), 401);
        }
    }
    for (int i = 0; i < 40; ++i) {
        connect_options foreign;
        foreign.origin = "https://attacker.example";
        try {
            connect_to(*server, foreign);
            ADD_FAILURE() << "an upgrade from a foreign Origin was accepted";
        } catch (const upgrade_refused& refused) {
            EXPECT_EQ(refused.status(), 403);
        }
    }
    auto client = connect_to(*server);
    for (int i = 0; i < 50; ++i) {
        EXPECT_EQ(error_code(client->call("auth", {{"token", "guess-" + std::to_string(i)}})),
                  "unauthorized");
    }
    const auto took = clock::now() - began;

    // One line in full per kind, and once the 10 s window has ended (the server sums up once
    // a second) one line with the count of the window.
    const auto deadline = began + 15s;
    std::string log;
    do {
        std::this_thread::sleep_for(100ms);
        log = server->log();
    } while (clock::now() < deadline &&
             (summed_up(log, "refused upgrades", "127\\.0\\.0\\.1") < 100 ||
              summed_up(log, "failed auth attempts", "127\\.0\\.0\\.1") < 50));
    // A machine so slow that the attack took longer than a window gets one more full line.
    const auto windows = 1 + static_cast<std::size_t>(took / 10s);
    EXPECT_LE(lines_with(log, "upgrade refused from 127.0.0.1"), windows) << log.substr(0, 3000);
    EXPECT_LE(lines_with(log, "auth failed from 127.0.0.1"), windows) << log.substr(0, 3000);
    EXPECT_GE(lines_with(log, "upgrade refused from 127.0.0.1"), 1u);
    EXPECT_EQ(summed_up(log, "refused upgrades", "127\\.0\\.0\\.1"), 100) << log.substr(0, 3000);
    EXPECT_EQ(summed_up(log, "failed auth attempts", "127\\.0\\.0\\.1"), 50) << log.substr(0, 3000);
    EXPECT_TRUE(still_serving(*server));
}

/** The status lines of everything the server sent on one connection. */
std::vector<std::string> status_lines(const std::string& answer) {
    std::vector<std::string> out;
    for (auto at = answer.find("HTTP/1."); at != std::string::npos;
         at = answer.find("HTTP/1.", at + 1)) {
        out.push_back(answer.substr(at, answer.find("\r\n", at) - at));
    }
    return out;
}

TEST(SecurityNet, item_16_transfer_encoding_chunked_identity_is_refused) {
    auto server = start_server();
    // The attack: a body the server would not read as one (no reliable length), followed by a
    // request of its own. Any Transfer-Encoding but `chunked` alone must be 400, and the
    // connection closed, so nothing behind it is read as a request (RFC 9112 §6.3).
    const std::string body = "5\r\nhello\r\n0\r\n\r\n";
    const std::string smuggled = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
    for (const std::string coding :
         {"chunked, identity", "identity", "gzip, chunked", "identity, chunked", "chunked;x=1",
          "chunked\r\nTransfer-Encoding: identity", "chunked, chunked"}) {
        const std::string raw =
            "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: " + coding + "\r\n\r\n" +
            body + smuggled;
        const auto lines = status_lines(raw_request(server->host(), server->port(), raw));
        ASSERT_FALSE(lines.empty()) << coding;
        EXPECT_EQ(lines.front(), "HTTP/1.1 400 Bad Request") << coding;
        EXPECT_EQ(lines.size(), 1u) << coding << ": the connection went on after the 400";
    }
    // HTTP/1.0 has no transfer codings: framing faulty (RFC 9112 §6.1).
    const auto old = status_lines(raw_request(
        server->host(), server->port(),
        "POST /healthz HTTP/1.0\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" + body));
    ASSERT_FALSE(old.empty());
    EXPECT_EQ(old.front(), "HTTP/1.0 400 Bad Request");
    EXPECT_EQ(old.size(), 1u);

    // `chunked` alone is read as it should be: the body is consumed, the next request answered.
    const auto fine = status_lines(
        raw_request(server->host(), server->port(),
                    "POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n" +
                        body + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    ASSERT_EQ(fine.size(), 2u);
    EXPECT_FALSE(fine.front().starts_with("HTTP/1.1 400")) << fine.front();
    EXPECT_EQ(fine.back(), "HTTP/1.1 200 OK");
}

}  // namespace
}  // namespace traffpunkt::integration
