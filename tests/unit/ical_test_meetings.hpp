#pragma once

// Meetings the iCalendar tests render, shared by the golden-file and the rule tests.

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/ical/calendar_feed.hpp"

namespace traffpunkt::ical::test_data {

inline domain::instant at(const char* text) {
    const auto t = domain::parse_instant(text);
    EXPECT_TRUE(t) << text;
    return t.value_or(domain::instant{});
}

inline calendar_options network_options() {
    calendar_options o;
    o.uid_host = "traffpunkt.example.se";
    o.public_base_url = "https://traffpunkt.example.se/";
    o.calendar_name = "SKR:s nätverk för medborgarbudget";
    return o;
}

/** The first meeting of SKR's network: 25 November 2022, 10:00-16:00 in Stockholm. */
inline domain::meeting kickoff() {
    domain::meeting m;
    m.meeting_id = 1;
    m.network_id = 1;
    m.title = "Första nätverksträffen: medborgarbudget";
    m.description =
        "Uppstart av nätverket: SKR:s modell för medborgarbudget, erfarenheter från deltagande "
        "kommuner och regioner, och forskaren Giovanni Allegretti (Universitet i Coimbra) om "
        "medborgarbudget i världen.\nProgram; fika, lunch och nätverkande.";
    m.starts_at = at("2022-11-25T10:00:00+01:00");
    m.ends_at = at("2022-11-25T16:00:00+01:00");
    m.format = domain::meeting_format::hybrid;
    m.venue = "Sveriges Kommuner och Regioner";
    m.address = "Hornsgatan 20, 118 82 Stockholm";
    m.online_url = "https://meet.example.se/medborgarbudget-kickoff";
    m.capacity_in_person = 60;
    m.capacity_remote = 100;
    m.cost_note = "Deltagarna står för sina egna kostnader vid fysiska träffar.";
    m.status = domain::meeting_status::published;
    m.created_at = at("2022-09-30T08:00:00Z");
    m.updated_at = at("2022-10-03T12:30:00Z");
    return m;
}

/** Sunday 26 March 2023, the day Sweden moves to summer time (02:00 -> 03:00). */
inline domain::meeting dst_sunday() {
    domain::meeting m = kickoff();
    m.meeting_id = 2;
    m.title = "Söndagsträff: medborgardialog i praktiken";
    m.description = "Workshop på sommartidens första dag.";
    m.starts_at = at("2023-03-26T09:00:00+02:00");
    m.ends_at = at("2023-03-26T12:00:00+02:00");
    m.format = domain::meeting_format::in_person;
    m.venue = "Kalmar stadsbibliotek";
    m.address = "Tullslätten 4, 392 33 Kalmar";
    m.online_url.clear();
    m.cost_note.clear();
    m.created_at = at("2023-01-10T09:00:00Z");
    m.updated_at = at("2023-01-10T09:00:00Z");
    return m;
}

/** A digital meeting that was cancelled (SEQUENCE grew with the cancellation). */
inline domain::meeting cancelled() {
    domain::meeting m = kickoff();
    m.meeting_id = 3;
    m.title = "Digital avstämning: prioritering av förslag";
    m.description = "Inställd på grund av sjukdom. Ny tid meddelas.";
    m.starts_at = at("2023-02-07T13:00:00+01:00");
    m.ends_at = at("2023-02-07T14:30:00+01:00");
    m.format = domain::meeting_format::digital;
    m.venue.clear();
    m.address.clear();
    m.online_url = "https://meet.example.se/avstamning";
    m.cost_note.clear();
    m.status = domain::meeting_status::cancelled;
    m.sequence = 1;
    m.created_at = at("2022-12-01T10:00:00Z");
    m.updated_at = at("2023-02-01T07:45:00Z");
    return m;
}

/** A two-day conference in Örebro. */
inline domain::meeting multi_day() {
    domain::meeting m = kickoff();
    m.meeting_id = 4;
    m.title = "Nätverkskonferens: två dagar om medborgarbudget";
    m.description = "Dag 1: erfarenheter.\nDag 2: uppföljning och nästa steg.";
    m.starts_at = at("2023-05-10T09:30:00+02:00");
    m.ends_at = at("2023-05-11T15:00:00+02:00");
    m.format = domain::meeting_format::in_person;
    m.venue = "Örebro slott";
    m.address = "Kansligatan 1, 702 10 Örebro";
    m.online_url.clear();
    m.cost_note = "Resa och logi betalas av varje organisation.";
    m.sequence = 2;
    m.created_at = at("2023-01-15T10:00:00Z");
    m.updated_at = at("2023-03-02T14:00:00Z");
    return m;
}

/** The golden file `name` next to this header. */
inline std::filesystem::path golden_path(const std::string& name) {
    // From CMake, absolute: __FILE__ may be relative (ccache's base_dir, out-of-tree builds).
    return std::filesystem::path(TRAFFPUNKT_UNIT_SOURCE_DIR) / "golden" / name;
}

/**
 * Compares `actual` with the golden file byte for byte. With TRAFFPUNKT_UPDATE_GOLDEN=1 in the
 * environment the file is (re)written instead, to be reviewed in the diff.
 */
inline void expect_golden(const std::string& name, const std::string& actual) {
    const auto path = golden_path(name);
    if (const char* update = std::getenv("TRAFFPUNKT_UPDATE_GOLDEN"); update && *update == '1') {
        std::ofstream(path, std::ios::binary) << actual;
        return;
    }
    std::ifstream in(path, std::ios::binary);
    ASSERT_TRUE(in) << "missing golden file " << path;
    std::ostringstream expected;
    expected << in.rdbuf();
    EXPECT_EQ(actual, expected.str()) << "differs from " << path;
}

}  // namespace traffpunkt::ical::test_data
