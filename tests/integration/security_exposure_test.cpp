// Issue 16, items 7, 8, 10 and 14: what a facilitator, a poll link or a token of the wrong kind
// could learn or do that it should not. Each test is the attack as an outsider would make it,
// named after its item; the suites are named SecurityN because each item needs a server set up
// its own way (security_test.cpp holds the other items).
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <thread>
#include <vector>

#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

/** Admits a new organisation called `name` to `network_id`; returns its id. */
std::int64_t admit(ws_client& coordinator, std::int64_t network_id, const std::string& name) {
    const auto admitted = result_of(
        coordinator.call("org.admit", {{"network_id", network_id},
                                       {"organisation", {{"name", name}, {"kind", "municipality"}}},
                                       {"decision",
                                        {{"deciding_body", "Kommunstyrelsen"},
                                         {"diary_number", "KS 2030/17"},
                                         {"decided_on", "2030-01-15"}}}}));
    return int_at(admitted, "member.organisation.organisation_id");
}

/** A person with a name and e-mail address we can look for in answers. */
struct known_person {
    std::int64_t person_id = 0;
    std::string name;
    std::string email;
};

known_person create_known(ws_client& coordinator, std::int64_t organisation_id,
                          const std::string& name) {
    known_person p;
    p.name = name;
    p.email = unique_name("hemlig") + "@example.se";
    const auto created =
        result_of(coordinator.call("person.create", {{"name", p.name},
                                                     {"email", p.email},
                                                     {"organisation_id", organisation_id},
                                                     {"role", "elected"}}));
    p.person_id = int_at(created, "person.person_id");
    return p;
}

/**
 * An answer without its `re`, with every run of digits replaced by N: two answers of the same
 * shape about different ids compare equal, different words or codes do not.
 */
std::string error_shape(json::object answer) {
    answer.erase("re");
    return std::regex_replace(json::serialize(answer), std::regex("[0-9]+"), "N");
}

}  // namespace

// --- 7: a facilitator harvesting personal data ----------------------------------------------

class Security7 : public integration_fixture {};

TEST_F(Security7, FacilitatorCannotHarvestPersons) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto member = admit(*coordinator, network_id, unique_name("Kalmar kommun"));
    // An organisation of the server that is not a member of this meeting's network.
    const std::string outsider_org = unique_name("Hemliga kommunen");
    const auto outsider_id = admit(*coordinator, create_network(*coordinator), outsider_org);
    const auto meeting_id =
        create_published(*coordinator, open_meeting(network_id, "hybrid", {}, {}));
    const auto facilitator = make_person(*coordinator, member);
    result_of(coordinator->call("meeting.add_facilitator", {{"meeting_id", meeting_id},
                                                            {"person_id", facilitator.person_id}}));
    // The people the facilitator is after: one of a member organisation, one of another.
    const auto victim = create_known(*coordinator, member, "Vera Offersson");
    const auto outsider = create_known(*coordinator, outsider_id, "Otto Utomstående");
    constexpr std::int64_t nobody = 9'000'000'000'000;

    auto f = connect_with(facilitator.token);
    const auto register_other = [&](std::int64_t person_id) {
        return f->call("registration.create",
                       {{"meeting_id", meeting_id}, {"mode", "remote"}, {"person_id", person_id}});
    };
    const auto as_member = register_other(victim.person_id);
    const auto as_outsider = register_other(outsider.person_id);
    const auto as_nobody = register_other(nobody);
    for (const auto* answer : {&as_member, &as_outsider, &as_nobody}) {
        const auto text = json::serialize(*answer);
        for (const auto& secret :
             {victim.name, victim.email, outsider.name, outsider.email, outsider_org}) {
            EXPECT_TRUE(text.find(secret) == std::string::npos)
                << "a facilitator read " << secret << " from " << text;
        }
    }
    EXPECT_EQ(error_code(as_member), "forbidden") << json::serialize(as_member);
    // Whether a person id exists, and of which organisation, is not in the answer either.
    EXPECT_EQ(error_shape(as_member), error_shape(as_nobody));
    EXPECT_EQ(error_shape(as_outsider), error_shape(as_nobody));
    // Nobody was registered.
    const auto listed =
        result_of(coordinator->call("registration.list", {{"meeting_id", meeting_id}}));
    EXPECT_TRUE(listed.at("registrations").as_array().empty()) << json::serialize(listed);

    // The other registration ops do not tell an existing person from an unknown id either.
    for (const auto* op : {"registration.get", "registration.list"}) {
        const auto known =
            f->call(op, {{"meeting_id", meeting_id}, {"person_id", victim.person_id}});
        const auto unknown = f->call(op, {{"meeting_id", meeting_id}, {"person_id", nobody}});
        EXPECT_EQ(error_shape(known), error_shape(unknown)) << op;
    }
    const auto everywhere = f->call("registration.list", {{"person_id", victim.person_id}});
    EXPECT_EQ(error_code(everywhere), "forbidden") << json::serialize(everywhere);

    // A plain participant gets the same answers.
    auto p = connect_with(make_person(*coordinator, member).token);
    EXPECT_EQ(error_shape(p->call("registration.create", {{"meeting_id", meeting_id},
                                                          {"mode", "remote"},
                                                          {"person_id", victim.person_id}})),
              error_shape(as_nobody));

    // What stays allowed: the facilitator registers themself, the coordinator anyone.
    result_of(f->call("registration.create", {{"meeting_id", meeting_id}, {"mode", "remote"}}));
    const auto by_coordinator = result_of(coordinator->call(
        "registration.create",
        {{"meeting_id", meeting_id}, {"mode", "remote"}, {"person_id", victim.person_id}}));
    EXPECT_EQ(string_at(by_coordinator, "registration.person.email"), victim.email);
}

// --- 10: an invitation code as an e-mail oracle ----------------------------------------------

class Security10 : public integration_fixture {};

TEST_F(Security10, InvitationRevealsNoKnownEmail) {
    auto coordinator = connect_coordinator();
    const auto home = create_network(*coordinator);
    const auto org = admit(*coordinator, home, unique_name("Kalmar kommun"));
    const auto code = string_at(
        result_of(coordinator->call("org.invitation.create", {{"organisation_id", org}})), "code");
    const auto known = create_known(*coordinator, org, "Kända Personsson");

    // Meetings whose refusals the attacker tries: another network's (the organisation is not a
    // member there), a closed registration window, a cancelled meeting, a mode not offered.
    const auto elsewhere = create_published(
        *coordinator, open_meeting(create_network(*coordinator), "hybrid", {}, {}));
    auto closed_args = open_meeting(home, "hybrid", {}, {});
    closed_args["registration_closes"] = "2021-01-01T00:00:00Z";
    const auto closed = create_published(*coordinator, closed_args);
    const auto cancelled = create_published(*coordinator, open_meeting(home, "hybrid", {}, {}));
    result_of(coordinator->call("meeting.cancel", {{"meeting_id", cancelled}}));
    const auto in_person = create_published(*coordinator, open_meeting(home, "in_person", {}, {}));
    const auto open = create_published(*coordinator, open_meeting(home, "hybrid", {}, {}));

    auto stranger = connect_public();
    const auto self_register = [&](std::int64_t meeting_id, const std::string& email) {
        return stranger->call(
            "registration.create",
            {{"meeting_id", meeting_id},
             {"mode", "remote"},
             {"invitation", code},
             {"person", {{"name", "Åsa Öberg"}, {"email", email}, {"role", "elected"}}}});
    };
    struct attempt {
        const char* what;
        std::int64_t meeting_id;
        const char* expected;
    };
    for (const auto& a :
         {attempt{"another network's meeting", elsewhere, "forbidden"},
          attempt{"a closed registration window", closed, "registration_closed"},
          attempt{"a cancelled meeting", cancelled, "meeting_cancelled"},
          attempt{"a mode the meeting does not offer", in_person, "invalid_args"}}) {
        const auto unknown_email = unique_name("ny") + "@example.se";
        const auto with_known = self_register(a.meeting_id, known.email);
        const auto with_unknown = self_register(a.meeting_id, unknown_email);
        EXPECT_EQ(error_code(with_unknown), a.expected)
            << a.what << ": " << json::serialize(with_unknown);
        EXPECT_EQ(error_shape(with_known), error_shape(with_unknown))
            << a.what << ": a known e-mail address is told apart from an unknown one";
        // Nothing was made for the unknown address.
        EXPECT_NE(error_code(coordinator->call("person.create", {{"name", "Ny Nysson"},
                                                                 {"email", unknown_email},
                                                                 {"organisation_id", org},
                                                                 {"role", "official"}})),
                  "conflict")
            << a.what << ": a refused self-registration created a person";
    }

    // The one documented answer that tells: a registration that would succeed, with a known
    // address, is refused with conflict (PROTOCOL.md, self-registration).
    const auto documented = self_register(open, known.email);
    EXPECT_EQ(error_code(documented), "conflict") << json::serialize(documented);
    EXPECT_EQ(error_field(documented), "person.email");
    EXPECT_EQ(json::serialize(documented).find(known.name), std::string::npos);
}

// --- 14: poll results and drafts for tokens that may not see them ------------------------------

namespace {

std::string shape(const testing::http_result& r) {
    return std::to_string(r.status) + " " + std::regex_replace(r.body, std::regex("[0-9]+"), "N");
}

testing::http_result http_get(server_process& s, const std::string& path,
                              const std::string& token) {
    return testing::http_request(s.host(), s.port(), "GET", path,
                                 {{"Authorization", "Bearer " + token}});
}

/** The poll an event is about (poll.tally names it, the others carry the poll). */
std::int64_t poll_of(const json::object& event) {
    const auto& data = event.at("data").as_object();
    if (const auto* id = data.if_contains("poll_id")) {
        return id->to_number<std::int64_t>();
    }
    return data.at("poll").at("poll_id").to_number<std::int64_t>();
}

}  // namespace

class Security14 : public integration_fixture {
  public:
    static void SetUpTestSuite() {
        start_shared({{"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "1000"},
                      {"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "10000"}});
    }

  protected:
    /** A published meeting, a participant with a confirmed registration, an audience device. */
    struct room {
        std::int64_t organisation_id = 0;
        std::int64_t meeting_id = 0;
        std::string participant_token;
        std::unique_ptr<ws_client> participant;
        std::string device_token;
        std::unique_ptr<ws_client> device;
    };

    room make_room(ws_client& coordinator) {
        room r;
        const auto network_id = create_network(coordinator);
        r.organisation_id = admit(coordinator, network_id, unique_name("Kalmar kommun"));
        r.meeting_id = create_published(coordinator, open_meeting(network_id, "hybrid", {}, {}));
        r.participant_token = make_person(coordinator, r.organisation_id).token;
        r.participant = registered(coordinator, r, r.participant_token);
        const auto code = string_at(
            result_of(coordinator.call("poll.link", {{"meeting_id", r.meeting_id}})), "code");
        r.device_token = string_at(
            result_of(connect_public()->call("audience.join", {{"code", code}})), "token");
        r.device = connect_with(r.device_token);
        return r;
    }

    std::unique_ptr<ws_client> registered(ws_client& coordinator, const room& r,
                                          std::string token = {}) {
        if (token.empty()) {
            token = make_person(coordinator, r.organisation_id).token;
        }
        auto c = connect_with(token);
        result_of(
            c->call("registration.create", {{"meeting_id", r.meeting_id}, {"mode", "remote"}}));
        return c;
    }

    static std::int64_t make_poll(ws_client& coordinator, std::int64_t meeting_id,
                                  std::string_view audience, bool open) {
        const auto created = result_of(
            coordinator.call("poll.create", {{"meeting_id", meeting_id},
                                             {"kind", "single"},
                                             {"question", "Ska nätverket ses i Malmö i vår?"},
                                             {"options", json::array{"Ja", "Nej"}},
                                             {"audience", audience}}));
        const auto id = int_at(created, "poll.poll_id");
        if (open) {
            result_of(coordinator.call("poll.open", {{"poll_id", id}}));
        }
        return id;
    }
};

TEST_F(Security14, AudienceDevicesGetNoResultsOfRegisteredPolls) {
    auto coordinator = connect_coordinator();
    auto r = make_room(*coordinator);
    const auto link = make_poll(*coordinator, r.meeting_id, "link", true);
    const auto members_only = make_poll(*coordinator, r.meeting_id, "registered", true);
    result_of(
        r.participant->call("poll.vote", {{"poll_id", members_only}, {"ballot", {{"option", 1}}}}));
    const std::string topic = "polls:" + std::to_string(r.meeting_id);

    // Asked directly: no results of the registered participants' poll.
    for (const auto* op : {"poll.get", "poll.results"}) {
        const auto answer = r.device->call(op, {{"poll_id", members_only}});
        EXPECT_EQ(error_code(answer), "forbidden") << op << ": " << json::serialize(answer);
    }
    const auto listed = result_of(r.device->call("poll.list", {{"meeting_id", r.meeting_id}}));
    std::set<std::int64_t> listed_ids;
    for (const auto& p : listed.at("polls").as_array()) {
        listed_ids.insert(p.at("poll").at("poll_id").to_number<std::int64_t>());
    }
    EXPECT_EQ(listed_ids, std::set<std::int64_t>{link}) << json::serialize(listed);

    // The live topic: its snapshot, and then its events.
    const auto subscribed = result_of(r.device->call("subscribe", {{"topic", topic}}));
    std::set<std::int64_t> snapshot_ids;
    for (const auto& p : subscribed.at("snapshot").at("polls").as_array()) {
        snapshot_ids.insert(p.at("poll").at("poll_id").to_number<std::int64_t>());
    }
    EXPECT_EQ(snapshot_ids, std::set<std::int64_t>{link}) << json::serialize(subscribed);
    const auto since = subscribed.at("seq").to_number<std::int64_t>();
    const auto epoch = std::string(subscribed.at("epoch").as_string());

    // Registered participants vote, the poll closes, another one opens; then the device votes
    // in the link poll, whose tally comes after all of that.
    auto second = registered(*coordinator, r);
    result_of(second->call("poll.vote", {{"poll_id", members_only}, {"ballot", {{"option", 2}}}}));
    std::this_thread::sleep_for(300ms);  // past the tally interval: a tally of it goes out
    result_of(coordinator->call("poll.close", {{"poll_id", members_only}}));
    const auto later = make_poll(*coordinator, r.meeting_id, "registered", true);
    result_of(r.device->call("poll.vote", {{"poll_id", link}, {"ballot", {{"option", 1}}}}));
    bool link_tally = false;
    const auto deadline = std::chrono::steady_clock::now() + 5s;
    while (!link_tally && std::chrono::steady_clock::now() < deadline) {
        const auto e = r.device->next_event(500ms);
        if (!e || !e->contains("ev")) {
            continue;
        }
        EXPECT_EQ(poll_of(*e), link) << "an audience device got " << json::serialize(*e);
        link_tally = e->at("ev").as_string() == "poll.tally" && poll_of(*e) == link;
    }
    EXPECT_TRUE(link_tally) << "the link poll's own tally never came";

    // Resuming from before those events replays none of the registered polls' events.
    auto again = connect_with(r.device_token);
    const auto resumed =
        result_of(again->call("subscribe", {{"topic", topic}, {"since", since}, {"epoch", epoch}}));
    const auto replayed = resumed.at("replayed").to_number<std::int64_t>();
    for (std::int64_t i = 0; i < replayed; ++i) {
        const auto e = again->next_event(2s);
        ASSERT_TRUE(e.has_value()) << "replay " << i << " of " << replayed << " missing";
        EXPECT_EQ(poll_of(*e), link) << "replayed to an audience device: " << json::serialize(*e);
    }

    // The exports answer as poll.results does.
    for (const auto* file : {"results.json", "results.csv"}) {
        const auto path = "/polls/" + std::to_string(members_only) + "/" + file;
        EXPECT_EQ(http_get(server(), path, r.device_token).status, 403) << path;
        EXPECT_EQ(http_get(server(), "/polls/" + std::to_string(link) + "/" + file, r.device_token)
                      .status,
                  200);
    }
    // A registered participant still sees both polls, live.
    const auto theirs = result_of(second->call("poll.list", {{"meeting_id", r.meeting_id}}));
    EXPECT_EQ(theirs.at("polls").as_array().size(), 3U);
    EXPECT_FALSE(result_of(second->call("poll.get", {{"poll_id", later}})).at("poll").is_null());
}

TEST_F(Security14, DraftPollAnswersAsAnUnknownOne) {
    auto coordinator = connect_coordinator();
    auto r = make_room(*coordinator);
    const auto draft = make_poll(*coordinator, r.meeting_id, "link", false);
    const auto unknown = draft + 1'000'000;
    const auto outsider_token = make_person(*coordinator, r.organisation_id).token;
    auto outsider = connect_with(outsider_token);
    auto stranger = connect_public();

    struct caller {
        const char* who;
        ws_client* client;
    };
    const std::vector<caller> callers{{"registered participant", r.participant.get()},
                                      {"unregistered participant", outsider.get()},
                                      {"audience device", r.device.get()},
                                      {"public", stranger.get()}};
    const auto args_for = [](std::string_view op, std::int64_t poll_id) {
        json::object a{{"poll_id", poll_id}};
        if (op == "poll.vote") {
            a["ballot"] = json::object{{"option", 1}};
        } else if (op == "poll.update") {
            a["question"] = "Ny fråga?";
        }
        return a;
    };
    for (const auto& c : callers) {
        for (const auto* op : {"poll.get", "poll.results", "poll.vote", "poll.update",
                               "poll.delete", "poll.open", "poll.close"}) {
            const auto of_draft = c.client->call(op, args_for(op, draft));
            const auto of_unknown = c.client->call(op, args_for(op, unknown));
            EXPECT_NE(error_code(of_draft), "") << c.who << " " << op << " changed a draft";
            EXPECT_EQ(error_shape(of_draft), error_shape(of_unknown))
                << c.who << " can tell a draft poll from an unknown one with " << op;
        }
    }
    const std::vector<std::pair<const char*, std::string>> tokens{
        {"registered participant", r.participant_token},
        {"unregistered participant", outsider_token},
        {"audience device", r.device_token}};
    for (const auto& [who, token] : tokens) {
        for (const auto* file : {"results.json", "results.csv", "ballots.csv", "ballots.pb"}) {
            const auto of_draft =
                http_get(server(), "/polls/" + std::to_string(draft) + "/" + file, token);
            const auto of_unknown =
                http_get(server(), "/polls/" + std::to_string(unknown) + "/" + file, token);
            EXPECT_EQ(shape(of_draft), shape(of_unknown))
                << who << " can tell a draft poll from an unknown one by " << file;
        }
    }
    // Still a draft, as it was.
    const auto seen = result_of(coordinator->call("poll.get", {{"poll_id", draft}}));
    EXPECT_EQ(string_at(seen, "poll.status"), "draft");
    EXPECT_EQ(string_at(seen, "poll.question"), "Ska nätverket ses i Malmö i vår?");
}

}  // namespace traffpunkt::integration
