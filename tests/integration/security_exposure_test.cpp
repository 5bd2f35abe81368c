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

// --- 8: one client with a poll link ----------------------------------------------------------

namespace {

/** Raises the soft descriptor limit: some attacks below hold hundreds of connections. */
void raise_fd_limit() {
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        setrlimit(RLIMIT_NOFILE, &limit);
    }
}

/** A connection from `address` (any 127.x.y.z is loopback), with or without a token. */
std::unique_ptr<ws_client> connect_from(server_process& s, const std::string& address,
                                        std::optional<std::string> token = {}) {
    connect_options options;
    options.local_address = address;
    options.bearer_token = std::move(token);
    return connect_to(s, options);
}

}  // namespace

class Security8 : public integration_fixture {
  public:
    static void SetUpTestSuite() {
        raise_fd_limit();
        // The attacker pipelines many requests per connection: the per-connection limit is not
        // what is tested here. Everything else is the default configuration.
        start_shared({{"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "100000"},
                      {"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "100000"},
                      {"TRAFFPUNKT_STORE_SYNCHRONOUS", "NORMAL"}});
    }

  protected:
    struct link_room {
        std::int64_t meeting_id = 0;
        std::int64_t poll_id = 0;
        std::string code;
        person_with_token facilitator;
    };

    link_room make_link_room(ws_client& coordinator) {
        link_room r;
        const auto network_id = create_network(coordinator);
        const auto org = admit(coordinator, network_id, unique_name("Kalmar kommun"));
        r.meeting_id = create_published(coordinator, open_meeting(network_id, "hybrid", {}, {}));
        r.facilitator = make_person(coordinator, org);
        result_of(coordinator.call(
            "meeting.add_facilitator",
            {{"meeting_id", r.meeting_id}, {"person_id", r.facilitator.person_id}}));
        const auto created =
            result_of(coordinator.call("poll.create", {{"meeting_id", r.meeting_id},
                                                       {"kind", "single"},
                                                       {"question", "Vilket förslag ska vinna?"},
                                                       {"options", json::array{"A", "B"}},
                                                       {"audience", "link"}}));
        r.poll_id = int_at(created, "poll.poll_id");
        result_of(coordinator.call("poll.open", {{"poll_id", r.poll_id}}));
        r.code = string_at(result_of(coordinator.call("poll.link", {{"meeting_id", r.meeting_id}})),
                           "code");
        return r;
    }

    /** Sends `n` audience.join on one connection at once; the answers in request order. */
    static std::vector<json::object> join_many(ws_client& c, const std::string& code, int n) {
        // Ids of their own, far above those call() uses; answers may come in any order. At
        // most 30 in flight: more answers than the outgoing queue holds would close us (1013).
        constexpr std::int64_t first = 1'000'000'000;
        constexpr int window = 30;
        std::map<std::int64_t, json::object> found;
        const auto deadline = std::chrono::steady_clock::now() + 60s;
        for (int sent = 0; sent < n;) {
            const int batch = std::min(window, n - sent);
            for (int i = 0; i < batch; ++i) {
                c.send_text(request_frame(first + sent + i, "audience.join", {{"code", code}}));
            }
            sent += batch;
            while (static_cast<int>(found.size()) < sent &&
                   std::chrono::steady_clock::now() < deadline) {
                auto frame = c.next_event(5s);
                if (!frame) {
                    break;
                }
                if (const auto* re = frame->if_contains("re"); re != nullptr && re->is_number()) {
                    found.emplace(re->to_number<std::int64_t>(), std::move(*frame));
                }
            }
        }
        if (static_cast<int>(found.size()) < n) {
            throw std::runtime_error("only " + std::to_string(found.size()) + " of " +
                                     std::to_string(n) + " joins were answered");
        }
        std::vector<json::object> out;
        for (auto& [id, answer] : found) {
            out.push_back(std::move(answer));
        }
        return out;
    }
};

TEST_F(Security8, OneAddressCannotStuffBallots) {
    auto coordinator = connect_coordinator();
    const auto r = make_link_room(*coordinator);

    // The attack: 300 devices at once from one laptop, then one ballot with each.
    auto laptop = connect_from(server(), "127.0.1.1");
    std::vector<std::string> tokens;
    int refused = 0;
    for (const auto& answer : join_many(*laptop, r.code, 300)) {
        if (answer.contains("result")) {
            tokens.emplace_back(answer.at("result").at("token").as_string());
            continue;
        }
        ++refused;
        EXPECT_EQ(error_code(answer), "rate_limited") << json::serialize(answer);
        const auto* wait = find_path(answer, "error.details.retry_after_ms");
        EXPECT_TRUE(wait != nullptr && wait->to_number<std::int64_t>() > 0)
            << json::serialize(answer);
    }
    // Another address is not held up by the first one.
    auto neighbour = connect_from(server(), "127.0.1.2");
    EXPECT_TRUE(neighbour->call("audience.join", {{"code", r.code}}).contains("result"));

    int ballots = 0;
    for (const auto& token : tokens) {
        const auto voted = laptop->call("auth", {{"token", token}});
        if (voted.contains("result") &&
            laptop->call("poll.vote", {{"poll_id", r.poll_id}, {"ballot", {{"option", 1}}}})
                .contains("result")) {
            ++ballots;
        }
    }
    // Of 300 devices one address gets the burst (50 by default) and one a second after it.
    EXPECT_LE(ballots, 70) << refused << " of 300 joins were refused";
    EXPECT_GE(refused, 200);
    const auto results = result_of(coordinator->call("poll.results", {{"poll_id", r.poll_id}}));
    EXPECT_LE(int_at(results, "results.ballots"), 70);
}

TEST_F(Security8, RotateUnlocksAFullRoom) {
    auto coordinator = connect_coordinator();
    const auto r = make_link_room(*coordinator);
    // A real device that joined and voted before the attack.
    auto phone = connect_public();
    const auto phone_token =
        string_at(result_of(phone->call("audience.join", {{"code", r.code}})), "token");
    result_of(phone->call("auth", {{"token", phone_token}}));
    result_of(phone->call("poll.vote", {{"poll_id", r.poll_id}, {"ballot", {{"option", 2}}}}));

    // The attack: the meeting's limit of 20,000 devices filled from many addresses (a botnet,
    // or every address of 127.0.0.0/8 here), 50 joins from each.
    constexpr int addresses = 400;
    std::atomic<int> joined{1};
    std::atomic<int> next{0};
    std::vector<std::thread> attackers;
    std::mutex failures_mutex;
    std::vector<std::string> failures;
    for (int t = 0; t < 8; ++t) {
        attackers.emplace_back([&] {
            for (int k = next++; k < addresses; k = next++) {
                try {
                    auto c = connect_from(server(), "127.8." + std::to_string(k / 200) + "." +
                                                        std::to_string(k % 200 + 1));
                    for (const auto& answer : join_many(*c, r.code, 50)) {
                        joined += answer.contains("result") ? 1 : 0;
                    }
                } catch (const std::exception& e) {
                    std::lock_guard lock(failures_mutex);
                    failures.emplace_back(e.what());
                }
            }
        });
    }
    for (auto& a : attackers) {
        a.join();
    }
    ASSERT_TRUE(failures.empty()) << failures.front();
    ASSERT_GE(joined.load(), 20'000) << "the attack did not fill the meeting";
    auto visitor = connect_from(server(), "127.0.0.3");
    const auto locked_out = visitor->call("audience.join", {{"code", r.code}});
    EXPECT_EQ(error_code(locked_out), "conflict") << json::serialize(locked_out);

    // The facilitator rotates the link: the room is open again for the new code.
    auto f = connect_with(r.facilitator.token);
    const auto rotated = result_of(
        f->call("poll.link", {{"meeting_id", r.meeting_id}, {"rotate", true}}, std::nullopt, 30s));
    const auto fresh = string_at(rotated, "code");
    const auto after = visitor->call("audience.join", {{"code", fresh}});
    EXPECT_TRUE(after.contains("result"))
        << "still locked out after rotate: " << json::serialize(after);
    // The devices of the old link that never voted are revoked; the phone that voted is not.
    EXPECT_GE(int_at(rotated, "revoked_devices"), 20'000 - 1) << json::serialize(rotated);
    const auto still = phone->call("poll.get", {{"poll_id", r.poll_id}});
    EXPECT_TRUE(still.contains("result")) << json::serialize(still);
}

TEST_F(Security8, FacilitatorSeesAndRevokesDevices) {
    auto coordinator = connect_coordinator();
    const auto r = make_link_room(*coordinator);
    struct device {
        std::string token;
        std::int64_t token_id = 0;
        std::unique_ptr<ws_client> client;
    };
    std::vector<device> devices(3);
    for (auto& d : devices) {
        const auto joined = result_of(connect_public()->call("audience.join", {{"code", r.code}}));
        d.token = string_at(joined, "token");
        d.token_id = int_at(joined, "token_id");
        d.client = connect_with(d.token);
    }
    result_of(devices[0].client->call("poll.vote",
                                      {{"poll_id", r.poll_id}, {"ballot", {{"option", 1}}}}));

    auto f = connect_with(r.facilitator.token);
    const auto listed = result_of(f->call("audience.list", {{"meeting_id", r.meeting_id}}));
    ASSERT_EQ(listed.at("devices").as_array().size(), 3U) << json::serialize(listed);
    EXPECT_EQ(listed.at("devices").as_array()[0].at("voted"), json::value(true));
    EXPECT_EQ(listed.at("devices").as_array()[1].at("voted"), json::value(false));
    EXPECT_EQ(int_at(listed, "counts.live"), 3);

    // Nobody but the meeting's staff sees or revokes its devices.
    auto participant =
        connect_with(make_person(*coordinator, member_organisation(*coordinator)).token);
    for (auto* c : {participant.get(), devices[1].client.get()}) {
        EXPECT_EQ(error_code(c->call("audience.list", {{"meeting_id", r.meeting_id}})),
                  "forbidden");
        EXPECT_EQ(error_code(c->call("audience.revoke", {{"meeting_id", r.meeting_id},
                                                         {"token_ids", {devices[2].token_id}}})),
                  "forbidden");
    }

    // Revoking one device: it stops working at once, on its open connection and everywhere.
    const auto revoked = result_of(f->call(
        "audience.revoke", {{"meeting_id", r.meeting_id}, {"token_ids", {devices[1].token_id}}}));
    EXPECT_EQ(int_at(revoked, "revoked"), 1);
    EXPECT_EQ(json::serialize(revoked.at("token_ids")),
              "[" + std::to_string(devices[1].token_id) + "]");
    // Its open connection is closed as every revoked token's is (item 2: 4001, within a second).
    const auto closed = devices[1].client->wait_closed(3s);
    ASSERT_TRUE(closed.has_value()) << "the revoked device's connection stayed open\n"
                                    << server().log();
    EXPECT_EQ(closed->code, 4001);
    EXPECT_THROW(connect_with(devices[1].token), upgrade_refused);
    EXPECT_EQ(error_code(connect_public()->call("auth", {{"token", devices[1].token}})),
              "unauthorized");
    EXPECT_EQ(http_get(server(), "/polls/" + std::to_string(r.poll_id) + "/results.json",
                       devices[1].token)
                  .status,
              401);
    const auto relisted = result_of(f->call("audience.list", {{"meeting_id", r.meeting_id}}));
    EXPECT_FALSE(relisted.at("devices").as_array()[1].at("revoked_at").is_null());
    EXPECT_EQ(int_at(relisted, "counts.live"), 2);

    // Rotating the link revokes the devices that have not voted; the one that voted stays.
    const auto rotated =
        result_of(f->call("poll.link", {{"meeting_id", r.meeting_id}, {"rotate", true}}));
    EXPECT_EQ(int_at(rotated, "revoked_devices"), 1);
    const auto rotated_out = devices[2].client->wait_closed(3s);
    ASSERT_TRUE(rotated_out.has_value()) << "a device revoked by the rotation stayed connected";
    EXPECT_EQ(rotated_out->code, 4001);
    EXPECT_TRUE(devices[0].client->call("poll.get", {{"poll_id", r.poll_id}}).contains("result"));
}

/** A small meeting limit and a short "unused" time, to see which devices count. */
class Security8Live : public integration_fixture {
  public:
    static void SetUpTestSuite() {
        start_shared({{"TRAFFPUNKT_AUDIENCE_MAX_DEVICES", "4"},
                      {"TRAFFPUNKT_AUDIENCE_UNUSED_DEVICE_S", "2"}});
    }
};

TEST_F(Security8Live, OnlyLiveDevicesCountAgainstTheCap) {
    auto coordinator = connect_coordinator();
    const auto network_id = create_network(*coordinator);
    const auto org = admit(*coordinator, network_id, unique_name("Kalmar kommun"));
    (void)org;
    const auto meeting_id =
        create_published(*coordinator, open_meeting(network_id, "hybrid", {}, {}));
    const auto poll =
        int_at(result_of(coordinator->call("poll.create", {{"meeting_id", meeting_id},
                                                           {"kind", "single"},
                                                           {"question", "Ja eller nej?"},
                                                           {"options", json::array{"Ja", "Nej"}},
                                                           {"audience", "link"}})),
               "poll.poll_id");
    result_of(coordinator->call("poll.open", {{"poll_id", poll}}));
    const auto code =
        string_at(result_of(coordinator->call("poll.link", {{"meeting_id", meeting_id}})), "code");
    auto joiner = connect_public();
    const auto join = [&] { return joiner->call("audience.join", {{"code", code}}); };

    std::vector<std::string> tokens;
    for (int i = 0; i < 4; ++i) {
        tokens.push_back(string_at(result_of(join()), "token"));
    }
    auto voter = connect_with(tokens[0]);
    result_of(voter->call("poll.vote", {{"poll_id", poll}, {"ballot", {{"option", 1}}}}));
    EXPECT_EQ(error_code(join()), "conflict");  // 4 live devices: the limit

    // Unused devices stop counting once `unused_device_s` has passed; the one that voted counts.
    std::this_thread::sleep_for(2500ms);
    for (int i = 0; i < 3; ++i) {
        EXPECT_TRUE(join().contains("result")) << "join " << i << " after the unused ones expired";
    }
    EXPECT_EQ(error_code(join()), "conflict");
    const auto listed = result_of(coordinator->call("audience.list", {{"meeting_id", meeting_id}}));
    EXPECT_EQ(int_at(listed, "counts.live"), 4) << json::serialize(listed);
    EXPECT_EQ(int_at(listed, "counts.joined"), 7);
    // A device that no longer counts still works: it is not revoked, and voting makes it live.
    auto late = connect_with(tokens[1]);
    result_of(late->call("poll.vote", {{"poll_id", poll}, {"ballot", {{"option", 2}}}}));
    EXPECT_EQ(int_at(result_of(coordinator->call("audience.list", {{"meeting_id", meeting_id}})),
                     "counts.live"),
              5);
}

}  // namespace traffpunkt::integration
