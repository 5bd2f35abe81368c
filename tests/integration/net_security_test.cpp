// Attacks on the transport from issue 16, each written the way an outsider with a laptop would
// try it, against the real server (PROTOCOL.md "Limits", "Connecting"):
//   16.15 refused upgrades and failed `auth` fill the log, one line each.
#include "integration_fixture.hpp"

#include <regex>
#include <thread>

namespace traffpunkt::integration {
namespace {

using clock = std::chrono::steady_clock;

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

TEST(Security, RefusedUpgradesAndFailedAuthAreLoggedOncePerAddress) {
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

}  // namespace
}  // namespace traffpunkt::integration
