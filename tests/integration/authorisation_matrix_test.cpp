// Who may call what (PROTOCOL.md "Ops", the who column, and "Authorisation"): every op of the
// ops table, called as every role, answers as the matrix below says, and a refused write
// changes nothing. The matrix mirrors the spec's who column; the test reads the ops table and
// fails when an op is missing from the matrix or its who column no longer says what the
// matrix was written from, so a new op (or a changed rule) must be added here too.
#include <algorithm>
#include <array>
#include <fstream>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

using testing::http_request;

/** The roles of the matrix, in the order of its columns. */
enum class role {
    pub,                ///< public: no token
    other_participant,  ///< a participant of another organisation, not registered
    participant,        ///< a participant with a confirmed registration for the meeting
    other_facilitator,  ///< the facilitator of another meeting (not registered)
    facilitator,        ///< a facilitator of the meeting
    coordinator,        ///< a coordinator token
    audience,           ///< an audience device of the meeting (audience.join)
};

constexpr std::array all_roles = {
    role::pub,         role::other_participant, role::participant, role::other_facilitator,
    role::facilitator, role::coordinator,       role::audience};

const char* name_of(role r) {
    switch (r) {
        case role::pub:
            return "public";
        case role::other_participant:
            return "participant of another organisation";
        case role::participant:
            return "registered participant";
        case role::other_facilitator:
            return "facilitator of another meeting";
        case role::facilitator:
            return "facilitator";
        case role::coordinator:
            return "coordinator";
        case role::audience:
            return "audience device";
    }
    return "?";
}

/** An expected answer: a result, anything but a refusal, or one error code. */
struct want {
    std::string code;  ///< "" a result; "*" any answer but forbidden/unauthorized; else the code
    bool refused() const { return !code.empty() && code != "*"; }
};
const want Y{""};            // allowed, and the valid args make it succeed
const want any{"*"};         // allowed (not forbidden/unauthorized); the answer may be an error
const want no{"forbidden"};  // refused
const want nf{"not_found"};  // hidden: the object does not exist for this caller
const want bad{"invalid_args"};

/** One row of the spec's ops table. */
struct spec_row {
    std::string who;
    bool mutating = false;
};

/** The ops table of PROTOCOL.md: op → who column and W column. */
std::map<std::string, spec_row> read_spec_ops() {
    std::ifstream in(TRAFFPUNKT_PROTOCOL_MD);
    EXPECT_TRUE(in) << TRAFFPUNKT_PROTOCOL_MD;
    std::map<std::string, spec_row> found;
    bool in_table = false;
    for (std::string line; std::getline(in, line);) {
        if (line.starts_with("| op | who |")) {
            in_table = true;
            continue;
        }
        if (in_table && !line.starts_with("|")) {
            break;
        }
        if (!in_table || !line.starts_with("| `")) {
            continue;
        }
        std::vector<std::string> cells;
        std::size_t start = 1;
        for (std::size_t bar = line.find('|', start); bar != std::string::npos;
             bar = line.find('|', start)) {
            auto cell = line.substr(start, bar - start);
            const auto first = cell.find_first_not_of(' ');
            const auto last = cell.find_last_not_of(' ');
            cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
            start = bar + 1;
        }
        if (cells.size() < 3) {
            ADD_FAILURE() << "malformed ops row: " << line;
            continue;
        }
        const auto op = cells[0].substr(1, cells[0].size() - 2);  // strip the backticks
        found[op] = spec_row{cells[1], cells[2] == "W"};
    }
    return found;
}

/** The ops table, read once (the tests are registered from it, and each op's test looks it up). */
const std::map<std::string, spec_row>& spec_ops() {
    static const auto ops = read_spec_ops();
    return ops;
}

/** Drops `server_time` (the server's clock at the answer) so two reads compare equal. */
void drop_clock(json::value& v) {
    if (v.is_object()) {
        v.as_object().erase("server_time");
        for (auto& [key, member] : v.as_object()) {
            drop_clock(member);
        }
    } else if (v.is_array()) {
        for (auto& element : v.as_array()) {
            drop_clock(element);
        }
    }
}

/** One test per op of the spec's ops table (the parameter); the cast is built once. */
class AuthorisationMatrix : public integration_fixture,
                            public ::testing::WithParamInterface<std::string> {
  public:
    static void SetUpTestSuite() {
        // Hundreds of calls through one coordinator connection: no rate limit, no fsync; an
        // audience device joins for every meeting, all from one address.
        start_shared({{"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "100000"},
                      {"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "100000"},
                      {"TRAFFPUNKT_AUDIENCE_JOIN_BURST", "100000"},
                      {"TRAFFPUNKT_QUESTIONS_ASKS_PER_MINUTE", "100000"},
                      {"TRAFFPUNKT_STORE_SYNCHRONOUS", "NORMAL"}});
        build_cast();
    }

    static void TearDownTestSuite() {
        clients.clear();
        coordinator.reset();
        integration_fixture::TearDownTestSuite();
    }

  protected:
    /** The meeting a case runs against, made fresh so that no case sees another's state. */
    struct world {
        std::int64_t meeting_id = 0;
        bool draft = false;
        std::int64_t registration_id = 0;  ///< the participant's (published meetings only)
        std::unique_ptr<ws_client> audience;
        std::string audience_token;
        std::int64_t audience_token_id = 0;
        int minutes_steps = 0;  ///< how far make_minutes took the minutes
    };

    /** What a case calls, and what it needs to check afterwards. */
    struct prepared {
        prepared(json::object a = {}) : args(std::move(a)) {}  // NOLINT: implicit on purpose
        json::object args;
        std::string code;   ///< an invitation code made for the call
        std::string email;  ///< an e-mail address the call would take
    };

    struct op_case {
        op_case(std::string op_, std::string who_, std::string variant_,
                std::array<want, 7> expect_, std::function<prepared(world&, role)> prepare_,
                bool draft_ = false, bool fresh_connection_ = false,
                std::function<void(world&, const prepared&)> unchanged_ = {})
            : op(std::move(op_)),
              who(std::move(who_)),
              variant(std::move(variant_)),
              expect(expect_),
              prepare(std::move(prepare_)),
              draft(draft_),
              fresh_connection(fresh_connection_),
              unchanged(std::move(unchanged_)) {}
        std::string op;
        std::string who;      ///< the spec's who column, verbatim
        std::string variant;  ///< what this row of several for one op tries
        std::array<want, 7> expect;
        std::function<prepared(world&, role)> prepare;
        bool draft = false;             ///< the meeting stays a draft
        bool fresh_connection = false;  ///< call on a new connection of the role (auth)
        /** Extra proof that a refused call changed nothing (beyond the snapshot). */
        std::function<void(world&, const prepared&)> unchanged;
    };

    // --- the people and the network every case shares ----------------------------------

    // Static: one network, its people and their connections serve every op's test; each case
    // still gets a meeting (a world) of its own.
    static inline std::unique_ptr<ws_client> coordinator;
    static inline std::int64_t network_id = 0;
    static inline std::int64_t org_a = 0;  ///< the participant's, the facilitators' organisation
    static inline std::int64_t org_b = 0;  ///< the other participant's (also a network member)
    static inline std::string invitation_a;
    static inline person_with_token participant, other_participant, facilitator, other_facilitator,
        spare;
    static inline std::int64_t other_meeting = 0;
    static inline std::map<role, std::unique_ptr<ws_client>> clients;

    static void build_cast() {
        coordinator = connect_coordinator();
        network_id = create_network(*coordinator);
        org_a = admit(unique_name("Kalmar kommun"));
        org_b = admit(unique_name("Uddevalla kommun"));
        invitation_a = string_at(
            result_of(coordinator->call("org.invitation.create", {{"organisation_id", org_a}})),
            "code");
        participant = make_person(*coordinator, org_a);
        other_participant = make_person(*coordinator, org_b);
        facilitator = make_person(*coordinator, org_a);
        other_facilitator = make_person(*coordinator, org_a);
        spare = make_person(*coordinator, org_a);
        other_meeting = create_published(*coordinator, open_meeting(network_id, "hybrid", {}, {}));
        result_of(coordinator->call(
            "meeting.add_facilitator",
            {{"meeting_id", other_meeting}, {"person_id", other_facilitator.person_id}}));
        clients[role::pub] = connect_public();
        clients[role::other_participant] = connect_with(other_participant.token);
        clients[role::participant] = connect_with(participant.token);
        clients[role::other_facilitator] = connect_with(other_facilitator.token);
        clients[role::facilitator] = connect_with(facilitator.token);
    }

    static std::int64_t admit(const std::string& name) {
        const auto admitted = result_of(coordinator->call(
            "org.admit", {{"network_id", network_id},
                          {"organisation", {{"name", name}, {"kind", "municipality"}}},
                          {"decision",
                           {{"deciding_body", "Kommunstyrelsen"},
                            {"diary_number", "KS 2030/17"},
                            {"decided_on", "2030-01-15"}}}}));
        return int_at(admitted, "member.organisation.organisation_id");
    }

    /** A meeting of the network with the facilitator, and the participant registered. */
    world make_world(bool draft) {
        world w;
        w.draft = draft;
        const auto created = result_of(
            coordinator->call("meeting.create", open_meeting(network_id, "hybrid", {}, {})));
        w.meeting_id = int_at(created, "meeting.meeting_id");
        result_of(coordinator->call(
            "meeting.add_facilitator",
            {{"meeting_id", w.meeting_id}, {"person_id", facilitator.person_id}}));
        if (!draft) {
            result_of(coordinator->call("meeting.publish", {{"meeting_id", w.meeting_id}}));
            const auto reg = result_of(
                coordinator->call("registration.create", {{"meeting_id", w.meeting_id},
                                                          {"mode", "remote"},
                                                          {"person_id", participant.person_id}}));
            EXPECT_EQ(string_at(reg, "registration.status"), "confirmed");
            w.registration_id = int_at(reg, "registration.registration_id");
        }
        return w;
    }

    /** The world's audience device (of another meeting when the world is a draft). */
    ws_client& audience_of(world& w) {
        if (!w.audience) {
            const auto meeting = w.draft ? other_meeting : w.meeting_id;
            const auto code = string_at(
                result_of(coordinator->call("poll.link", {{"meeting_id", meeting}})), "code");
            auto joiner = connect_public();
            const auto joined = result_of(joiner->call("audience.join", {{"code", code}}));
            w.audience_token = string_at(joined, "token");
            w.audience_token_id = int_at(joined, "token_id");
            w.audience = connect_with(w.audience_token);
        }
        return *w.audience;
    }

    ws_client& client_of(world& w, role r) {
        if (r == role::coordinator) {
            return *coordinator;
        }
        if (r == role::audience) {
            return audience_of(w);
        }
        return *clients.at(r);
    }

    std::string token_of(world& w, role r) {
        switch (r) {
            case role::pub:
            case role::other_participant:
                return other_participant.token;
            case role::participant:
                return participant.token;
            case role::other_facilitator:
                return other_facilitator.token;
            case role::facilitator:
                return facilitator.token;
            case role::coordinator:
                return coordinator_token();
            case role::audience:
                audience_of(w);
                return w.audience_token;
        }
        return {};
    }

    // --- objects the cases act on (made by the coordinator) ------------------------------

    std::int64_t make_poll(world& w, bool open, std::string_view audience = "link") {
        const auto created =
            result_of(coordinator->call("poll.create", {{"meeting_id", w.meeting_id},
                                                        {"kind", "single"},
                                                        {"question", "Ses vi i Malmö?"},
                                                        {"options", {"Ja", "Nej"}},
                                                        {"audience", audience}}));
        const auto poll_id = int_at(created, "poll.poll_id");
        if (open) {
            result_of(coordinator->call("poll.open", {{"poll_id", poll_id}}));
        }
        return poll_id;
    }

    /** The meeting-wide question board (opened on first use). */
    std::int64_t make_board(world& w) {
        return int_at(result_of(coordinator->call("qa.open", {{"meeting_id", w.meeting_id}})),
                      "board.board_id");
    }

    /** A named question of `asker`, registered for the meeting first if needed. */
    std::int64_t make_question(world& w, const person_with_token& asker) {
        const auto board = make_board(w);
        coordinator->call(
            "registration.create",
            {{"meeting_id", w.meeting_id}, {"mode", "remote"}, {"person_id", asker.person_id}});
        auto c = connect_with(asker.token);
        return int_at(
            result_of(c->call("qa.ask", {{"board_id", board}, {"text", "Vad kostar det?"}})),
            "question.question_id");
    }

    std::int64_t make_item(world& w, std::string_view starts_at = "2030-03-12T09:00:00+01:00") {
        const auto added = result_of(coordinator->call("agenda.add", {{"meeting_id", w.meeting_id},
                                                                      {"title", "Välkommen"},
                                                                      {"kind", "talk"},
                                                                      {"starts_at", starts_at},
                                                                      {"duration_minutes", 15}}));
        return int_at(added, "item.item_id");
    }

    std::int64_t make_document(world& w, std::string_view visibility) {
        const auto res = http_request(
            server().host(), server().port(), "POST",
            "/meetings/" + std::to_string(w.meeting_id) +
                "/documents?filename=underlag.txt&visibility=" + std::string(visibility),
            {{"Authorization", "Bearer " + coordinator_token()},
             {"Content-Type", "text/plain; charset=utf-8"}},
            "Underlag till träffen.");
        EXPECT_EQ(res.status, 201) << res.body;
        return int_at(json::parse(res.body).as_object(), "document.document_id");
    }

    /** Minutes taken `steps` far: 1 edited (v1), 2 submitted (v2), 3 approved (v3). */
    void make_minutes(world& w, int steps) {
        if (w.minutes_steps == steps) {
            return;  // the refusals before left them as they were
        }
        w.minutes_steps = steps;
        result_of(coordinator->call(
            "minutes.edit",
            {{"meeting_id", w.meeting_id}, {"base_version", 0}, {"text", "# Anteckningar"}}));
        if (steps >= 2) {
            result_of(coordinator->call("minutes.submit",
                                        {{"meeting_id", w.meeting_id}, {"version", 1}}));
        }
        if (steps >= 3) {
            result_of(coordinator->call("minutes.approve",
                                        {{"meeting_id", w.meeting_id}, {"version", 2}}));
        }
    }

    std::string make_code(std::int64_t organisation_id) {
        return string_at(result_of(coordinator->call("org.invitation.create",
                                                     {{"organisation_id", organisation_id}})),
                         "code");
    }

    json::object self_registration(world& w, const std::string& code) {
        return {{"meeting_id", w.meeting_id},
                {"mode", "remote"},
                {"invitation", code},
                {"person",
                 {{"name", "Åsa Öberg"},
                  {"email", unique_name("asa") + "@example.se"},
                  {"role", "elected"}}}};
    }

    /** Everything a refused write could have changed, as the coordinator reads it. */
    std::string snapshot(world& w) {
        json::array reads;
        const auto read = [&](std::string_view op, json::object args) {
            auto answer = coordinator->call(op, std::move(args));
            answer.erase("re");
            json::value v = std::move(answer);
            drop_clock(v);
            reads.push_back(std::move(v));
        };
        const json::object meeting{{"meeting_id", w.meeting_id}};
        read("network.list", {});
        read("network.get", {{"network_id", network_id}});
        read("org.list", {});
        read("meeting.list", {{"network_id", network_id}});
        read("meeting.get", meeting);
        read("registration.list", meeting);
        read("poll.list", meeting);
        read("document.list", meeting);
        read("agenda.get", meeting);
        read("agenda.history", meeting);
        read("minutes.get", meeting);
        read("minutes.history", meeting);
        read("meeting.stats", meeting);
        // Whether the facilitator still facilitates (the facilitator list has no read op).
        reads.push_back(json::string(
            error_code(clients.at(role::facilitator)->call("meeting.stats", meeting))));
        return json::serialize(reads);
    }

    std::vector<op_case> matrix();

    /** Calls the case as `r`, checks the answer and, for a refused write, that nothing changed. */
    void run_cell(const op_case& c, const spec_row& row, world& w, role r, std::size_t& cells);
};

// Columns: public, participant of another organisation, registered participant, facilitator
// of another meeting, facilitator of the meeting, coordinator, audience device of the meeting.
std::vector<AuthorisationMatrix::op_case> AuthorisationMatrix::matrix() {
    const auto meeting = [](world& w, role) -> prepared {
        return {{{"meeting_id", w.meeting_id}}};
    };
    const auto with_meeting = [](json::object extra) {
        return [extra](world& w, role) -> prepared {
            json::object args = extra;
            args["meeting_id"] = w.meeting_id;
            return {args};
        };
    };
    const auto constant = [](json::object args) {
        return [args](world&, role) -> prepared { return {args}; };
    };
    const auto subscribe = [](std::string kind, std::function<std::int64_t(world&)> id) {
        return [kind, id](world& w, role) -> prepared {
            return {{{"topic", kind + ":" + std::to_string(id(w))}}};
        };
    };
    const auto meeting_id = [](world& w) { return w.meeting_id; };
    const auto decision = json::object{{"deciding_body", "Kommunstyrelsen"},
                                       {"diary_number", "KS 2030/99"},
                                       {"decided_on", "2030-02-01"}};
    // Refused invitation changes: the code made for the call still registers people.
    const auto code_still_works = [this](world& w, const prepared& p) {
        const auto answer =
            connect_public()->call("registration.create", self_registration(w, p.code));
        EXPECT_TRUE(answer.contains("result")) << json::serialize(answer);
    };

    std::vector<op_case> m;
    // clang-format off
    //            op, who (spec), variant,            P    Pa'  Pa   F'   F    C    A
    m.push_back({"auth", "all", "", {Y, Y, Y, Y, Y, Y, Y},
                 [this](world& w, role r) -> prepared { return {{{"token", token_of(w, r)}}}; },
                 false, true});
    m.push_back({"network.list", "all", "", {Y, Y, Y, Y, Y, Y, Y}, constant({})});
    m.push_back({"network.get", "all", "", {Y, Y, Y, Y, Y, Y, Y},
                 [this](world&, role) -> prepared { return {{{"network_id", network_id}}}; }});
    m.push_back({"network.create", "C", "", {no, no, no, no, no, Y, no},
                 [](world&, role) -> prepared {
                     return {{{"name", unique_name("Nätverk")}, {"starts_on", "2030-01-01"},
                              {"ends_on", "2031-12-31"}}};
                 }});
    m.push_back({"network.update", "C", "", {no, no, no, no, no, Y, no},
                 [this](world&, role) -> prepared {
                     return {{{"network_id", network_id}, {"description", unique_name("ny")}}};
                 }});
    m.push_back({"network.stats", "C", "", {no, no, no, no, no, Y, no},
                 [this](world&, role) -> prepared { return {{{"network_id", network_id}}}; }});
    m.push_back({"org.list", "all", "", {Y, Y, Y, Y, Y, Y, Y}, constant({})});
    m.push_back({"org.admit", "C", "", {no, no, no, no, no, Y, no},
                 [this, decision](world&, role) -> prepared {
                     return {{{"network_id", network_id},
                              {"organisation",
                               {{"name", unique_name("Smygkommun")}, {"kind", "municipality"}}},
                              {"decision", decision}}};
                 }});
    m.push_back({"org.update", "C", "", {no, no, no, no, no, Y, no},
                 [this](world&, role) -> prepared {
                     return {{{"organisation_id", org_b}, {"name", unique_name("Uddevalla")}}};
                 }});
    m.push_back({"org.invitation.create", "C", "", {no, no, no, no, no, Y, no},
                 [this](world&, role) -> prepared {
                     return {{{"organisation_id", admit(unique_name("Borgholm"))}}};
                 },
                 false, false,
                 [this](world&, const prepared& p) {
                     // Nothing was made: the organisation has no code yet.
                     const auto answer = coordinator->call("org.invitation.create", p.args);
                     EXPECT_TRUE(answer.contains("result")) << json::serialize(answer);
                 }});
    for (const auto* op : {"org.invitation.rotate", "org.invitation.revoke"}) {
        m.push_back({op, "C", "", {no, no, no, no, no, Y, no},
                     [this](world&, role) -> prepared {
                         const auto org = admit(unique_name("Mörbylånga"));
                         prepared p{{{"organisation_id", org}}};
                         p.code = make_code(org);
                         return p;
                     },
                     false, false, code_still_works});
    }
    m.push_back({"person.create", "C", "", {no, no, no, no, no, Y, no},
                 [this](world&, role) -> prepared {
                     prepared p;
                     p.email = unique_name("smyg") + "@example.se";
                     p.args = {{"name", "Smyg Smygsson"}, {"email", p.email},
                               {"organisation_id", org_a}, {"role", "official"}};
                     return p;
                 },
                 false, false,
                 [this](world&, const prepared& p) {
                     // Nobody was made: the e-mail address is still free.
                     const auto answer = coordinator->call("person.create", p.args);
                     EXPECT_TRUE(answer.contains("result")) << json::serialize(answer);
                 }});
    m.push_back({"person.get", "C, the person", "", {no, no, Y, no, no, Y, no},
                 [this](world&, role) -> prepared {
                     return {{{"person_id", participant.person_id}}};
                 }});
    m.push_back({"calendar.link", "Pa (own), C", "own link", {no, Y, Y, Y, Y, Y, no},
                 [this](world&, role r) -> prepared {
                     if (r == role::coordinator) {
                         return {{{"person_id", participant.person_id}}};
                     }
                     return {};
                 }});
    m.push_back({"calendar.link", "Pa (own), C", "another person's", {no, no, Y, no, no, Y, no},
                 [this](world&, role) -> prepared {
                     return {{{"person_id", participant.person_id}}};
                 }});
    m.push_back({"person.export", "C, the person", "", {no, no, Y, no, no, Y, no},
                 [this](world&, role) -> prepared {
                     return {{{"person_id", participant.person_id}}};
                 }});
    // A wrong confirmation: allowed for coordinators (invalid_args), nobody is erased.
    m.push_back({"person.erase", "C", "", {no, no, no, no, no, bad, no},
                 [this](world&, role) -> prepared {
                     return {{{"person_id", participant.person_id},
                              {"confirm", "not-their-address@example.se"}}};
                 }});
    m.push_back({"audit.list", "C", "", {no, no, no, no, no, Y, no},
                 [](world&, role) -> prepared { return {}; }});
    m.push_back({"retention.run", "C", "", {no, no, no, no, no, Y, no},
                 [](world&, role) -> prepared { return {}; }});
    m.push_back({"person.list", "C", "", {no, no, no, no, no, Y, no},
                 [this](world&, role) -> prepared {
                     return {{{"organisation_id", org_a}, {"query", "a"}}};
                 }});
    m.push_back({"person.update", "C", "", {no, no, no, no, no, Y, no},
                 [this](world&, role) -> prepared {
                     // A person of its own: an allowed update must not rename the matrix's people.
                     prepared p{{{"person_id", make_person(*coordinator, org_a).person_id},
                                 {"name", "Omdöpt"}}};
                     return p;
                 },
                 false, false,
                 [this](world&, const prepared& p) {
                     const auto read = result_of(coordinator->call(
                         "person.get", {{"person_id", p.args.at("person_id")}}));
                     EXPECT_NE(string_at(read, "person.name"), "Omdöpt");
                 }});
    for (const auto* op : {"person.link", "person.link.revoke"}) {
        m.push_back({op, "C", "", {no, no, no, no, no, Y, no},
                     [this](world&, role) -> prepared {
                         // A person of its own: revoking must not touch the matrix's tokens.
                         const auto target = make_person(*coordinator, org_a);
                         prepared p{{{"person_id", target.person_id}}};
                         p.code = target.token;
                         return p;
                     },
                     false, false,
                     [this](world&, const prepared& p) {
                         // The person's link still works.
                         const auto answer = connect_public()->call("auth", {{"token", p.code}});
                         EXPECT_TRUE(answer.contains("result")) << json::serialize(answer);
                     }});
    }
    m.push_back({"meeting.list", "all", "", {Y, Y, Y, Y, Y, Y, Y},
                 [this](world&, role) -> prepared { return {{{"network_id", network_id}}}; }});
    m.push_back({"meeting.get", "all", "published meeting", {Y, Y, Y, Y, Y, Y, Y}, meeting});
    m.push_back({"meeting.get", "all", "draft meeting", {nf, nf, nf, nf, Y, Y, nf}, meeting, true});
    m.push_back({"meeting.create", "C", "", {no, no, no, no, no, Y, no},
                 [this](world&, role) -> prepared {
                     return {open_meeting(network_id, "hybrid", {}, {})};
                 }});
    m.push_back({"meeting.update", "C, F", "", {no, no, no, no, Y, Y, no},
                 with_meeting({{"title", "Ny titel"}})});
    m.push_back({"meeting.update", "C, F", "draft meeting", {nf, nf, nf, nf, Y, Y, nf},
                 with_meeting({{"title", "Ny titel"}}), true});
    m.push_back({"meeting.publish", "C", "draft meeting", {no, no, no, no, no, Y, no}, meeting,
                 true});
    m.push_back({"meeting.cancel", "C", "", {no, no, no, no, no, Y, no}, meeting});
    m.push_back({"meeting.add_facilitator", "C", "", {no, no, no, no, no, Y, no},
                 [this](world& w, role) -> prepared {
                     return {{{"meeting_id", w.meeting_id}, {"person_id", spare.person_id}}};
                 },
                 false, false,
                 [this](world& w, const prepared&) {
                     const auto auth = result_of(connect_public()->call(
                         "auth", {{"token", spare.token}}));
                     for (const auto& id : auth.at("facilitates").as_array()) {
                         EXPECT_NE(id.to_number<std::int64_t>(), w.meeting_id);
                     }
                 }});
    m.push_back({"meeting.remove_facilitator", "C", "", {no, no, no, no, no, Y, no},
                 [this](world& w, role) -> prepared {
                     return {{{"meeting_id", w.meeting_id}, {"person_id", facilitator.person_id}}};
                 }});
    m.push_back({"meeting.stats", "C, F", "", {no, no, no, no, Y, Y, no}, meeting});

    // Registrations. "P (with invitation)": a public caller self-registers with a code; so
    // may an audience device (it may do what public may, see "Authorisation").
    // Registering someone else is for coordinators: naming any person id would let a
    // facilitator read anyone's name, e-mail and organisation.
    m.push_back({"registration.create", "P (with invitation), Pa, C", "oneself / for another",
                 {Y, Y, Y, Y, Y, Y, Y},
                 [this](world& w, role r) -> prepared {
                     if (r == role::pub || r == role::audience) {
                         return {self_registration(w, invitation_a)};
                     }
                     if (r == role::coordinator) {
                         return {{{"meeting_id", w.meeting_id}, {"mode", "remote"},
                                  {"person_id", spare.person_id}}};
                     }
                     return {{{"meeting_id", w.meeting_id}, {"mode", "remote"}}};
                 }});
    m.push_back({"registration.create", "P (with invitation), Pa, C", "someone else (person_id)",
                 {bad, no, no, no, no, Y, bad},
                 [this](world& w, role) -> prepared {
                     return {{{"meeting_id", w.meeting_id}, {"mode", "remote"},
                              {"person_id", spare.person_id}}};
                 }});
    m.push_back({"registration.get", "the person, F, C", "", {no, no, Y, no, Y, Y, no},
                 [](world& w, role) -> prepared {
                     return {{{"registration_id", w.registration_id}}};
                 }});
    m.push_back({"registration.list", "Pa (own), F, C", "the meeting's", {no, Y, Y, Y, Y, Y, no},
                 meeting});
    m.push_back({"registration.list", "Pa (own), F, C", "the participant's",
                 {no, no, Y, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     return {{{"meeting_id", w.meeting_id}, {"person_id", participant.person_id}}};
                 }});
    m.push_back({"registration.list", "Pa (own), F, C", "own, every meeting",
                 {no, Y, Y, Y, Y, any, no}, constant({})});
    m.push_back({"registration.update", "the person, F, C", "", {no, no, Y, no, Y, Y, no},
                 [](world& w, role) -> prepared {
                     return {{{"registration_id", w.registration_id},
                              {"dietary_needs", "Vegetarisk"}}};
                 }});
    m.push_back({"registration.cancel", "the person, F, C", "", {no, no, Y, no, Y, Y, no},
                 [](world& w, role) -> prepared {
                     return {{{"registration_id", w.registration_id}}};
                 }});
    m.push_back({"registration.checkin", "F, C", "", {no, no, no, no, Y, Y, no},
                 [](world& w, role) -> prepared {
                     return {{{"meeting_id", w.meeting_id},
                              {"registration_id", w.registration_id}}};
                 }});

    // Polls (of audience "link", so that the meeting's audience devices take part).
    m.push_back({"poll.create", "F, C", "", {no, no, no, no, Y, Y, no},
                 with_meeting({{"kind", "single"}, {"question", "Ja eller nej?"},
                               {"options", {"Ja", "Nej"}}})});
    // Polls that are drafts do not exist for those who may not see them (not_found, as for an
    // unknown id); public callers and devices, who run no meeting, are refused before that.
    m.push_back({"poll.update", "F, C", "draft poll", {no, nf, nf, nf, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     return {{{"poll_id", make_poll(w, false)}, {"question", "Ny fråga?"}}};
                 }});
    m.push_back({"poll.delete", "F, C", "draft poll", {no, nf, nf, nf, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     return {{{"poll_id", make_poll(w, false)}}};
                 }});
    m.push_back({"poll.open", "F, C", "draft poll", {no, nf, nf, nf, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     return {{{"poll_id", make_poll(w, false)}}};
                 }});
    m.push_back({"poll.close", "F, C", "", {no, no, no, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     return {{{"poll_id", make_poll(w, true)}}};
                 }});
    m.push_back({"poll.vote", "Pa (registered), audience", "", {no, no, Y, no, no, no, Y},
                 [this](world& w, role) -> prepared {
                     return {{{"poll_id", make_poll(w, true)}, {"ballot", {{"option", 1}}}}};
                 }});
    for (const auto* op : {"poll.get", "poll.results"}) {
        m.push_back({op, "Pa (registered), audience, F, C", "", {no, no, Y, no, Y, Y, Y},
                     [this](world& w, role) -> prepared {
                         return {{{"poll_id", make_poll(w, true)}}};
                     }});
        // A poll for registered participants is not the devices' (nor are its results).
        m.push_back({op, "Pa (registered), audience, F, C", "registered-only poll",
                     {no, no, Y, no, Y, Y, no},
                     [this](world& w, role) -> prepared {
                         return {{{"poll_id", make_poll(w, true, "registered")}}};
                     }});
        m.push_back({op, "Pa (registered), audience, F, C", "draft poll",
                     {no, nf, nf, nf, Y, Y, nf},
                     [this](world& w, role) -> prepared {
                         return {{{"poll_id", make_poll(w, false)}}};
                     }});
    }
    m.push_back({"poll.list", "Pa (registered), audience, F, C", "", {no, no, Y, no, Y, Y, Y},
                 meeting});
    m.push_back({"poll.link", "F, C", "", {no, no, no, no, Y, Y, no}, meeting});
    m.push_back({"audience.list", "F, C", "", {no, no, no, no, Y, Y, no}, meeting});
    m.push_back({"audience.revoke", "F, C", "", {no, no, no, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     audience_of(w);
                     return {{{"meeting_id", w.meeting_id},
                              {"token_ids", {w.audience_token_id}}}};
                 },
                 false, false,
                 [this](world& w, const prepared&) {
                     // The device still works.
                     const auto answer = audience_of(w).call(
                         "poll.list", {{"meeting_id", w.meeting_id}});
                     EXPECT_TRUE(answer.contains("result")) << json::serialize(answer);
                 }});
    m.push_back({"audience.join", "all", "", {Y, Y, Y, Y, Y, Y, Y},
                 [this](world& w, role) -> prepared {
                     return {{{"code", string_at(result_of(coordinator->call(
                                                     "poll.link", {{"meeting_id", w.meeting_id}})),
                                                 "code")}}};
                 }});

    // Audience questions: a board of the meeting opened by the coordinator; questions asked by
    // `spare`, registered for it, so that every role may vote for them.
    m.push_back({"qa.open", "F, C", "", {no, no, no, no, Y, Y, no}, meeting});
    m.push_back({"qa.close", "F, C", "", {no, no, no, no, Y, Y, no},
                 [this](world& w, role) -> prepared { return {{{"board_id", make_board(w)}}}; }});
    m.push_back({"qa.ask", "Pa (registered), F, audience", "", {no, no, Y, no, Y, no, Y},
                 [this](world& w, role) -> prepared {
                     return {{{"board_id", make_board(w)}, {"text", "Hur når vi unga?"}}};
                 }});
    m.push_back({"qa.vote", "Pa (registered), F, audience", "", {no, no, Y, no, Y, no, Y},
                 [this](world& w, role) -> prepared {
                     return {{{"question_id", make_question(w, spare)}}};
                 }});
    m.push_back({"qa.withdraw", "the asker, F, C", "the participant's named question",
                 {no, no, Y, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     return {{{"question_id", make_question(w, participant)}}};
                 }});
    m.push_back({"qa.moderate", "F, C", "", {no, no, no, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     return {{{"question_id", make_question(w, spare)}, {"action", "pin"}}};
                 }});
    m.push_back({"qa.mute", "F, C", "", {no, no, no, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     return {{{"question_id", make_question(w, spare)}}};
                 }});
    m.push_back({"qa.list", "Pa (registered), audience, F, C", "", {no, no, Y, no, Y, Y, Y},
                 meeting});

    // Documents (uploaded by the coordinator over HTTP).
    m.push_back({"document.list", "all", "", {Y, Y, Y, Y, Y, Y, Y}, meeting});
    const std::string doc_who = "all (as the document's visibility allows)";
    m.push_back({"document.get", doc_who, "public document", {Y, Y, Y, Y, Y, Y, Y},
                 [this](world& w, role) -> prepared {
                     return {{{"document_id", make_document(w, "public")}}};
                 }});
    m.push_back({"document.get", doc_who, "registered document", {no, no, Y, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     return {{{"document_id", make_document(w, "registered")}}};
                 }});
    m.push_back({"document.get", doc_who, "facilitators document", {no, no, no, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     return {{{"document_id", make_document(w, "facilitators")}}};
                 }});
    m.push_back({"document.update", "F, C", "", {no, no, no, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     return {{{"document_id", make_document(w, "public")}, {"title", "Ny titel"}}};
                 }});
    m.push_back({"document.remove", "F, C", "", {no, no, no, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     return {{{"document_id", make_document(w, "public")}}};
                 }});

    // Agenda.
    m.push_back({"agenda.get", "all", "", {Y, Y, Y, Y, Y, Y, Y}, meeting});
    m.push_back({"agenda.add", "F, C", "", {no, no, no, no, Y, Y, no},
                 with_meeting({{"title", "Fika"}, {"kind", "break"},
                               {"starts_at", "2030-03-12T10:00:00+01:00"},
                               {"duration_minutes", 20}})});
    m.push_back({"agenda.update", "F, C", "", {no, no, no, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     return {{{"item_id", make_item(w)}, {"title", "Välkomna"}}};
                 }});
    m.push_back({"agenda.move", "F, C", "", {no, no, no, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     make_item(w);
                     return {{{"item_id", make_item(w, "2030-03-12T09:30:00+01:00")},
                              {"position", 1}}};
                 }});
    m.push_back({"agenda.remove", "F, C", "", {no, no, no, no, Y, Y, no},
                 [this](world& w, role) -> prepared { return {{{"item_id", make_item(w)}}}; }});
    m.push_back({"agenda.set_current", "F, C", "", {no, no, no, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     return {{{"meeting_id", w.meeting_id}, {"item_id", make_item(w)}}};
                 }});
    m.push_back({"agenda.start", "F, C", "", {no, no, no, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     result_of(coordinator->call("agenda.set_current",
                                                 {{"meeting_id", w.meeting_id},
                                                  {"item_id", make_item(w)}, {"start", false}}));
                     return {{{"meeting_id", w.meeting_id}}};
                 }});
    m.push_back({"agenda.end", "F, C", "", {no, no, no, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     result_of(coordinator->call("agenda.set_current",
                                                 {{"meeting_id", w.meeting_id},
                                                  {"item_id", make_item(w)}}));
                     return {{{"meeting_id", w.meeting_id}}};
                 }});
    m.push_back({"agenda.history", "F, C", "", {no, no, no, no, Y, Y, no}, meeting});

    // Minutes.
    m.push_back({"minutes.get", "all", "", {Y, Y, Y, Y, Y, Y, Y}, meeting});
    m.push_back({"minutes.edit", "F, C", "", {no, no, no, no, Y, Y, no},
                 with_meeting({{"base_version", 0}, {"text", "# Minnesanteckningar"}})});
    m.push_back({"minutes.submit", "F, C", "", {no, no, no, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     make_minutes(w, 1);
                     return {{{"meeting_id", w.meeting_id}, {"version", 1}}};
                 }});
    m.push_back({"minutes.reopen", "F, C", "", {no, no, no, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     make_minutes(w, 2);
                     return {{{"meeting_id", w.meeting_id}, {"version", 2}}};
                 }});
    m.push_back({"minutes.approve", "C", "", {no, no, no, no, no, Y, no},
                 [this](world& w, role) -> prepared {
                     make_minutes(w, 2);
                     return {{{"meeting_id", w.meeting_id}, {"version", 2}}};
                 }});
    m.push_back({"minutes.history", "F, C", "", {no, no, no, no, Y, Y, no}, meeting});
    const std::string version_who = "F, C; all for the approved version";
    m.push_back({"minutes.version", version_who, "a draft version", {no, no, no, no, Y, Y, no},
                 [this](world& w, role) -> prepared {
                     make_minutes(w, 1);
                     return {{{"meeting_id", w.meeting_id}, {"version", 1}}};
                 }});
    m.push_back({"minutes.version", version_who, "the approved version", {Y, Y, Y, Y, Y, Y, Y},
                 [this](world& w, role) -> prepared {
                     make_minutes(w, 3);
                     return {{{"meeting_id", w.meeting_id}, {"version", 3}}};
                 }});
    // Mail (PROTOCOL.md "Mail").
    m.push_back({"registration.list", "Pa (own), F, C", "with mail", {no, no, no, no, no, Y, no},
                 with_meeting({{"mail", true}})});
    m.push_back({"mail.list", "C", "", {no, no, no, no, no, Y, no},
                 [](world& w, role) -> prepared {
                     return {{{"registration_id", w.registration_id}}};
                 }});
    m.push_back({"mail.resend", "C", "", {no, no, no, no, no, Y, no},
                 [this](world&, role) -> prepared {
                     // Any mail once it is sent (a queued one is conflict): the matrix makes
                     // mails faster than mail.rate_per_minute lets them go.
                     for (int i = 0; i < 100; ++i) {
                         const auto listed = result_of(coordinator->call(
                             "mail.list", {{"status", "sent"}, {"limit", 1}}));
                         const auto& mails = listed.at("mails").as_array();
                         if (!mails.empty()) {
                             return {{{"mail_id", int_at(mails[0].as_object(), "mail_id")}}};
                         }
                         std::this_thread::sleep_for(std::chrono::milliseconds(50));
                     }
                     ADD_FAILURE() << "no mail was sent";
                     return {};
                 }});
    m.push_back({"person.send_link", "all", "", {Y, Y, Y, Y, Y, Y, Y},
                 [](world&, role) -> prepared {
                     return {{{"email", unique_name("nobody") + "@example.se"}}};
                 }});
    m.push_back({"person.resend_link", "C", "", {no, no, no, no, no, Y, no},
                 [this](world&, role) -> prepared {
                     return {{{"person_id", participant.person_id}}};
                 }});
    m.push_back({"person.set_language", "C, the person", "", {no, no, Y, no, no, Y, no},
                 [this](world&, role) -> prepared {
                     return {{{"person_id", participant.person_id}, {"language", "sv"}}};
                 }});

    // A draft meeting does not exist for those who may not see it ("Authorisation").
    const std::array<want, 7> hidden = {nf, nf, nf, nf, any, any, nf};
    m.push_back({"meeting.stats", "C, F", "draft meeting", hidden, meeting, true});
    m.push_back({"registration.list", "Pa (own), F, C", "draft meeting",
                 {no, nf, nf, nf, any, any, no}, meeting, true});
    m.push_back({"poll.create", "F, C", "draft meeting", hidden,
                 with_meeting({{"kind", "single"}, {"question", "Ja eller nej?"},
                               {"options", {"Ja", "Nej"}}}), true});
    m.push_back({"poll.list", "Pa (registered), audience, F, C", "draft meeting", hidden, meeting,
                 true});
    m.push_back({"poll.link", "F, C", "draft meeting", hidden, meeting, true});
    m.push_back({"document.list", "all", "draft meeting", hidden, meeting, true});
    m.push_back({"agenda.get", "all", "draft meeting", hidden, meeting, true});
    m.push_back({"agenda.add", "F, C", "draft meeting", hidden,
                 with_meeting({{"title", "Fika"}, {"kind", "break"},
                               {"starts_at", "2030-03-12T10:00:00+01:00"},
                               {"duration_minutes", 20}}), true});
    m.push_back({"agenda.history", "F, C", "draft meeting", hidden, meeting, true});
    m.push_back({"minutes.get", "all", "draft meeting", hidden, meeting, true});
    m.push_back({"minutes.edit", "F, C", "draft meeting", hidden,
                 with_meeting({{"base_version", 0}, {"text", "# Minnesanteckningar"}}), true});
    m.push_back({"minutes.history", "F, C", "draft meeting", hidden, meeting, true});

    // Topics (PROTOCOL.md "Topics").
    const std::string topics = "see *Topics*";
    const auto network = [this](world&) { return network_id; };
    m.push_back({"subscribe", topics, "network:N", {Y, Y, Y, Y, Y, Y, Y},
                 subscribe("network", network)});
    m.push_back({"subscribe", topics, "staff:N", {no, no, no, no, no, Y, no},
                 subscribe("staff", network)});
    m.push_back({"subscribe", topics, "meeting:M", {Y, Y, Y, Y, Y, Y, Y},
                 subscribe("meeting", meeting_id)});
    m.push_back({"subscribe", topics, "meeting:M of a draft", {nf, nf, nf, nf, Y, Y, nf},
                 subscribe("meeting", meeting_id), true});
    m.push_back({"subscribe", topics, "polls:M", {no, no, Y, no, Y, Y, Y},
                 subscribe("polls", meeting_id)});
    m.push_back({"subscribe", topics, "polls-staff:M", {no, no, no, no, Y, Y, no},
                 subscribe("polls-staff", meeting_id)});
    m.push_back({"subscribe", topics, "documents:M", {no, no, Y, no, Y, Y, no},
                 subscribe("documents", meeting_id)});
    m.push_back({"subscribe", topics, "documents-staff:M", {no, no, no, no, Y, Y, no},
                 subscribe("documents-staff", meeting_id)});
    m.push_back({"subscribe", topics, "person:P", {no, no, Y, no, no, Y, no},
                 subscribe("person", [this](world&) { return participant.person_id; })});
    m.push_back({"unsubscribe", "all", "", {Y, Y, Y, Y, Y, Y, Y},
                 [this](world&, role) -> prepared {
                     return {{{"topic", "network:" + std::to_string(network_id)}}};
                 }});
    // clang-format on
    return m;
}

void AuthorisationMatrix::run_cell(const op_case& c, const spec_row& row, world& w, role r,
                                   std::size_t& cells) {
    ++cells;
    const want& expected = c.expect[static_cast<std::size_t>(r)];
    const std::string where =
        c.op + (c.variant.empty() ? "" : " (" + c.variant + ")") + " as " + name_of(r) + ": ";
    const auto p = c.prepare(w, r);
    const bool check_unchanged = row.mutating && expected.refused();
    const std::string before = check_unchanged ? snapshot(w) : std::string();

    std::unique_ptr<ws_client> fresh;
    if (c.fresh_connection) {
        fresh = r == role::pub ? connect_public() : connect_with(token_of(w, r));
    }
    ws_client& client = fresh ? *fresh : client_of(w, r);
    const auto answer =
        client.call(c.op, p.args, row.mutating ? std::optional(unique_name("idem")) : std::nullopt);
    const auto code = error_code(answer);
    const auto text = json::serialize(answer);
    if (expected.code.empty()) {
        EXPECT_TRUE(answer.contains("result")) << where << "expected a result, got " << text;
    } else if (expected.code == "*") {
        EXPECT_NE(code, "forbidden") << where << text;
        EXPECT_NE(code, "unauthorized") << where << text;
    } else {
        EXPECT_EQ(code, expected.code) << where << text;
    }
    if (c.op == "subscribe" && answer.contains("result")) {
        result_of(client.call("unsubscribe", p.args));
    }
    if (check_unchanged) {
        EXPECT_EQ(snapshot(w), before) << where << "a refused write changed something";
        if (c.unchanged) {
            SCOPED_TRACE(where);
            c.unchanged(w, p);
        }
    }
}

// The matrix covers the spec: every op of the table, written from its who column (the other
// direction, every op of the spec has rows, is checked by each op's test below).
TEST_F(AuthorisationMatrix, every_row_is_an_op_of_the_spec_with_its_who_column) {
    const auto& spec = spec_ops();
    ASSERT_GT(spec.size(), 30U);
    for (const auto& c : matrix()) {
        const auto it = spec.find(c.op);
        if (it == spec.end()) {
            ADD_FAILURE() << c.op << " is in the matrix but not in PROTOCOL.md's ops table";
            continue;
        }
        EXPECT_EQ(it->second.who, c.who)
            << "PROTOCOL.md's who column of " << c.op
            << " is not what this matrix was written from: update the matrix";
    }
}

TEST_P(AuthorisationMatrix, as_every_role) {
    const auto& spec = spec_ops();
    const auto it = spec.find(GetParam());
    ASSERT_NE(it, spec.end());
    const spec_row& row = it->second;
    std::vector<op_case> cases;
    for (auto& c : matrix()) {
        if (c.op == GetParam()) {
            cases.push_back(std::move(c));
        }
    }
    ASSERT_FALSE(cases.empty()) << GetParam()
                                << " is in PROTOCOL.md's ops table but not in the matrix";

    std::size_t cells = 0;
    for (const auto& c : cases) {
        // Refusals first, on one meeting (they must leave it as it was); then each allowed
        // write gets a meeting of its own, so that it meets the state it was written for.
        world shared = make_world(c.draft);
        bool shared_used_by_write = false;
        for (const auto r : all_roles) {
            if (c.expect[static_cast<std::size_t>(r)].refused()) {
                run_cell(c, row, shared, r, cells);
            }
        }
        for (const auto r : all_roles) {
            if (c.expect[static_cast<std::size_t>(r)].refused()) {
                continue;
            }
            if (!row.mutating || !shared_used_by_write) {
                run_cell(c, row, shared, r, cells);
                shared_used_by_write = row.mutating;
            } else {
                world own = make_world(c.draft);
                run_cell(c, row, own, r, cells);
            }
        }
    }
    EXPECT_EQ(cells, cases.size() * all_roles.size());
}

/** The ops of the spec's table, as test parameters. */
std::vector<std::string> spec_op_names() {
    std::vector<std::string> out;
    for (const auto& [op, row] : spec_ops()) {
        out.push_back(op);
    }
    return out;
}

INSTANTIATE_TEST_SUITE_P(Table, AuthorisationMatrix, ::testing::ValuesIn(spec_op_names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             std::string name = info.param;  // "meeting.get" -> "meeting_get"
                             std::replace(name.begin(), name.end(), '.', '_');
                             return name;
                         });

}  // namespace
}  // namespace traffpunkt::integration
