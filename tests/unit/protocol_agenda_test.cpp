#include <string>

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include "protocol_test_support.hpp"

#include "traffpunkt/protocol/agenda_views.hpp"
#include "traffpunkt/protocol/ops.hpp"

namespace tp = traffpunkt::protocol;
namespace json = boost::json;

namespace {

using traffpunkt::protocol::test_support::expect_invalid;
using traffpunkt::protocol::test_support::obj;

constexpr std::string_view add_minimal =
    R"({"meeting_id":1,"title":"Välkommen","kind":"talk","starts_at":"2022-11-25T10:00:00+01:00",)"
    R"("duration_minutes":15})";

}  // namespace

TEST(OpsAgenda, AgendaOpsAreKnown) {
    for (const auto* op :
         {"agenda.get", "agenda.add", "agenda.update", "agenda.move", "agenda.remove",
          "agenda.set_current", "agenda.start", "agenda.end", "agenda.history"}) {
        EXPECT_TRUE(tp::is_known_op(op)) << op;
    }
}

TEST(OpsAgenda, AddWithDefaultsAndWithEverything) {
    auto a = tp::decode_agenda_add(obj(add_minimal));
    EXPECT_EQ(a.meeting_id, 1);
    EXPECT_EQ(a.title, "Välkommen");
    EXPECT_EQ(a.description, "");
    EXPECT_EQ(a.kind, "talk");
    EXPECT_EQ(a.duration_minutes, 15);
    EXPECT_TRUE(a.presenters.empty());
    EXPECT_FALSE(a.position);

    a = tp::decode_agenda_add(
        obj(R"({"meeting_id":1,"title":"Panel","description":"Tre kommuner","kind":"discussion",)"
            R"("starts_at":"2022-11-25T11:00:00+01:00","duration_minutes":45,)"
            R"("presenters":[{"name":"Anna","organisation":"Kalmar kommun"},{"name":"Erik"}],)"
            R"("document_ids":[3,4],"poll_ids":[9],"position":2})"));
    ASSERT_EQ(a.presenters.size(), 2u);
    EXPECT_EQ(a.presenters[0].organisation, "Kalmar kommun");
    EXPECT_EQ(a.presenters[1].organisation, "");
    EXPECT_EQ(a.document_ids, (std::vector<std::int64_t>{3, 4}));
    EXPECT_EQ(a.poll_ids, (std::vector<std::int64_t>{9}));
    EXPECT_EQ(a.position, 2);

    // Null lists are absent lists.
    a = tp::decode_agenda_add(
        obj(R"({"meeting_id":1,"title":"T","kind":"break","starts_at":"x","duration_minutes":5,)"
            R"("presenters":null,"document_ids":null,"poll_ids":null,"position":null})"));
    EXPECT_TRUE(a.presenters.empty());
    EXPECT_FALSE(a.position);
}

TEST(OpsAgenda, AddRefusals) {
    const auto add = tp::decode_agenda_add;
    expect_invalid(add, R"({"meeting_id":1})", "title", "field 'title' is required");
    expect_invalid(add,
                   R"({"meeting_id":1,"title":"T","kind":"lecture","starts_at":"x",)"
                   R"("duration_minutes":5})",
                   "kind", "field 'kind' must be one of talk, discussion, workshop, break, poll");
    expect_invalid(add,
                   R"({"meeting_id":1,"title":"T","kind":"talk","starts_at":"x",)"
                   R"("duration_minutes":0})",
                   "duration_minutes", "field 'duration_minutes' must be between 1 and 20160");
    expect_invalid(add,
                   R"({"meeting_id":1,"title":"T","kind":"talk","starts_at":"x",)"
                   R"("duration_minutes":5,"presenters":[{"organisation":"SKR"}]})",
                   "presenters[0].name", "field 'presenters[0].name' is required");
    expect_invalid(add,
                   R"({"meeting_id":1,"title":"T","kind":"talk","starts_at":"x",)"
                   R"("duration_minutes":5,"presenters":["Anna"]})",
                   "presenters[0]", "field 'presenters[0]' must be an object");
    expect_invalid(add,
                   R"({"meeting_id":1,"title":"T","kind":"talk","starts_at":"x",)"
                   R"("duration_minutes":5,"presenters":[{"name":"A","role":"x"}]})",
                   "presenters[0].role", "unknown field 'presenters[0].role'");
    expect_invalid(add,
                   R"({"meeting_id":1,"title":"T","kind":"talk","starts_at":"x",)"
                   R"("duration_minutes":5,"poll_ids":[1,"2"]})",
                   "poll_ids[1]",
                   "field 'poll_ids[1]' must be an id (an integer from 1 to 2^53-1)");
    expect_invalid(add,
                   R"({"meeting_id":1,"title":"T","kind":"talk","starts_at":"x",)"
                   R"("duration_minutes":5,"document_ids":{}})",
                   "document_ids", "field 'document_ids' must be an array");
    expect_invalid(add,
                   R"({"meeting_id":1,"title":"T","kind":"talk","starts_at":"x",)"
                   R"("duration_minutes":5,"position":0})",
                   "position", "field 'position' must be between 1 and 1000");
    expect_invalid(add,
                   R"({"meeting_id":1,"title":"T","kind":"talk","starts_at":"x",)"
                   R"("duration_minutes":5,"colour":"red"})",
                   "colour", "unknown field 'colour'");
}

TEST(OpsAgenda, UpdatePatchesAndListsReplace) {
    auto u = tp::decode_agenda_update(obj(R"({"item_id":4,"description":null,"poll_ids":[]})"));
    EXPECT_EQ(u.item_id, 4);
    EXPECT_TRUE(u.description.clears());
    EXPECT_FALSE(u.title.present);
    ASSERT_TRUE(u.poll_ids);
    EXPECT_TRUE(u.poll_ids->empty());
    EXPECT_FALSE(u.presenters);

    u = tp::decode_agenda_update(
        obj(R"({"item_id":4,"starts_at":"2022-11-25T10:00:00Z","duration_minutes":20})"));
    EXPECT_EQ(u.starts_at.value, "2022-11-25T10:00:00Z");
    EXPECT_EQ(u.duration_minutes.value, 20);
}

TEST(OpsAgenda, UpdateRefusals) {
    const auto update = tp::decode_agenda_update;
    expect_invalid(update, R"({"item_id":4})", "item_id",
                   "field 'item_id' needs at least one field to change beside it");
    expect_invalid(update, R"({"item_id":4,"title":null})", "title",
                   "field 'title' cannot be null");
    expect_invalid(update, R"({"item_id":4,"duration_minutes":null})", "duration_minutes",
                   "field 'duration_minutes' cannot be null");
    expect_invalid(update, R"({"item_id":4,"presenters":null})", "presenters",
                   "field 'presenters' must be an array");
    expect_invalid(update, R"({"item_id":4,"meeting_id":1,"title":"x"})", "meeting_id",
                   "unknown field 'meeting_id'");
    expect_invalid(update, R"({"title":"x"})", "item_id", "field 'item_id' is required");
}

TEST(OpsAgenda, MoveRemoveAndMeetingRefs) {
    const auto m = tp::decode_agenda_move(obj(R"({"item_id":4,"position":1})"));
    EXPECT_EQ(m.item_id, 4);
    EXPECT_EQ(m.position, 1);
    expect_invalid(tp::decode_agenda_move, R"({"item_id":4})", "position",
                   "field 'position' is required");
    EXPECT_EQ(tp::decode_agenda_remove(obj(R"({"item_id":7})")).item_id, 7);
    expect_invalid(tp::decode_agenda_remove, R"({"item_id":0})", "item_id",
                   "field 'item_id' must be between 1 and 9007199254740991");
    for (auto decode : {tp::decode_agenda_get, tp::decode_agenda_history, tp::decode_agenda_start,
                        tp::decode_agenda_end}) {
        EXPECT_EQ(decode(obj(R"({"meeting_id":3})")).meeting_id, 3);
        expect_invalid(decode, "{}", "meeting_id", "field 'meeting_id' is required");
    }
}

TEST(OpsAgenda, SetCurrentNeedsItemIdButAllowsNull) {
    auto s = tp::decode_agenda_set_current(obj(R"({"meeting_id":1,"item_id":5})"));
    EXPECT_EQ(s.item_id, 5);
    EXPECT_TRUE(s.start);
    s = tp::decode_agenda_set_current(obj(R"({"meeting_id":1,"item_id":null,"start":false})"));
    EXPECT_FALSE(s.item_id);
    EXPECT_FALSE(s.start);
    expect_invalid(tp::decode_agenda_set_current, R"({"meeting_id":1})", "item_id",
                   "field 'item_id' is required (null for no current item)");
    expect_invalid(tp::decode_agenda_set_current, R"({"meeting_id":1,"item_id":5,"start":1})",
                   "start", "field 'start' must be a boolean");
}

TEST(AgendaViews, ItemAndAgendaRoundTrip) {
    tp::agenda_item_view item;
    item.item_id = 7;
    item.meeting_id = 1;
    item.position = 1;
    item.title = "Välkommen";
    item.kind = "break";
    item.starts_at = "2022-11-25T09:00:00Z";
    item.ends_at = "2022-11-25T09:15:00Z";
    item.duration_minutes = 15;
    item.presenters = {{"Anna", "Kalmar kommun"}};
    item.poll_ids = {2, 3};
    item.updated_at = "2022-10-01T08:00:00Z";
    tp::agenda_view agenda{1, 4, {item}, {{"overlap", {7, 8}, "overlap"}}};

    const auto text = json::serialize(tp::to_json(agenda));
    EXPECT_EQ(tp::agenda_view_from_json(json::parse(text).as_object()), agenda);
    EXPECT_NE(text.find(R"("presenters":[{"name":"Anna","organisation":"Kalmar kommun"}])"),
              std::string::npos)
        << text;
    EXPECT_LT(text.find("\"item_id\""), text.find("\"title\"")) << "documented member order";

    auto broken = tp::to_json(item);
    broken["kind"] = "pause";
    EXPECT_THROW(tp::agenda_item_view_from_json(broken), tp::protocol_error);
}

TEST(AgendaViews, NowWritesNullsAndRoundTrips) {
    tp::agenda_now_view now{
        1, std::nullopt, "none", std::nullopt, std::nullopt, "2022-11-25T09:00:00.250Z"};
    const auto o = tp::to_json(now);
    EXPECT_TRUE(o.at("item_id").is_null());
    EXPECT_TRUE(o.at("started_at").is_null());
    EXPECT_EQ(tp::agenda_now_view_from_json(o), now);
    now.item_id = 7;
    now.state = "running";
    now.started_at = "2022-11-25T09:00:00.000Z";
    EXPECT_EQ(tp::agenda_now_view_from_json(tp::to_json(now)), now);
}

TEST(AgendaViews, ChangeCarriesItemsOrNull) {
    tp::agenda_change_view c;
    c.change_id = 1;
    c.revision = 2;
    c.changed_at = "2022-11-20T10:00:00Z";
    c.changed_by = {std::nullopt, "SKR samordnare"};
    c.action = "added";
    c.item_id = 7;
    c.summary = "added \"Välkommen\"";
    c.after = json::object{{"item_id", 7}};
    const auto o = tp::to_json(c);
    EXPECT_TRUE(o.at("before").is_null());
    EXPECT_EQ(o.at("after").as_object().at("item_id").as_int64(), 7);
    EXPECT_TRUE(o.at("changed_by").as_object().at("person_id").is_null());
    EXPECT_TRUE(o.at("sequence").is_null());
}
