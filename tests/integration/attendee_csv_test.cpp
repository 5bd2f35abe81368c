// The attendee list as the coordinator opens it in Excel (issue 18): Swedish headers and values
// by default, English with ?lang=en, the file named after the meeting's local date and title.
#include <ctime>
#include <regex>
#include <set>

#include "coordinator_fixture.hpp"

namespace traffpunkt::integration {
namespace {

class AttendeeCsv : public coordinator_fixture {};

TEST_F(AttendeeCsv, SwedishByDefaultEnglishOnRequestNamedAfterTheMeeting) {
    auto args = open_meeting(1, "hybrid", {}, {});
    args["title"] = "Träff: vår/höst";
    args["starts_at"] = "2030-03-12T00:30:00+01:00";  // 23:30 UTC the day before
    const auto id = create_published(*coordinator, args);
    const auto org = member_organisation(*coordinator);
    const auto p = make_person(*coordinator, org, "Åsa Öberg", "elected");
    result_of(
        coordinator->call("registration.create",
                          {{"meeting_id", id}, {"mode", "in_person"}, {"person_id", p.person_id}}));
    const auto path = "/meetings/" + std::to_string(id) + "/attendees.csv";
    const auto sv = get(path, coordinator_token());
    ASSERT_EQ(sv.status, 200);
    EXPECT_EQ(
        sv.headers.at("content-disposition"),
        "attachment; filename=\"2030-03-12 Tr_ff v_r h_st - deltagare.csv\"; "
        "filename*=UTF-8''2030-03-12%20Tr%C3%A4ff%20v%C3%A5r%20h%C3%B6st%20-%20deltagare.csv");
    EXPECT_TRUE(
        sv.body.starts_with("\xEF\xBB\xBFNamn;Organisation;Roll;Deltagande;Status;"
                            "Plats i kön;E-post;Specialkost;Tillgänglighet;Incheckad\r\n"))
        << sv.body;
    EXPECT_NE(sv.body.find("Åsa Öberg;"), std::string::npos);
    EXPECT_NE(sv.body.find(";förtroendevald;på plats;bekräftad;;"), std::string::npos);
    const auto en = get(path + "?lang=en&sep=comma", coordinator_token());
    ASSERT_EQ(en.status, 200);
    EXPECT_TRUE(en.headers.at("content-disposition").ends_with("%20-%20attendees.csv"));
    EXPECT_TRUE(en.body.starts_with("\xEF\xBB\xBFName,Organisation,Role,Attendance,Status,"));
    EXPECT_NE(en.body.find(",elected,in person,confirmed,,"), std::string::npos);
    EXPECT_EQ(get(path + "?lang=de", coordinator_token()).status, 400);
    EXPECT_EQ(get(path + "?lang=sv", coordinator_token()).body, sv.body);
}

}  // namespace
}  // namespace traffpunkt::integration
