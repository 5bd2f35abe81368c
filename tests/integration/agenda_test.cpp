// Agendas (PROTOCOL.md "Agenda"): items with validation and overlap warnings, the live "now"
// marker reaching every subscriber with the server's clock, late joiners, the change record and
// SEQUENCE after publishing, the text agenda and the calendar, and every refusal with the server
// unharmed. Everything goes over the wire, against the real server.
#include <regex>
#include <set>
#include <thread>

#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

using testing::http_request;
using testing::http_result;

class Agenda : public integration_fixture {
  protected:
    static http_result get(const std::string& target,
                           std::map<std::string, std::string> headers = {},
                           std::string method = "GET") {
        return http_request(server().host(), server().port(), std::move(method), target,
                            std::move(headers));
    }
};

/** A meeting of a network of its own (09:00-15:00 Stockholm time on 12 March 2030, 08-14 UTC),
 * its facilitator and a participant who is nothing more. */
struct setup {
    std::int64_t network_id = 0;
    std::int64_t meeting_id = 0;
    person_with_token facilitator;
    person_with_token participant;
    std::string topic;
};

setup make_meeting(ws_client& coordinator, bool publish) {
    setup s;
    s.network_id = create_network(coordinator);
    s.meeting_id =
        int_at(create_meeting(coordinator, s.network_id, unique_name("Träff")), "meeting_id");
    if (publish) {
        result_of(coordinator.call("meeting.publish", {{"meeting_id", s.meeting_id}}));
    }
    const auto org = member_organisation(coordinator);
    s.facilitator = make_person(coordinator, org);
    s.participant = make_person(coordinator, org);
    result_of(
        coordinator.call("meeting.add_facilitator",
                         {{"meeting_id", s.meeting_id}, {"person_id", s.facilitator.person_id}}));
    s.topic = "meeting:" + std::to_string(s.meeting_id);
    return s;
}

json::object item_args(std::int64_t meeting_id, std::string_view title, std::string_view starts,
                       int minutes, std::string_view kind = "talk") {
    return {{"meeting_id", meeting_id},
            {"title", title},
            {"kind", kind},
            {"starts_at", starts},
            {"duration_minutes", minutes}};
}

/** Adds an item and returns its id. */
std::int64_t add_item(ws_client& client, json::object args) {
    return int_at(result_of(client.call("agenda.add", std::move(args))), "item.item_id");
}

std::vector<std::int64_t> item_ids(const json::object& agenda) {
    std::vector<std::int64_t> ids;
    for (const auto& item : agenda.at("items").as_array()) {
        ids.push_back(int_at(item.as_object(), "item_id"));
    }
    return ids;
}

json::object agenda_of(ws_client& client, std::int64_t meeting_id) {
    return result_of(client.call("agenda.get", {{"meeting_id", meeting_id}}));
}

std::int64_t sequence_of(ws_client& client, std::int64_t meeting_id) {
    return int_at(result_of(client.call("meeting.get", {{"meeting_id", meeting_id}})),
                  "meeting.sequence");
}

/** RFC 3339 UTC with milliseconds, as the live marker's times are. */
bool is_precise_time(const std::string& text) {
    static const std::regex shape(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
    return std::regex_match(text, shape);
}

/** A feed's text with its folded lines joined again (RFC 5545 3.1). */
std::string unfolded(std::string text) {
    for (auto at = text.find("\r\n "); at != std::string::npos; at = text.find("\r\n ", at)) {
        text.erase(at, 3);
    }
    return text;
}

// --- items ---------------------------------------------------------------------------------

TEST_F(Agenda, add_update_move_remove_answer_with_the_whole_agenda) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator, false);
    auto facilitator = connect_with(s.facilitator.token);

    const auto first = result_of(facilitator->call(
        "agenda.add", {{"meeting_id", s.meeting_id},
                       {"title", "Välkommen"},
                       {"description", "Rad 1\r\nRad 2"},
                       {"kind", "talk"},
                       {"starts_at", "2030-03-12T09:00:00+01:00"},
                       {"duration_minutes", 15},
                       {"presenters", json::array{json::object{{"name", "Anna Lindqvist"},
                                                               {"organisation", "SKR"}}}}}));
    const auto welcome = int_at(first, "item.item_id");
    EXPECT_EQ(string_at(first, "item.starts_at"), "2030-03-12T08:00:00Z");
    EXPECT_EQ(string_at(first, "item.ends_at"), "2030-03-12T08:15:00Z");
    EXPECT_EQ(string_at(first, "item.description"), "Rad 1\nRad 2") << "CRLF is stored as LF";
    EXPECT_EQ(int_at(first, "item.position"), 1);
    EXPECT_EQ(int_at(first, "agenda.revision"), 1);

    const auto lunch = add_item(
        *facilitator, item_args(s.meeting_id, "Lunch", "2030-03-12T12:00:00+01:00", 60, "break"));
    auto args = item_args(s.meeting_id, "Workshop", "2030-03-12T10:00:00+01:00", 90, "workshop");
    args["position"] = 2;
    const auto workshop = add_item(*facilitator, args);
    auto agenda = agenda_of(*facilitator, s.meeting_id);
    EXPECT_EQ(item_ids(agenda.at("agenda").as_object()),
              (std::vector<std::int64_t>{welcome, workshop, lunch}));
    EXPECT_EQ(string_at(agenda, "now.state"), "none");

    // Update: only the fields given change; the answer has the item and the agenda.
    const auto updated = result_of(coordinator->call(
        "agenda.update",
        {{"item_id", workshop}, {"duration_minutes", 60}, {"description", nullptr}}));
    EXPECT_EQ(int_at(updated, "item.duration_minutes"), 60);
    EXPECT_EQ(string_at(updated, "item.title"), "Workshop");
    EXPECT_EQ(string_at(updated, "item.kind"), "workshop");

    // Move: the place changes, not the time.
    const auto moved =
        result_of(facilitator->call("agenda.move", {{"item_id", lunch}, {"position", 1}}));
    EXPECT_EQ(item_ids(moved.at("agenda").as_object()),
              (std::vector<std::int64_t>{lunch, welcome, workshop}));
    EXPECT_EQ(string_at(moved.at("agenda").as_object().at("items").as_array()[0].as_object(),
                        "starts_at"),
              "2030-03-12T11:00:00Z");
    // Listed out of time order: allowed, with a warning.
    const auto& warnings = moved.at("agenda").as_object().at("warnings").as_array();
    ASSERT_FALSE(warnings.empty());
    EXPECT_EQ(string_at(warnings[0].as_object(), "code"), "out_of_order");

    const auto removed = result_of(facilitator->call("agenda.remove", {{"item_id", lunch}}));
    EXPECT_EQ(item_ids(removed.at("agenda").as_object()),
              (std::vector<std::int64_t>{welcome, workshop}));
    EXPECT_EQ(int_at(removed, "agenda.revision"), 6);
    EXPECT_EQ(error_code(facilitator->call("agenda.remove", {{"item_id", lunch}})), "not_found");
    EXPECT_EQ(agenda_of(*coordinator, s.meeting_id).at("agenda"), removed.at("agenda"));
}

TEST_F(Agenda, refuses_items_outside_the_meeting_and_bad_values) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator, false);
    const auto refuse = [&](json::object args, std::string_view field) {
        const auto answer = coordinator->call("agenda.add", std::move(args));
        EXPECT_EQ(error_code(answer), "invalid_args") << json::serialize(answer);
        EXPECT_EQ(error_field(answer), field) << json::serialize(answer);
        EXPECT_FALSE(string_at(answer, "error.message").empty());
    };
    refuse(item_args(s.meeting_id, "Tidigt", "2030-03-12T08:45:00+01:00", 30), "starts_at");
    refuse(item_args(s.meeting_id, "Sent", "2030-03-12T14:45:00+01:00", 30), "duration_minutes");
    refuse(item_args(s.meeting_id, "Noll", "2030-03-12T10:00:00+01:00", 0), "duration_minutes");
    refuse(item_args(s.meeting_id, "Utan zon", "2030-03-12T10:00:00", 10), "starts_at");
    refuse(item_args(s.meeting_id, "Sekund", "2030-03-12T10:00:30+01:00", 10), "starts_at");
    refuse(item_args(s.meeting_id, "", "2030-03-12T10:00:00+01:00", 10), "title");
    refuse(item_args(s.meeting_id, "Två\nrader", "2030-03-12T10:00:00+01:00", 10), "title");
    refuse(item_args(s.meeting_id, "Slag", "2030-03-12T10:00:00+01:00", 10, "lecture"), "kind");
    auto args = item_args(s.meeting_id, "Panel", "2030-03-12T10:00:00+01:00", 10);
    args["presenters"] = json::array{json::object{{"name", ""}}};
    refuse(args, "presenters[0].name");
    args = item_args(s.meeting_id, "Omröstning", "2030-03-12T10:00:00+01:00", 10, "poll");
    args["poll_ids"] = json::array{999999};
    refuse(args, "poll_ids[0]");
    args = item_args(s.meeting_id, "Underlag", "2030-03-12T10:00:00+01:00", 10);
    args["document_ids"] = json::array{999999};
    refuse(args, "document_ids[0]");
    args = item_args(s.meeting_id, "Plats", "2030-03-12T10:00:00+01:00", 10);
    args["position"] = 2;
    refuse(args, "position");

    const auto item =
        add_item(*coordinator, item_args(s.meeting_id, "Bra", "2030-03-12T10:00:00+01:00", 10));
    auto answer = coordinator->call("agenda.update", {{"item_id", item}, {"starts_at", nullptr}});
    EXPECT_EQ(error_field(answer), "starts_at");
    answer = coordinator->call("agenda.update",
                               {{"item_id", item}, {"starts_at", "2030-03-12T14:55:00+01:00"}});
    EXPECT_EQ(error_field(answer), "duration_minutes");
    answer = coordinator->call("agenda.move", {{"item_id", item}, {"position", 2}});
    EXPECT_EQ(error_field(answer), "position");
    EXPECT_EQ(error_code(coordinator->call("agenda.update", {{"item_id", 999999}, {"title", "x"}})),
              "not_found");
    // Nothing of that changed the agenda, and the server serves on.
    EXPECT_EQ(int_at(agenda_of(*coordinator, s.meeting_id), "agenda.revision"), 1);
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(Agenda, overlaps_are_accepted_with_a_warning) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator, false);
    const auto a =
        add_item(*coordinator, item_args(s.meeting_id, "A", "2030-03-12T10:00:00+01:00", 30));
    const auto result = result_of(coordinator->call(
        "agenda.add", item_args(s.meeting_id, "B", "2030-03-12T10:20:00+01:00", 30)));
    const auto b = int_at(result, "item.item_id");
    const auto& warnings = result.at("agenda").as_object().at("warnings").as_array();
    ASSERT_EQ(warnings.size(), 1u) << json::serialize(result);
    const auto& w = warnings[0].as_object();
    EXPECT_EQ(string_at(w, "code"), "overlap");
    EXPECT_EQ(w.at("item_ids"), (json::array{a, b}));
    EXPECT_NE(string_at(w, "message").find("10 minutes"), std::string::npos);
}

TEST_F(Agenda, retried_add_with_the_same_idem_key_adds_once) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator, false);
    const auto key = unique_name("agenda-add");
    const auto args = item_args(s.meeting_id, "En gång", "2030-03-12T10:00:00+01:00", 30);
    const auto first = result_of(coordinator->call("agenda.add", args, key));
    const auto again = result_of(coordinator->call("agenda.add", args, key));
    EXPECT_EQ(first, again);
    EXPECT_EQ(agenda_of(*coordinator, s.meeting_id)
                  .at("agenda")
                  .as_object()
                  .at("items")
                  .as_array()
                  .size(),
              1u);
}

TEST_F(Agenda, concurrent_adds_from_two_editors_all_land_once) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator, false);
    auto facilitator = connect_with(s.facilitator.token);
    constexpr int per_client = 10;
    // Sent before any answer is read: the meeting's room applies them one after the other.
    std::vector<std::pair<ws_client*, std::int64_t>> sent;
    for (int i = 0; i < per_client; ++i) {
        for (auto* client : {coordinator.get(), facilitator.get()}) {
            const auto id = static_cast<std::int64_t>(client->next_id()) + 1000 + i;
            const auto title = unique_name("Punkt");
            client->send_text(request_frame(
                id, "agenda.add", item_args(s.meeting_id, title, "2030-03-12T10:00:00+01:00", 10),
                std::nullopt));
            sent.emplace_back(client, id);
        }
    }
    std::set<std::int64_t> ids;
    for (const auto& [client, id] : sent) {
        ids.insert(int_at(result_of(answer_to(*client, id)), "item.item_id"));
    }
    EXPECT_EQ(ids.size(), sent.size());
    const auto agenda = agenda_of(*coordinator, s.meeting_id);
    EXPECT_EQ(int_at(agenda, "agenda.revision"), 2 * per_client);
    const auto listed = item_ids(agenda.at("agenda").as_object());
    EXPECT_EQ(std::set<std::int64_t>(listed.begin(), listed.end()), ids);
    std::int64_t position = 0;
    for (const auto& item : agenda.at("agenda").as_object().at("items").as_array()) {
        EXPECT_EQ(int_at(item.as_object(), "position"), ++position);
    }
}

// --- the live marker -----------------------------------------------------------------------

TEST_F(Agenda, now_reaches_two_subscribers_with_the_server_clock) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator, true);
    auto facilitator = connect_with(s.facilitator.token);
    const auto item = add_item(
        *facilitator, item_args(s.meeting_id, "Workshop", "2030-03-12T10:00:00+01:00", 45));
    auto anonymous = connect_public();
    auto participant = connect_with(s.participant.token);
    for (auto* client : {anonymous.get(), participant.get()}) {
        result_of(client->call("subscribe", {{"topic", s.topic}}));
    }

    const auto set = result_of(
        facilitator->call("agenda.set_current", {{"meeting_id", s.meeting_id}, {"item_id", item}}));
    EXPECT_EQ(string_at(set, "now.state"), "running") << "set_current starts by default";
    for (auto* client : {anonymous.get(), participant.get()}) {
        const auto event = wait_event(*client, "agenda.now", s.topic);
        ASSERT_TRUE(event);
        const auto& now = event->at("data").as_object().at("now").as_object();
        EXPECT_EQ(int_at(now, "item_id"), item);
        EXPECT_EQ(string_at(now, "state"), "running");
        const auto started = string_at(now, "started_at");
        const auto server_time = string_at(now, "server_time");
        EXPECT_TRUE(is_precise_time(started)) << started;
        EXPECT_TRUE(is_precise_time(server_time)) << server_time;
        // Same format, so the strings compare like the instants: the clock read after the start.
        EXPECT_LE(started, server_time);
        EXPECT_TRUE(now.at("ended_at").is_null());
    }

    result_of(facilitator->call("agenda.end", {{"meeting_id", s.meeting_id}}));
    for (auto* client : {anonymous.get(), participant.get()}) {
        const auto event = wait_event(*client, "agenda.now", s.topic);
        ASSERT_TRUE(event);
        EXPECT_EQ(string_at(*event, "data.now.state"), "ended");
        EXPECT_LE(string_at(*event, "data.now.started_at"), string_at(*event, "data.now.ended_at"));
    }

    // Pending first, then started: two steps, two events.
    result_of(facilitator->call(
        "agenda.set_current", {{"meeting_id", s.meeting_id}, {"item_id", item}, {"start", false}}));
    auto event = wait_event(*anonymous, "agenda.now", s.topic);
    ASSERT_TRUE(event);
    EXPECT_EQ(string_at(*event, "data.now.state"), "pending");
    EXPECT_TRUE(find_path(*event, "data.now.started_at")->is_null());
    result_of(facilitator->call("agenda.start", {{"meeting_id", s.meeting_id}}));
    event = wait_event(*anonymous, "agenda.now", s.topic);
    ASSERT_TRUE(event);
    EXPECT_EQ(string_at(*event, "data.now.state"), "running");
}

TEST_F(Agenda, a_late_joiner_gets_the_current_item_in_the_snapshot) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator, true);
    const auto item =
        add_item(*coordinator, item_args(s.meeting_id, "Pågår", "2030-03-12T10:00:00+01:00", 45));
    result_of(
        coordinator->call("agenda.set_current", {{"meeting_id", s.meeting_id}, {"item_id", item}}));

    auto late = connect_public();
    const auto result = result_of(late->call("subscribe", {{"topic", s.topic}}));
    EXPECT_EQ(int_at(result, "snapshot.now.item_id"), item);
    EXPECT_EQ(string_at(result, "snapshot.now.state"), "running");
    EXPECT_TRUE(is_precise_time(string_at(result, "snapshot.now.server_time")));
    EXPECT_EQ(item_ids(find_path(result, "snapshot.agenda")->as_object()),
              (std::vector<std::int64_t>{item}));
    EXPECT_EQ(string_at(result, "snapshot.minutes.status"), "draft");
    EXPECT_FALSE(find_path(result, "snapshot.minutes")->as_object().contains("text"));
}

TEST_F(Agenda, removing_the_current_item_clears_the_marker) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator, true);
    const auto item =
        add_item(*coordinator, item_args(s.meeting_id, "Bort", "2030-03-12T10:00:00+01:00", 45));
    result_of(
        coordinator->call("agenda.set_current", {{"meeting_id", s.meeting_id}, {"item_id", item}}));
    auto watcher = connect_public();
    result_of(watcher->call("subscribe", {{"topic", s.topic}}));
    result_of(coordinator->call("agenda.remove", {{"item_id", item}}));
    ASSERT_TRUE(wait_event(*watcher, "agenda.changed", s.topic));
    const auto now = wait_event(*watcher, "agenda.now", s.topic);
    ASSERT_TRUE(now);
    EXPECT_EQ(string_at(*now, "data.now.state"), "none");
    EXPECT_TRUE(find_path(*now, "data.now.item_id")->is_null());
}

TEST_F(Agenda, live_steps_the_marker_does_not_allow_are_refused) {
    auto coordinator = connect_coordinator();
    const auto draft = make_meeting(*coordinator, false);
    const auto item =
        add_item(*coordinator, item_args(draft.meeting_id, "X", "2030-03-12T10:00:00+01:00", 45));
    EXPECT_EQ(error_code(coordinator->call("agenda.set_current",
                                           {{"meeting_id", draft.meeting_id}, {"item_id", item}})),
              "meeting_not_published");

    const auto s = make_meeting(*coordinator, true);
    const auto own =
        add_item(*coordinator, item_args(s.meeting_id, "Y", "2030-03-12T10:00:00+01:00", 45));
    EXPECT_EQ(error_code(coordinator->call("agenda.start", {{"meeting_id", s.meeting_id}})),
              "conflict");
    EXPECT_EQ(error_code(coordinator->call("agenda.end", {{"meeting_id", s.meeting_id}})),
              "conflict");
    EXPECT_EQ(error_code(coordinator->call("agenda.set_current",
                                           {{"meeting_id", s.meeting_id}, {"item_id", item}})),
              "not_found")
        << "an item of another meeting";
    result_of(
        coordinator->call("agenda.set_current", {{"meeting_id", s.meeting_id}, {"item_id", own}}));
    EXPECT_EQ(error_code(coordinator->call("agenda.start", {{"meeting_id", s.meeting_id}})),
              "conflict");
    result_of(coordinator->call("agenda.set_current",
                                {{"meeting_id", s.meeting_id}, {"item_id", nullptr}}));
    EXPECT_EQ(string_at(agenda_of(*coordinator, s.meeting_id), "now.state"), "none");
    EXPECT_TRUE(still_serving(server()));
}

// --- who may -------------------------------------------------------------------------------

TEST_F(Agenda, wrong_roles_are_refused_and_change_nothing) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator, true);
    const auto item =
        add_item(*coordinator, item_args(s.meeting_id, "Fast", "2030-03-12T10:00:00+01:00", 30));
    auto participant = connect_with(s.participant.token);
    auto anonymous = connect_public();
    for (auto* client : {participant.get(), anonymous.get()}) {
        EXPECT_EQ(error_code(client->call("agenda.add", item_args(s.meeting_id, "Nej",
                                                                  "2030-03-12T11:00:00+01:00", 5))),
                  "forbidden");
        EXPECT_EQ(error_code(client->call("agenda.update", {{"item_id", item}, {"title", "Nej"}})),
                  "forbidden");
        EXPECT_EQ(error_code(client->call("agenda.move", {{"item_id", item}, {"position", 1}})),
                  "forbidden");
        EXPECT_EQ(error_code(client->call("agenda.remove", {{"item_id", item}})), "forbidden");
        EXPECT_EQ(error_code(client->call("agenda.set_current",
                                          {{"meeting_id", s.meeting_id}, {"item_id", item}})),
                  "forbidden");
        EXPECT_EQ(error_code(client->call("agenda.start", {{"meeting_id", s.meeting_id}})),
                  "forbidden");
        EXPECT_EQ(error_code(client->call("agenda.history", {{"meeting_id", s.meeting_id}})),
                  "forbidden");
        // Reading is for everyone who may see the meeting.
        EXPECT_EQ(item_ids(agenda_of(*client, s.meeting_id).at("agenda").as_object()),
                  (std::vector<std::int64_t>{item}));
    }
    // A facilitator of another meeting is nobody here.
    const auto other = make_meeting(*coordinator, true);
    auto stranger = connect_with(other.facilitator.token);
    EXPECT_EQ(error_code(stranger->call("agenda.remove", {{"item_id", item}})), "forbidden");
    const auto agenda = agenda_of(*coordinator, s.meeting_id);
    EXPECT_EQ(int_at(agenda, "agenda.revision"), 1);
    EXPECT_EQ(string_at(agenda, "now.state"), "none");
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(Agenda, a_drafts_agenda_is_hidden_and_a_cancelled_one_is_read_only) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator, false);
    const auto item =
        add_item(*coordinator, item_args(s.meeting_id, "Utkast", "2030-03-12T10:00:00+01:00", 30));
    auto anonymous = connect_public();
    EXPECT_EQ(error_code(anonymous->call("agenda.get", {{"meeting_id", s.meeting_id}})),
              "not_found");
    EXPECT_EQ(get("/meetings/" + std::to_string(s.meeting_id) + "/agenda.txt").status, 404);
    auto facilitator = connect_with(s.facilitator.token);
    EXPECT_EQ(item_ids(agenda_of(*facilitator, s.meeting_id).at("agenda").as_object()),
              (std::vector<std::int64_t>{item}));

    result_of(coordinator->call("meeting.cancel", {{"meeting_id", s.meeting_id}}));
    EXPECT_EQ(error_code(coordinator->call(
                  "agenda.add", item_args(s.meeting_id, "Nej", "2030-03-12T11:00:00+01:00", 5))),
              "meeting_cancelled");
    EXPECT_EQ(error_code(coordinator->call("agenda.remove", {{"item_id", item}})),
              "meeting_cancelled");
    EXPECT_EQ(error_code(coordinator->call("agenda.set_current",
                                           {{"meeting_id", s.meeting_id}, {"item_id", item}})),
              "meeting_cancelled");
    EXPECT_EQ(item_ids(agenda_of(*anonymous, s.meeting_id).at("agenda").as_object()),
              (std::vector<std::int64_t>{item}))
        << "a cancelled meeting is visible, its agenda too";
}

// --- after publishing: the record, SEQUENCE, calendars -------------------------------------

TEST_F(Agenda, changes_after_publishing_are_recorded_and_bump_the_sequence) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator, false);
    // Drafts are work in progress: not recorded.
    const auto item = add_item(
        *coordinator, item_args(s.meeting_id, "Inledning", "2030-03-12T09:00:00+01:00", 30));
    result_of(coordinator->call("meeting.publish", {{"meeting_id", s.meeting_id}}));
    auto history = result_of(coordinator->call("agenda.history", {{"meeting_id", s.meeting_id}}));
    EXPECT_TRUE(history.at("changes").as_array().empty());
    const auto sequence = sequence_of(*coordinator, s.meeting_id);

    auto watcher = connect_public();
    result_of(watcher->call("subscribe", {{"topic", s.topic}}));
    auto facilitator = connect_with(s.facilitator.token);
    // A new time is in the calendar: SEQUENCE grows, meeting.updated tells subscribers.
    result_of(facilitator->call("agenda.update",
                                {{"item_id", item}, {"starts_at", "2030-03-12T09:15:00+01:00"}}));
    ASSERT_TRUE(wait_event(*watcher, "agenda.changed", s.topic));
    const auto updated = wait_event(*watcher, "meeting.updated", s.topic);
    ASSERT_TRUE(updated);
    EXPECT_EQ(int_at(*updated, "data.meeting.sequence"), sequence + 1);
    // The description of an item is not in the calendar: recorded, same SEQUENCE.
    result_of(facilitator->call("agenda.update", {{"item_id", item}, {"description", "Mer text"}}));
    EXPECT_EQ(sequence_of(*coordinator, s.meeting_id), sequence + 1);

    history = result_of(facilitator->call("agenda.history", {{"meeting_id", s.meeting_id}}));
    const auto& changes = history.at("changes").as_array();
    ASSERT_EQ(changes.size(), 2u) << json::serialize(history);
    const auto& first = changes[0].as_object();
    EXPECT_EQ(string_at(first, "action"), "updated");
    EXPECT_EQ(int_at(first, "item_id"), item);
    EXPECT_EQ(int_at(first, "changed_by.person_id"), s.facilitator.person_id);
    EXPECT_FALSE(string_at(first, "changed_by.name").empty());
    EXPECT_NE(string_at(first, "summary").find("starts_at"), std::string::npos);
    EXPECT_EQ(string_at(first, "before.starts_at"), "2030-03-12T08:00:00Z");
    EXPECT_EQ(string_at(first, "after.starts_at"), "2030-03-12T08:15:00Z");
    EXPECT_EQ(int_at(first, "sequence"), sequence + 1);
    EXPECT_TRUE(changes[1].as_object().at("sequence").is_null());
    EXPECT_NE(string_at(changes[1].as_object(), "summary").find("description"), std::string::npos);
}

TEST_F(Agenda, the_text_agenda_and_the_calendar_show_the_items_in_local_time) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator, true);
    auto args = item_args(s.meeting_id, "Välkommen", "2030-03-12T09:00:00+01:00", 15);
    args["presenters"] =
        json::array{json::object{{"name", "Anna Lindqvist"}, {"organisation", "Kalmar kommun"}}};
    args["description"] = "Om dagen.";
    add_item(*coordinator, args);
    add_item(*coordinator,
             item_args(s.meeting_id, "Fika", "2030-03-12T09:15:00+01:00", 15, "break"));
    const auto path = "/meetings/" + std::to_string(s.meeting_id) + "/agenda.txt";

    const auto text = get(path);
    ASSERT_EQ(text.status, 200) << text.body;
    EXPECT_EQ(text.headers.at("content-type"), "text/plain; charset=utf-8");
    EXPECT_NE(text.body.find("09:00\u201309:15  Välkommen\n"), std::string::npos) << text.body;
    EXPECT_NE(text.body.find("Anna Lindqvist, Kalmar kommun"), std::string::npos);
    EXPECT_NE(text.body.find("             Om dagen."), std::string::npos);
    EXPECT_NE(text.body.find("09:15\u201309:30  Fika [Paus]"), std::string::npos);
    EXPECT_EQ(get(path, {{"If-None-Match", text.headers.at("etag")}}).status, 304);

    const auto feed = get("/calendar/meetings/" + std::to_string(s.meeting_id) + ".ics");
    ASSERT_EQ(feed.status, 200);
    const auto ics = unfolded(feed.body);
    EXPECT_NE(ics.find("Program:\\n09:00\u201309:15 Välkommen (Anna Lindqvist\\, Kalmar kommun)"),
              std::string::npos)
        << ics;

    // A new title changes both.
    const auto id = int_at(agenda_of(*coordinator, s.meeting_id)
                               .at("agenda")
                               .as_object()
                               .at("items")
                               .as_array()[1]
                               .as_object(),
                           "item_id");
    result_of(coordinator->call("agenda.update", {{"item_id", id}, {"title", "Kaffe"}}));
    EXPECT_EQ(get(path, {{"If-None-Match", text.headers.at("etag")}}).status, 200);
    EXPECT_NE(unfolded(get("/calendar/meetings/" + std::to_string(s.meeting_id) + ".ics").body)
                  .find("09:15\u201309:30 Kaffe"),
              std::string::npos);
}

TEST_F(Agenda, the_text_agenda_refuses_what_it_must) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator, false);
    const auto path = "/meetings/" + std::to_string(s.meeting_id) + "/agenda.txt";
    EXPECT_EQ(get(path).status, 404) << "a draft, asked without a token";
    EXPECT_EQ(get(path, {{"Authorization", "Bearer " + s.participant.token}}).status, 404);
    EXPECT_EQ(get(path, {{"Authorization", "Bearer " + s.facilitator.token}}).status, 200);
    EXPECT_EQ(get(path, {{"Authorization", "Bearer nonsense"}}).status, 401);
    EXPECT_EQ(get(path, {}, "POST").status, 405);
    EXPECT_EQ(get("/meetings/0/agenda.txt").status, 404);
    EXPECT_EQ(get("/meetings/01/agenda.txt").status, 404);
    EXPECT_EQ(get("/meetings/999999999/agenda.txt").status, 404);
    EXPECT_EQ(get("/meetings//agenda.txt").status, 404);
    EXPECT_TRUE(still_serving(server()));
}

}  // namespace
TEST_F(Agenda, a_poll_that_names_an_item_is_listed_by_it_and_other_meetings_items_are_refused) {
    auto coordinator = connect_coordinator();
    const auto s = make_meeting(*coordinator, true);
    const auto other = make_meeting(*coordinator, true);
    const auto item = add_item(*coordinator, item_args(s.meeting_id, "Prioritering",
                                                       "2030-03-12T10:00:00+01:00", 30, "poll"));
    const auto foreign = add_item(
        *coordinator, item_args(other.meeting_id, "Annat", "2030-03-12T10:00:00+01:00", 30));
    json::object poll{{"meeting_id", s.meeting_id},
                      {"kind", "single"},
                      {"question", "Ska vi ses i Kalmar?"},
                      {"options", json::array{"Ja", "Nej"}},
                      {"agenda_item_id", foreign}};
    const auto refused = coordinator->call("poll.create", poll);
    EXPECT_EQ(error_code(refused), "invalid_args");
    EXPECT_EQ(refused.at("error").at("details").at("field"), json::value("agenda_item_id"));

    (void)agenda_of(*coordinator, s.meeting_id);  // the room holds the agenda now
    poll["agenda_item_id"] = item;
    const auto poll_id = int_at(result_of(coordinator->call("poll.create", poll)), "poll.poll_id");
    // The item lists the poll: both ways of linking agree.
    std::vector<std::int64_t> listed;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (std::chrono::steady_clock::now() < deadline) {
        const auto agenda = agenda_of(*coordinator, s.meeting_id);
        listed.clear();
        for (const auto& id : agenda.at("agenda").at("items").at(0).at("poll_ids").as_array()) {
            listed.push_back(id.to_number<std::int64_t>());
        }
        if (!listed.empty()) {
            break;
        }
        std::this_thread::sleep_for(20ms);
    }
    EXPECT_EQ(listed, (std::vector<std::int64_t>{poll_id}));
}

}  // namespace traffpunkt::integration
