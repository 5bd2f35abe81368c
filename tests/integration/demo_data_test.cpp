// Demo data a newcomer can use (issue 18): besides the historic 2022 meetings, a hybrid meeting in
// three weeks with a programme and a digital one in two months, open for registration, inside
// the network's period.
#include <ctime>
#include <regex>
#include <set>

#include "coordinator_fixture.hpp"

namespace traffpunkt::integration {
namespace {

class DemoData : public coordinator_fixture {};

TEST_F(DemoData, HasMeetingsToRegisterFor) {
    auto pub = connect_public();
    const auto network = result_of(pub->call("network.get", {{"network_id", 1}}));
    const auto stamp = [](std::chrono::system_clock::time_point t) {
        const std::time_t secs = std::chrono::system_clock::to_time_t(t);
        std::tm tm{};
        gmtime_r(&secs, &tm);
        char buffer[32];
        std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
        return std::string(buffer);
    };
    const auto now = std::chrono::system_clock::now();
    // The demo inserts the historic kickoff (1) and spring meeting (2), then two to come: a
    // hybrid one in three weeks (3) and a digital one in two months (4), both open now.
    const auto hybrid = result_of(pub->call("meeting.get", {{"meeting_id", 3}}));
    const auto digital = result_of(pub->call("meeting.get", {{"meeting_id", 4}}));
    EXPECT_EQ(string_at(hybrid, "meeting.format"), "hybrid");
    EXPECT_EQ(string_at(digital, "meeting.format"), "digital");
    const auto in_days = [&](int d) { return stamp(now + std::chrono::hours(24 * d)); };
    EXPECT_GT(string_at(hybrid, "meeting.starts_at"), in_days(19));
    EXPECT_LT(string_at(hybrid, "meeting.starts_at"), in_days(23));
    EXPECT_GT(string_at(digital, "meeting.starts_at"), in_days(58));
    EXPECT_LT(string_at(digital, "meeting.starts_at"), in_days(64));
    for (const auto* m : {&hybrid, &digital}) {
        EXPECT_EQ(string_at(*m, "meeting.status"), "published");
        EXPECT_LE(string_at(*m, "meeting.registration_opens"), stamp(now));
        EXPECT_GT(string_at(*m, "meeting.registration_closes"), stamp(now));
    }
    // The network's period covers them.
    ASSERT_TRUE(network.at("network").at("extended_until").is_string());
    EXPECT_GT(std::string(network.at("network").at("extended_until").as_string()),
              string_at(digital, "meeting.ends_at").substr(0, 10));
    // The historic kickoff is still there, and the hybrid meeting has a programme.
    EXPECT_EQ(
        string_at(result_of(pub->call("meeting.get", {{"meeting_id", 1}})), "meeting.starts_at"),
        "2022-11-25T09:00:00Z");
    const auto agenda = result_of(pub->call("agenda.get", {{"meeting_id", 3}}));
    EXPECT_GE(agenda.at("agenda").at("items").as_array().size(), 4u);
    EXPECT_TRUE(agenda.at("agenda").at("warnings").as_array().empty());
}

}  // namespace
}  // namespace traffpunkt::integration
