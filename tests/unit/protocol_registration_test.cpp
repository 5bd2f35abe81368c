#include <string>

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include "protocol_test_support.hpp"

#include "traffpunkt/protocol/ops.hpp"
#include "traffpunkt/protocol/views.hpp"

namespace tp = traffpunkt::protocol;
namespace json = boost::json;

namespace {

using traffpunkt::protocol::test_support::expect_invalid;
using traffpunkt::protocol::test_support::obj;

tp::registration_view sample_registration() {
    tp::registration_view v;
    v.registration_id = 12;
    v.meeting_id = 1;
    v.person_id = 5;
    v.organisation_id = 2;
    v.mode = "in_person";
    v.status = "waitlisted";
    v.waitlist_position = 3;
    v.registered_at = "2022-10-02T08:00:00Z";
    v.updated_at = "2022-10-02T08:00:00Z";
    v.dietary_needs = "Vegetarisk";
    v.accessibility_needs = "";
    v.checkin_code = "K7P4QX";
    v.person = tp::person_view{5, "Åsa Öberg", "asa@kalmar.se", 2, "elected"};
    v.organisation = tp::organisation_view{2, "Kalmar kommun", "municipality"};
    return v;
}

}  // namespace

// --- registration.create -------------------------------------------------------------------

TEST(OpsRegistration, create_for_oneself) {
    const auto a = tp::decode_registration_create(obj(R"({"meeting_id":1,"mode":"remote"})"));
    EXPECT_EQ(a.meeting_id, 1);
    EXPECT_EQ(a.mode, "remote");
    EXPECT_EQ(a.dietary_needs, "");
    EXPECT_FALSE(a.person_id);
    EXPECT_FALSE(a.invitation);
    EXPECT_FALSE(a.person);
}

TEST(OpsRegistration, create_on_behalf_and_self_registration) {
    const auto staff = tp::decode_registration_create(
        obj(R"({"meeting_id":1,"mode":"in_person","person_id":9,"dietary_needs":"Vegansk",)"
            R"("accessibility_needs":null})"));
    EXPECT_EQ(staff.person_id, 9);
    EXPECT_EQ(staff.dietary_needs, "Vegansk");
    EXPECT_EQ(staff.accessibility_needs, "");

    const auto self = tp::decode_registration_create(
        obj(R"({"meeting_id":1,"mode":"in_person","invitation":"abc",)"
            R"("person":{"name":"Åsa Öberg","email":"asa@kalmar.se","role":"elected"}})"));
    EXPECT_EQ(self.invitation, "abc");
    ASSERT_TRUE(self.person);
    EXPECT_EQ(self.person->name, "Åsa Öberg");
    EXPECT_EQ(self.person->role, "elected");
}

TEST(OpsRegistration, create_errors) {
    expect_invalid(tp::decode_registration_create, R"({"mode":"remote"})", "meeting_id",
                   "field 'meeting_id' is required");
    expect_invalid(tp::decode_registration_create, R"({"meeting_id":1})", "mode",
                   "field 'mode' is required");
    expect_invalid(tp::decode_registration_create, R"({"meeting_id":1,"mode":"online"})", "mode",
                   "field 'mode' must be one of in_person, remote");
    expect_invalid(tp::decode_registration_create, R"({"meeting_id":1,"mode":"remote","seats":2})",
                   "seats", "unknown field 'seats'");
    expect_invalid(tp::decode_registration_create,
                   R"({"meeting_id":1,"mode":"remote","invitation":"x"})", "person",
                   "field 'person' is required with an invitation");
    expect_invalid(
        tp::decode_registration_create,
        R"({"meeting_id":1,"mode":"remote","person":{"name":"A","email":"a@b.se","role":"official"}})",
        "invitation", "field 'invitation' is required to register a new person");
    expect_invalid(tp::decode_registration_create,
                   R"({"meeting_id":1,"mode":"remote","person_id":3,"invitation":"x",)"
                   R"("person":{"name":"A","email":"a@b.se","role":"official"}})",
                   "invitation",
                   "field 'invitation' cannot be given with person_id (self-registration is for "
                   "new people)");
    expect_invalid(tp::decode_registration_create,
                   R"({"meeting_id":1,"mode":"remote","invitation":"x",)"
                   R"("person":{"name":"A","email":"a@b.se"}})",
                   "person.role", "field 'person.role' is required");
    expect_invalid(tp::decode_registration_create,
                   R"({"meeting_id":1,"mode":"remote","invitation":"x",)"
                   R"("person":{"name":"A","email":"a@b.se","role":"official","phone":"1"}})",
                   "person.phone", "unknown field 'person.phone'");
    expect_invalid(tp::decode_registration_create,
                   R"({"meeting_id":1,"mode":"remote","invitation":")" + std::string(257, 'a') +
                       R"(","person":{"name":"A","email":"a@b.se","role":"official"}})",
                   "invitation", "field 'invitation' must be at most 256 characters");
    expect_invalid(tp::decode_registration_create,
                   R"({"meeting_id":1,"mode":"remote","dietary_needs":5})", "dietary_needs",
                   "field 'dietary_needs' must be a string");
}

// --- get, list, update, cancel, checkin ----------------------------------------------------

TEST(OpsRegistration, get_by_id_or_by_meeting) {
    EXPECT_EQ(tp::decode_registration_get(obj(R"({"registration_id":4})")).registration_id, 4);
    const auto by_meeting = tp::decode_registration_get(obj(R"({"meeting_id":1,"person_id":7})"));
    EXPECT_EQ(by_meeting.meeting_id, 1);
    EXPECT_EQ(by_meeting.person_id, 7);
    expect_invalid(tp::decode_registration_get, "{}", "registration_id",
                   "field 'registration_id' is required (or meeting_id)");
    expect_invalid(tp::decode_registration_get, R"({"registration_id":4,"meeting_id":1})",
                   "meeting_id", "field 'meeting_id' cannot be given with registration_id");
    expect_invalid(tp::decode_registration_get, R"({"registration_id":4,"person_id":1})",
                   "person_id", "field 'person_id' cannot be given with registration_id");
    expect_invalid(tp::decode_registration_get, R"({"registration_id":0})", "registration_id",
                   "field 'registration_id' must be between 1 and 9007199254740991");
}

TEST(OpsRegistration, list) {
    const auto a = tp::decode_registration_list(obj(R"({"meeting_id":1,"status":"cancelled"})"));
    EXPECT_EQ(a.meeting_id, 1);
    EXPECT_EQ(a.status, "cancelled");
    EXPECT_FALSE(tp::decode_registration_list(obj("{}")).meeting_id);
    expect_invalid(tp::decode_registration_list, R"({"status":"active"})", "status",
                   "field 'status' must be one of confirmed, waitlisted, cancelled");
}

TEST(OpsRegistration, update) {
    const auto a = tp::decode_registration_update(
        obj(R"({"registration_id":4,"mode":"remote","dietary_needs":null})"));
    EXPECT_EQ(a.mode.value, "remote");
    EXPECT_TRUE(a.dietary_needs.clears());
    EXPECT_FALSE(a.accessibility_needs.present);
    expect_invalid(tp::decode_registration_update, R"({"registration_id":4})", "mode",
                   "field 'mode' is required (or dietary_needs, accessibility_needs): nothing to "
                   "change");
    expect_invalid(tp::decode_registration_update, R"({"registration_id":4,"mode":null})", "mode",
                   "field 'mode' cannot be null");
    expect_invalid(tp::decode_registration_update, R"({"registration_id":4,"status":"confirmed"})",
                   "status", "unknown field 'status'");
}

TEST(OpsRegistration, cancel) {
    EXPECT_EQ(tp::decode_registration_cancel(obj(R"({"registration_id":4})")).registration_id, 4);
    expect_invalid(tp::decode_registration_cancel, "{}", "registration_id",
                   "field 'registration_id' is required");
}

TEST(OpsRegistration, checkin_by_exactly_one_key) {
    const auto by_code =
        tp::decode_registration_checkin(obj(R"({"meeting_id":1,"checkin_code":"K7P4QX"})"));
    EXPECT_EQ(by_code.checkin_code, "K7P4QX");
    EXPECT_TRUE(by_code.checked_in);
    const auto undo = tp::decode_registration_checkin(
        obj(R"({"meeting_id":1,"person_id":5,"checked_in":false})"));
    EXPECT_EQ(undo.person_id, 5);
    EXPECT_FALSE(undo.checked_in);
    expect_invalid(tp::decode_registration_checkin, R"({"meeting_id":1})", "checkin_code",
                   "field 'checkin_code' is required (or person_id, registration_id)");
    expect_invalid(tp::decode_registration_checkin,
                   R"({"meeting_id":1,"person_id":5,"checkin_code":"X"})", "checkin_code",
                   "field 'checkin_code' cannot be given with another of registration_id, "
                   "person_id, checkin_code");
    expect_invalid(tp::decode_registration_checkin, R"({"checkin_code":"X"})", "meeting_id",
                   "field 'meeting_id' is required");
    expect_invalid(tp::decode_registration_checkin,
                   R"({"meeting_id":1,"person_id":5,"checked_in":"yes"})", "checked_in",
                   "field 'checked_in' must be a boolean");
}

TEST(OpsRegistration, stats_and_invitations) {
    EXPECT_EQ(tp::decode_meeting_stats(obj(R"({"meeting_id":3})")).meeting_id, 3);
    EXPECT_EQ(tp::decode_network_stats(obj(R"({"network_id":2})")).network_id, 2);
    EXPECT_EQ(tp::decode_org_invitation(obj(R"({"organisation_id":8})")).organisation_id, 8);
    expect_invalid(tp::decode_network_stats, R"({"network_id":"2"})", "network_id",
                   "field 'network_id' must be an integer");
    expect_invalid(tp::decode_org_invitation, R"({"organisation_id":8,"code":"x"})", "code",
                   "unknown field 'code'");
}

TEST(OpsRegistration, meeting_quota_field) {
    const auto a = tp::decode_meeting_create(
        obj(R"({"network_id":1,"title":"t","starts_at":"s","ends_at":"e","format":"in_person",)"
            R"("in_person_quota_per_org":3})"));
    EXPECT_EQ(a.in_person_quota_per_org, 3);
    expect_invalid(tp::decode_meeting_create,
                   R"({"network_id":1,"title":"t","starts_at":"s","ends_at":"e",)"
                   R"("format":"in_person","in_person_quota_per_org":0})",
                   "in_person_quota_per_org",
                   "field 'in_person_quota_per_org' must be between 1 and 100000");
    const auto u =
        tp::decode_meeting_update(obj(R"({"meeting_id":1,"in_person_quota_per_org":null})"));
    EXPECT_TRUE(u.in_person_quota_per_org.clears());
}

// --- views ---------------------------------------------------------------------------------

TEST(RegistrationView, writes_documented_member_order) {
    EXPECT_EQ(
        json::serialize(tp::to_json(sample_registration())),
        R"({"registration_id":12,"meeting_id":1,"person_id":5,"organisation_id":2,)"
        R"("mode":"in_person","status":"waitlisted","waitlist_position":3,)"
        R"("registered_at":"2022-10-02T08:00:00Z","updated_at":"2022-10-02T08:00:00Z",)"
        R"("checked_in_at":null,"dietary_needs":"Vegetarisk","accessibility_needs":"",)"
        R"("checkin_code":"K7P4QX","person":{"person_id":5,"name":"Åsa Öberg",)"
        R"("email":"asa@kalmar.se","organisation_id":2,"role":"elected"},)"
        R"("organisation":{"organisation_id":2,"name":"Kalmar kommun","kind":"municipality"}})");
}

TEST(RegistrationView, omits_personal_members_when_absent_and_round_trips) {
    auto v = sample_registration();
    EXPECT_EQ(tp::registration_view_from_json(tp::to_json(v)), v);
    v.dietary_needs.reset();
    v.accessibility_needs.reset();
    v.checkin_code.reset();
    v.person.reset();
    v.organisation.reset();
    v.status = "confirmed";
    v.waitlist_position.reset();
    v.checked_in_at = "2022-11-25T08:40:00Z";
    const auto o = tp::to_json(v);
    for (const auto* key :
         {"dietary_needs", "accessibility_needs", "checkin_code", "person", "organisation"}) {
        EXPECT_FALSE(o.contains(key)) << key;
    }
    EXPECT_TRUE(o.at("waitlist_position").is_null());
    EXPECT_EQ(tp::registration_view_from_json(o), v);
}

TEST(RegistrationView, reads_strictly) {
    auto o = tp::to_json(sample_registration());
    o["mode"] = "online";
    try {
        tp::registration_view_from_json(o);
        ADD_FAILURE() << "accepted mode online";
    } catch (const tp::protocol_error& e) {
        EXPECT_EQ(e.err().details.at("field").as_string(), "mode");
    }
    o = tp::to_json(sample_registration());
    o["person"].as_object()["token"] = "t";
    try {
        tp::registration_view_from_json(o);
        ADD_FAILURE() << "accepted a token in person";
    } catch (const tp::protocol_error& e) {
        EXPECT_EQ(e.err().details.at("field").as_string(), "person.token");
    }
}

TEST(CountsView, writes_and_reads) {
    tp::counts_view v;
    v.meeting_id = 4;
    v.in_person = {true, 100, 100, 400, 12};
    v.remote = {false, 0, 0, 0, 0};
    const auto o = tp::to_json(v);
    EXPECT_EQ(json::serialize(o),
              R"({"meeting_id":4,"in_person":{"offered":true,"capacity":100,"confirmed":100,)"
              R"("waitlisted":400,"checked_in":12},"remote":{"offered":false,"capacity":0,)"
              R"("confirmed":0,"waitlisted":0,"checked_in":0}})");
    EXPECT_EQ(tp::counts_view_from_json(o), v);
    v.in_person.capacity.reset();
    EXPECT_TRUE(tp::to_json(v).at("in_person").at("capacity").is_null());
    EXPECT_EQ(tp::counts_view_from_json(tp::to_json(v)), v);
}

TEST(StatisticsView, flattens_figures_after_the_organisation) {
    tp::organisation_statistics_view v;
    v.organisation = {2, "Kalmar kommun", "municipality"};
    v.figures = {5, 4, 1, 3, 4, 1, 3, 2};
    const auto o = tp::to_json(v);
    EXPECT_EQ(json::serialize(o),
              R"({"organisation":{"organisation_id":2,"name":"Kalmar kommun",)"
              R"("kind":"municipality"},"registered":5,"confirmed":4,"waitlisted":1,)"
              R"("attended":3,"in_person":4,"remote":1,"officials":3,"elected":2})");
    EXPECT_EQ(tp::organisation_statistics_view_from_json(o), v);
    EXPECT_EQ(tp::attendance_figures_view_from_json(tp::to_json(v.figures)), v.figures);
    auto bad = o;
    bad["attended"] = -1;
    EXPECT_THROW(tp::organisation_statistics_view_from_json(bad), tp::protocol_error);
}

TEST(InvitationView, round_trips) {
    const tp::invitation_view v{2, "2022-09-01T08:00:00Z"};
    EXPECT_EQ(json::serialize(tp::to_json(v)),
              R"({"organisation_id":2,"created_at":"2022-09-01T08:00:00Z"})");
    EXPECT_EQ(tp::invitation_view_from_json(tp::to_json(v)), v);
}
