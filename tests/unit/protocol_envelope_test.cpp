#include "traffpunkt/protocol/envelope.hpp"

#include <random>
#include <string>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace tp = traffpunkt::protocol;
namespace json = boost::json;

namespace {

/** Decodes `text`, expects a bad_request, and returns its message. */
std::string expect_bad_request(std::string_view text, std::optional<std::int64_t> id = {}) {
    const auto d = tp::decode_request(text);
    EXPECT_FALSE(d.req.has_value()) << text;
    if (!d.err) {
        ADD_FAILURE() << "no error for " << text;
        return {};
    }
    EXPECT_EQ(d.err->code, tp::errc::bad_request) << text;
    EXPECT_EQ(d.id, id) << text;
    EXPECT_TRUE(d.err->details.empty()) << text;
    return d.err->message;
}

std::string nested_arrays(int depth) {
    return std::string(static_cast<std::size_t>(depth), '[') +
           std::string(static_cast<std::size_t>(depth), ']');
}

}  // namespace

TEST(DecodeRequest, reads_a_minimal_request) {
    const auto d = tp::decode_request(R"({"id":7,"op":"meeting.get"})");
    ASSERT_TRUE(d.req.has_value());
    EXPECT_FALSE(d.err.has_value());
    EXPECT_EQ(d.id, 7);
    EXPECT_EQ(d.req->id, 7);
    EXPECT_EQ(d.req->op, "meeting.get");
    EXPECT_TRUE(d.req->args.empty());
    EXPECT_FALSE(d.req->idem.has_value());
}

TEST(DecodeRequest, reads_args_and_idem_in_any_member_order) {
    const auto d = tp::decode_request(
        " {\"idem\":\"k-1.a_b:C\",\"args\":{\"meeting_id\":3,\"x\":[1,{\"y\":null}]},"
        "\"op\":\"meeting.add_facilitator\",\"id\":0}\n");
    ASSERT_TRUE(d.req.has_value()) << d.err->message;
    EXPECT_EQ(d.req->id, 0);
    EXPECT_EQ(d.req->op, "meeting.add_facilitator");
    EXPECT_EQ(d.req->args.at("meeting_id").as_int64(), 3);
    EXPECT_EQ(d.req->idem, "k-1.a_b:C");
}

TEST(DecodeRequest, accepts_the_id_range_limits_and_integral_doubles) {
    auto d = tp::decode_request(R"({"id":9007199254740991,"op":"a"})");
    ASSERT_TRUE(d.req.has_value());
    EXPECT_EQ(d.req->id, 9007199254740991);
    d = tp::decode_request(R"({"id":7.0,"op":"a"})");
    ASSERT_TRUE(d.req.has_value());
    EXPECT_EQ(d.req->id, 7);
    d = tp::decode_request(R"({"id":1e3,"op":"a"})");
    ASSERT_TRUE(d.req.has_value());
    EXPECT_EQ(d.req->id, 1000);
}

TEST(DecodeRequest, does_not_judge_whether_the_op_exists) {
    // unknown_op is the dispatcher's answer (is_known_op); the envelope only checks the shape.
    const auto d = tp::decode_request(R"({"id":1,"op":"no.such_op"})");
    EXPECT_TRUE(d.req.has_value());
}

TEST(DecodeRequest, refuses_text_that_is_not_json) {
    EXPECT_EQ(expect_bad_request("hello"), "malformed JSON: syntax error");
    EXPECT_EQ(expect_bad_request(""), "malformed JSON: incomplete JSON");
    EXPECT_EQ(expect_bad_request("   "), "malformed JSON: incomplete JSON");
    EXPECT_EQ(expect_bad_request(R"({"id":1,"op":"a")"), "malformed JSON: incomplete JSON");
    EXPECT_EQ(expect_bad_request(R"({"id":1,"op":"a",})"), "malformed JSON: syntax error");
    EXPECT_EQ(expect_bad_request(R"({"id":1,"op":"a"} x)"), "malformed JSON: extra data");
    EXPECT_EQ(expect_bad_request(R"({"id":1,"op":"a"}{})"), "malformed JSON: extra data");
    EXPECT_EQ(expect_bad_request(R"({'id':1})"), "malformed JSON: syntax error");
    EXPECT_EQ(expect_bad_request(R"({"id":1,"op":"a"/*c*/})"), "malformed JSON: syntax error");
    EXPECT_EQ(expect_bad_request(R"({"id":NaN,"op":"a"})"), "malformed JSON: syntax error");
    EXPECT_EQ(expect_bad_request("\xEF\xBB\xBF{\"id\":1,\"op\":\"a\"}"),
              "malformed JSON: syntax error");
}

TEST(DecodeRequest, error_message_never_echoes_the_payload) {
    const auto message = expect_bad_request(R"({"id":1,"op":"a","secret":"hunter2",)");
    EXPECT_EQ(message.find("hunter2"), std::string::npos);
    EXPECT_EQ(message.find("secret"), std::string::npos);
}

TEST(DecodeRequest, refuses_json_that_is_not_an_object) {
    EXPECT_EQ(expect_bad_request("[1,2]"), "a request must be a JSON object");
    EXPECT_EQ(expect_bad_request("42"), "a request must be a JSON object");
    EXPECT_EQ(expect_bad_request("null"), "a request must be a JSON object");
    EXPECT_EQ(expect_bad_request(R"("{\"id\":1}")"), "a request must be a JSON object");
}

TEST(DecodeRequest, refuses_a_missing_or_invalid_id_without_re) {
    EXPECT_EQ(expect_bad_request(R"({"op":"a"})"), "member 'id' is required");
    const std::string range = "member 'id' must be an integer between 0 and 9007199254740991";
    EXPECT_EQ(expect_bad_request(R"({"id":-1,"op":"a"})"), range);
    EXPECT_EQ(expect_bad_request(R"({"id":1.5,"op":"a"})"), range);
    EXPECT_EQ(expect_bad_request(R"({"id":-0.5,"op":"a"})"), range);
    EXPECT_EQ(expect_bad_request(R"({"id":"7","op":"a"})"), range);
    EXPECT_EQ(expect_bad_request(R"({"id":true,"op":"a"})"), range);
    EXPECT_EQ(expect_bad_request(R"({"id":null,"op":"a"})"), range);
    EXPECT_EQ(expect_bad_request(R"({"id":[1],"op":"a"})"), range);
    EXPECT_EQ(expect_bad_request(R"({"id":9007199254740992,"op":"a"})"), range);
    EXPECT_EQ(expect_bad_request(R"({"id":1e20,"op":"a"})"), range);
}

TEST(DecodeRequest, refuses_integers_outside_int64_anywhere) {
    // Boost.JSON would hand these over as uint64 or as a rounded double.
    EXPECT_EQ(expect_bad_request(R"({"id":9223372036854775808,"op":"a"})"),
              "malformed JSON: integer out of range");
    EXPECT_EQ(expect_bad_request(R"({"id":1,"op":"a","args":{"n":18446744073709551616}})", 1),
              "malformed JSON: integer out of range");
    EXPECT_EQ(expect_bad_request(R"({"id":1,"op":"a","args":{"n":-9223372036854775809}})", 1),
              "malformed JSON: integer out of range");
    // int64's own limits are fine at the envelope level.
    EXPECT_TRUE(tp::decode_request(R"({"id":1,"op":"a","args":{"n":9223372036854775807}})").req);
    EXPECT_TRUE(tp::decode_request(R"({"id":1,"op":"a","args":{"n":-9223372036854775808}})").req);
}

TEST(DecodeRequest, refuses_numbers_that_overflow_a_double) {
    // Boost.JSON 1.81 parses 1e400 as infinity, which it would later serialize as invalid JSON.
    EXPECT_EQ(expect_bad_request(R"({"id":1,"op":"a","args":{"x":1e400}})", 1),
              "malformed JSON: number out of range");
    EXPECT_EQ(expect_bad_request(R"({"id":1,"op":"a","args":{"x":-1e400}})", 1),
              "malformed JSON: number out of range");
    EXPECT_EQ(expect_bad_request(R"({"id":1e400,"op":"a"})"),
              "malformed JSON: number out of range");
    // Underflow is harmless: it is zero.
    EXPECT_TRUE(tp::decode_request(R"({"id":1,"op":"a","args":{"x":1e-400}})").req);
}

TEST(DecodeRequest, refuses_invalid_utf8_and_lone_surrogates) {
    // Boost.JSON (allow_invalid_utf8 = false) reports all of these as a syntax error.
    EXPECT_EQ(expect_bad_request("{\"id\":1,\"op\":\"a\",\"args\":{\"t\":\"\xff\"}}"),
              "malformed JSON: syntax error");
    EXPECT_EQ(expect_bad_request("{\"id\":1,\"op\":\"a\",\"args\":{\"t\":\"\xc0\xaf\"}}"),
              "malformed JSON: syntax error");
    EXPECT_EQ(expect_bad_request("{\"id\":1,\"op\":\"a\",\"args\":{\"t\":\"\xed\xa0\x80\"}}"),
              "malformed JSON: syntax error");
    EXPECT_EQ(expect_bad_request("{\"id\":1,\"op\":\"a\",\"args\":{\"\xfe\":1}}"),
              "malformed JSON: syntax error");
    EXPECT_EQ(expect_bad_request(R"({"id":1,"op":"a","args":{"t":"\ud800"}})"),
              "malformed JSON: syntax error");
    // Well-formed UTF-8 and escaped pairs are fine.
    const auto d = tp::decode_request(
        "{\"id\":1,\"op\":\"a\",\"args\":{\"t\":\"Tr\xc3\xa4"
        "ffpunkt \\ud83d\\ude00\"}}");
    ASSERT_TRUE(d.req.has_value());
    EXPECT_EQ(d.req->args.at("t").as_string(),
              "Tr\xc3\xa4"
              "ffpunkt \xf0\x9f\x98\x80");
}

TEST(DecodeRequest, enforces_the_depth_limit) {
    // The envelope object is level 1, args level 2: 30 more arrays make 32 levels.
    const auto at_limit = R"({"id":1,"op":"a","args":{"x":)" + nested_arrays(30) + "}}";
    EXPECT_TRUE(tp::decode_request(at_limit).req.has_value());
    const auto over = R"({"id":1,"op":"a","args":{"x":)" + nested_arrays(31) + "}}";
    EXPECT_EQ(expect_bad_request(over, 1), "malformed JSON: too deep");
    EXPECT_EQ(expect_bad_request(nested_arrays(100000)), "malformed JSON: too deep");

    tp::decode_limits tight;
    tight.max_depth = 2;
    EXPECT_TRUE(tp::decode_request(R"({"id":1,"op":"a","args":{"x":1}})", tight).req);
    EXPECT_FALSE(tp::decode_request(R"({"id":1,"op":"a","args":{"x":{}}})", tight).req);
}

TEST(DecodeRequest, a_frame_over_a_limit_keeps_its_re_when_the_id_came_first) {
    const auto re_of = [](const std::string& text) { return tp::decode_request(text).id; };
    const auto over = R"({"id":7,"op":"a","args":{"x":)" + nested_arrays(31) + "}}";
    EXPECT_FALSE(tp::decode_request(over).req);
    EXPECT_EQ(re_of(over), 7);
    EXPECT_EQ(re_of(R"({"id":8,"op":"a","args":{"n":18446744073709551616}})"), 8);
    EXPECT_EQ(re_of(R"({"id":9,"op":"a","args":{"x":1e400}})"), 9);
    EXPECT_EQ(re_of(R"({"id":3.0,"op":"a","args":{"x":1e400}})"), 3);
    // The id after the fault was never read; an invalid or doubled id is no id.
    EXPECT_EQ(re_of(R"({"op":"a","args":{"x":1e400},"id":9})"), std::nullopt);
    EXPECT_EQ(re_of(R"({"id":-1,"op":"a","args":{"x":1e400}})"), std::nullopt);
    EXPECT_EQ(re_of(R"({"id":1,"id":2,"args":{"x":1e400}})"), std::nullopt);
    EXPECT_EQ(re_of(R"({"x":{"id":5},"args":{"x":1e400}})"), std::nullopt);
    // A frame that is not JSON names no request, even with an id up front.
    EXPECT_EQ(re_of(R"({"id":1,"op":)"), std::nullopt);
    EXPECT_EQ(re_of("{\"id\":1,\"op\":\"a\",\"t\":\"\xff\"}"), std::nullopt);
}

TEST(DecodeRequest, refuses_duplicate_keys_at_any_level) {
    EXPECT_EQ(expect_bad_request(R"({"id":3,"op":"a","op":"b"})", 3), "duplicate key 'op'");
    EXPECT_EQ(expect_bad_request(R"({"id":3,"op":"a","args":{"x":1,"y":2,"x":3}})", 3),
              "duplicate key 'x'");
    EXPECT_EQ(expect_bad_request(R"({"id":3,"op":"a","args":{"l":[{"k":1,"k":1}]}})", 3),
              "duplicate key 'k'");
    // A duplicated id is ambiguous, so the answer cannot name it.
    EXPECT_EQ(expect_bad_request(R"({"id":3,"op":"a","id":4})"), "duplicate key 'id'");
    // The same key in sibling or nested objects is not a duplicate.
    EXPECT_TRUE(tp::decode_request(R"({"id":3,"op":"a","args":{"a":{"a":1},"b":{"a":2}}})").req);
}

TEST(DecodeRequest, finds_duplicates_among_many_keys) {
    std::string text = R"({"id":1,"op":"a","args":{)";
    for (int i = 0; i < 5000; ++i) {
        text += "\"k" + std::to_string(i) + "\":1,";
    }
    text += R"("k4321":2}})";
    EXPECT_EQ(expect_bad_request(text, 1), "duplicate key 'k4321'");
}

TEST(DecodeRequest, refuses_bad_op_with_re) {
    const std::string shape = "member 'op' must be 1 to 64 characters of a-z, 0-9, '.' and '_'";
    EXPECT_EQ(expect_bad_request(R"({"id":5})", 5), "member 'op' is required");
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":""})", 5), shape);
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":"Meeting.get"})", 5), shape);
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":"meeting get"})", 5), shape);
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":"meeting-get"})", 5), shape);
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":")" + std::string(65, 'a') + "\"}", 5), shape);
    EXPECT_TRUE(tp::decode_request(R"({"id":5,"op":")" + std::string(64, 'a') + "\"}").req);
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":7})", 5), "member 'op' must be a string");
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":null})", 5), "member 'op' must be a string");
}

TEST(DecodeRequest, refuses_args_that_are_not_an_object) {
    const std::string message = "member 'args' must be an object";
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":"a","args":[]})", 5), message);
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":"a","args":null})", 5), message);
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":"a","args":"{}"})", 5), message);
}

TEST(DecodeRequest, refuses_bad_idem) {
    const std::string shape =
        "member 'idem' must be 1 to 128 characters of A-Z, a-z, 0-9, '.', '_', ':' and '-'";
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":"a","idem":""})", 5), shape);
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":"a","idem":"a b"})", 5), shape);
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":"a","idem":"a/b"})", 5), shape);
    EXPECT_EQ(expect_bad_request("{\"id\":5,\"op\":\"a\",\"idem\":\"\xc3\xa4\"}", 5), shape);
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":"a","idem":")" + std::string(129, 'k') + "\"}", 5),
              shape);
    EXPECT_TRUE(
        tp::decode_request(R"({"id":5,"op":"a","idem":")" + std::string(128, 'k') + "\"}").req);
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":"a","idem":12})", 5),
              "member 'idem' must be a string");
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":"a","idem":null})", 5),
              "member 'idem' must be a string");
}

TEST(DecodeRequest, refuses_unknown_members_naming_them) {
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":"a","token":"x"})", 5), "unknown member 'token'");
    EXPECT_EQ(expect_bad_request(R"({"id":5,"op":"a","ID":5})", 5), "unknown member 'ID'");
    // Names are shown printable and bounded, never raw.
    const auto message = expect_bad_request("{\"id\":5,\"op\":\"a\",\"x'\\n\\\"\xc3\xa4\":1}", 5);
    EXPECT_EQ(message, "unknown member 'x" + std::string(5, '?') + "'");
    const auto long_name =
        expect_bad_request(R"({"id":5,"op":"a",")" + std::string(1000, 'n') + "\":1}", 5);
    EXPECT_EQ(long_name, "unknown member '" + std::string(64, 'n') + "...'");
}

TEST(DecodeRequest, never_throws_on_mutated_or_random_input) {
    const std::string valid =
        R"({"id":12,"op":"meeting.update","args":{"meeting_id":3,"title":"T\u00e4",)"
        R"("x":[1.5,null,true]},"idem":"k:1"})";
    std::mt19937 rng(20221125);
    const std::string alphabet = "{}[]\":,0123456789-+.eEtruefalsn \\u\xff\xc3";
    for (int round = 0; round < 20000; ++round) {
        std::string text = valid;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits && !text.empty(); ++e) {
            const auto pos = rng() % text.size();
            switch (rng() % 3) {
                case 0:
                    text[pos] = alphabet[rng() % alphabet.size()];
                    break;
                case 1:
                    text.erase(pos, 1 + rng() % 3);
                    break;
                default:
                    text.insert(pos, 1, alphabet[rng() % alphabet.size()]);
                    break;
            }
        }
        tp::decoded_request d;
        ASSERT_NO_THROW(d = tp::decode_request(text)) << text;
        ASSERT_NE(d.req.has_value(), d.err.has_value()) << text;
        if (d.req) {
            EXPECT_EQ(d.id, d.req->id);
        }
    }
    for (int round = 0; round < 5000; ++round) {
        std::string text(rng() % 64, '\0');
        for (auto& c : text) {
            c = static_cast<char>(rng());
        }
        const auto d = tp::decode_request(text);
        ASSERT_NE(d.req.has_value(), d.err.has_value());
    }
}

TEST(EncodeResult, writes_re_then_result) {
    EXPECT_EQ(tp::encode_result(7, json::object{{"meeting_id", 3}}),
              R"({"re":7,"result":{"meeting_id":3}})");
    EXPECT_EQ(tp::encode_result(0, json::object{}), R"({"re":0,"result":{}})");
}

TEST(EncodeError, writes_code_message_and_details) {
    tp::error e{tp::errc::invalid_args, "field 'title' is required", {{"field", "title"}}};
    EXPECT_EQ(tp::encode_error(9, e),
              R"({"re":9,"error":{"code":"invalid_args","message":"field 'title' is required",)"
              R"("details":{"field":"title"}}})");
}

TEST(EncodeError, writes_null_re_and_omits_empty_details) {
    tp::error e{tp::errc::bad_request, "say \"hi\"\n", {}};
    EXPECT_EQ(tp::encode_error(std::nullopt, e),
              R"({"re":null,"error":{"code":"bad_request","message":"say \"hi\"\n"}})");
}

TEST(EncodeEvent, writes_members_in_documented_order) {
    EXPECT_EQ(tp::encode_event("meeting.updated", "meeting:3", 118, "9f2c41d0a7b3e5c8",
                               json::object{{"meeting", json::object{}}}),
              R"({"ev":"meeting.updated","topic":"meeting:3","seq":118,)"
              R"("epoch":"9f2c41d0a7b3e5c8","data":{"meeting":{}}})");
    const auto big = tp::encode_event("e", "t", 18446744073709551615ULL, "", json::object{});
    EXPECT_NE(big.find("\"seq\":18446744073709551615"), std::string::npos);
}

TEST(EncodeRequest, round_trips_through_decode_request) {
    const json::object args{{"meeting_id", 3},
                            {"title",
                             "Tr\xc3\xa4"
                             "ff \"1\""}};
    const auto text = tp::encode_request(42, "meeting.update", args, "k-1");
    EXPECT_EQ(text, R"({"id":42,"op":"meeting.update","args":{"meeting_id":3,"title":)"
                    "\"Tr\xc3\xa4"
                    R"(ff \"1\""},"idem":"k-1"})");
    const auto d = tp::decode_request(text);
    ASSERT_TRUE(d.req.has_value());
    EXPECT_EQ(d.req->id, 42);
    EXPECT_EQ(d.req->op, "meeting.update");
    EXPECT_EQ(d.req->args, args);
    EXPECT_EQ(d.req->idem, "k-1");
}

TEST(EncodeRequest, omits_absent_idem) {
    const auto text = tp::encode_request(1, "network.list", {});
    EXPECT_EQ(text, R"({"id":1,"op":"network.list","args":{}})");
    const auto d = tp::decode_request(text);
    ASSERT_TRUE(d.req.has_value());
    EXPECT_FALSE(d.req->idem.has_value());
}

TEST(EncodeError, output_is_valid_json_that_round_trips) {
    tp::error e{tp::errc::conflict, "\x01 control", {{"n", 1}}};
    const auto v = json::parse(tp::encode_error(3, e));
    EXPECT_EQ(v.at("re").as_int64(), 3);
    EXPECT_EQ(v.at("error").at("message").as_string(), "\x01 control");
    EXPECT_EQ(v.at("error").at("details").at("n").as_int64(), 1);
}
