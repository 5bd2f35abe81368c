// Audience questions (PROTOCOL.md "Questions"): ask, upvote, moderate, answer, over the wire
// against the real server. 200 devices voting on 20 questions at once (with retries), a hide
// while votes arrive, pre-moderation, merge, mute, limits, bad input, the exports, and an
// anonymous question looked for in the database files as an attacker would.
#include <sys/resource.h>

#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "db_forensics.hpp"
#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

namespace fx = forensics;

struct scene {
    std::int64_t network_id = 0;
    std::int64_t organisation_id = 0;
    std::int64_t meeting_id = 0;
    std::int64_t board_id = 0;
    std::string code;  ///< the meeting's poll link (audience devices)
};

struct participant {
    person_with_token person;
    std::unique_ptr<ws_client> client;
};

class Questions : public integration_fixture {
  public:
    static void SetUpTestSuite() {
        rlimit limit{};
        if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
            limit.rlim_cur = limit.rlim_max;
            setrlimit(RLIMIT_NOFILE, &limit);
        }
        start_shared({{"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "100000"},
                      {"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "100000"},
                      {"TRAFFPUNKT_AUDIENCE_JOIN_BURST", "100000"},
                      {"TRAFFPUNKT_QUESTIONS_VOTES_INTERVAL_MS", "300"},
                      {"TRAFFPUNKT_QUESTIONS_ASKS_PER_MINUTE", "100"},
                      {"TRAFFPUNKT_STORE_SYNCHRONOUS", "NORMAL"}});
    }

  protected:
    std::unique_ptr<ws_client> coordinator = connect_coordinator();

    scene make_scene(std::string_view moderation = "post") {
        scene s;
        s.network_id = create_network(*coordinator);
        const auto admitted = result_of(coordinator->call(
            "org.admit",
            {{"network_id", s.network_id},
             {"organisation", {{"name", unique_name("Kalmar kommun")}, {"kind", "municipality"}}},
             {"decision",
              {{"deciding_body", "Kommunstyrelsen"},
               {"diary_number", "SKDN 2022/0104"},
               {"decided_on", "2022-08-22"}}}}));
        s.organisation_id = int_at(admitted, "member.organisation.organisation_id");
        s.meeting_id = create_published(*coordinator, open_meeting(s.network_id, "hybrid", {}, {}));
        const auto board = result_of(coordinator->call(
            "qa.open", {{"meeting_id", s.meeting_id}, {"moderation", moderation}}));
        s.board_id = int_at(board, "board.board_id");
        s.code = string_at(
            result_of(coordinator->call("poll.link", {{"meeting_id", s.meeting_id}})), "code");
        return s;
    }

    participant registered(const scene& s) {
        participant p;
        p.person = make_person(*coordinator, s.organisation_id);
        p.client = connect_with(p.person.token);
        const auto reg = result_of(p.client->call(
            "registration.create", {{"meeting_id", s.meeting_id}, {"mode", "remote"}}));
        EXPECT_EQ(string_at(reg, "registration.status"), "confirmed");
        return p;
    }

    std::unique_ptr<ws_client> device(const scene& s) {
        auto joiner = connect_public();
        const auto joined = result_of(joiner->call("audience.join", {{"code", s.code}}));
        return connect_with(string_at(joined, "token"));
    }

    /** qa.list as `c` sees it: question id -> question. */
    static std::map<std::int64_t, json::object> listed(ws_client& c, const scene& s) {
        std::map<std::int64_t, json::object> out;
        const auto r = result_of(c.call("qa.list", {{"meeting_id", s.meeting_id}}));
        for (const auto& q : r.at("questions").as_array()) {
            out[q.at("question_id").to_number<std::int64_t>()] = q.as_object();
        }
        return out;
    }

    static std::int64_t ask(ws_client& c, const scene& s, std::string text,
                            bool anonymous = false) {
        const auto r = result_of(
            c.call("qa.ask", {{"board_id", s.board_id}, {"text", text}, {"anonymous", anonymous}}));
        return int_at(r, "question.question_id");
    }

    /** Reads events of `c` until one with `ev` whose data satisfies `pred`; nullopt on time. */
    template <class Pred>
    static std::optional<json::object> wait_for(ws_client& c, std::string_view ev, Pred pred,
                                                std::chrono::milliseconds within = 5s) {
        const auto until = std::chrono::steady_clock::now() + within;
        while (std::chrono::steady_clock::now() < until) {
            auto e = c.next_event(100ms);
            if (e && e->contains("ev") && e->at("ev").as_string() == ev &&
                pred(e->at("data").as_object())) {
                return e;
            }
        }
        return std::nullopt;
    }
};

}  // namespace

TEST_F(Questions, ask_vote_pin_answer_live_on_both_topics) {
    const auto s = make_scene();
    auto anna = registered(s);
    auto erik = registered(s);
    auto projector = registered(s);
    const auto topic = "questions:" + std::to_string(s.meeting_id);
    const auto staff_topic = "questions-staff:" + std::to_string(s.meeting_id);
    const auto snap = result_of(projector.client->call("subscribe", {{"topic", topic}}));
    ASSERT_TRUE(snap.contains("snapshot")) << json::serialize(snap);
    EXPECT_EQ(snap.at("snapshot").at("boards").as_array().size(), 1U);
    auto watcher = connect_coordinator();
    result_of(watcher->call("subscribe", {{"topic", staff_topic}}));

    const auto asked =
        result_of(anna.client->call("qa.ask",
                                    {{"board_id", s.board_id},
                                     {"text", "  Hur når vi unga som inte röstar?  "},
                                     {"origin", "remote"}},
                                    "ask-1"));
    const auto& q = asked.at("question").as_object();
    const auto qid = int_at(q, "question_id");
    EXPECT_EQ(string_at(q, "text"), "Hur når vi unga som inte röstar?") << "trimmed";
    EXPECT_EQ(string_at(q, "status"), "visible");
    EXPECT_EQ(string_at(q, "origin"), "remote");
    EXPECT_EQ(q.at("anonymous"), json::value(false));
    EXPECT_FALSE(q.at("name").is_null());
    EXPECT_EQ(string_at(asked, "withdraw_key").size(), 43U);
    EXPECT_FALSE(q.contains("hide_reason")) << "participants never see hide reasons";
    // A retry of a named question: the first answer, without the key.
    const auto again = result_of(anna.client->call(
        "qa.ask", {{"board_id", s.board_id}, {"text", "Hur når vi unga som inte röstar?"}},
        "ask-1"));
    EXPECT_EQ(int_at(again, "question.question_id"), qid);
    EXPECT_TRUE(again.at("withdraw_key").is_null());

    EXPECT_TRUE(wait_for(*projector.client, "qa.question", [&](const json::object& d) {
        return d.at("question").at("question_id").to_number<std::int64_t>() == qid;
    }));
    EXPECT_TRUE(wait_for(*watcher, "qa.question", [&](const json::object& d) {
        return d.at("question").as_object().contains("hide_reason");
    }));

    // Votes: once each, changeable, never for one's own named question.
    EXPECT_EQ(error_code(anna.client->call("qa.vote", {{"question_id", qid}})), "conflict");
    auto v = result_of(erik.client->call("qa.vote", {{"question_id", qid}}, "v-1"));
    EXPECT_EQ(v.at("voted"), json::value(true));
    EXPECT_EQ(int_at(v, "votes"), 1);
    v = result_of(erik.client->call("qa.vote", {{"question_id", qid}}, "v-2"));
    EXPECT_EQ(int_at(v, "votes"), 1) << "a second vote counts once";
    auto dev = device(s);
    EXPECT_EQ(int_at(result_of(dev->call("qa.vote", {{"question_id", qid}})), "votes"), 2);
    EXPECT_TRUE(wait_for(*projector.client, "qa.votes", [&](const json::object& d) {
        return d.at("question_id").to_number<std::int64_t>() == qid &&
               d.at("votes").to_number<std::int64_t>() == 2;
    }));
    v = result_of(erik.client->call("qa.vote", {{"question_id", qid}, {"vote", false}}));
    EXPECT_EQ(v.at("voted"), json::value(false));
    EXPECT_EQ(int_at(v, "votes"), 1);
    const auto mine = listed(*erik.client, s);
    EXPECT_EQ(mine.at(qid).at("voted"), json::value(false));
    EXPECT_EQ(listed(*dev, s).at(qid).at("voted"), json::value(true));
    EXPECT_EQ(listed(*anna.client, s).at(qid).at("mine"), json::value(true));

    // The facilitator's pin moves: at most one pinned per board.
    const auto other = ask(*erik.client, s, "Vad kostar det att börja?");
    result_of(coordinator->call("qa.moderate", {{"question_id", qid}, {"action", "pin"}}));
    result_of(coordinator->call("qa.moderate", {{"question_id", other}, {"action", "pin"}}));
    auto now = listed(*projector.client, s);
    EXPECT_EQ(now.at(qid).at("pinned"), json::value(false));
    EXPECT_EQ(now.at(other).at("pinned"), json::value(true));
    EXPECT_TRUE(wait_for(*projector.client, "qa.question", [&](const json::object& d) {
        return d.at("question").at("question_id").to_number<std::int64_t>() == qid &&
               d.at("question").at("pinned") == json::value(false);
    })) << "the question that lost its pin is published too";
    // Top view: pinned first, then votes.
    const auto top = result_of(projector.client->call("qa.list", {{"meeting_id", s.meeting_id}}));
    EXPECT_EQ(top.at("questions").as_array().at(0).at("question_id").to_number<std::int64_t>(),
              other);
    const auto newest = result_of(
        projector.client->call("qa.list", {{"meeting_id", s.meeting_id}, {"view", "newest"}}));
    EXPECT_EQ(newest.at("questions").as_array().at(0).at("question_id").to_number<std::int64_t>(),
              other);

    // Answered: unpinned, takes no votes, reopens.
    const auto answered =
        result_of(coordinator->call("qa.moderate", {{"question_id", other}, {"action", "answer"}}));
    EXPECT_EQ(string_at(answered, "question.status"), "answered");
    EXPECT_EQ(answered.at("question").at("pinned"), json::value(false));
    EXPECT_FALSE(answered.at("question").at("answered_at").is_null());
    EXPECT_EQ(error_code(anna.client->call("qa.vote", {{"question_id", other}})), "conflict");
    EXPECT_EQ(
        error_code(coordinator->call("qa.moderate", {{"question_id", other}, {"action", "pin"}})),
        "conflict");

    // The minutes section and the exports, for staff only.
    const auto md =
        testing::http_request(server().host(), server().port(), "GET",
                              "/meetings/" + std::to_string(s.meeting_id) + "/questions.md",
                              {{"Authorization", "Bearer " + coordinator_token()}});
    EXPECT_EQ(md.status, 200);
    EXPECT_NE(md.body.find("## Frågor från publiken"), std::string::npos) << md.body;
    EXPECT_NE(md.body.find("Besvarade:"), std::string::npos);
    EXPECT_NE(md.body.find("Vad kostar det att börja?"), std::string::npos);
    const auto csv = testing::http_request(server().host(), server().port(), "GET",
                                           "/meetings/" + std::to_string(s.meeting_id) +
                                               "/questions.csv?access_token=" + coordinator_token(),
                                           {});
    EXPECT_EQ(csv.status, 200);
    EXPECT_NE(csv.body.find("Hur når vi unga som inte röstar?"), std::string::npos);
    const auto forbidden =
        testing::http_request(server().host(), server().port(), "GET",
                              "/meetings/" + std::to_string(s.meeting_id) + "/questions.json",
                              {{"Authorization", "Bearer " + anna.person.token}});
    EXPECT_EQ(forbidden.status, 403);
    EXPECT_EQ(
        testing::http_request(server().host(), server().port(), "GET",
                              "/meetings/" + std::to_string(s.meeting_id) + "/questions.json", {})
            .status,
        401);

    // Withdraw: the named asker from any connection; others not.
    EXPECT_EQ(error_code(erik.client->call("qa.withdraw", {{"question_id", qid}})), "forbidden");
    auto anna2 = connect_with(anna.person.token);
    const auto w = result_of(anna2->call("qa.withdraw", {{"question_id", qid}}));
    EXPECT_EQ(string_at(w, "question.status"), "withdrawn");
    EXPECT_TRUE(wait_for(*projector.client, "qa.removed", [&](const json::object& d) {
        return d.at("question_id").to_number<std::int64_t>() == qid;
    }));
    EXPECT_EQ(listed(*projector.client, s).count(qid), 0U);
}

TEST_F(Questions, anonymous_question_withdrawn_only_with_its_key_and_retry_answered_from_memory) {
    const auto s = make_scene();
    auto dev = device(s);
    auto other = device(s);
    const auto asked = result_of(dev->call(
        "qa.ask", {{"board_id", s.board_id}, {"text", "Får barn vara med och rösta?"}}, "anon-1"));
    const auto qid = int_at(asked, "question.question_id");
    EXPECT_EQ(asked.at("question").at("anonymous"), json::value(true)) << "devices have no name";
    EXPECT_TRUE(asked.at("question").at("name").is_null());
    const auto key = string_at(asked, "withdraw_key");
    const auto retry = result_of(dev->call(
        "qa.ask", {{"board_id", s.board_id}, {"text", "Får barn vara med och rösta?"}}, "anon-1"));
    EXPECT_EQ(int_at(retry, "question.question_id"), qid);
    EXPECT_EQ(string_at(retry, "withdraw_key"), key);
    EXPECT_EQ(error_code(other->call("qa.withdraw", {{"question_id", qid}})), "forbidden");
    EXPECT_EQ(error_code(other->call("qa.withdraw",
                                     {{"question_id", qid}, {"withdraw_key", "not-the-key"}})),
              "forbidden");
    // The key works from any device or connection.
    const auto w =
        result_of(other->call("qa.withdraw", {{"question_id", qid}, {"withdraw_key", key}}));
    EXPECT_EQ(string_at(w, "question.status"), "withdrawn");
    EXPECT_EQ(error_code(dev->call("qa.withdraw", {{"question_id", qid}, {"withdraw_key", key}})),
              "conflict");
}

TEST_F(Questions, pre_moderated_board_shows_a_question_only_after_approval) {
    const auto s = make_scene("pre");
    auto anna = registered(s);
    auto erik = registered(s);
    const auto topic = "questions:" + std::to_string(s.meeting_id);
    result_of(erik.client->call("subscribe", {{"topic", topic}}));
    const auto asked = result_of(anna.client->call(
        "qa.ask", {{"board_id", s.board_id}, {"text", "Hur följer vi upp besluten?"}}));
    const auto qid = int_at(asked, "question.question_id");
    EXPECT_EQ(string_at(asked, "question.status"), "pending");
    EXPECT_EQ(listed(*erik.client, s).count(qid), 0U) << "others do not see it";
    EXPECT_EQ(listed(*anna.client, s).count(qid), 1U) << "its asker does";
    EXPECT_EQ(listed(*coordinator, s).count(qid), 1U) << "staff do";
    EXPECT_EQ(error_code(erik.client->call("qa.vote", {{"question_id", qid}})), "conflict");
    EXPECT_FALSE(wait_for(
        *erik.client, "qa.question", [](const json::object&) { return true; }, 500ms))
        << "nothing about a pending question on questions:M";
    result_of(coordinator->call("qa.moderate", {{"question_id", qid}, {"action", "approve"}}));
    EXPECT_TRUE(wait_for(*erik.client, "qa.question", [&](const json::object& d) {
        return d.at("question").at("question_id").to_number<std::int64_t>() == qid &&
               d.at("question").at("status").as_string() == "visible";
    }));
    EXPECT_EQ(
        error_code(coordinator->call("qa.moderate", {{"question_id", qid}, {"action", "approve"}})),
        "conflict");
}

TEST_F(Questions, two_hundred_devices_on_twenty_questions_counted_exactly_with_retries) {
    constexpr int devices = 200;
    constexpr int questions = 20;
    constexpr int threads = 8;
    const auto s = make_scene();
    // A new device every third question (as if the default of 3 per minute held).
    std::vector<std::unique_ptr<ws_client>> askers;
    std::vector<std::int64_t> qids;
    for (int i = 0; i < questions; ++i) {
        if (i % 3 == 0) {
            askers.push_back(device(s));
        }
        qids.push_back(ask(*askers.back(), s, "Fråga nummer " + std::to_string(i), true));
    }
    std::vector<std::string> tokens(devices);
    {
        auto joiner = connect_public();
        for (auto& t : tokens) {
            t = string_at(result_of(joiner->call("audience.join", {{"code", s.code}})), "token");
        }
    }
    // Device i votes for question j when (i + j) % 3 != 0, twice for every 7th with the same
    // idem key, and takes back its vote for question 0 at the end when i % 5 == 0.
    std::map<std::int64_t, std::int64_t> expected;
    for (int i = 0; i < devices; ++i) {
        for (int j = 0; j < questions; ++j) {
            if ((i + j) % 3 != 0 && !(j == 0 && i % 5 == 0)) {
                ++expected[qids[static_cast<std::size_t>(j)]];
            }
        }
    }
    auto watcher = connect_coordinator();
    result_of(
        watcher->call("subscribe", {{"topic", "questions-staff:" + std::to_string(s.meeting_id)}}));
    std::mutex failures_mutex;
    std::vector<std::string> failures;
    std::vector<std::thread> workers;
    for (int t = 0; t < threads; ++t) {
        workers.emplace_back([&, t] {
            const auto fail = [&](std::string what) {
                std::lock_guard lock(failures_mutex);
                failures.push_back(std::move(what));
            };
            try {
                for (int i = t; i < devices; i += threads) {
                    auto c = connect_with(tokens[static_cast<std::size_t>(i)]);
                    std::int64_t id = 0;
                    std::int64_t sent = 0;
                    for (int j = 0; j < questions; ++j) {
                        if ((i + j) % 3 == 0) {
                            continue;
                        }
                        const json::object args{{"question_id", qids[static_cast<std::size_t>(j)]}};
                        const auto key = "qv-" + std::to_string(i) + "-" + std::to_string(j);
                        c->send_text(request_frame(++id, "qa.vote", args, key));
                        ++sent;
                        if (i % 7 == 0) {
                            c->send_text(request_frame(++id, "qa.vote", args, key));
                            ++sent;
                        }
                    }
                    for (const auto& [re, answer] : answers_to(*c, sent, 60s)) {
                        if (!answer.contains("result")) {
                            fail("device " + std::to_string(i) + ": " + json::serialize(answer));
                        }
                    }
                    if (i % 5 == 0 && i % 3 != 0) {
                        const auto back =
                            c->call("qa.vote", {{"question_id", qids[0]}, {"vote", false}});
                        if (!back.contains("result")) {
                            fail("take back " + std::to_string(i) + ": " + json::serialize(back));
                        }
                    }
                }
            } catch (const std::exception& e) {
                fail(e.what());
            }
        });
    }
    for (auto& w : workers) {
        w.join();
    }
    EXPECT_TRUE(failures.empty()) << failures.size() << " failures, first: "
                                  << (failures.empty() ? "" : failures.front());
    const auto after = listed(*coordinator, s);
    for (const auto qid : qids) {
        EXPECT_EQ(after.at(qid).at("votes").to_number<std::int64_t>(), expected[qid])
            << "question " << qid;
    }
    // The live stream ends on the same counts (coalesced: the newest per question).
    std::map<std::int64_t, std::int64_t> streamed;
    const auto until = std::chrono::steady_clock::now() + 10s;
    while (std::chrono::steady_clock::now() < until) {
        auto e = watcher->next_event(200ms);
        if (e && e->at("ev").as_string() == "qa.votes") {
            streamed[e->at("data").at("question_id").to_number<std::int64_t>()] =
                e->at("data").at("votes").to_number<std::int64_t>();
        }
        if (streamed == expected) {
            break;
        }
    }
    EXPECT_EQ(streamed, expected);
}

TEST_F(Questions, hide_while_votes_arrive_keeps_counts_and_clears_every_screen) {
    const auto s = make_scene();
    auto asker = device(s);
    const auto qid = ask(*asker, s, "Varför är mötet så långt?");
    auto projector = registered(s);
    result_of(projector.client->call("subscribe",
                                     {{"topic", "questions:" + std::to_string(s.meeting_id)}}));
    std::vector<std::unique_ptr<ws_client>> voters;
    for (int i = 0; i < 40; ++i) {
        voters.push_back(device(s));
    }
    for (auto& v : voters) {
        v->send_text(request_frame(1, "qa.vote", {{"question_id", qid}}, "h-vote"));
    }
    const auto hidden = result_of(coordinator->call(
        "qa.moderate", {{"question_id", qid}, {"action", "hide"}, {"reason", "Inte en fråga"}}));
    EXPECT_EQ(string_at(hidden, "question.status"), "hidden");
    EXPECT_EQ(string_at(hidden, "question.hide_reason"), "Inte en fråga");
    std::int64_t accepted = 0;
    for (auto& v : voters) {
        const auto a = answer_to(*v, 1);
        if (a.contains("result")) {
            ++accepted;
        } else {
            EXPECT_EQ(error_code(a), "conflict") << json::serialize(a);
        }
    }
    EXPECT_TRUE(wait_for(*projector.client, "qa.removed", [&](const json::object& d) {
        return d.at("question_id").to_number<std::int64_t>() == qid;
    }));
    EXPECT_EQ(listed(*projector.client, s).count(qid), 0U);
    const auto staff = listed(*coordinator, s);
    EXPECT_EQ(staff.at(qid).at("votes").to_number<std::int64_t>(), accepted)
        << "every accepted vote is kept, no refused one";
    // Shown again: the votes come back with it.
    const auto shown =
        result_of(coordinator->call("qa.moderate", {{"question_id", qid}, {"action", "show"}}));
    EXPECT_EQ(string_at(shown, "question.status"), "visible");
    EXPECT_EQ(listed(*projector.client, s).at(qid).at("votes").to_number<std::int64_t>(), accepted);
}

TEST_F(Questions, merge_adds_distinct_voters_and_mute_stops_asking_not_voting) {
    const auto s = make_scene();
    auto a = device(s);
    auto b = device(s);
    auto c = device(s);
    const auto first = ask(*a, s, "Hur mycket pengar finns det?");
    const auto dup = ask(*b, s, "Hur stor är budgeten?");
    result_of(c->call("qa.vote", {{"question_id", first}}));
    result_of(c->call("qa.vote", {{"question_id", dup}}));
    result_of(a->call("qa.vote", {{"question_id", dup}}));
    const auto merged = result_of(coordinator->call(
        "qa.moderate", {{"question_id", dup}, {"action", "merge"}, {"into", first}}));
    EXPECT_EQ(string_at(merged, "question.status"), "merged");
    EXPECT_EQ(int_at(merged, "question.merged_into"), first);
    EXPECT_EQ(int_at(merged, "into.votes"), 2) << "c counted once, a added";
    EXPECT_EQ(listed(*c, s).at(first).at("votes").to_number<std::int64_t>(), 2);
    EXPECT_EQ(error_code(coordinator->call(
                  "qa.moderate", {{"question_id", first}, {"action", "merge"}, {"into", first}})),
              "invalid_args");

    const auto muted = result_of(coordinator->call("qa.mute", {{"question_id", first}}));
    EXPECT_EQ(muted.at("muted"), json::value(true));
    EXPECT_EQ(error_code(a->call("qa.ask", {{"board_id", s.board_id}, {"text", "Igen?"}})),
              "forbidden");
    // Muted: still votes and reads; unmuted: asks again.
    const auto fresh = ask(*c, s, "Kan vi ses i Malmö?");
    EXPECT_TRUE(a->call("qa.vote", {{"question_id", fresh}}).contains("result"));
    EXPECT_EQ(listed(*a, s).count(fresh), 1U);
    result_of(coordinator->call("qa.mute", {{"question_id", first}, {"muted", false}}));
    EXPECT_TRUE(
        a->call("qa.ask", {{"board_id", s.board_id}, {"text", "Igen?"}}).contains("result"));
}

TEST_F(Questions, refusals_have_codes_and_fields) {
    const auto s = make_scene();
    auto anna = registered(s);
    const auto bad_text = [&](json::value text) {
        return anna.client->call("qa.ask", {{"board_id", s.board_id}, {"text", text}});
    };
    EXPECT_EQ(error_field(bad_text("   ")), "text");
    EXPECT_EQ(error_field(bad_text(json::string(std::string(501, 'a')))), "text");
    EXPECT_EQ(error_field(bad_text("rad ett\nrad två")), "text");
    EXPECT_EQ(error_code(bad_text(42)), "invalid_args");
    EXPECT_EQ(error_field(anna.client->call(
                  "qa.ask", {{"board_id", s.board_id}, {"text", "Ok?"}, {"origin", "moon"}})),
              "origin");
    EXPECT_EQ(error_code(anna.client->call("qa.ask", {{"board_id", 999999}, {"text", "Ok?"}})),
              "not_found");
    EXPECT_EQ(error_code(anna.client->call("qa.vote", {{"question_id", 999999}})), "not_found");
    const auto qid = ask(*anna.client, s, "En fråga");
    EXPECT_EQ(error_field(
                  coordinator->call("qa.moderate", {{"question_id", qid}, {"action", "explode"}})),
              "action");
    EXPECT_EQ(
        error_field(coordinator->call("qa.moderate", {{"question_id", qid}, {"action", "merge"}})),
        "into");
    EXPECT_EQ(error_field(coordinator->call(
                  "qa.moderate", {{"question_id", qid}, {"action", "pin"}, {"reason", "x"}})),
              "reason");
    EXPECT_EQ(
        error_code(anna.client->call("qa.moderate", {{"question_id", qid}, {"action", "pin"}})),
        "forbidden");
    // Outsiders: public callers, people not registered, another meeting's device.
    auto stranger = connect_public();
    EXPECT_EQ(error_code(stranger->call("qa.ask", {{"board_id", s.board_id}, {"text", "Hej"}})),
              "forbidden");
    auto outsider = connect_with(make_person(*coordinator, s.organisation_id).token);
    EXPECT_EQ(error_code(outsider->call("qa.ask", {{"board_id", s.board_id}, {"text", "Hej"}})),
              "forbidden");
    EXPECT_EQ(error_code(outsider->call("subscribe",
                                        {{"topic", "questions:" + std::to_string(s.meeting_id)}})),
              "forbidden");
    const auto elsewhere = make_scene();
    auto foreign = device(elsewhere);
    EXPECT_EQ(error_code(foreign->call("qa.vote", {{"question_id", qid}})), "forbidden");
    EXPECT_EQ(error_code(anna.client->call(
                  "subscribe", {{"topic", "questions-staff:" + std::to_string(s.meeting_id)}})),
              "forbidden");
    // A closed board takes nothing; reopening keeps its questions.
    result_of(coordinator->call("qa.close", {{"board_id", s.board_id}}));
    EXPECT_EQ(error_code(coordinator->call("qa.close", {{"board_id", s.board_id}})), "conflict");
    EXPECT_EQ(error_code(bad_text("Stängt?")), "conflict");
    EXPECT_EQ(error_code(anna.client->call("qa.vote", {{"question_id", qid}})), "conflict");
    const auto reopened = result_of(coordinator->call("qa.open", {{"meeting_id", s.meeting_id}}));
    EXPECT_EQ(int_at(reopened, "board.board_id"), s.board_id);
    EXPECT_EQ(listed(*anna.client, s).count(qid), 1U);
    EXPECT_TRUE(still_serving(server()));
}

TEST_F(Questions, limits_rate_and_board_cap) {
    auto proc = start_server(
        {{"TRAFFPUNKT_QUESTIONS_MAX_PER_BOARD", "5"}, {"TRAFFPUNKT_AUDIENCE_JOIN_BURST", "1000"}});
    auto coord = connect_to(*proc, bearer(proc->create_token("coordinator")));
    const auto network = create_network(*coord);
    const auto meeting = create_published(*coord, open_meeting(network, "hybrid", {}, {}));
    const auto board =
        int_at(result_of(coord->call("qa.open", {{"meeting_id", meeting}})), "board.board_id");
    const auto code =
        string_at(result_of(coord->call("poll.link", {{"meeting_id", meeting}})), "code");
    const auto join = [&] {
        auto j = connect_to(*proc);
        return connect_to(
            *proc,
            bearer(string_at(result_of(j->call("audience.join", {{"code", code}})), "token")));
    };
    auto d = join();
    for (int i = 0; i < 3; ++i) {
        result_of(d->call("qa.ask", {{"board_id", board}, {"text", "Fråga " + std::to_string(i)}}));
    }
    const auto limited = d->call("qa.ask", {{"board_id", board}, {"text", "En till"}});
    EXPECT_EQ(error_code(limited), "rate_limited");
    EXPECT_GT(find_path(limited, "error.details.retry_after_ms")->to_number<std::int64_t>(), 0);
    auto e = join();
    result_of(e->call("qa.ask", {{"board_id", board}, {"text", "Fyra"}}));
    result_of(e->call("qa.ask", {{"board_id", board}, {"text", "Fem"}}));
    EXPECT_EQ(error_code(e->call("qa.ask", {{"board_id", board}, {"text", "Sex"}})), "conflict")
        << "the board holds 5";
}

TEST_F(Questions, anonymous_question_links_to_nobody_in_the_database_files) {
    const auto s = make_scene();
    auto anna = registered(s);
    auto dev = device(s);
    const auto anon =
        int_at(result_of(anna.client->call("qa.ask",
                                           {{"board_id", s.board_id},
                                            {"text", "Varför får vi inte se underlaget?"},
                                            {"anonymous", true}},
                                           "anon-ask")),
               "question.question_id");
    // While it is stored, the same person writes on another connection (a vote with an idem
    // key, whose record names them): the two must never share a commit.
    auto anna2 = connect_with(anna.person.token);
    const auto other_q = ask(*dev, s, "Vem bestämmer till slut?");
    for (int i = 0; i < 5; ++i) {
        anna2->send_text(request_frame(1 + i, "qa.vote",
                                       {{"question_id", other_q}, {"vote", i % 2 == 0}},
                                       "busy-" + std::to_string(i)));
        anna.client->send_text(request_frame(1 + i, "qa.ask",
                                             {{"board_id", s.board_id},
                                              {"text", "Samtidig fråga " + std::to_string(i)},
                                              {"anonymous", true}}));
    }
    answers_to(*anna2, 5, 10s);
    answers_to(*anna.client, 5, 10s);
    const auto dev_q = other_q;
    const auto named = ask(*anna.client, s, "Kan vi få protokollet?");
    const auto copy = fx::copy_database(server().data_dir() + "/traffpunkt.sqlite3");
    const auto person = std::to_string(anna.person.person_id);
    for (const auto& image : fx::states_of(copy)) {
        const auto q =
            fx::query(image,
                      "SELECT question_id, anonymous, IFNULL(asker_person_id, ''), asker_name FROM "
                      "questions WHERE question_id IN (" +
                          std::to_string(anon) + "," + std::to_string(dev_q) + "," +
                          std::to_string(named) + ")");
        if (!q) {
            continue;
        }
        for (const auto& row : *q) {
            if (row[0] == std::to_string(named)) {
                EXPECT_EQ(row[2], person);
            } else {
                EXPECT_EQ(row[1], "1");
                EXPECT_EQ(row[2], "") << "an anonymous question with a person";
                EXPECT_EQ(row[3], "");
            }
        }
        // No idempotency record of an anonymous ask, in any state the WAL still holds.
        const auto idem = fx::query(
            image, "SELECT COUNT(*) FROM idempotency WHERE op = 'qa.ask' AND principal = 'person:" +
                       person + "'");
        if (idem) {
            EXPECT_EQ(idem->at(0).at(0), "0");
        }
    }
    // Each commit that added an anonymous question added nothing else to any other table.
    const auto states = fx::states_of(copy);
    int commits_checked = 0;
    for (std::size_t i = 1; i < states.size(); ++i) {
        const auto before =
            fx::query(states[i - 1], "SELECT COUNT(*) FROM questions WHERE anonymous = 1");
        const auto after =
            fx::query(states[i], "SELECT COUNT(*) FROM questions WHERE anonymous = 1");
        if (!before || !after || before->at(0).at(0) == after->at(0).at(0)) {
            continue;
        }
        ++commits_checked;
        const auto tables =
            fx::query(states[i],
                      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name "
                      "NOT IN ('questions', 'sqlite_sequence')");
        ASSERT_TRUE(tables.has_value());
        for (const auto& t : *tables) {
            const auto sql = "SELECT COUNT(*) FROM \"" + t[0] + "\"";
            EXPECT_EQ(fx::query(states[i - 1], sql), fx::query(states[i], sql))
                << "the commit of an anonymous question also changed " << t[0];
        }
    }
    EXPECT_GT(commits_checked, 0) << "the WAL held no commit of an anonymous question";
    EXPECT_EQ(fx::occurrences(copy.main + copy.wal, "anon-ask"), 0U)
        << "the idem key of an anonymous ask is nowhere in the files";
    EXPECT_EQ(string_at(listed(*coordinator, s).at(anon), "status"), "visible");
    EXPECT_TRUE(listed(*coordinator, s).at(anon).at("name").is_null())
        << "staff do not see who asked either";
}

}  // namespace traffpunkt::integration
