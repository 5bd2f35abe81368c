#include <string>

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include "protocol_test_support.hpp"

#include "traffpunkt/protocol/agenda_views.hpp"
#include "traffpunkt/protocol/ops.hpp"

namespace tp = traffpunkt::protocol;
namespace json = boost::json;

namespace {

using traffpunkt::protocol::test_support::expect_invalid;
using traffpunkt::protocol::test_support::obj;

}  // namespace

TEST(OpsMinutes, MinutesOpsAreKnown) {
    for (const auto* op : {"minutes.get", "minutes.edit", "minutes.submit", "minutes.reopen",
                           "minutes.approve", "minutes.history", "minutes.version"}) {
        EXPECT_TRUE(tp::is_known_op(op)) << op;
    }
}

TEST(OpsMinutes, EditNamesItsBaseVersion) {
    const auto e =
        tp::decode_minutes_edit(obj(R"({"meeting_id":1,"base_version":0,"text":"# Rubrik"})"));
    EXPECT_EQ(e.meeting_id, 1);
    EXPECT_EQ(e.base_version, 0);
    EXPECT_EQ(e.text, "# Rubrik");
    expect_invalid(tp::decode_minutes_edit, R"({"meeting_id":1,"text":"x"})", "base_version",
                   "field 'base_version' is required");
    expect_invalid(tp::decode_minutes_edit, R"({"meeting_id":1,"base_version":-1,"text":"x"})",
                   "base_version", "field 'base_version' must be between 0 and 9007199254740991");
    expect_invalid(tp::decode_minutes_edit, R"({"meeting_id":1,"base_version":1,"text":null})",
                   "text", "field 'text' must be a string");
    expect_invalid(tp::decode_minutes_edit,
                   R"({"meeting_id":1,"base_version":1,"text":"x","status":"approved"})", "status",
                   "unknown field 'status'");
}

TEST(OpsMinutes, StepsAndVersionReadNameAVersion) {
    for (auto decode : {tp::decode_minutes_submit, tp::decode_minutes_reopen,
                        tp::decode_minutes_approve, tp::decode_minutes_version}) {
        const auto a = decode(obj(R"({"meeting_id":2,"version":3})"));
        EXPECT_EQ(a.meeting_id, 2);
        EXPECT_EQ(a.version, 3);
        expect_invalid(decode, R"({"meeting_id":2})", "version", "field 'version' is required");
        expect_invalid(decode, R"({"meeting_id":2,"version":0})", "version",
                       "field 'version' must be between 1 and 9007199254740991");
    }
    for (auto decode : {tp::decode_minutes_get, tp::decode_minutes_history}) {
        EXPECT_EQ(decode(obj(R"({"meeting_id":2})")).meeting_id, 2);
        expect_invalid(decode, R"({"meeting_id":"2"})", "meeting_id",
                       "field 'meeting_id' must be an integer");
    }
}

TEST(MinutesViews, TextIsOmittedNotEmptyAndPreviousRoundTrips) {
    tp::minutes_view m;
    m.meeting_id = 2;
    m.version = 3;
    m.status = "for_review";
    m.updated_at = "2023-03-16T12:00:00Z";
    m.previous =
        tp::minutes_link_view{1, "Första nätverksträffen", "2022-11-25T09:00:00Z", 4, "approved"};
    auto o = tp::to_json(m);
    EXPECT_FALSE(o.contains("text"));
    EXPECT_EQ(o.at("previous").as_object().at("minutes").as_object().at("status").as_string(),
              "approved");
    EXPECT_EQ(tp::minutes_view_from_json(o), m);

    m.text = "";
    m.previous->minutes_version.reset();
    m.previous->minutes_status.reset();
    o = tp::to_json(m);
    EXPECT_TRUE(o.contains("text"));
    EXPECT_TRUE(o.at("previous").as_object().at("minutes").is_null());
    EXPECT_EQ(tp::minutes_view_from_json(o), m);

    o["status"] = "review";
    EXPECT_THROW(tp::minutes_view_from_json(o), tp::protocol_error);
}

TEST(MinutesViews, VersionWithAndWithoutText) {
    tp::minutes_version_view v{
        2,   "submit",    "for_review", "2023-03-16T12:00:00Z", {5, "Anna Lindqvist"},
        120, std::nullopt};
    auto o = tp::to_json(v);
    EXPECT_FALSE(o.contains("text"));
    EXPECT_EQ(o.at("changed_by").as_object().at("person_id").as_int64(), 5);
    v.text = "# Text";
    EXPECT_EQ(tp::to_json(v).at("text").as_string(), "# Text");
}
