#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "registrations/attendee_csv.hpp"

namespace traffpunkt::service {
namespace {

const std::string bom = "\xEF\xBB\xBF";

store::attendee make(domain::id id, std::string name, domain::attendance_mode mode,
                     domain::registration_status status, std::int64_t arrival,
                     domain::person_role role = domain::person_role::official) {
    store::attendee a;
    a.registration.registration_id = id;
    a.registration.meeting_id = 1;
    a.registration.person_id = id;
    a.registration.mode = mode;
    a.registration.status = status;
    a.registration.arrival = arrival;
    a.registration.organisation_id = 1;
    a.person = {id, std::move(name), "p" + std::to_string(id) + "@example.se", 1, role};
    a.organisation = {1, "Kalmar kommun", domain::org_kind::municipality};
    return a;
}

std::vector<store::attendee> three() {
    using domain::attendance_mode;
    using domain::registration_status;
    return {make(1, "Åsa Öberg", attendance_mode::in_person, registration_status::confirmed, 1,
                 domain::person_role::elected),
            make(2, "Bo Berg", attendance_mode::in_person, registration_status::waitlisted, 2),
            make(3, "Cia", attendance_mode::remote, registration_status::confirmed, 3)};
}

TEST(AttendeeCsv, SwedishHeadersAndValues) {
    const auto csv = attendees_csv(three(), ';', csv_language::swedish);
    EXPECT_EQ(csv,
              bom +
                  "Namn;Organisation;Roll;Deltagande;Status;Plats i kön;E-post;Specialkost;"
                  "Tillgänglighet;Incheckad\r\n"
                  "Åsa Öberg;Kalmar kommun;förtroendevald;på plats;bekräftad;;p1@example.se;;;\r\n"
                  "Cia;Kalmar kommun;tjänsteperson;digitalt;bekräftad;;p3@example.se;;;\r\n"
                  "Bo Berg;Kalmar kommun;tjänsteperson;på plats;väntelista;1;p2@example.se;;;\r\n");
}

TEST(AttendeeCsv, EnglishOnRequest) {
    const auto csv = attendees_csv(three(), ',', csv_language::english);
    EXPECT_TRUE(csv.starts_with(bom +
                                "Name,Organisation,Role,Attendance,Status,Waitlist position,"
                                "E-mail,Dietary requirements,Accessibility needs,Checked in\r\n"
                                "Åsa Öberg,Kalmar kommun,elected,in person,confirmed,,"))
        << csv;
    EXPECT_NE(csv.find("Bo Berg,Kalmar kommun,official,in person,waitlisted,1,"),
              std::string::npos);
    EXPECT_NE(csv.find("Cia,Kalmar kommun,official,online,confirmed,,"), std::string::npos);
}

TEST(AttendeeCsv, CancelledRegistrationsAreLeftOut) {
    auto all = three();
    all[2].registration.status = domain::registration_status::cancelled;
    const auto csv = attendees_csv(all, ';', csv_language::swedish);
    EXPECT_EQ(csv.find("Cia"), std::string::npos);
}

TEST(AttendeeCsv, FileNameFromLocalDateAndTitle) {
    domain::meeting m;
    m.title = "Första nätverksträffen: medborgarbudget";
    m.zone = "Europe/Stockholm";
    // 23:30 UTC on the 24th is 00:30 on the 25th in Stockholm: the local date counts.
    m.starts_at = *domain::parse_instant("2022-11-24T23:30:00Z");
    EXPECT_EQ(attendees_filename(m, csv_language::swedish),
              "2022-11-25 Första nätverksträffen medborgarbudget - deltagare.csv");
    EXPECT_EQ(attendees_filename(m, csv_language::english),
              "2022-11-25 Första nätverksträffen medborgarbudget - attendees.csv");
    m.title = "a/b\\c  \"d\" <e>|f?*";
    EXPECT_EQ(attendees_filename(m, csv_language::swedish),
              "2022-11-25 a b c d e f - deltagare.csv");
    m.title = std::string(150, 'x');
    EXPECT_EQ(attendees_filename(m, csv_language::swedish),
              "2022-11-25 " + std::string(100, 'x') + " - deltagare.csv");
}

}  // namespace
}  // namespace traffpunkt::service
