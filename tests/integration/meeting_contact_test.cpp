// What the meeting editor needs of a meeting (issue 18): a contact person (name and e-mail, public
// like the venue) and, for coordinators and the meeting's facilitators, who facilitates it.
#include <ctime>
#include <regex>
#include <set>

#include "coordinator_fixture.hpp"

namespace traffpunkt::integration {
namespace {

class MeetingContact : public coordinator_fixture {};

TEST_F(MeetingContact, MeetingContactAndFacilitators) {
    auto args = open_meeting(1, "hybrid", 10, 10);
    args["contact_name"] = "Lena Berg, SKR";
    args["contact_email"] = " lena.berg@skr.example.se ";
    const auto created = result_of(coordinator->call("meeting.create", args));
    const auto id = int_at(created, "meeting.meeting_id");
    EXPECT_EQ(string_at(created, "meeting.contact_name"), "Lena Berg, SKR");
    EXPECT_EQ(string_at(created, "meeting.contact_email"), "lena.berg@skr.example.se");
    result_of(coordinator->call("meeting.publish", {{"meeting_id", id}}));
    // Public, like the venue.
    const auto seen = result_of(connect_public()->call("meeting.get", {{"meeting_id", id}}));
    EXPECT_EQ(string_at(seen, "meeting.contact_name"), "Lena Berg, SKR");
    EXPECT_FALSE(seen.contains("facilitators"));
    EXPECT_EQ(error_field(coordinator->call("meeting.update",
                                            {{"meeting_id", id}, {"contact_email", "nej"}})),
              "contact_email");
    EXPECT_EQ(error_field(coordinator->call(
                  "meeting.update", {{"meeting_id", id}, {"contact_name", "rad\nbrytning"}})),
              "contact_name");
    const auto cleared = result_of(
        coordinator->call("meeting.update", {{"meeting_id", id}, {"contact_email", nullptr}}));
    EXPECT_EQ(string_at(cleared, "meeting.contact_email"), "");
    EXPECT_EQ(string_at(cleared, "meeting.contact_name"), "Lena Berg, SKR");

    // Facilitators, for the editor: coordinators and the meeting's facilitators see them.
    const auto org = member_organisation(*coordinator);
    const auto f = make_person(*coordinator, org, "Fia Facilitator");
    result_of(coordinator->call("meeting.add_facilitator",
                                {{"meeting_id", id}, {"person_id", f.person_id}}));
    const auto staff = result_of(coordinator->call("meeting.get", {{"meeting_id", id}}));
    ASSERT_EQ(staff.at("facilitators").as_array().size(), 1u);
    const auto& listed = staff.at("facilitators").as_array()[0].as_object();
    EXPECT_EQ(listed.at("name").as_string(), "Fia Facilitator");
    EXPECT_FALSE(listed.contains("email"));
    const auto as_f = result_of(connect_with(f.token)->call("meeting.get", {{"meeting_id", id}}));
    EXPECT_EQ(as_f.at("facilitators").as_array().size(), 1u);
    const auto other = make_person(*coordinator, org);
    EXPECT_FALSE(result_of(connect_with(other.token)->call("meeting.get", {{"meeting_id", id}}))
                     .contains("facilitators"));
}

}  // namespace
}  // namespace traffpunkt::integration
