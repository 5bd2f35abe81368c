// Registrations (PROTOCOL.md "Registrations"): seats, waitlist and promotion under a rush of
// concurrent sign-ups, self-registration with invitations, refusal codes, check-in, the
// attendee CSV and statistics. Everything goes over the wire, against the real server.
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

class Registration : public integration_fixture {
  public:
    static void SetUpTestSuite() {
        // 500 clients of ~4 descriptors each (socket, epoll, eventfd, timer) need more than
        // the usual soft limit of 1024; the server, started below, inherits the raised limit.
        rlimit limit{};
        if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
            limit.rlim_cur = limit.rlim_max;
            setrlimit(RLIMIT_NOFILE, &limit);
        }
        // The rush test creates 500 people through one coordinator connection, far above the
        // per-connection rate a person needs; NORMAL sync keeps the commits fast on CI disks.
        start_shared({{"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "100000"},
                      {"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "100000"},
                      {"TRAFFPUNKT_STORE_SYNCHRONOUS", "NORMAL"}});
    }
};

/** A network of the test's own with two member organisations and one outsider. */
struct network_setup {
    std::int64_t network_id = 0;
    std::int64_t kalmar = 0;    ///< member
    std::int64_t orebro = 0;    ///< member
    std::int64_t outsider = 0;  ///< member of another network only
};

std::int64_t admit(ws_client& coordinator, std::int64_t network_id, std::string_view name) {
    const auto admitted = result_of(coordinator.call(
        "org.admit", {{"network_id", network_id},
                      {"organisation", {{"name", unique_name(name)}, {"kind", "municipality"}}},
                      {"decision",
                       {{"deciding_body", "Kommunstyrelsen"},
                        {"diary_number", "KS 2029/17"},
                        {"decided_on", "2029-12-01"}}}}));
    return int_at(admitted, "member.organisation.organisation_id");
}

network_setup make_network(ws_client& coordinator) {
    network_setup n;
    n.network_id = create_network(coordinator);
    n.kalmar = admit(coordinator, n.network_id, "Kalmar kommun");
    n.orebro = admit(coordinator, n.network_id, "Örebro kommun");
    n.outsider = admit(coordinator, create_network(coordinator), "Botkyrka kommun");
    return n;
}

/** What a registration answer says. */
struct seat {
    std::int64_t registration_id = 0;
    std::string status;
    std::int64_t position = 0;  ///< 0 when not waitlisted
};

seat seat_of(const json::object& registration) {
    seat s;
    s.registration_id = int_at(registration, "registration_id");
    s.status = string_at(registration, "status");
    const auto& p = registration.at("waitlist_position");
    s.position = p.is_null() ? 0 : p.to_number<std::int64_t>();
    return s;
}

/** Members that must never appear in events everyone on a meeting topic gets. */
void expect_no_personal_data(const json::object& event) {
    const auto text = json::serialize(event);
    for (const auto* key :
         {"person", "email", "dietary_needs", "accessibility_needs", "checkin_code", "name"}) {
        EXPECT_EQ(text.find(std::string("\"") + key + "\""), std::string::npos)
            << key << " in " << text;
    }
}

// --- the rush ------------------------------------------------------------------------------

TEST_F(Registration, rush_of_500_for_100_seats_gives_exactly_100_and_an_ordered_waitlist) {
    constexpr int people = 500;
    constexpr int seats = 100;
    constexpr int threads = 8;
    auto coordinator = connect_coordinator();
    const auto n = make_network(*coordinator);
    const auto meeting_id =
        create_published(*coordinator, open_meeting(n.network_id, "in_person", seats, {}));
    const auto topic = "meeting:" + std::to_string(meeting_id);
    result_of(coordinator->call("subscribe", {{"topic", topic}}));

    // 500 people of the two member municipalities, created from four connections at once.
    std::vector<person_with_token> persons(people);
    {
        std::vector<std::thread> makers;
        for (int t = 0; t < 4; ++t) {
            makers.emplace_back([&, t] {
                auto c = connect_coordinator();
                for (int i = t; i < people; i += 4) {
                    persons[static_cast<std::size_t>(i)] =
                        make_person(*c, i % 2 == 0 ? n.kalmar : n.orebro);
                }
            });
        }
        for (auto& m : makers) {
            m.join();
        }
    }

    // Each person on a connection of their own, subscribed to their personal topic.
    std::vector<std::unique_ptr<ws_client>> clients(people);
    std::vector<seat> first(people);
    std::mutex failures_mutex;
    std::vector<std::string> failures;
    const auto fail = [&](std::string what) {
        std::lock_guard lock(failures_mutex);
        failures.push_back(std::move(what));
    };
    std::atomic<int> ready{0};
    std::atomic<bool> go{false};
    std::map<int, seat> retried;  // person index -> what the retry answered
    std::mutex retried_mutex;
    std::vector<std::thread> workers;
    const auto started = std::chrono::steady_clock::now();
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            std::vector<int> mine;
            for (int i = t; i < people; i += threads) {
                mine.push_back(i);
            }
            try {
                for (const int i : mine) {
                    auto& p = persons[static_cast<std::size_t>(i)];
                    clients[static_cast<std::size_t>(i)] = connect_with(p.token);
                    result_of(clients[static_cast<std::size_t>(i)]->call(
                        "subscribe", {{"topic", "person:" + std::to_string(p.person_id)}}));
                }
            } catch (const std::exception& e) {
                fail(std::string("setup: ") + e.what());
            }
            ++ready;
            while (!go) {
                std::this_thread::yield();
            }
            try {
                const json::object args{{"meeting_id", meeting_id}, {"mode", "in_person"}};
                // Everyone at once: send all, then read the answers.
                for (const int i : mine) {
                    clients[static_cast<std::size_t>(i)]->send_text(request_frame(
                        1000, "registration.create", args, "rush-" + std::to_string(i)));
                }
                // Every 7th person retries the same key on a second connection, every 11th
                // registers again without a key: neither may give a second registration.
                std::vector<std::pair<int, std::unique_ptr<ws_client>>> second;
                for (const int i : mine) {
                    if (i % 7 == 0) {
                        auto c = connect_with(persons[static_cast<std::size_t>(i)].token);
                        c->send_text(request_frame(2000, "registration.create", args,
                                                   "rush-" + std::to_string(i)));
                        second.emplace_back(i, std::move(c));
                    }
                    if (i % 11 == 0) {
                        clients[static_cast<std::size_t>(i)]->send_text(
                            request_frame(1001, "registration.create", args));
                    }
                }
                for (const int i : mine) {
                    auto& c = *clients[static_cast<std::size_t>(i)];
                    const auto answer = answer_to(c, 1000);
                    const auto result = result_of(answer);
                    first[static_cast<std::size_t>(i)] =
                        seat_of(result.at("registration").as_object());
                    if (i % 11 == 0) {
                        const auto again = result_of(answer_to(c, 1001));
                        if (again.at("created").as_bool()) {
                            fail("a duplicate registration was created for " + std::to_string(i));
                        }
                        std::lock_guard lock(retried_mutex);
                        retried[-i - 1] = seat_of(again.at("registration").as_object());
                    }
                }
                for (auto& [i, c] : second) {
                    const auto result = result_of(answer_to(*c, 2000));
                    std::lock_guard lock(retried_mutex);
                    retried[i] = seat_of(result.at("registration").as_object());
                }
            } catch (const std::exception& e) {
                fail(std::string("rush: ") + e.what());
            }
        });
    }
    while (ready < threads) {
        std::this_thread::sleep_for(1ms);
    }
    go = true;
    for (auto& w : workers) {
        w.join();
    }
    const auto took = std::chrono::steady_clock::now() - started;
    ASSERT_TRUE(failures.empty()) << failures.size() << " failures, first: " << failures.front();
    std::cout << "[          ] 500 connections and registrations in "
              << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms\n";

    // Exactly the seats, no duplicates, positions 1..400.
    std::set<std::int64_t> ids;
    std::vector<seat> confirmed;
    std::vector<seat> waiting;
    for (const auto& s : first) {
        ids.insert(s.registration_id);
        (s.status == "confirmed" ? confirmed : waiting).push_back(s);
    }
    EXPECT_EQ(ids.size(), static_cast<std::size_t>(people));
    ASSERT_EQ(confirmed.size(), static_cast<std::size_t>(seats));
    ASSERT_EQ(waiting.size(), static_cast<std::size_t>(people - seats));
    std::sort(waiting.begin(), waiting.end(),
              [](const seat& a, const seat& b) { return a.position < b.position; });
    for (std::size_t k = 0; k < waiting.size(); ++k) {
        EXPECT_EQ(waiting[k].status, "waitlisted");
        EXPECT_EQ(waiting[k].position, static_cast<std::int64_t>(k + 1));
        // One order for everything: seats and places in line follow the order of booking.
        if (k > 0) {
            EXPECT_LT(waiting[k - 1].registration_id, waiting[k].registration_id);
        }
    }
    const auto last_confirmed = std::max_element(
        confirmed.begin(), confirmed.end(),
        [](const seat& a, const seat& b) { return a.registration_id < b.registration_id; });
    EXPECT_LT(last_confirmed->registration_id, waiting.front().registration_id);
    // Retries answered with the same registration.
    for (const auto& [key, s] : retried) {
        const int i = key < 0 ? -key - 1 : key;
        EXPECT_EQ(s.registration_id, first[static_cast<std::size_t>(i)].registration_id) << i;
        EXPECT_EQ(s.status, first[static_cast<std::size_t>(i)].status) << i;
    }

    // The coordinator's list agrees with what everyone was told.
    auto listed = result_of(coordinator->call("registration.list", {{"meeting_id", meeting_id}}));
    const auto& rows = listed.at("registrations").as_array();
    ASSERT_EQ(rows.size(), static_cast<std::size_t>(people));
    std::map<std::int64_t, seat> by_id;
    for (const auto& row : rows) {
        const auto s = seat_of(row.as_object());
        by_id[s.registration_id] = s;
    }
    for (const auto& s : first) {
        EXPECT_EQ(by_id[s.registration_id].status, s.status);
        EXPECT_EQ(by_id[s.registration_id].position, s.position);
    }
    EXPECT_EQ(int_at(listed, "counts.in_person.confirmed"), seats);
    EXPECT_EQ(int_at(listed, "counts.in_person.waitlisted"), people - seats);
    EXPECT_EQ(int_at(listed, "counts.in_person.capacity"), seats);

    // Ten confirmed people cancel: the first ten in line get their seats and are told so.
    std::vector<int> cancelling;
    for (int i = 0; i < people && cancelling.size() < 10; ++i) {
        if (first[static_cast<std::size_t>(i)].status == "confirmed") {
            cancelling.push_back(i);
        }
    }
    for (const int i : cancelling) {
        const auto done = result_of(clients[static_cast<std::size_t>(i)]->call(
            "registration.cancel",
            {{"registration_id", first[static_cast<std::size_t>(i)].registration_id}}));
        EXPECT_EQ(string_at(done, "registration.status"), "cancelled");
    }
    for (int i = 0; i < people; ++i) {
        const auto& s = first[static_cast<std::size_t>(i)];
        if (s.status != "waitlisted" || s.position > 11) {
            continue;
        }
        const auto topic_of_person =
            "person:" + std::to_string(persons[static_cast<std::size_t>(i)].person_id);
        auto& c = *clients[static_cast<std::size_t>(i)];
        if (s.position <= 10) {
            const auto promoted = wait_event(c, "registration.promoted", topic_of_person, 10s);
            ASSERT_TRUE(promoted) << "position " << s.position << " was not told";
            EXPECT_EQ(string_at(*promoted, "data.registration.status"), "confirmed");
            EXPECT_EQ(int_at(*promoted, "data.registration.registration_id"), s.registration_id);
        } else {
            EXPECT_FALSE(wait_event(c, "registration.promoted", topic_of_person, 300ms));
            const auto mine =
                result_of(c.call("registration.get", {{"registration_id", s.registration_id}}));
            EXPECT_EQ(int_at(mine, "registration.waitlist_position"), 1);
        }
    }
    listed = result_of(coordinator->call("registration.list", {{"meeting_id", meeting_id}}));
    EXPECT_EQ(int_at(listed, "counts.in_person.confirmed"), seats);
    EXPECT_EQ(int_at(listed, "counts.in_person.waitlisted"), people - seats - 10);

    // The meeting topic saw counts only, the last ones matching the list.
    std::optional<json::object> last;
    while (auto e = wait_event(*coordinator, "registration.counts", topic, 500ms)) {
        expect_no_personal_data(*e);
        last = e;
    }
    ASSERT_TRUE(last);
    EXPECT_EQ(int_at(*last, "data.counts.in_person.confirmed"), seats);
    EXPECT_EQ(int_at(*last, "data.counts.in_person.waitlisted"), people - seats - 10);
}

// --- self-registration ---------------------------------------------------------------------

TEST_F(Registration, self_registration_needs_the_current_invitation_and_gives_a_token) {
    auto coordinator = connect_coordinator();
    const auto n = make_network(*coordinator);
    const auto meeting_id =
        create_published(*coordinator, open_meeting(n.network_id, "hybrid", 10, 10));
    const auto invitation =
        result_of(coordinator->call("org.invitation.create", {{"organisation_id", n.kalmar}}));
    const auto code = string_at(invitation, "code");
    EXPECT_EQ(code.size(), 43u);
    EXPECT_EQ(int_at(invitation, "invitation.organisation_id"), n.kalmar);
    // A second create is refused: rotate instead.
    EXPECT_EQ(
        error_code(coordinator->call("org.invitation.create", {{"organisation_id", n.kalmar}})),
        "conflict");

    const std::string email = unique_name("asa") + "@kalmar.se";
    const json::object me{{"name", "Åsa Öberg"}, {"email", email}, {"role", "elected"}};
    auto visitor = connect_public();
    const auto wrong = visitor->call("registration.create", {{"meeting_id", meeting_id},
                                                             {"mode", "remote"},
                                                             {"invitation", "not-the-code"},
                                                             {"person", me}});
    EXPECT_EQ(error_code(wrong), "invalid_invitation") << json::serialize(wrong);
    const auto missing =
        visitor->call("registration.create", {{"meeting_id", meeting_id}, {"mode", "remote"}});
    EXPECT_EQ(error_code(missing), "invalid_args");
    EXPECT_EQ(error_field(missing), "invitation");

    const auto made =
        result_of(visitor->call("registration.create", {{"meeting_id", meeting_id},
                                                        {"mode", "remote"},
                                                        {"dietary_needs", "Vegetarisk"},
                                                        {"invitation", code},
                                                        {"person", me}}));
    EXPECT_TRUE(made.at("created").as_bool());
    EXPECT_EQ(string_at(made, "registration.status"), "confirmed");
    EXPECT_EQ(int_at(made, "registration.organisation_id"), n.kalmar);
    EXPECT_EQ(string_at(made, "registration.person.email"), email);
    const auto token = string_at(made, "token");

    // The personal link works, and the person sees their registration.
    auto personal = connect_with(token);
    const auto mine = result_of(personal->call("registration.get", {{"meeting_id", meeting_id}}));
    EXPECT_EQ(int_at(mine, "registration.registration_id"),
              int_at(made, "registration.registration_id"));
    EXPECT_EQ(string_at(mine, "registration.dietary_needs"), "Vegetarisk");
    // Registering again with the token gives the same registration (the room learnt the id).
    const auto again = result_of(
        personal->call("registration.create", {{"meeting_id", meeting_id}, {"mode", "remote"}}));
    EXPECT_FALSE(again.at("created").as_bool());
    EXPECT_EQ(int_at(again, "registration.registration_id"),
              int_at(made, "registration.registration_id"));

    // The personal topic's snapshot holds the person's registrations.
    const auto topic = result_of(personal->call(
        "subscribe",
        {{"topic", "person:" + std::to_string(int_at(made, "registration.person_id"))}}));
    ASSERT_EQ(topic.at("snapshot").at("registrations").as_array().size(), 1u);
    EXPECT_EQ(int_at(topic.at("snapshot").at("registrations").as_array()[0].as_object(),
                     "registration_id"),
              int_at(made, "registration.registration_id"));

    // A known address never gets that person's token.
    const auto known = visitor->call(
        "registration.create",
        {{"meeting_id", meeting_id}, {"mode", "remote"}, {"invitation", code}, {"person", me}});
    EXPECT_EQ(error_code(known), "conflict");
    EXPECT_EQ(error_field(known), "person.email");
    EXPECT_EQ(known.at("error").as_object().if_contains("token"), nullptr);

    // Rotating makes the old code fail and the new one work.
    const auto rotated =
        result_of(coordinator->call("org.invitation.rotate", {{"organisation_id", n.kalmar}}));
    const auto fresh = string_at(rotated, "code");
    EXPECT_NE(fresh, code);
    json::object other{
        {"name", "Bo Berg"}, {"email", unique_name("bo") + "@kalmar.se"}, {"role", "official"}};
    const auto stale = visitor->call("registration.create", {{"meeting_id", meeting_id},
                                                             {"mode", "in_person"},
                                                             {"invitation", code},
                                                             {"person", other}});
    EXPECT_EQ(error_code(stale), "invalid_invitation");
    const auto ok = result_of(visitor->call("registration.create", {{"meeting_id", meeting_id},
                                                                    {"mode", "in_person"},
                                                                    {"invitation", fresh},
                                                                    {"person", other}}));
    EXPECT_EQ(string_at(ok, "registration.mode"), "in_person");

    // An invitation of an organisation outside the meeting's network is refused.
    const auto outsider =
        result_of(coordinator->call("org.invitation.create", {{"organisation_id", n.outsider}}));
    const auto foreign =
        visitor->call("registration.create", {{"meeting_id", meeting_id},
                                              {"mode", "remote"},
                                              {"invitation", string_at(outsider, "code")},
                                              {"person",
                                               {{"name", "Cecilia"},
                                                {"email", unique_name("c") + "@botkyrka.se"},
                                                {"role", "official"}}}});
    EXPECT_EQ(error_code(foreign), "forbidden");

    // Revoked: no code works.
    const auto revoked =
        result_of(coordinator->call("org.invitation.revoke", {{"organisation_id", n.kalmar}}));
    EXPECT_TRUE(revoked.at("revoked").as_bool());
    other["email"] = unique_name("d") + "@kalmar.se";
    EXPECT_EQ(error_code(visitor->call("registration.create", {{"meeting_id", meeting_id},
                                                               {"mode", "remote"},
                                                               {"invitation", fresh},
                                                               {"person", other}})),
              "invalid_invitation");
    // Only coordinators manage invitations.
    EXPECT_EQ(error_code(personal->call("org.invitation.rotate", {{"organisation_id", n.kalmar}})),
              "forbidden");
}

// --- refusals ------------------------------------------------------------------------------

TEST_F(Registration, every_refusal_has_its_code) {
    auto coordinator = connect_coordinator();
    const auto n = make_network(*coordinator);
    const auto anna = make_person(*coordinator, n.kalmar);
    const auto erik = make_person(*coordinator, n.orebro);
    const auto bo = make_person(*coordinator, n.outsider);
    auto as_anna = connect_with(anna.token);
    auto as_bo = connect_with(bo.token);
    const auto create = [](ws_client& c, std::int64_t meeting, std::string mode) {
        return c.call("registration.create", {{"meeting_id", meeting}, {"mode", mode}});
    };

    // Window not open yet, and closed (staff may still register people).
    auto early = open_meeting(n.network_id, "in_person", 10, {});
    early["registration_opens"] = "2030-02-01T00:00:00Z";
    const auto not_yet = create_published(*coordinator, early);
    EXPECT_EQ(error_code(create(*as_anna, not_yet, "in_person")), "registration_closed");
    auto late = open_meeting(n.network_id, "in_person", 10, {});
    late["starts_at"] = "2030-03-12T09:00:00+01:00";
    late["registration_opens"] = "2020-01-01T00:00:00Z";
    late["registration_closes"] = "2021-01-01T00:00:00Z";
    const auto closed = create_published(*coordinator, late);
    EXPECT_EQ(error_code(create(*as_anna, closed, "in_person")), "registration_closed");
    const auto by_staff = result_of(coordinator->call(
        "registration.create",
        {{"meeting_id", closed}, {"mode", "in_person"}, {"person_id", anna.person_id}}));
    EXPECT_EQ(string_at(by_staff, "registration.status"), "confirmed");

    // Draft: hidden from participants, its own code for staff.
    const auto draft =
        int_at(result_of(coordinator->call("meeting.create",
                                           open_meeting(n.network_id, "in_person", 10, {}))),
               "meeting.meeting_id");
    EXPECT_EQ(error_code(create(*as_anna, draft, "in_person")), "not_found");
    EXPECT_EQ(error_code(coordinator->call(
                  "registration.create",
                  {{"meeting_id", draft}, {"mode", "in_person"}, {"person_id", anna.person_id}})),
              "meeting_not_published");

    // Cancelled meeting: no registrations, and no changes to existing ones.
    const auto called_off =
        create_published(*coordinator, open_meeting(n.network_id, "hybrid", 10, 10));
    const auto before = result_of(create(*as_anna, called_off, "remote"));
    result_of(coordinator->call("meeting.cancel", {{"meeting_id", called_off}}));
    EXPECT_EQ(error_code(create(*as_anna, called_off, "in_person")), "meeting_cancelled");
    EXPECT_EQ(error_code(as_anna->call(
                  "registration.cancel",
                  {{"registration_id", int_at(before, "registration.registration_id")}})),
              "meeting_cancelled");

    // Modes the format does not offer: invalid_args naming the field.
    const auto physical =
        create_published(*coordinator, open_meeting(n.network_id, "in_person", 10, {}));
    auto wrong_mode = create(*as_anna, physical, "remote");
    EXPECT_EQ(error_code(wrong_mode), "invalid_args");
    EXPECT_EQ(error_field(wrong_mode), "mode");
    const auto digital =
        create_published(*coordinator, open_meeting(n.network_id, "digital", {}, 50));
    EXPECT_EQ(error_field(create(*as_anna, digital, "in_person")), "mode");
    const auto no_remote =
        create_published(*coordinator, open_meeting(n.network_id, "hybrid", 10, 0));
    EXPECT_EQ(error_field(create(*as_anna, no_remote, "remote")), "mode");

    // Needs too long.
    const auto needs =
        as_anna->call("registration.create", {{"meeting_id", physical},
                                              {"mode", "in_person"},
                                              {"accessibility_needs", std::string(501, 'x')}});
    EXPECT_EQ(error_code(needs), "invalid_args");
    EXPECT_EQ(error_field(needs), "accessibility_needs");

    // Not a member: forbidden. Someone else's registration: forbidden.
    const auto not_member = create(*as_bo, physical, "in_person");
    EXPECT_EQ(error_code(not_member), "forbidden") << json::serialize(not_member);
    EXPECT_EQ(error_code(as_anna->call("registration.create", {{"meeting_id", physical},
                                                               {"mode", "in_person"},
                                                               {"person_id", erik.person_id}})),
              "forbidden");
    const auto eriks = result_of(coordinator->call(
        "registration.create",
        {{"meeting_id", physical}, {"mode", "in_person"}, {"person_id", erik.person_id}}));
    const auto eriks_id = int_at(eriks, "registration.registration_id");
    EXPECT_EQ(error_code(as_anna->call("registration.get", {{"registration_id", eriks_id}})),
              "forbidden");
    EXPECT_EQ(error_code(as_anna->call("registration.cancel", {{"registration_id", eriks_id}})),
              "forbidden");
    EXPECT_EQ(error_code(connect_public()->call("registration.list", {{"meeting_id", physical}})),
              "forbidden");
    EXPECT_EQ(error_code(as_anna->call("registration.checkin",
                                       {{"meeting_id", physical}, {"person_id", erik.person_id}})),
              "forbidden");
    EXPECT_EQ(error_code(as_anna->call("meeting.stats", {{"meeting_id", physical}})), "forbidden");
    EXPECT_EQ(error_code(as_anna->call("network.stats", {{"network_id", n.network_id}})),
              "forbidden");

    // Unknown things.
    EXPECT_EQ(error_code(create(*as_anna, 9'000'000'000'000, "in_person")), "not_found");
    EXPECT_EQ(error_code(as_anna->call("registration.get", {{"registration_id", 9'000'000'000}})),
              "not_found");
    EXPECT_EQ(error_code(coordinator->call(
                  "registration.create",
                  {{"meeting_id", physical}, {"mode", "in_person"}, {"person_id", 9'000'000'000}})),
              "not_found");

    // Cancelling twice: conflict.
    const auto annas = result_of(create(*as_anna, physical, "in_person"));
    const auto annas_id = int_at(annas, "registration.registration_id");
    result_of(as_anna->call("registration.cancel", {{"registration_id", annas_id}}));
    EXPECT_EQ(error_code(as_anna->call("registration.cancel", {{"registration_id", annas_id}})),
              "conflict");
    EXPECT_EQ(error_code(as_anna->call("registration.update",
                                       {{"registration_id", annas_id}, {"mode", "in_person"}})),
              "conflict");
    // After cancelling, registering again is a new registration.
    const auto anew = result_of(create(*as_anna, physical, "in_person"));
    EXPECT_TRUE(anew.at("created").as_bool());
    EXPECT_NE(int_at(anew, "registration.registration_id"), annas_id);
}

// --- mode changes, quota, promotion, personal events ---------------------------------------

TEST_F(Registration, changing_mode_frees_the_seat_for_the_next_in_line) {
    auto coordinator = connect_coordinator();
    const auto n = make_network(*coordinator);
    const auto meeting_id =
        create_published(*coordinator, open_meeting(n.network_id, "hybrid", 1, 1));
    const auto anna = make_person(*coordinator, n.kalmar);
    const auto erik = make_person(*coordinator, n.orebro);
    const auto lina = make_person(*coordinator, n.orebro);
    auto as_anna = connect_with(anna.token);
    auto as_erik = connect_with(erik.token);
    auto as_lina = connect_with(lina.token);
    result_of(as_erik->call("subscribe", {{"topic", "person:" + std::to_string(erik.person_id)}}));
    const auto create = [&](ws_client& c, std::string mode) {
        return result_of(
            c.call("registration.create", {{"meeting_id", meeting_id}, {"mode", mode}}));
    };
    const auto a = create(*as_anna, "in_person");
    EXPECT_EQ(string_at(a, "registration.status"), "confirmed");
    const auto e = create(*as_erik, "in_person");
    EXPECT_EQ(string_at(e, "registration.status"), "waitlisted");
    EXPECT_EQ(int_at(e, "registration.waitlist_position"), 1);
    create(*as_lina, "remote");  // takes the only remote seat

    // Anna switches to remote: full there, so she waits at the end of that line, and her
    // in-person seat goes to Erik.
    const auto moved = result_of(as_anna->call(
        "registration.update",
        {{"registration_id", int_at(a, "registration.registration_id")}, {"mode", "remote"}}));
    EXPECT_EQ(string_at(moved, "registration.mode"), "remote");
    EXPECT_EQ(string_at(moved, "registration.status"), "waitlisted");
    EXPECT_EQ(int_at(moved, "registration.waitlist_position"), 1);
    const auto promoted =
        wait_event(*as_erik, "registration.promoted", "person:" + std::to_string(erik.person_id));
    ASSERT_TRUE(promoted);
    EXPECT_EQ(string_at(*promoted, "data.registration.status"), "confirmed");
    EXPECT_TRUE(find_path(*promoted, "data.registration.waitlist_position")->is_null());

    // The online link is for people with a seat (and staff), not for those waiting.
    const auto link = [&](ws_client& c) {
        const auto m = result_of(c.call("meeting.get", {{"meeting_id", meeting_id}}));
        return find_path(m, "meeting.online_url") != nullptr;
    };
    EXPECT_TRUE(link(*as_lina));
    EXPECT_TRUE(link(*as_erik));
    EXPECT_FALSE(link(*as_anna));
    EXPECT_FALSE(link(*connect_public()));

    // Needs can be changed and cleared; the answer shows them to the person.
    const auto needs = result_of(as_erik->call(
        "registration.update", {{"registration_id", int_at(e, "registration.registration_id")},
                                {"dietary_needs", "Glutenfri\r\nInga nötter"}}));
    EXPECT_EQ(string_at(needs, "registration.dietary_needs"), "Glutenfri\nInga nötter");
    const auto cleared = result_of(as_erik->call(
        "registration.update", {{"registration_id", int_at(e, "registration.registration_id")},
                                {"dietary_needs", nullptr}}));
    EXPECT_EQ(string_at(cleared, "registration.dietary_needs"), "");

    // Raising the remote capacity lets Anna in at once.
    result_of(as_anna->call("subscribe", {{"topic", "person:" + std::to_string(anna.person_id)}}));
    result_of(
        coordinator->call("meeting.update", {{"meeting_id", meeting_id}, {"capacity_remote", 2}}));
    const auto in =
        wait_event(*as_anna, "registration.promoted", "person:" + std::to_string(anna.person_id));
    ASSERT_TRUE(in);
    EXPECT_EQ(string_at(*in, "data.registration.mode"), "remote");

    // A participant's list holds their own registrations only.
    const auto list = result_of(as_anna->call("registration.list", {{"meeting_id", meeting_id}}));
    ASSERT_EQ(list.at("registrations").as_array().size(), 1u);
    EXPECT_EQ(int_at(list.at("registrations").as_array()[0].as_object(), "person_id"),
              anna.person_id);
    const auto everywhere = result_of(as_anna->call("registration.list"));
    EXPECT_EQ(everywhere.at("registrations").as_array().size(), 1u);
}

TEST_F(Registration, quota_per_organisation_limits_in_person_seats) {
    auto coordinator = connect_coordinator();
    const auto n = make_network(*coordinator);
    auto args = open_meeting(n.network_id, "hybrid", 10, {});
    args["in_person_quota_per_org"] = 2;
    const auto meeting_id = create_published(*coordinator, args);
    const auto seen = result_of(coordinator->call("meeting.get", {{"meeting_id", meeting_id}}));
    EXPECT_EQ(int_at(seen, "meeting.in_person_quota_per_org"), 2);
    std::vector<std::string> statuses;
    for (int i = 0; i < 3; ++i) {
        const auto p = make_person(*coordinator, n.kalmar);
        statuses.push_back(string_at(
            result_of(coordinator->call(
                "registration.create",
                {{"meeting_id", meeting_id}, {"mode", "in_person"}, {"person_id", p.person_id}})),
            "registration.status"));
    }
    EXPECT_EQ(statuses, (std::vector<std::string>{"confirmed", "confirmed", "waitlisted"}));
    // Remote has no quota, and Örebro is not held up by Kalmar's waiting person.
    const auto remote = make_person(*coordinator, n.kalmar);
    EXPECT_EQ(
        string_at(
            result_of(coordinator->call(
                "registration.create",
                {{"meeting_id", meeting_id}, {"mode", "remote"}, {"person_id", remote.person_id}})),
            "registration.status"),
        "confirmed");
    const auto orebro = make_person(*coordinator, n.orebro);
    EXPECT_EQ(string_at(result_of(coordinator->call("registration.create",
                                                    {{"meeting_id", meeting_id},
                                                     {"mode", "in_person"},
                                                     {"person_id", orebro.person_id}})),
                        "registration.status"),
              "confirmed");
}

TEST_F(Registration, seats_and_waitlist_survive_a_restart) {
    // A server of its own: the restart must not disturb the suite's other tests.
    auto proc = start_server({{"TRAFFPUNKT_STORE_SYNCHRONOUS", "NORMAL"}});
    const auto token = proc->create_token("coordinator");
    connect_options as_coordinator;
    as_coordinator.bearer_token = token;
    std::int64_t meeting_id = 0;
    std::vector<person_with_token> people;
    std::vector<std::int64_t> registrations;
    {
        auto coordinator = connect_to(*proc, as_coordinator);
        const auto n = make_network(*coordinator);
        meeting_id = create_published(*coordinator, open_meeting(n.network_id, "in_person", 2, {}));
        for (int i = 0; i < 4; ++i) {
            people.push_back(make_person(*coordinator, n.kalmar));
            const auto made = result_of(
                coordinator->call("registration.create", {{"meeting_id", meeting_id},
                                                          {"mode", "in_person"},
                                                          {"person_id", people.back().person_id}}));
            registrations.push_back(int_at(made, "registration.registration_id"));
        }
    }
    proc->restart();
    auto coordinator = connect_to(*proc, as_coordinator);
    // The room reloads its book: a duplicate is still found, the freed seat goes to the first
    // in line, and new ids do not clash with stored ones.
    const auto again = result_of(coordinator->call(
        "registration.create",
        {{"meeting_id", meeting_id}, {"mode", "in_person"}, {"person_id", people[3].person_id}}));
    EXPECT_FALSE(again.at("created").as_bool());
    EXPECT_EQ(int_at(again, "registration.waitlist_position"), 2);
    result_of(coordinator->call("registration.cancel", {{"registration_id", registrations[0]}}));
    const auto third =
        result_of(coordinator->call("registration.get", {{"registration_id", registrations[2]}}));
    EXPECT_EQ(string_at(third, "registration.status"), "confirmed");
    const auto fourth =
        result_of(coordinator->call("registration.get", {{"registration_id", registrations[3]}}));
    EXPECT_EQ(int_at(fourth, "registration.waitlist_position"), 1);
    const auto fifth_person =
        make_person(*coordinator, int_at(third, "registration.organisation_id"));
    const auto fifth = result_of(
        coordinator->call("registration.create", {{"meeting_id", meeting_id},
                                                  {"mode", "in_person"},
                                                  {"person_id", fifth_person.person_id}}));
    EXPECT_GT(int_at(fifth, "registration.registration_id"), registrations.back());
    EXPECT_EQ(int_at(fifth, "registration.waitlist_position"), 2);
}

// --- check-in, CSV, statistics -------------------------------------------------------------

/** Parses RFC 4180 CSV (quoted fields with doubled quotes, CRLF records). */
std::vector<std::vector<std::string>> parse_csv(std::string_view text, char separator) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    bool after_quote = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (quoted) {
            if (ch == '"') {
                if (i + 1 < text.size() && text[i + 1] == '"') {
                    field += '"';
                    ++i;
                } else {
                    quoted = false;
                    after_quote = true;
                }
            } else {
                field += ch;
            }
        } else if (ch == '"' && field.empty() && !after_quote) {
            quoted = true;
        } else if (ch == separator) {
            row.push_back(std::move(field));
            field.clear();
            after_quote = false;
        } else if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
            after_quote = false;
            ++i;
        } else {
            EXPECT_FALSE(after_quote) << "text after a closing quote at " << i;
            EXPECT_NE(ch, '\n') << "bare LF outside quotes at " << i;
            field += ch;
        }
    }
    EXPECT_FALSE(quoted) << "unterminated quote";
    EXPECT_TRUE(field.empty() && row.empty()) << "last record without CRLF";
    return rows;
}

TEST_F(Registration, checkin_csv_export_and_statistics) {
    auto coordinator = connect_coordinator();
    const auto n = make_network(*coordinator);
    const auto meeting_id =
        create_published(*coordinator, open_meeting(n.network_id, "hybrid", 2, 10));
    const auto facilitator = make_person(*coordinator, n.orebro);
    result_of(coordinator->call("meeting.add_facilitator", {{"meeting_id", meeting_id},
                                                            {"person_id", facilitator.person_id}}));
    const auto asa = make_person(*coordinator, n.kalmar, "Åsa Öberg, \"Kalle\"", "elected");
    const auto bo = make_person(*coordinator, n.kalmar, "=HYPERLINK(\"x\")");
    const auto cia = make_person(*coordinator, n.orebro, "Cia; Svensson");
    const auto dan = make_person(*coordinator, n.orebro, "Dan");
    auto as_facilitator = connect_with(facilitator.token);
    const auto reg = [&](const person_with_token& p, std::string mode, json::object extra = {}) {
        json::object args{{"meeting_id", meeting_id}, {"mode", mode}, {"person_id", p.person_id}};
        for (auto& [k, v] : extra) {
            args[k] = v;
        }
        // The coordinator registers people on their behalf (a facilitator may not: naming any
        // person id would let them read anyone's details); the facilitator checks them in.
        return result_of(coordinator->call("registration.create", args));
    };
    const auto asa_reg = reg(
        asa, "in_person",
        {{"dietary_needs", "Vegansk;\ninga \"nötter\""}, {"accessibility_needs", "-hörslinga"}});
    reg(bo, "in_person");
    reg(cia, "in_person");  // waitlisted: 2 seats
    reg(dan, "remote");
    const auto checkin_code = string_at(asa_reg, "registration.checkin_code");
    EXPECT_EQ(checkin_code.size(), 6u);

    // Check-in by code (as typed, lower case) and by person; waitlisted people cannot.
    const auto topic = "meeting:" + std::to_string(meeting_id);
    result_of(coordinator->call("subscribe", {{"topic", topic}}));
    std::string lower = checkin_code;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    const auto in = result_of(as_facilitator->call(
        "registration.checkin", {{"meeting_id", meeting_id}, {"checkin_code", " " + lower}}));
    EXPECT_EQ(int_at(in, "registration.person_id"), asa.person_id);
    const auto at = string_at(in, "registration.checked_in_at");
    const auto twice = result_of(as_facilitator->call(
        "registration.checkin", {{"meeting_id", meeting_id}, {"person_id", asa.person_id}}));
    EXPECT_EQ(string_at(twice, "registration.checked_in_at"), at);
    result_of(as_facilitator->call("registration.checkin",
                                   {{"meeting_id", meeting_id}, {"person_id", dan.person_id}}));
    EXPECT_EQ(
        error_code(as_facilitator->call(
            "registration.checkin", {{"meeting_id", meeting_id}, {"person_id", cia.person_id}})),
        "conflict");
    EXPECT_EQ(
        error_code(as_facilitator->call("registration.checkin",
                                        {{"meeting_id", meeting_id}, {"checkin_code", "ZZZZZZ"}})),
        "not_found");
    const auto counts = wait_event(*coordinator, "registration.counts", topic);
    ASSERT_TRUE(counts);
    expect_no_personal_data(*counts);
    const auto snapshot = result_of(connect_public()->call("subscribe", {{"topic", topic}}));
    EXPECT_EQ(int_at(snapshot, "snapshot.counts.in_person.checked_in"), 1);
    EXPECT_EQ(int_at(snapshot, "snapshot.counts.remote.checked_in"), 1);
    EXPECT_EQ(int_at(snapshot, "snapshot.counts.in_person.waitlisted"), 1);
    expect_no_personal_data(snapshot.at("snapshot").at("counts").as_object());

    // The CSV round-trips: semicolons by default, commas on request; Swedish by default,
    // English on request (PROTOCOL.md "Attendee list").
    const auto path = "/meetings/" + std::to_string(meeting_id) + "/attendees.csv";
    const auto get = [&](const std::string& target, std::optional<std::string> token) {
        std::map<std::string, std::string> headers;
        if (token) {
            headers["Authorization"] = "Bearer " + *token;
        }
        return testing::http_request(server().host(), server().port(), "GET", target, headers);
    };
    for (const char separator : {';', ','}) {
        for (const bool english : {false, true}) {
            std::string target = path;
            if (separator == ',') {
                target += "?sep=comma";
            }
            if (english) {
                target += separator == ',' ? "&lang=en" : "?lang=en";
            }
            const auto res = get(target, coordinator_token());
            ASSERT_EQ(res.status, 200) << res.body;
            EXPECT_EQ(res.headers.at("content-type"), "text/csv; charset=utf-8");
            EXPECT_TRUE(
                res.headers.at("content-disposition").starts_with("attachment; filename=\""))
                << res.headers.at("content-disposition");
            EXPECT_TRUE(res.headers.at("content-disposition")
                            .ends_with(english ? "%20-%20attendees.csv" : "%20-%20deltagare.csv"))
                << res.headers.at("content-disposition");
            ASSERT_TRUE(res.body.starts_with("\xEF\xBB\xBF"));
            const auto rows = parse_csv(std::string_view(res.body).substr(3), separator);
            ASSERT_EQ(rows.size(), 5u);
            EXPECT_EQ(rows[0], english ? (std::vector<std::string>{
                                             "Name", "Organisation", "Role", "Attendance", "Status",
                                             "Waitlist position", "E-mail", "Dietary requirements",
                                             "Accessibility needs", "Checked in"})
                                       : (std::vector<std::string>{
                                             "Namn", "Organisation", "Roll", "Deltagande", "Status",
                                             "Plats i kön", "E-post", "Specialkost",
                                             "Tillgänglighet", "Incheckad"}));
            std::map<std::string, std::vector<std::string>> by_name;
            for (std::size_t i = 1; i < rows.size(); ++i) {
                ASSERT_EQ(rows[i].size(), 10u);
                by_name[rows[i][0]] = rows[i];
            }
            ASSERT_TRUE(by_name.count("Åsa Öberg, \"Kalle\""));
            const auto& a = by_name["Åsa Öberg, \"Kalle\""];
            EXPECT_EQ(a[2], english ? "elected" : "förtroendevald");
            EXPECT_EQ(a[3], english ? "in person" : "på plats");
            EXPECT_EQ(a[4], english ? "confirmed" : "bekräftad");
            EXPECT_EQ(a[7], "Vegansk;\ninga \"nötter\"");
            EXPECT_EQ(a[8], "'-hörslinga");  // formula guard
            EXPECT_EQ(a[9], at);
            EXPECT_TRUE(by_name.count("'=HYPERLINK(\"x\")"));
            ASSERT_TRUE(by_name.count("Cia; Svensson"));
            EXPECT_EQ(by_name["Cia; Svensson"][4], english ? "waitlisted" : "väntelista");
            EXPECT_EQ(by_name["Cia; Svensson"][5], "1");
            // Confirmed in person first, then remote, then the waitlist.
            EXPECT_EQ(rows[4][0], "Cia; Svensson");
            EXPECT_EQ(rows[3][0], "Dan");
        }
    }
    // The facilitator may export; others may not; bad requests are told apart.
    EXPECT_EQ(get(path, facilitator.token).status, 200);
    EXPECT_EQ(get(path, std::nullopt).status, 401);
    EXPECT_EQ(get(path, "not-a-token").status, 401);
    EXPECT_EQ(get(path, asa.token).status, 403);
    EXPECT_EQ(get("/meetings/999999999/attendees.csv", coordinator_token()).status, 404);
    EXPECT_EQ(get(path + "?sep=tab", coordinator_token()).status, 400);
    EXPECT_EQ(testing::http_request(server().host(), server().port(), "POST", path,
                                    {{"Authorization", "Bearer " + coordinator_token()}})
                  .status,
              405);

    // Statistics per organisation, for the meeting and across the network.
    const auto stats =
        result_of(as_facilitator->call("meeting.stats", {{"meeting_id", meeting_id}}));
    EXPECT_EQ(int_at(stats, "totals.registered"), 4);
    EXPECT_EQ(int_at(stats, "totals.attended"), 2);
    EXPECT_EQ(int_at(stats, "totals.waitlisted"), 1);
    EXPECT_EQ(int_at(stats, "totals.remote"), 1);
    EXPECT_EQ(int_at(stats, "totals.elected"), 1);
    std::map<std::int64_t, json::object> per_org;
    for (const auto& o : stats.at("organisations").as_array()) {
        per_org[int_at(o.as_object(), "organisation.organisation_id")] = o.as_object();
    }
    ASSERT_EQ(per_org.size(), 2u);
    EXPECT_EQ(int_at(per_org[n.kalmar], "registered"), 2);
    EXPECT_EQ(int_at(per_org[n.kalmar], "in_person"), 2);
    EXPECT_EQ(int_at(per_org[n.kalmar], "attended"), 1);
    EXPECT_EQ(int_at(per_org[n.kalmar], "officials"), 1);
    EXPECT_EQ(int_at(per_org[n.kalmar], "elected"), 1);
    EXPECT_EQ(int_at(per_org[n.orebro], "registered"), 2);
    EXPECT_EQ(int_at(per_org[n.orebro], "remote"), 1);
    const auto network =
        result_of(coordinator->call("network.stats", {{"network_id", n.network_id}}));
    EXPECT_EQ(int_at(network, "meetings"), 1);
    EXPECT_EQ(int_at(network, "totals.registered"), 4);
    EXPECT_EQ(int_at(network, "totals.attended"), 2);
}

}  // namespace
}  // namespace traffpunkt::integration
