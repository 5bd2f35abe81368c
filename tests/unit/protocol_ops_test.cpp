#include "traffpunkt/protocol/ops.hpp"

#include <fstream>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include "protocol_test_support.hpp"

namespace tp = traffpunkt::protocol;
namespace json = boost::json;

namespace {

using traffpunkt::protocol::test_support::expect_invalid;
using traffpunkt::protocol::test_support::obj;

const std::string id_range = "must be between 1 and 9007199254740991";

// The ops table in PROTOCOL.md is the contract: every row is an op the server knows and
// every op the server knows has a row, so the spec and the code cannot drift apart.
std::set<std::string> documented_ops() {
    std::ifstream in(TRAFFPUNKT_PROTOCOL_MD);
    EXPECT_TRUE(in) << TRAFFPUNKT_PROTOCOL_MD;
    std::set<std::string> found;
    bool in_table = false;
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("| op | who |")) {
            in_table = true;
            continue;
        }
        if (in_table && !line.starts_with("|"))
            break;
        if (in_table && line.starts_with("| `")) {
            const auto close = line.find('`', 3);
            found.emplace(line.substr(3, close - 3));
        }
    }
    return found;
}

/** The W column of the ops table: op → whether it is marked W. */
std::map<std::string, bool> documented_writes() {
    std::ifstream in(TRAFFPUNKT_PROTOCOL_MD);
    std::map<std::string, bool> found;
    bool in_table = false;
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("| op | who | W |")) {
            in_table = true;
            continue;
        }
        if (in_table && !line.starts_with("|")) {
            break;
        }
        if (in_table && line.starts_with("| `")) {
            // | `op` | who | W | args | ...: the third cell.
            std::vector<std::string> cells;
            std::size_t at = 1;
            while (cells.size() < 3) {
                const auto bar = line.find(" |", at);
                cells.push_back(line.substr(at, bar - at));
                at = bar + 2;
            }
            const auto name = cells[0].substr(2, cells[0].find('`', 2) - 2);
            found[name] = cells[2].find('W') != std::string::npos;
        }
    }
    return found;
}

}  // namespace

TEST(Ops, mutating_is_the_specs_w_column) {
    const auto documented = documented_writes();
    ASSERT_EQ(documented.size(), tp::op_specs().size());
    for (const auto& spec : tp::op_specs()) {
        const auto it = documented.find(std::string(spec.name));
        ASSERT_NE(it, documented.end()) << spec.name;
        EXPECT_EQ(spec.mutating, it->second) << spec.name << ": the W column says otherwise";
    }
    EXPECT_TRUE(tp::find_op("qa.vote")->mutating);
    EXPECT_FALSE(tp::find_op("qa.list")->mutating);
    EXPECT_EQ(tp::find_op("no.such"), nullptr);
}

TEST(Ops, lists_every_documented_op_once) {
    const auto expected = documented_ops();
    ASSERT_GT(expected.size(), 30U);
    const auto ops = tp::all_ops();
    EXPECT_EQ(ops.size(), expected.size());
    EXPECT_EQ(std::set<std::string>(ops.begin(), ops.end()), expected);
    for (const auto op : ops) {
        EXPECT_TRUE(tp::is_known_op(op)) << op;
    }
    EXPECT_FALSE(tp::is_known_op(""));
    EXPECT_FALSE(tp::is_known_op("meeting"));
    EXPECT_FALSE(tp::is_known_op("meeting.get "));
    EXPECT_FALSE(tp::is_known_op("Meeting.get"));
}

// --- session -------------------------------------------------------------------------------

TEST(OpsSession, auth) {
    EXPECT_EQ(tp::decode_auth(obj(R"({"token":"abc"})")).token, "abc");
    expect_invalid(tp::decode_auth, "{}", "token", "field 'token' is required");
    expect_invalid(tp::decode_auth, R"({"token":1})", "token", "field 'token' must be a string");
    expect_invalid(tp::decode_auth, R"({"token":"a","user":"b"})", "user", "unknown field 'user'");
}

TEST(OpsSession, subscribe) {
    auto a = tp::decode_subscribe(obj(R"({"topic":"meeting:3"})"));
    EXPECT_EQ(a.topic, "meeting:3");
    EXPECT_FALSE(a.since.has_value());
    EXPECT_FALSE(a.epoch.has_value());
    a = tp::decode_subscribe(obj(R"({"topic":"network:1","since":0,"epoch":"9f2c41d0a7b3e5c8"})"));
    EXPECT_EQ(a.since, 0);
    EXPECT_EQ(a.epoch, "9f2c41d0a7b3e5c8");

    const std::string shape =
        "field 'topic' must be 1 to 64 characters of a-z, 0-9, ':', '.', '_' and '-'";
    expect_invalid(tp::decode_subscribe, "{}", "topic", "field 'topic' is required");
    expect_invalid(tp::decode_subscribe, R"({"topic":3})", "topic",
                   "field 'topic' must be a string");
    expect_invalid(tp::decode_subscribe, R"({"topic":""})", "topic", shape);
    expect_invalid(tp::decode_subscribe, R"({"topic":"Meeting:3"})", "topic", shape);
    expect_invalid(tp::decode_subscribe, R"({"topic":"meeting 3"})", "topic", shape);
    expect_invalid(tp::decode_subscribe, R"({"topic":")" + std::string(65, 'a') + "\"}", "topic",
                   shape);
    expect_invalid(tp::decode_subscribe, R"({"topic":"a","since":-1})", "since",
                   "field 'since' must be between 0 and 9007199254740991");
    expect_invalid(tp::decode_subscribe, R"({"topic":"a","since":"5"})", "since",
                   "field 'since' must be an integer");
    expect_invalid(tp::decode_subscribe, R"({"topic":"a","epoch":5})", "epoch",
                   "field 'epoch' must be a string");
    expect_invalid(tp::decode_subscribe, R"({"topic":"a","epoch":")" + std::string(65, 'e') + "\"}",
                   "epoch", "field 'epoch' must be at most 64 characters");
    expect_invalid(tp::decode_subscribe, R"({"topic":"a","from":1})", "from",
                   "unknown field 'from'");
}

TEST(OpsSession, unsubscribe) {
    EXPECT_EQ(tp::decode_unsubscribe(obj(R"({"topic":"person:9"})")).topic, "person:9");
    expect_invalid(tp::decode_unsubscribe, "{}", "topic", "field 'topic' is required");
    expect_invalid(tp::decode_unsubscribe, R"({"topic":"a","since":1})", "since",
                   "unknown field 'since'");
}

// --- network -------------------------------------------------------------------------------

TEST(OpsNetwork, list_takes_no_args) {
    EXPECT_NO_THROW(tp::decode_network_list(obj("{}")));
    expect_invalid(tp::decode_network_list, R"({"network_id":1})", "network_id",
                   "unknown field 'network_id'");
}

TEST(OpsNetwork, get) {
    EXPECT_EQ(tp::decode_network_get(obj(R"({"network_id":4})")).network_id, 4);
    expect_invalid(tp::decode_network_get, "{}", "network_id", "field 'network_id' is required");
    expect_invalid(tp::decode_network_get, R"({"network_id":0})", "network_id",
                   "field 'network_id' " + id_range);
    expect_invalid(tp::decode_network_get, R"({"network_id":9007199254740992})", "network_id",
                   "field 'network_id' " + id_range);
    expect_invalid(tp::decode_network_get, R"({"network_id":"4"})", "network_id",
                   "field 'network_id' must be an integer");
}

TEST(OpsNetwork, create) {
    const auto a = tp::decode_network_create(
        obj(R"({"name":"Medborgarbudget","starts_on":"2022-11-01","ends_on":"2024-10-31"})"));
    EXPECT_EQ(a.name, "Medborgarbudget");
    EXPECT_EQ(a.description, "");
    EXPECT_EQ(a.starts_on, "2022-11-01");
    EXPECT_EQ(a.ends_on, "2024-10-31");
    EXPECT_FALSE(a.extended_until.has_value());
    const auto b = tp::decode_network_create(
        obj(R"({"name":"n","description":"d","starts_on":"s","ends_on":"e",)"
            R"("extended_until":"2025-10-31"})"));
    EXPECT_EQ(b.description, "d");
    EXPECT_EQ(b.extended_until, "2025-10-31");

    expect_invalid(tp::decode_network_create, R"({"starts_on":"s","ends_on":"e"})", "name",
                   "field 'name' is required");
    expect_invalid(tp::decode_network_create, R"({"name":"n","ends_on":"e"})", "starts_on",
                   "field 'starts_on' is required");
    expect_invalid(tp::decode_network_create, R"({"name":"n","starts_on":"s","ends_on":1})",
                   "ends_on", "field 'ends_on' must be a string");
    expect_invalid(tp::decode_network_create,
                   R"({"name":"n","starts_on":"s","ends_on":"e","network_id":1})", "network_id",
                   "unknown field 'network_id'");
}

TEST(OpsNetwork, update_patches) {
    const auto a = tp::decode_network_update(
        obj(R"({"network_id":1,"name":"x","description":null,"extended_until":null})"));
    EXPECT_EQ(a.network_id, 1);
    EXPECT_EQ(a.name.value, "x");
    EXPECT_TRUE(a.description.clears());
    EXPECT_TRUE(a.extended_until.clears());
    EXPECT_FALSE(a.starts_on.present);
    EXPECT_FALSE(a.ends_on.present);

    expect_invalid(tp::decode_network_update, R"({"name":"x"})", "network_id",
                   "field 'network_id' is required");
    expect_invalid(tp::decode_network_update, R"({"network_id":1,"name":null})", "name",
                   "field 'name' cannot be null");
    expect_invalid(tp::decode_network_update, R"({"network_id":1,"starts_on":null})", "starts_on",
                   "field 'starts_on' cannot be null");
    expect_invalid(tp::decode_network_update, R"({"network_id":1,"ends_on":null})", "ends_on",
                   "field 'ends_on' cannot be null");
    expect_invalid(tp::decode_network_update, R"({"network_id":1,"extended_until":5})",
                   "extended_until", "field 'extended_until' must be a string");
    expect_invalid(tp::decode_network_update, R"({"network_id":1,"members":[]})", "members",
                   "unknown field 'members'");
}

// --- organisations and people --------------------------------------------------------------

TEST(OpsOrg, list) {
    EXPECT_FALSE(tp::decode_org_list(obj("{}")).network_id.has_value());
    EXPECT_EQ(tp::decode_org_list(obj(R"({"network_id":2})")).network_id, 2);
    expect_invalid(tp::decode_org_list, R"({"network_id":0})", "network_id",
                   "field 'network_id' " + id_range);
    expect_invalid(tp::decode_org_list, R"({"network_id":1,"kind":"region"})", "kind",
                   "unknown field 'kind'");
}

TEST(OpsOrg, admit_existing_organisation) {
    const auto a = tp::decode_org_admit(
        obj(R"({"network_id":1,"organisation_id":7,"decision":{"deciding_body":"Kommunstyrelsen",)"
            R"("diary_number":"KS 2022/104","decided_on":"2022-10-03"}})"));
    EXPECT_EQ(a.network_id, 1);
    EXPECT_EQ(a.organisation_id, 7);
    EXPECT_FALSE(a.organisation.has_value());
    EXPECT_EQ(a.decision.deciding_body, "Kommunstyrelsen");
    EXPECT_EQ(a.decision.diary_number, "KS 2022/104");
    EXPECT_EQ(a.decision.decided_on, "2022-10-03");
}

TEST(OpsOrg, admit_new_organisation) {
    const auto a = tp::decode_org_admit(
        obj(R"({"network_id":1,"organisation":{"name":"Södermöre","kind":"other"},)"
            R"("decision":{"deciding_body":"b","diary_number":"d","decided_on":"2022-10-03"}})"));
    EXPECT_FALSE(a.organisation_id.has_value());
    ASSERT_TRUE(a.organisation.has_value());
    EXPECT_EQ(a.organisation->name, "Södermöre");
    EXPECT_EQ(a.organisation->kind, "other");
}

TEST(OpsOrg, admit_errors) {
    const std::string decision =
        R"("decision":{"deciding_body":"b","diary_number":"d","decided_on":"x"})";
    const std::string exactly_one =
        "exactly one of 'organisation_id' and 'organisation' must be given";
    expect_invalid(tp::decode_org_admit, R"({"network_id":1,)" + decision + "}", "organisation_id",
                   exactly_one);
    expect_invalid(tp::decode_org_admit,
                   R"({"network_id":1,"organisation_id":2,"organisation":{"name":"n",)"
                   R"("kind":"region"},)" +
                       decision + "}",
                   "organisation_id", exactly_one);
    // null counts as absent.
    expect_invalid(
        tp::decode_org_admit,
        R"({"network_id":1,"organisation_id":null,"organisation":null,)" + decision + "}",
        "organisation_id", exactly_one);
    expect_invalid(tp::decode_org_admit, R"({"network_id":1,"organisation_id":2})", "decision",
                   "field 'decision' is required");
    expect_invalid(tp::decode_org_admit, R"({"network_id":1,"organisation_id":2,"decision":[]})",
                   "decision", "field 'decision' must be an object");
    expect_invalid(tp::decode_org_admit,
                   R"({"network_id":1,"organisation_id":2,"decision":{"deciding_body":"b",)"
                   R"("diary_number":"d"}})",
                   "decision.decided_on", "field 'decision.decided_on' is required");
    expect_invalid(tp::decode_org_admit,
                   R"({"network_id":1,"organisation_id":2,"decision":{"deciding_body":"b",)"
                   R"("diary_number":"d","decided_on":"x","by":"me"}})",
                   "decision.by", "unknown field 'decision.by'");
    expect_invalid(tp::decode_org_admit,
                   R"({"network_id":1,"organisation":{"name":"n","kind":"city"},)" + decision + "}",
                   "organisation.kind",
                   "field 'organisation.kind' must be one of municipality, region, other");
    expect_invalid(tp::decode_org_admit,
                   R"({"network_id":1,"organisation":{"kind":"region"},)" + decision + "}",
                   "organisation.name", "field 'organisation.name' is required");
    expect_invalid(
        tp::decode_org_admit,
        R"({"network_id":1,"organisation":{"name":"n","kind":"region","id":1},)" + decision + "}",
        "organisation.id", "unknown field 'organisation.id'");
    expect_invalid(tp::decode_org_admit,
                   R"({"network_id":1,"organisation":"Lund",)" + decision + "}", "organisation",
                   "field 'organisation' must be an object");
    expect_invalid(tp::decode_org_admit, R"({"organisation_id":2,)" + decision + "}", "network_id",
                   "field 'network_id' is required");
    expect_invalid(tp::decode_org_admit,
                   R"({"network_id":1,"organisation_id":2,"note":"",)" + decision + "}", "note",
                   "unknown field 'note'");
}

TEST(OpsOrg, update) {
    const auto a = tp::decode_org_update(obj(R"({"organisation_id":3,"kind":"region"})"));
    EXPECT_EQ(a.organisation_id, 3);
    EXPECT_FALSE(a.name.present);
    EXPECT_EQ(a.kind.value, "region");
    expect_invalid(tp::decode_org_update, R"({"organisation_id":3,"kind":"county"})", "kind",
                   "field 'kind' must be one of municipality, region, other");
    expect_invalid(tp::decode_org_update, R"({"organisation_id":3,"name":null})", "name",
                   "field 'name' cannot be null");
    expect_invalid(tp::decode_org_update, R"({"organisation_id":3,"kind":null})", "kind",
                   "field 'kind' cannot be null");
    expect_invalid(tp::decode_org_update, R"({"name":"x"})", "organisation_id",
                   "field 'organisation_id' is required");
    expect_invalid(tp::decode_org_update, R"({"organisation_id":3,"network_id":1})", "network_id",
                   "unknown field 'network_id'");
}

TEST(OpsPerson, create) {
    const auto a = tp::decode_person_create(
        obj(R"({"name":"Anna","email":"anna@example.se","organisation_id":4,"role":"elected"})"));
    EXPECT_EQ(a.name, "Anna");
    EXPECT_EQ(a.email, "anna@example.se");
    EXPECT_EQ(a.organisation_id, 4);
    EXPECT_EQ(a.role, "elected");
    expect_invalid(tp::decode_person_create,
                   R"({"name":"A","email":"e","organisation_id":4,"role":"boss"})", "role",
                   "field 'role' must be one of official, elected");
    expect_invalid(tp::decode_person_create, R"({"name":"A","organisation_id":4,"role":"elected"})",
                   "email", "field 'email' is required");
    expect_invalid(tp::decode_person_create,
                   R"({"name":"A","email":"e","organisation_id":"4","role":"elected"})",
                   "organisation_id", "field 'organisation_id' must be an integer");
    expect_invalid(tp::decode_person_create,
                   R"({"name":"A","email":"e","organisation_id":4,"role":"elected","token":"t"})",
                   "token", "unknown field 'token'");
}

TEST(OpsPerson, get) {
    EXPECT_EQ(tp::decode_person_get(obj(R"({"person_id":8})")).person_id, 8);
    expect_invalid(tp::decode_person_get, R"({"person_id":-8})", "person_id",
                   "field 'person_id' " + id_range);
    expect_invalid(tp::decode_person_get, R"({"person_id":8,"x":1})", "x", "unknown field 'x'");
}

// --- meetings ------------------------------------------------------------------------------

TEST(OpsMeeting, list) {
    const auto a = tp::decode_meeting_list(obj(R"({"network_id":1,"status":"published"})"));
    EXPECT_EQ(a.network_id, 1);
    EXPECT_EQ(a.status, "published");
    EXPECT_FALSE(tp::decode_meeting_list(obj(R"({"network_id":1})")).status.has_value());
    expect_invalid(tp::decode_meeting_list, R"({"network_id":1,"status":"open"})", "status",
                   "field 'status' must be one of draft, published, cancelled");
    expect_invalid(tp::decode_meeting_list, "{}", "network_id", "field 'network_id' is required");
    expect_invalid(tp::decode_meeting_list, R"({"network_id":1,"limit":5})", "limit",
                   "unknown field 'limit'");
}

TEST(OpsMeeting, ref_ops) {
    for (auto decode :
         {tp::decode_meeting_get, tp::decode_meeting_publish, tp::decode_meeting_cancel}) {
        EXPECT_EQ(decode(obj(R"({"meeting_id":3})")).meeting_id, 3);
        expect_invalid(decode, "{}", "meeting_id", "field 'meeting_id' is required");
        expect_invalid(decode, R"({"meeting_id":1.5})", "meeting_id",
                       "field 'meeting_id' must be an integer");
        expect_invalid(decode, R"({"meeting_id":3,"reason":"x"})", "reason",
                       "unknown field 'reason'");
    }
}

TEST(OpsMeeting, facilitator_ops) {
    for (auto decode :
         {tp::decode_meeting_add_facilitator, tp::decode_meeting_remove_facilitator}) {
        const auto a = decode(obj(R"({"meeting_id":3,"person_id":5})"));
        EXPECT_EQ(a.meeting_id, 3);
        EXPECT_EQ(a.person_id, 5);
        expect_invalid(decode, R"({"meeting_id":3})", "person_id", "field 'person_id' is required");
        expect_invalid(decode, R"({"person_id":5})", "meeting_id",
                       "field 'meeting_id' is required");
        expect_invalid(decode, R"({"meeting_id":3,"person_id":5,"role":"x"})", "role",
                       "unknown field 'role'");
    }
}

TEST(OpsMeeting, create_with_required_fields_only) {
    const auto a = tp::decode_meeting_create(
        obj(R"({"network_id":1,"title":"Första träffen","starts_at":"2022-11-25T10:00:00+01:00",)"
            R"("ends_at":"2022-11-25T15:00:00+01:00","format":"hybrid"})"));
    EXPECT_EQ(a.network_id, 1);
    EXPECT_EQ(a.title, "Första träffen");
    EXPECT_EQ(a.starts_at, "2022-11-25T10:00:00+01:00");
    EXPECT_EQ(a.format, "hybrid");
    EXPECT_EQ(a.description, "");
    EXPECT_FALSE(a.zone.has_value());
    EXPECT_EQ(a.venue, "");
    EXPECT_EQ(a.online_url, "");
    EXPECT_FALSE(a.capacity_in_person.has_value());
    EXPECT_FALSE(a.capacity_remote.has_value());
    EXPECT_FALSE(a.registration_opens.has_value());
    EXPECT_EQ(a.cost_note, "");
}

TEST(OpsMeeting, create_with_every_field) {
    const auto a = tp::decode_meeting_create(obj(
        R"({"network_id":1,"title":"t","description":"d","starts_at":"s","ends_at":"e",)"
        R"("zone":"Europe/Stockholm","format":"in_person","venue":"SKR","address":"Hornsgatan 20",)"
        R"("online_url":"https://x","capacity_in_person":40,"capacity_remote":0,)"
        R"("registration_opens":"ro","registration_closes":"rc","cost_note":"c"})"));
    EXPECT_EQ(a.description, "d");
    EXPECT_EQ(a.zone, "Europe/Stockholm");
    EXPECT_EQ(a.venue, "SKR");
    EXPECT_EQ(a.address, "Hornsgatan 20");
    EXPECT_EQ(a.online_url, "https://x");
    EXPECT_EQ(a.capacity_in_person, 40);
    EXPECT_EQ(a.capacity_remote, 0);
    EXPECT_EQ(a.registration_opens, "ro");
    EXPECT_EQ(a.registration_closes, "rc");
    EXPECT_EQ(a.cost_note, "c");
}

TEST(OpsMeeting, create_errors) {
    const std::string base = R"("network_id":1,"title":"t","starts_at":"s","ends_at":"e")";
    expect_invalid(tp::decode_meeting_create, "{" + base + "}", "format",
                   "field 'format' is required");
    expect_invalid(tp::decode_meeting_create, "{" + base + R"(,"format":"online"})", "format",
                   "field 'format' must be one of in_person, digital, hybrid");
    expect_invalid(tp::decode_meeting_create,
                   R"({"network_id":1,"starts_at":"s","ends_at":"e","format":"digital"})", "title",
                   "field 'title' is required");
    expect_invalid(tp::decode_meeting_create,
                   "{" + base + R"(,"format":"digital","capacity_remote":"10"})", "capacity_remote",
                   "field 'capacity_remote' must be an integer");
    expect_invalid(tp::decode_meeting_create,
                   "{" + base + R"(,"format":"digital","capacity_remote":100001})",
                   "capacity_remote", "field 'capacity_remote' must be between 0 and 100000");
    expect_invalid(tp::decode_meeting_create,
                   "{" + base + R"(,"format":"digital","capacity_in_person":-1})",
                   "capacity_in_person", "field 'capacity_in_person' must be between 0 and 100000");
    expect_invalid(tp::decode_meeting_create, "{" + base + R"(,"format":"digital","zone":1})",
                   "zone", "field 'zone' must be a string");
    expect_invalid(tp::decode_meeting_create,
                   "{" + base + R"(,"format":"digital","status":"published"})", "status",
                   "unknown field 'status'");
    expect_invalid(tp::decode_meeting_create, "{" + base + R"(,"format":"digital","meeting_id":3})",
                   "meeting_id", "unknown field 'meeting_id'");
}

TEST(OpsMeeting, update_patches) {
    const auto a = tp::decode_meeting_update(
        obj(R"({"meeting_id":3,"title":"Ny titel","venue":null,"capacity_remote":null,)"
            R"("capacity_in_person":25,"zone":null,"online_url":""})"));
    EXPECT_EQ(a.meeting_id, 3);
    EXPECT_EQ(a.title.value, "Ny titel");
    EXPECT_TRUE(a.venue.clears());
    EXPECT_TRUE(a.capacity_remote.clears());
    EXPECT_EQ(a.capacity_in_person.value, 25);
    EXPECT_TRUE(a.zone.clears());
    EXPECT_TRUE(a.online_url.present);
    EXPECT_EQ(a.online_url.value, "");
    EXPECT_FALSE(a.description.present);
    EXPECT_FALSE(a.starts_at.present);
    EXPECT_FALSE(a.format.present);
    EXPECT_FALSE(a.registration_opens.present);
    EXPECT_FALSE(a.cost_note.present);
}

TEST(OpsMeeting, update_errors) {
    for (const auto* field : {"title", "starts_at", "ends_at", "format"}) {
        expect_invalid(tp::decode_meeting_update,
                       std::string(R"({"meeting_id":3,")") + field + "\":null}", field,
                       std::string("field '") + field + "' cannot be null");
    }
    expect_invalid(tp::decode_meeting_update, R"({"title":"x"})", "meeting_id",
                   "field 'meeting_id' is required");
    expect_invalid(tp::decode_meeting_update, R"({"meeting_id":3,"format":"webinar"})", "format",
                   "field 'format' must be one of in_person, digital, hybrid");
    expect_invalid(tp::decode_meeting_update, R"({"meeting_id":3,"capacity_remote":1e6})",
                   "capacity_remote", "field 'capacity_remote' must be between 0 and 100000");
    expect_invalid(tp::decode_meeting_update, R"({"meeting_id":3,"cost_note":false})", "cost_note",
                   "field 'cost_note' must be a string");
    // network_id is fixed at creation.
    expect_invalid(tp::decode_meeting_update, R"({"meeting_id":3,"network_id":2})", "network_id",
                   "unknown field 'network_id'");
    expect_invalid(tp::decode_meeting_update, R"({"meeting_id":3,"sequence":9})", "sequence",
                   "unknown field 'sequence'");
}
