// Hostile input, table-driven (the hardening issue): every case is one attack with the answer
// PROTOCOL.md documents for it, and after each the server must still serve and, unless the
// case is an accepted write, the meeting it aimed at must be unchanged. Complements
// bad_input_test.cpp (which has the first example of each envelope error) with the variants an
// attacker tries: broken and deep JSON, huge numbers, wrong types, invalid UTF-8, oversized and
// binary frames, reused ids and idem keys, control characters and CRLF in every text field
// (and what they do to the CSV and iCalendar exports), HTML in titles, hostile upload names,
// forged tokens, another person's registration, and participants calling staff ops.
// Each row is a test of its own (TEST_P, named by the row), run in one process on one server.
#include "integration_fixture.hpp"

#include <algorithm>
#include <functional>
#include <vector>

namespace traffpunkt::integration {
namespace {

using testing::http_request;
using testing::http_result;

/** The upload limit of this suite's server: small, so "too large" costs little. */
constexpr std::size_t hostile_upload_limit = 256 * 1024;

/** Who sends an attack. */
enum class who { anyone, coordinator, facilitator, anna, bertil };

/** The meeting every attack aims at, and the people around it. */
struct world {
    std::int64_t network_id = 0;
    std::int64_t organisation_id = 0;
    std::int64_t meeting_id = 0;
    std::int64_t poll_id = 0;
    std::int64_t item_id = 0;
    std::int64_t document_id = 0;
    std::string invitation;
    person_with_token facilitator;
    person_with_token anna;    ///< registered (confirmed), with needs
    person_with_token bertil;  ///< registered (confirmed)
    std::int64_t anna_registration = 0;
};

/** What came back from an attack. */
struct observed {
    enum class kind { answer, closed, http, silent };
    kind what = kind::silent;
    json::object answer;  ///< a WebSocket answer, or an HTTP body that is a JSON object
    std::string raw;      ///< the answer frame or the HTTP body as it came
    int number = 0;       ///< the close code or the HTTP status
    std::map<std::string, std::string> headers;
};

/** The documented answer. */
struct expected {
    observed::kind what = observed::kind::answer;
    std::string code;   ///< error code; "" for a result (or an HTTP answer without one)
    std::string field;  ///< `details.field`; "" when not checked
    int number = 0;     ///< close code or HTTP status
    enum class re_rule { any, null, value } re = re_rule::any;
    std::int64_t re_value = 0;
};

expected error(std::string code, std::string field = {}) {
    return {
        observed::kind::answer, std::move(code), std::move(field), 0, expected::re_rule::any, 0};
}
expected error_re_null(std::string code) {
    expected e{observed::kind::answer, std::move(code), {}};
    e.re = expected::re_rule::null;
    return e;
}
expected error_re(std::string code, std::int64_t re) {
    expected e{observed::kind::answer, std::move(code), {}};
    e.re = expected::re_rule::value;
    e.re_value = re;
    return e;
}
expected result() {
    return {observed::kind::answer, {}, {}};
}
expected closed(int code) {
    return {observed::kind::closed, {}, {}, code, expected::re_rule::any, 0};
}
expected http(int status, std::string code = {}, std::string field = {}) {
    return {
        observed::kind::http, std::move(code), std::move(field), status, expected::re_rule::any, 0};
}

struct hostile_case {
    std::string name;
    std::function<observed()> attack;
    expected answer;
    /** Extra checks on what the attack left behind (exports, stored text). */
    std::function<void(const observed&)> then = {};
    /** An accepted write: the meeting's state may change (then checks what changed). */
    bool writes = false;
};

// --- sending --------------------------------------------------------------------------

/** Sends `text` and reads what follows: one frame, or the close. */
observed observe(ws_client& client, std::string_view text, bool binary = false) {
    try {
        binary ? client.send_binary(text) : client.send_text(text);
    } catch (const std::exception&) {
        // The server may close before it has read all of a frame; the close code tells.
    }
    observed out;
    if (auto frame = client.read_raw(5s)) {
        out.what = observed::kind::answer;
        out.raw = *frame;
        out.answer = json::parse(*frame).as_object();
        return out;
    }
    if (auto info = client.wait_closed(2s)) {
        out.what = observed::kind::closed;
        out.number = info->code;
    }
    return out;
}

/** Content lines of an iCalendar body, unfolded (RFC 5545 3.1). */
std::vector<std::string> ics_lines(const std::string& body) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < body.size()) {
        auto end = body.find("\r\n", start);
        if (end == std::string::npos) {
            end = body.size();
        }
        std::string line = body.substr(start, end - start);
        if (!line.empty() && line.front() == ' ' && !out.empty()) {
            out.back() += line.substr(1);
        } else {
            out.push_back(std::move(line));
        }
        start = end + 2;
    }
    return out;
}

/** Every line break of `body` is CRLF: no bare CR or LF can start a line of its own. */
void expect_only_crlf(const std::string& body, const std::string& what) {
    for (std::size_t i = 0; i < body.size(); ++i) {
        if (body[i] == '\r') {
            EXPECT_TRUE(i + 1 < body.size() && body[i + 1] == '\n') << what << ": bare CR at " << i;
        } else if (body[i] == '\n') {
            EXPECT_TRUE(i > 0 && body[i - 1] == '\r') << what << ": bare LF at " << i;
        }
    }
}

/** RFC 4180 records (semicolon-separated); a bare LF outside quotes fails the test. */
std::vector<std::vector<std::string>> csv_records(std::string_view text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (quoted) {
            if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (ch == '"') {
                quoted = false;
            } else {
                field += ch;
            }
        } else if (ch == '"') {
            EXPECT_TRUE(field.empty()) << "quote inside an unquoted field at " << i;
            quoted = true;
        } else if (ch == ';') {
            row.push_back(std::move(field));
            field.clear();
        } else if (ch == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
            ++i;
        } else {
            EXPECT_NE(ch, '\n') << "bare LF outside quotes at " << i;
            EXPECT_NE(ch, '\r') << "bare CR outside quotes at " << i;
            field += ch;
        }
    }
    EXPECT_FALSE(quoted) << "unterminated quote";
    EXPECT_TRUE(field.empty() && row.empty()) << "last record without CRLF";
    return rows;
}

/** One test per row of the table (the parameter is the row's name). */
class HostileInput : public integration_fixture, public ::testing::WithParamInterface<std::string> {
  public:
    static void SetUpTestSuite() {
        start_shared({{"TRAFFPUNKT_HTTP_UPLOAD_MAX", std::to_string(hostile_upload_limit)},
                      {"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "100000"},
                      {"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "100000"}});
        w_ = build_world();
    }

  protected:
    static world w_;

    static world build_world() {
        auto coordinator = connect_coordinator();
        world w;
        w.network_id = create_network(*coordinator);
        const auto admitted = result_of(coordinator->call(
            "org.admit",
            {{"network_id", w.network_id},
             {"organisation", {{"name", unique_name("Kalmar kommun")}, {"kind", "municipality"}}},
             {"decision",
              {{"deciding_body", "Kommunstyrelsen"},
               {"diary_number", "KS 2030/7"},
               {"decided_on", "2030-01-15"}}}}));
        w.organisation_id = int_at(admitted, "member.organisation.organisation_id");
        w.invitation =
            string_at(result_of(coordinator->call("org.invitation.create",
                                                  {{"organisation_id", w.organisation_id}})),
                      "code");
        w.meeting_id = create_published(*coordinator, open_meeting(w.network_id, "hybrid", 20, 20));
        w.facilitator = make_person(*coordinator, w.organisation_id);
        result_of(coordinator->call(
            "meeting.add_facilitator",
            {{"meeting_id", w.meeting_id}, {"person_id", w.facilitator.person_id}}));
        w.anna = make_person(*coordinator, w.organisation_id, "Anna Lindqvist");
        w.bertil = make_person(*coordinator, w.organisation_id, "Bertil Ek");
        w.anna_registration =
            int_at(result_of(connect_with(w.anna.token)
                                 ->call("registration.create", {{"meeting_id", w.meeting_id},
                                                                {"mode", "in_person"},
                                                                {"dietary_needs", "Vegetarisk"}})),
                   "registration.registration_id");
        result_of(
            connect_with(w.bertil.token)
                ->call("registration.create", {{"meeting_id", w.meeting_id}, {"mode", "remote"}}));
        auto facilitator = connect_with(w.facilitator.token);
        w.poll_id = int_at(result_of(facilitator->call("poll.create", poll_args(w.meeting_id))),
                           "poll.poll_id");
        w.item_id = int_at(result_of(facilitator->call("agenda.add", agenda_args(w.meeting_id))),
                           "item.item_id");
        const auto uploaded = http_request(
            server().host(), server().port(), "POST",
            "/meetings/" + std::to_string(w.meeting_id) +
                "/documents?filename=dagordning.txt&visibility=public",
            {{"Authorization", "Bearer " + w.facilitator.token}, {"Content-Type", "text/plain"}},
            "Dagordning");
        EXPECT_EQ(uploaded.status, 201) << uploaded.body;
        w.document_id = int_at(json::parse(uploaded.body).as_object(), "document.document_id");
        return w;
    }

    static json::object poll_args(std::int64_t meeting_id) {
        return {{"meeting_id", meeting_id},
                {"kind", "single"},
                {"question", "Fika före eller efter?"},
                {"options", json::array{"Före", "Efter"}}};
    }

    static json::object agenda_args(std::int64_t meeting_id) {
        return {{"meeting_id", meeting_id},
                {"title", "Välkommen"},
                {"kind", "talk"},
                {"starts_at", "2030-03-12T09:00:00+01:00"},
                {"duration_minutes", 15},
                {"presenters", json::array{{{"name", "Anna"}, {"organisation", "Kalmar"}}}}};
    }

    /** `base` with `key` set to `value`; a dotted key reaches into objects and "[i]" arrays. */
    static json::object with(json::object base, std::string_view key, json::value value) {
        json::value root = std::move(base);
        json::value* at = &root;
        while (true) {
            const auto dot = key.find('.');
            auto part = key.substr(0, dot);
            std::optional<std::size_t> index;
            if (const auto bracket = part.find('['); bracket != std::string_view::npos) {
                index = std::stoul(std::string(part.substr(bracket + 1)));
                part = part.substr(0, bracket);
            }
            json::value* next = &at->as_object()[part];
            if (index) {
                next = &next->as_array().at(*index);
            }
            if (dot == std::string_view::npos) {
                *next = std::move(value);
                break;
            }
            at = next;
            key.remove_prefix(dot + 1);
        }
        return std::move(root.as_object());
    }

    static std::string token_of(who w) {
        switch (w) {
            case who::anyone:
                return {};
            case who::coordinator:
                return coordinator_token();
            case who::facilitator:
                return w_.facilitator.token;
            case who::anna:
                return w_.anna.token;
            case who::bertil:
                return w_.bertil.token;
        }
        return {};
    }

    static std::unique_ptr<ws_client> connect_as(who w) {
        const auto token = token_of(w);
        return token.empty() ? connect_public() : connect_with(token);
    }

    // Attacks: each returns a function that sends and observes.

    static std::function<observed()> frame(std::string text, who w = who::anyone) {
        return [text = std::move(text), w] {
            auto client = connect_as(w);
            return observe(*client, text);
        };
    }

    static std::function<observed()> binary(std::string bytes) {
        return [bytes = std::move(bytes)] {
            auto client = connect_public();
            return observe(*client, bytes, true);
        };
    }

    static std::function<observed()> call(who w, std::string op, json::object args,
                                          std::optional<std::string> idem = {}) {
        return [w, op = std::move(op), args = std::move(args), idem = std::move(idem)] {
            auto client = connect_as(w);
            return observe(*client, request_frame(7, op, args, idem));
        };
    }

    static observed send_http(std::string method, std::string target,
                              std::map<std::string, std::string> headers = {},
                              std::string body = {}) {
        const auto res = http_request(server().host(), server().port(), std::move(method),
                                      std::move(target), std::move(headers), std::move(body));
        observed out;
        out.what = observed::kind::http;
        out.number = res.status;
        out.raw = res.body;
        out.headers = res.headers;
        if (!res.body.empty() && res.body.front() == '{') {
            if (auto parsed = json::parse(res.body); parsed.is_object()) {
                out.answer = parsed.as_object();
            }
        }
        return out;
    }

    static std::function<observed()> get(std::string target, std::string token = {},
                                         std::string scheme = "Bearer ") {
        return [target = std::move(target), token = std::move(token), scheme = std::move(scheme)] {
            std::map<std::string, std::string> headers;
            if (!token.empty()) {
                headers["Authorization"] = scheme + token;
            }
            return send_http("GET", target, headers);
        };
    }

    /** A new-document upload to the world meeting with `query`, as the facilitator. */
    static std::function<observed()> upload(std::string query, std::string body = "innehåll",
                                            std::map<std::string, std::string> headers = {
                                                {"Content-Type", "text/plain"}}) {
        return [query = std::move(query), body = std::move(body), headers]() mutable {
            if (!headers.contains("Authorization")) {
                headers["Authorization"] = "Bearer " + w_.facilitator.token;
            }
            return send_http("POST",
                             "/meetings/" + std::to_string(w_.meeting_id) + "/documents?" + query,
                             headers, body);
        };
    }

    static std::function<observed()> upgrade(connect_options options) {
        return [options = std::move(options)] {
            observed out;
            out.what = observed::kind::http;
            try {
                auto client = connect_to(server(), options);
                out.number = 101;
            } catch (const upgrade_refused& refused) {
                out.number = refused.status();
            }
            return out;
        };
    }

    /** The world meeting as a coordinator sees it: everything an attack could change. */
    static std::string state() {
        auto c = connect_coordinator();
        const json::object meeting{{"meeting_id", w_.meeting_id}};
        std::string s;
        s += json::serialize(result_of(c->call("meeting.get", meeting)));
        s += json::serialize(result_of(c->call("meeting.list", {{"network_id", w_.network_id}})));
        auto agenda = result_of(c->call("agenda.get", meeting));
        agenda.erase("now");  // carries the server's clock
        s += json::serialize(agenda);
        s += json::serialize(result_of(c->call("poll.list", meeting)));
        s += json::serialize(result_of(c->call("document.list", meeting)));
        s += json::serialize(result_of(c->call("registration.list", meeting)));
        s += json::serialize(result_of(c->call("org.list", {{"network_id", w_.network_id}})));
        return s;
    }

    static void check(const expected& e, const observed& o) {
        const auto shown = o.raw.substr(0, 400);
        ASSERT_EQ(o.what, e.what) << "close/answer/http " << o.number << ": " << shown;
        if (o.what == observed::kind::closed) {
            EXPECT_EQ(o.number, e.number);
            return;
        }
        if (o.what == observed::kind::http) {
            EXPECT_EQ(o.number, e.number) << shown;
        }
        if (!e.code.empty() || o.what == observed::kind::answer) {
            EXPECT_EQ(error_code(o.answer), e.code) << shown;
        }
        if (!e.field.empty()) {
            EXPECT_EQ(error_field(o.answer), e.field) << shown;
        }
        if (e.re == expected::re_rule::null) {
            ASSERT_TRUE(o.answer.contains("re")) << shown;
            EXPECT_TRUE(o.answer.at("re").is_null()) << shown;
        } else if (e.re == expected::re_rule::value) {
            ASSERT_TRUE(o.answer.contains("re")) << shown;
            EXPECT_EQ(int_at(o.answer, "re"), e.re_value) << shown;
        }
    }

    static std::vector<hostile_case> cases();

  public:
    /**
     * The rows' names, for registering the tests. The world does not exist yet, so the attacks
     * built here aim at id 0; only the names are kept, and gtest refuses two alike.
     */
    static std::vector<std::string> names() {
        std::vector<std::string> out;
        for (const auto& c : cases()) {
            out.push_back(c.name);
        }
        return out;
    }

  protected:
    /** The row named `name`, from the table built against the world (once per suite). */
    static const hostile_case& row(const std::string& name) {
        static const std::vector<hostile_case> table = cases();
        const auto it = std::find_if(table.begin(), table.end(),
                                     [&](const hostile_case& c) { return c.name == name; });
        if (it == table.end()) {
            throw std::logic_error("no row named " + name + " once the world is built");
        }
        return *it;
    }
};

world HostileInput::w_;

std::vector<hostile_case> HostileInput::cases() {
    const auto& w = w_;
    const auto m = w.meeting_id;
    const auto ms = std::to_string(m);
    const json::object meeting{{"meeting_id", m}};
    const auto new_meeting = meeting_args(w.network_id, "Träff");
    const auto poll = poll_args(m);
    const auto item = agenda_args(m);
    const json::object self_registration{
        {"meeting_id", m},
        {"mode", "remote"},
        {"invitation", w.invitation},
        {"person", {{"name", "Eva Ny"}, {"email", "eva.ny@example.se"}, {"role", "official"}}}};
    const std::string forged(43, 'A');  // the shape of a token, but nobody's
    const std::string crlf_payload = "Träff\r\nDTSTART:19700101T000000Z";
    std::string deep_32 = R"({"id":11,"op":"meeting.get","args":{"meeting_id":1,"x":)";
    std::string deep_33 = deep_32;
    // The envelope is level 1 and args level 2: 30 more arrays reach 32, 31 pass it.
    deep_32 += std::string(30, '[') + std::string(30, ']') + "}}";
    deep_33 += std::string(31, '[') + std::string(31, ']') + "}}";

    /** Publishes the meeting an accepted create made and fetches its calendar download. */
    const auto published_ics = [](const observed& o) {
        const auto id = int_at(result_of(o.answer), "meeting.meeting_id");
        auto c = connect_coordinator();
        result_of(c->call("meeting.publish", {{"meeting_id", id}}));
        const auto res = http_request(server().host(), server().port(), "GET",
                                      "/calendar/meetings/" + std::to_string(id) + ".ics");
        EXPECT_EQ(res.status, 200);
        return res.body;
    };
    /** The attendee list of the world meeting, as the facilitator gets it. */
    const auto attendees = [] {
        const auto res =
            http_request(server().host(), server().port(), "GET",
                         "/meetings/" + std::to_string(w_.meeting_id) + "/attendees.csv",
                         {{"Authorization", "Bearer " + w_.facilitator.token}});
        EXPECT_EQ(res.status, 200);
        EXPECT_TRUE(res.body.starts_with("\xEF\xBB\xBF"));
        auto rows = csv_records(std::string_view(res.body).substr(3));
        auto c = connect_coordinator();
        const auto listed =
            result_of(c->call("registration.list", {{"meeting_id", w_.meeting_id}}));
        EXPECT_EQ(rows.size(), 1 + listed.at("registrations").as_array().size())
            << "one record per active registration, and the header";
        for (const auto& row : rows) {
            EXPECT_EQ(row.size(), 10u) << "every record has the ten columns";
        }
        return rows;
    };
    const auto row_named = [](const std::vector<std::vector<std::string>>& rows,
                              const std::string& name) -> std::vector<std::string> {
        for (const auto& row : rows) {
            if (!row.empty() && row[0] == name) {
                return row;
            }
        }
        ADD_FAILURE() << "no CSV row named " << name;
        return std::vector<std::string>(10);
    };

    std::vector<hostile_case> c = {
        // --- malformed and truncated JSON: bad_request, re null (the id cannot be read) ---
        {"json_cut_inside_a_string", frame(R"({"id":1,"op":"network.list","idem":"ab)"),
         error_re_null("bad_request")},
        {"json_cut_after_a_key", frame(R"({"id":1,"op":)"), error_re_null("bad_request")},
        {"json_trailing_comma", frame(R"({"id":1,"op":"network.list",})"),
         error_re_null("bad_request")},
        {"json_two_objects_in_one_frame", frame(R"({"id":1,"op":"network.list"}{"id":2})"),
         error_re_null("bad_request")},
        {"json_comment", frame(R"({"id":1,"op":"network.list"/* x */})"),
         error_re_null("bad_request")},
        {"json_single_quotes", frame("{'id':1,'op':'network.list'}"),
         error_re_null("bad_request")},
        {"json_nan", frame(R"({"id":1,"op":"meeting.get","args":{"meeting_id":NaN}})"),
         error_re_null("bad_request")},
        {"empty_text_frame", frame(""), error_re_null("bad_request")},
        {"whitespace_only_frame", frame(" \t\r\n "), error_re_null("bad_request")},
        // --- deep nesting ---
        {"nesting_of_30000_arrays", frame(std::string(30000, '[') + std::string(30000, ']')),
         error_re_null("bad_request")},
        {"nesting_of_10000_objects",
         frame([] {
             std::string s;
             for (int i = 0; i < 10000; ++i) {
                 s += R"({"a":)";
             }
             return s + "1" + std::string(10000, '}');
         }()),
         error_re_null("bad_request")},
        {"nesting_of_exactly_32_is_read", frame(deep_32), error_re("invalid_args", 11)},
        {"nesting_of_33_is_bad_request_with_its_re", frame(deep_33), error_re("bad_request", 11)},
        // --- huge numbers ---
        {"integer_beyond_int64",
         frame(R"({"id":1,"op":"meeting.get","args":{"meeting_id":99999999999999999999}})"),
         error_re("bad_request", 1)},
        {"integer_of_2_pow_63",
         frame(R"({"id":1,"op":"meeting.get","args":{"meeting_id":9223372036854775808}})"),
         error_re("bad_request", 1)},
        {"number_overflowing_a_double",
         frame(R"({"id":1,"op":"meeting.get","args":{"meeting_id":1e400}})"),
         error_re("bad_request", 1)},
        {"id_of_1000_digits", frame(R"({"id":)" + std::string(1000, '9') + R"(,"op":"network.list"})"),
         error_re_null("bad_request")},
        {"meeting_id_2_pow_53_is_out_of_range", call(who::anyone, "meeting.get",
                                                     {{"meeting_id", 9007199254740992LL}}),
         error("invalid_args", "meeting_id")},
        {"meeting_id_largest_is_not_found", call(who::anyone, "meeting.get",
                                                 {{"meeting_id", 9007199254740991LL}}),
         error("not_found")},
        {"meeting_id_negative", call(who::anyone, "meeting.get", {{"meeting_id", -5}}),
         error("invalid_args", "meeting_id")},
        {"meeting_id_fraction", call(who::anyone, "meeting.get", {{"meeting_id", 1.5}}),
         error("invalid_args", "meeting_id")},
        {"capacity_over_the_limit",
         call(who::coordinator, "meeting.create",
              with(new_meeting, "capacity_in_person", 100001)),
         error("invalid_args", "capacity_in_person")},
        {"duration_huge",
         call(who::facilitator, "agenda.add", with(item, "duration_minutes", 4000000000LL)),
         error("invalid_args", "duration_minutes")},
        {"envelope_id_largest_is_echoed",
         frame(R"({"id":9007199254740991,"op":"network.list"})"), error_re("", 9007199254740991LL)},
        {"envelope_id_zero_is_echoed", frame(R"({"id":0,"op":"network.list"})"), error_re("", 0)},
        // --- envelope members of the wrong type or shape ---
        {"id_null", frame(R"({"id":null,"op":"network.list"})"), error_re_null("bad_request")},
        {"id_true", frame(R"({"id":true,"op":"network.list"})"), error_re_null("bad_request")},
        {"id_twice", frame(R"({"id":1,"id":2,"op":"network.list"})"),
         error_re_null("bad_request")},
        {"args_null", frame(R"({"id":12,"op":"network.list","args":null})"),
         error_re("bad_request", 12)},
        {"args_a_string", frame(R"({"id":13,"op":"meeting.get","args":"meeting_id=1"})"),
         error_re("bad_request", 13)},
        {"idem_a_number", frame(R"({"id":14,"op":"network.list","idem":5})"),
         error_re("bad_request", 14)},
        {"duplicate_key_inside_args",
         frame(R"({"id":15,"op":"meeting.get","args":{"meeting_id":1,"meeting_id":2}})"),
         error_re("bad_request", 15)},
        {"op_upper_case", frame(R"({"id":16,"op":"Meeting.get"})"), error_re("bad_request", 16)},
        {"op_with_nul", frame(R"({"id":17,"op":"network.list\u0000"})"),
         error_re("bad_request", 17)},
        {"op_proto", frame(R"({"id":18,"op":"__proto__"})"), error_re("unknown_op", 18)},
        {"op_prefix_of_a_real_op", frame(R"({"id":19,"op":"meeting"})"),
         error_re("unknown_op", 19)},
        // --- wrong types and unknown fields in args ---
        {"title_a_number", call(who::coordinator, "meeting.create", with(new_meeting, "title", 42)),
         error("invalid_args", "title")},
        {"title_an_array",
         call(who::coordinator, "meeting.create", with(new_meeting, "title", json::array{"a"})),
         error("invalid_args", "title")},
        {"title_an_object",
         call(who::coordinator, "meeting.create",
              with(new_meeting, "title", json::object{{"sv", "Träff"}})),
         error("invalid_args", "title")},
        {"meeting_id_true", call(who::anyone, "meeting.get", {{"meeting_id", true}}),
         error("invalid_args", "meeting_id")},
        {"poll_options_a_string", call(who::facilitator, "poll.create",
                                       with(poll, "options", "Ja,Nej")),
         error("invalid_args", "options")},
        {"agenda_duration_a_string",
         call(who::facilitator, "agenda.add", with(item, "duration_minutes", "15")),
         error("invalid_args", "duration_minutes")},
        {"agenda_presenter_a_string",
         call(who::facilitator, "agenda.add", with(item, "presenters", json::array{"Anna"})),
         error("invalid_args", "presenters[0]")},
        {"registration_mode_null",
         call(who::anna, "registration.update",
              {{"registration_id", w.anna_registration}, {"mode", nullptr}}),
         error("invalid_args", "mode")},
        {"unknown_field_proto", call(who::anyone, "meeting.get",
                                     {{"meeting_id", m}, {"__proto__", json::object{}}}),
         error("invalid_args", "__proto__")},
        {"unknown_field_in_a_presenter",
         call(who::facilitator, "agenda.add", with(item, "presenters[0].email", "a@b.se")),
         error("invalid_args", "presenters[0].email")},
        {"unknown_field_in_scale",
         call(who::facilitator, "poll.create",
              {{"meeting_id", m},
               {"kind", "scale"},
               {"question", "Hur var dagen?"},
               {"scale", {{"max", 5}, {"colour", "röd"}}}}),
         error("invalid_args", "scale.colour")},
        // --- invalid UTF-8: close 1007 ---
        {"utf8_overlong_slash", frame("{\"id\":1,\"op\":\"network.list\",\"idem\":\"\xC0\xAF\"}"),
         closed(1007)},
        {"utf8_surrogate", frame("{\"id\":1,\"op\":\"network.list\",\"idem\":\"\xED\xA0\x80\"}"),
         closed(1007)},
        {"utf8_above_u10ffff",
         frame("{\"id\":1,\"op\":\"network.list\",\"idem\":\"\xF4\x90\x80\x80\"}"), closed(1007)},
        {"utf8_cut_at_the_end", frame("{\"id\":1,\"op\":\"network.list\"}\xE2\x82"), closed(1007)},
        {"utf8_lone_continuation_byte",
         frame("{\"id\":1,\"op\":\"meeting.create\",\"args\":{\"title\":\"\x80\"}}",
               who::coordinator),
         closed(1007)},
        // --- oversized and binary frames ---
        {"frame_of_256_kib", frame(R"({"id":1,"op":"network.list","idem":")" +
                                 std::string(256 * 1024, 'k') + "\"}"),
         closed(1009)},
        {"frame_one_byte_over_the_limit",
         frame([] {
             std::string f = R"({"id":1,"op":"network.list"})";
             f.insert(f.size() - 1, std::string(64 * 1024 + 1 - f.size(), ' '));
             return f;
         }()),
         closed(1009)},
        {"oversized_create_creates_nothing",
         frame(request_frame(1, "meeting.create",
                             with(new_meeting, "description", json::string(70 * 1024, 'x'))),
               who::coordinator),
         closed(1009)},
        {"empty_binary_frame", binary(""), closed(1003)},
        {"binary_frame_of_garbage", binary(std::string("\x00\xFF\xFE\x01", 4)), closed(1003)},
        // --- ids and idem keys reused ---
        {"envelope_id_reused_answers_each",
         [ms] {
             auto client = connect_public();
             client->send_text(R"({"id":5,"op":"meeting.get","args":{"meeting_id":)" + ms + "}}");
             client->send_text(R"({"id":5,"op":"meeting.get","args":{"meeting_id":999999999}})");
             std::multiset<std::string> outcomes;
             observed last;
             for (int i = 0; i < 2; ++i) {
                 const auto frame = client->read_raw(5s);
                 if (!frame) {
                     throw std::runtime_error("an answer is missing");
                 }
                 last.what = observed::kind::answer;
                 last.raw = *frame;
                 last.answer = json::parse(*frame).as_object();
                 outcomes.insert(error_code(last.answer));
                 EXPECT_EQ(int_at(last.answer, "re"), 5);
             }
             EXPECT_EQ(outcomes, (std::multiset<std::string>{"", "not_found"}))
                 << "one result and one not_found, both with re 5";
             // Answer it as a result, so the table's check is the same for both orders.
             last.answer = json::object{{"re", 5}, {"result", json::object{}}};
             return last;
         },
         error_re("", 5)},
        {"idem_key_of_another_caller_gives_nothing_away",
         [m] {
             const std::string key = unique_name("shared-key");
             auto agenda = agenda_args(m);
             agenda["title"] = "Fika";
             result_of(connect_with(w_.facilitator.token)->call("agenda.add", agenda, key));
             // Anna's key is hers: her request runs (and is refused), it is not given the
             // facilitator's answer, and adds nothing.
             auto anna = connect_with(w_.anna.token);
             return observe(*anna, request_frame(3, "agenda.add", agenda, key));
         },
         error_re("forbidden", 3),
         [m](const observed&) {
             const auto agenda = result_of(connect_coordinator()->call("agenda.get", {{"meeting_id", m}}));
             int fika = 0;
             for (const auto& i : agenda.at("agenda").at("items").as_array()) {
                 fika += i.at("title").as_string() == "Fika" ? 1 : 0;
             }
             EXPECT_EQ(fika, 1);
         },
         true},
        // --- control characters and CRLF: one-line texts refuse them ---
        {"meeting_title_crlf", call(who::coordinator, "meeting.create",
                                    with(new_meeting, "title", json::string(crlf_payload))),
         error("invalid_args", "title")},
        {"meeting_title_tab", call(who::coordinator, "meeting.create",
                                   with(new_meeting, "title", "Träff\tett")),
         error("invalid_args", "title")},
        {"meeting_title_escape", call(who::coordinator, "meeting.create",
                                      with(new_meeting, "title", "Träff\x1b[31m")),
         error("invalid_args", "title")},
        {"meeting_title_nul", call(who::coordinator, "meeting.create",
                                   with(new_meeting, "title", json::string("a\0b", 3))),
         error("invalid_args", "title")},
        {"meeting_title_del", call(who::coordinator, "meeting.create",
                                   with(new_meeting, "title", "Träff\x7f")),
         error("invalid_args", "title")},
        {"meeting_title_c1_next_line", call(who::coordinator, "meeting.create",
                                            with(new_meeting, "title", "Träff\xC2\x85ny rad")),
         error("invalid_args", "title")},
        {"meeting_title_line_separator", call(who::coordinator, "meeting.create",
                                              with(new_meeting, "title", "Träff\xE2\x80\xA8ny")),
         error("invalid_args", "title")},
        {"meeting_venue_crlf", call(who::coordinator, "meeting.create",
                                    with(new_meeting, "venue", "SKR\r\nLOCATION:Evil")),
         error("invalid_args", "venue")},
        {"meeting_address_lf", call(who::coordinator, "meeting.create",
                                    with(new_meeting, "address", "Hornsgatan 20\nX-EVIL:1")),
         error("invalid_args", "address")},
        {"meeting_online_url_crlf",
         call(who::coordinator, "meeting.create",
              with(new_meeting, "online_url", "https://meet.example.se/x\r\nCONFERENCE:evil")),
         error("invalid_args", "online_url")},
        {"meeting_online_url_javascript",
         call(who::coordinator, "meeting.create",
              with(new_meeting, "online_url", "javascript:alert(1)")),
         error("invalid_args", "online_url")},
        {"meeting_description_nul", call(who::coordinator, "meeting.create",
                                         with(new_meeting, "description", json::string("a\0b", 3))),
         error("invalid_args", "description")},
        {"meeting_cost_note_escape", call(who::coordinator, "meeting.create",
                                          with(new_meeting, "cost_note", "Gratis\x1b]0;x\x07")),
         error("invalid_args", "cost_note")},
        {"meeting_update_title_crlf",
         call(who::facilitator, "meeting.update", {{"meeting_id", m}, {"title", crlf_payload}}),
         error("invalid_args", "title")},
        {"poll_question_crlf", call(who::facilitator, "poll.create",
                                    with(poll, "question", "Fika?\r\nInjected")),
         error("invalid_args", "question")},
        {"poll_option_crlf", call(who::facilitator, "poll.create",
                                  with(poll, "options", json::array{"Ja", "Nej\r\nKanske"})),
         error("invalid_args", "options[1]")},
        {"poll_description_bell", call(who::facilitator, "poll.create",
                                       with(poll, "description", "ding\x07")),
         error("invalid_args", "description")},
        {"poll_scale_label_crlf",
         call(who::facilitator, "poll.create",
              {{"meeting_id", m},
               {"kind", "scale"},
               {"question", "Hur var dagen?"},
               {"scale", {{"max", 5}, {"min_label", "Dålig\r\nX"}}}}),
         error("invalid_args", "scale.min_label")},
        {"poll_pb_project_title_crlf",
         call(who::facilitator, "poll.create",
              {{"meeting_id", m},
               {"kind", "pb"},
               {"question", "Medborgarbudget"},
               {"pb",
                {{"budget", 1000},
                 {"ballot", "approval"},
                 {"projects", json::array{{{"title", "Lekplats\r\nX"}, {"cost", 100}}}}}}}),
         error("invalid_args", "pb.projects[0].title")},
        {"poll_update_question_tab",
         call(who::facilitator, "poll.update", {{"poll_id", w.poll_id}, {"question", "a\tb"}}),
         error("invalid_args", "question")},
        {"agenda_title_crlf", call(who::facilitator, "agenda.add",
                                   with(item, "title", "Välkommen\r\nSUMMARY:x")),
         error("invalid_args", "title")},
        {"agenda_presenter_name_crlf",
         call(who::facilitator, "agenda.add", with(item, "presenters[0].name", "Anna\r\nEvil")),
         error("invalid_args", "presenters[0].name")},
        {"agenda_presenter_organisation_tab",
         call(who::facilitator, "agenda.add",
              with(item, "presenters[0].organisation", "Kalmar\tkommun")),
         error("invalid_args", "presenters[0].organisation")},
        {"agenda_description_escape", call(who::facilitator, "agenda.add",
                                           with(item, "description", "\x1b[2J")),
         error("invalid_args", "description")},
        {"agenda_update_title_lf",
         call(who::facilitator, "agenda.update", {{"item_id", w.item_id}, {"title", "a\nb"}}),
         error("invalid_args", "title")},
        {"needs_dietary_nul",
         call(who::anna, "registration.update",
              {{"registration_id", w.anna_registration},
               {"dietary_needs", std::string("Vegan\0", 6)}}),
         error("invalid_args", "dietary_needs")},
        {"needs_accessibility_escape",
         call(who::anna, "registration.update",
              {{"registration_id", w.anna_registration}, {"accessibility_needs", "\x1b[8m"}}),
         error("invalid_args", "accessibility_needs")},
        {"self_registration_name_crlf",
         call(who::anyone, "registration.create",
              with(self_registration, "person.name", "Eva\r\nMallory;x@evil.se")),
         error("invalid_args", "person.name")},
        {"self_registration_email_crlf",
         call(who::anyone, "registration.create",
              with(self_registration, "person.email", "eva@example.se\r\nBcc: all@example.se")),
         error("invalid_args", "person.email")},
        {"self_registration_email_with_separator",
         call(who::anyone, "registration.create",
              with(self_registration, "person.email", "eva;x@example.se")),
         error("invalid_args", "person.email")},
        // --- accepted multi-line text never starts a line in the exports ---
        {"description_crlf_cannot_add_calendar_lines",
         [] {
             auto c = connect_coordinator();
             auto args = meeting_args(create_network(*c), "Kalender");
             args["description"] = "Program\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nX-INJECTED:1";
             args["cost_note"] = "Gratis\rATTENDEE:mailto:evil@example.com\nX-INJECTED:2";
             return observe(*c, request_frame(1, "meeting.create", args));
         },
         result(),
         [published_ics](const observed& o) {
             const auto meeting = result_of(o.answer).at("meeting").as_object();
             EXPECT_EQ(string_at(meeting, "description"),
                       "Program\nEND:VEVENT\nBEGIN:VEVENT\nX-INJECTED:1");
             EXPECT_EQ(string_at(meeting, "cost_note"),
                       "Gratis\nATTENDEE:mailto:evil@example.com\nX-INJECTED:2");
             const auto body = published_ics(o);
             expect_only_crlf(body, "calendar");
             const auto lines = ics_lines(body);
             EXPECT_EQ(std::count(lines.begin(), lines.end(), "BEGIN:VEVENT"), 1);
             EXPECT_EQ(std::count(lines.begin(), lines.end(), "END:VEVENT"), 1);
             for (const auto& line : lines) {
                 EXPECT_FALSE(line.starts_with("X-INJECTED")) << line;
                 EXPECT_FALSE(line.starts_with("ATTENDEE")) << line;
                 if (line.starts_with("DESCRIPTION")) {
                     EXPECT_NE(line.find("Program\\nEND:VEVENT\\nBEGIN:VEVENT\\nX-INJECTED:1"),
                               std::string::npos)
                         << line;
                 }
             }
         },
         true},
        {"html_title_is_stored_and_served_as_text",
         [] {
             auto c = connect_coordinator();
             const auto args = meeting_args(
                 create_network(*c), R"(<script>alert("x")</script><img src=x onerror=alert(1)>)");
             return observe(*c, request_frame(1, "meeting.create", args));
         },
         result(),
         [published_ics](const observed& o) {
             const std::string title = R"(<script>alert("x")</script><img src=x onerror=alert(1)>)";
             EXPECT_EQ(string_at(result_of(o.answer), "meeting.title"), title);
             // JSON-escaped on the wire: the quotes are escaped, nothing else is changed.
             EXPECT_NE(o.raw.find(R"(<script>alert(\"x\")</script>)"), std::string::npos) << o.raw;
             const auto lines = ics_lines(published_ics(o));
             // Published now: everyone gets the same text back.
             const auto id = int_at(result_of(o.answer), "meeting.meeting_id");
             const auto seen =
                 result_of(connect_public()->call("meeting.get", {{"meeting_id", id}}));
             EXPECT_EQ(string_at(seen, "meeting.title"), title);
             EXPECT_EQ(std::count(lines.begin(), lines.end(), "SUMMARY:" + title), 1);
             EXPECT_EQ(std::count(lines.begin(), lines.end(), "X-WR-CALNAME:" + title), 1);
         },
         true},
        {"calendar_text_is_escaped",
         [] {
             auto c = connect_coordinator();
             auto args = meeting_args(create_network(*c), "Möte; del 2, \\ slut");
             args["venue"] = "Sal A; plan 2";
             return observe(*c, request_frame(1, "meeting.create", args));
         },
         result(),
         [published_ics](const observed& o) {
             const auto lines = ics_lines(published_ics(o));
             EXPECT_EQ(std::count(lines.begin(), lines.end(), "SUMMARY:Möte\\; del 2\\, \\\\ slut"),
                       1);
             EXPECT_EQ(std::count(lines.begin(), lines.end(),
                                  "LOCATION:Sal A\\; plan 2\\, Hornsgatan 20\\, Stockholm"),
                       1);
         },
         true},
        {"needs_crlf_stay_inside_one_csv_field",
         [m] {
             // The coordinator registers her (registering someone else is theirs alone).
             auto c = connect_coordinator();
             const auto p = make_person(*c, w_.organisation_id, "Cilla Injektion");
             return observe(
                 *c, request_frame(1000, "registration.create",
                                   {{"meeting_id", m},
                                    {"mode", "in_person"},
                                    {"person_id", p.person_id},
                                    {"dietary_needs", "Vegan\r\nX;\"Injected\";row\r\n=cmd()"},
                                    {"accessibility_needs", "=HYPERLINK(\"http://evil\")"}}));
         },
         result(),
         [attendees, row_named](const observed& o) {
             EXPECT_EQ(string_at(result_of(o.answer), "registration.dietary_needs"),
                       "Vegan\nX;\"Injected\";row\n=cmd()");
             const auto row = row_named(attendees(), "Cilla Injektion");
             // A formula after a line break is guarded too (a reader may split lines).
             EXPECT_EQ(row[7], "Vegan\nX;\"Injected\";row\n'=cmd()");
             EXPECT_EQ(row[8], "'=HYPERLINK(\"http://evil\")");
         },
         true},
        {"self_registration_formula_name_and_email_are_guarded",
         [m] {
             const auto key = unique_name("x");
             auto pub = connect_public();
             return observe(*pub, request_frame(1, "registration.create",
                                                 {{"meeting_id", m},
                                                  {"mode", "remote"},
                                                  {"invitation", w_.invitation},
                                                  {"person",
                                                   {{"name", "+Formel " + key},
                                                    {"email", "=cmd-" + key + "@example.se"},
                                                    {"role", "elected"}}}}));
         },
         result(),
         [attendees, row_named](const observed& o) {
             const auto name = string_at(result_of(o.answer), "registration.person.name");
             const auto email = string_at(result_of(o.answer), "registration.person.email");
             const auto row = row_named(attendees(), "'" + name);
             EXPECT_EQ(row[6], "'" + email);  // the E-post column
         },
         true},
        {"agenda_description_crlf_is_stored_as_lf",
         call(who::facilitator, "agenda.add",
              with(with(item, "description", "Rad ett\r\nRad två\rRad tre"), "title", "Flerradig")),
         result(),
         [](const observed& o) {
             EXPECT_EQ(string_at(result_of(o.answer), "item.description"),
                       "Rad ett\nRad två\nRad tre");
         },
         true},
        // --- document upload names and sizes (HTTP) ---
        {"upload_name_encoded_dots", upload("filename=%2E%2E"), http(400, "invalid_args", "filename")},
        {"upload_name_with_a_slash", upload("filename=docs%2Fa.txt"),
         http(400, "invalid_args", "filename")},
        {"upload_name_absolute_path", upload("filename=%2Fetc%2Fpasswd"),
         http(400, "invalid_args", "filename")},
        {"upload_name_nul_before_extension", upload("filename=rapport.pdf%00.exe"),
         http(400, "invalid_args", "filename")},
        {"upload_name_del", upload("filename=a%7F.txt"), http(400, "invalid_args", "filename")},
        {"upload_name_c1_control", upload("filename=a%C2%85.txt"),
         http(400, "invalid_args", "filename")},
        {"upload_name_overlong_utf8", upload("filename=%C0%AE%C0%AE"),
         http(400, "invalid_args", "filename")},
        {"upload_name_of_256_bytes", upload("filename=" + std::string(252, 'a') + ".txt"),
         http(400, "invalid_args", "filename")},
        {"upload_name_only_spaces", upload("filename=%20%20"), http(400, "invalid_args", "filename")},
        {"upload_name_given_twice", upload("filename=a.txt&filename=b.txt"),
         http(400, "invalid_args")},
        {"upload_name_right_to_left_override", upload("filename=%E2%80%AEfdp.exe"), http(201),
         [](const observed& o) {
             EXPECT_EQ(string_at(o.answer, "document.latest.filename"), "_fdp.exe");
         },
         true},
        {"upload_name_windows_device", upload("filename=nul.txt"), http(201),
         [](const observed& o) {
             EXPECT_EQ(string_at(o.answer, "document.latest.filename"), "_nul.txt");
         },
         true},
        {"upload_name_quote_cannot_break_the_header", upload("filename=a%22%3B%20x%3D%22.txt"),
         http(201),
         [](const observed& o) {
             EXPECT_EQ(string_at(o.answer, "document.latest.filename"), "a_; x=_.txt");
             const auto url = string_at(o.answer, "document.url");
             const auto got = http_request(server().host(), server().port(), "GET", url,
                                           {{"Authorization", "Bearer " + w_.facilitator.token}});
             EXPECT_EQ(got.headers.at("content-disposition"),
                       "attachment; filename=\"a_; x=_.txt\"; filename*=UTF-8''a_%3B%20x%3D_.txt");
         },
         true},
        {"upload_path_with_dot_segment",
         [ms] {
             return send_http("POST", "/meetings/" + ms + "/../documents?filename=a.txt",
                              {{"Authorization", "Bearer " + w_.facilitator.token}}, "x");
         },
         http(400)},
        {"upload_path_with_backslash",
         [ms] {
             return send_http("POST", "/meetings/" + ms + "/documents%5C..?filename=a.txt",
                              {{"Authorization", "Bearer " + w_.facilitator.token}}, "x");
         },
         http(400)},
        {"upload_too_large_is_refused_before_the_body",
         upload("filename=stor.bin", "",
                {{"Content-Type", "application/octet-stream"},
                 {"Expect", "100-continue"},
                 {"Content-Length", std::to_string(hostile_upload_limit + 1)}}),
         http(413, "invalid_args", "body")},
        {"upload_by_query_token_is_not_accepted",
         [ms] {
             return send_http("POST",
                              "/meetings/" + ms + "/documents?filename=a.txt&access_token=" +
                                  w_.facilitator.token,
                              {{"Content-Type", "text/plain"}}, "x");
         },
         http(401, "unauthorized")},
        // --- missing and forged tokens ---
        {"upgrade_with_forged_bearer", upgrade(bearer(forged)), http(401)},
        {"upgrade_with_forged_query_token",
         upgrade([&] {
             connect_options o;
             o.target = "/ws?access_token=" + forged;
             return o;
         }()),
         http(401)},
        {"upgrade_with_token_of_4000_characters", upgrade(bearer(std::string(4000, 'a'))),
         http(401)},
        {"auth_with_forged_token", call(who::anyone, "auth", {{"token", forged}}),
         error("unauthorized")},
        {"auth_with_token_of_a_number", call(who::anyone, "auth", {{"token", 12345}}),
         error("invalid_args", "token")},
        {"attendees_without_token", get("/meetings/" + ms + "/attendees.csv"), http(401),
         [](const observed& o) {
             ASSERT_TRUE(o.headers.contains("www-authenticate"));
             EXPECT_NE(o.headers.at("www-authenticate").find("Bearer"), std::string::npos);
             EXPECT_EQ(o.raw.find("Anna"), std::string::npos);
         }},
        {"attendees_with_forged_token", get("/meetings/" + ms + "/attendees.csv", forged),
         http(401)},
        {"attendees_with_basic_scheme",
         get("/meetings/" + ms + "/attendees.csv", coordinator_token(), "Basic "), http(401)},
        {"attendees_as_a_participant", get("/meetings/" + ms + "/attendees.csv", w.anna.token),
         http(403)},
        {"personal_calendar_with_forged_token", get("/calendar/person/" + forged + ".ics"),
         http(404),
         [](const observed& o) { EXPECT_EQ(o.raw, "not found\n"); }},
        {"personal_calendar_with_coordinator_token",
         get("/calendar/person/" + coordinator_token() + ".ics"), http(404)},
        {"personal_calendar_with_encoded_crlf", get("/calendar/person/abc%0D%0AX-Evil:1.ics"),
         http(400)},
        // --- another person's registration, with one's own personal token ---
        {"other_persons_registration_get",
         call(who::bertil, "registration.get", {{"registration_id", w.anna_registration}}),
         error("forbidden")},
        {"other_persons_registration_update",
         call(who::bertil, "registration.update",
              {{"registration_id", w.anna_registration}, {"dietary_needs", "Bara godis"}}),
         error("forbidden")},
        {"other_persons_registration_cancel",
         call(who::bertil, "registration.cancel", {{"registration_id", w.anna_registration}}),
         error("forbidden")},
        {"other_persons_registration_by_meeting",
         call(who::bertil, "registration.get", {{"meeting_id", m}, {"person_id", w.anna.person_id}}),
         error("forbidden")},
        {"register_another_person",
         call(who::bertil, "registration.create",
              {{"meeting_id", m}, {"mode", "remote"}, {"person_id", w.anna.person_id}}),
         error("forbidden")},
        {"list_another_persons_registrations",
         call(who::bertil, "registration.list", {{"meeting_id", m}, {"person_id", w.anna.person_id}}),
         error("forbidden")},
        {"subscribe_to_another_persons_topic",
         call(who::bertil, "subscribe", {{"topic", "person:" + std::to_string(w.anna.person_id)}}),
         error("forbidden")},
        // --- a participant calling facilitator ops, a facilitator calling coordinator ops ---
        {"participant_poll_create", call(who::anna, "poll.create", poll), error("forbidden")},
        // The poll is a draft: for a participant it does not exist (as an unknown id).
        {"participant_poll_open", call(who::anna, "poll.open", {{"poll_id", w.poll_id}}),
         error("not_found")},
        {"participant_poll_link", call(who::anna, "poll.link", meeting), error("forbidden")},
        {"participant_agenda_add", call(who::anna, "agenda.add", item), error("forbidden")},
        {"participant_agenda_remove", call(who::anna, "agenda.remove", {{"item_id", w.item_id}}),
         error("forbidden")},
        {"participant_agenda_set_current",
         call(who::anna, "agenda.set_current", {{"meeting_id", m}, {"item_id", w.item_id}}),
         error("forbidden")},
        {"participant_agenda_history", call(who::anna, "agenda.history", meeting),
         error("forbidden")},
        {"participant_checkin",
         call(who::anna, "registration.checkin",
              {{"meeting_id", m}, {"registration_id", w.anna_registration}}),
         error("forbidden")},
        {"participant_meeting_stats", call(who::anna, "meeting.stats", meeting),
         error("forbidden")},
        {"participant_document_update",
         call(who::anna, "document.update", {{"document_id", w.document_id}, {"title", "Kapad"}}),
         error("forbidden")},
        {"participant_document_remove",
         call(who::anna, "document.remove", {{"document_id", w.document_id}}), error("forbidden")},
        {"participant_minutes_edit",
         call(who::anna, "minutes.edit", {{"meeting_id", m}, {"base_version", 0}, {"text", "x"}}),
         error("forbidden")},
        {"participant_registration_list_of_all",
         call(who::anna, "registration.list", {{"meeting_id", m}, {"person_id", w.bertil.person_id}}),
         error("forbidden")},
        {"participant_upload",
         upload("filename=a.txt", "x",
                {{"Authorization", "Bearer " + w.anna.token}, {"Content-Type", "text/plain"}}),
         http(403, "forbidden")},
        {"facilitator_meeting_cancel", call(who::facilitator, "meeting.cancel", meeting),
         error("forbidden")},
        {"facilitator_add_facilitator",
         call(who::facilitator, "meeting.add_facilitator",
              {{"meeting_id", m}, {"person_id", w.anna.person_id}}),
         error("forbidden")},
        {"facilitator_invitation_rotate",
         call(who::facilitator, "org.invitation.rotate", {{"organisation_id", w.organisation_id}}),
         error("forbidden")},
        {"facilitator_network_stats",
         call(who::facilitator, "network.stats", {{"network_id", w.network_id}}),
         error("forbidden")},
        {"facilitator_person_create",
         call(who::facilitator, "person.create",
              {{"name", "Smyg"},
               {"email", unique_name("smyg") + "@example.se"},
               {"organisation_id", w.organisation_id},
               {"role", "official"}}),
         error("forbidden")},
    };
    return c;
}

TEST_P(HostileInput, gets_its_documented_answer_and_the_server_keeps_serving) {
    const auto& c = row(GetParam());
    const auto before = c.writes ? std::string() : state();
    const auto seen = c.attack();
    check(c.answer, seen);
    if (c.then) {
        c.then(seen);
    }
    if (!c.writes) {
        EXPECT_EQ(state(), before) << "a refused attack changed the meeting";
    }
    EXPECT_TRUE(still_serving(server())) << "the server stopped serving";
}

INSTANTIATE_TEST_SUITE_P(Table, HostileInput, ::testing::ValuesIn(HostileInput::names()),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                             return info.param;
                         });

}  // namespace
}  // namespace traffpunkt::integration
