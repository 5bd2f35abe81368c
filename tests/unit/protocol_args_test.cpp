#include "traffpunkt/protocol/args_reader.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <string>

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include "protocol_test_support.hpp"

namespace tp = traffpunkt::protocol;
namespace json = boost::json;

namespace {

using traffpunkt::protocol::test_support::obj;

/** Runs `f`, expects invalid_args about `field` with exactly `message`. */
template <class F>
void expect_invalid(F&& f, std::string_view field, std::string_view message) {
    try {
        f();
        ADD_FAILURE() << "no error; expected: " << message;
    } catch (const tp::protocol_error& e) {
        EXPECT_EQ(e.code(), tp::errc::invalid_args);
        EXPECT_EQ(std::string_view(e.what()), message);
        ASSERT_TRUE(e.err().details.contains("field"));
        EXPECT_EQ(e.err().details.at("field").as_string(), field);
    }
}

constexpr std::array<std::string_view, 3> formats{"in_person", "digital", "hybrid"};

}  // namespace

TEST(ArgsReader, reads_required_fields) {
    const auto o = obj(R"({"s":"x","i":5,"b":true,"o":{"k":1},"a":[1,2]})");
    tp::args_reader r(o);
    EXPECT_EQ(r.string("s"), "x");
    EXPECT_EQ(r.integer("i", 0, 10), 5);
    EXPECT_TRUE(r.boolean("b"));
    EXPECT_EQ(r.object("o").at("k").as_int64(), 1);
    EXPECT_EQ(r.array("a").size(), 2U);
    EXPECT_NO_THROW(r.finish());
}

TEST(ArgsReader, required_fields_missing) {
    const auto o = obj("{}");
    tp::args_reader r(o);
    expect_invalid([&] { r.string("title"); }, "title", "field 'title' is required");
    expect_invalid([&] { r.integer("n", 0, 1); }, "n", "field 'n' is required");
    expect_invalid([&] { r.boolean("b"); }, "b", "field 'b' is required");
    expect_invalid([&] { r.object("o"); }, "o", "field 'o' is required");
    expect_invalid([&] { r.array("a"); }, "a", "field 'a' is required");
}

TEST(ArgsReader, required_fields_with_wrong_type_or_null) {
    const auto o = obj(R"({"s":1,"n":"1","b":1,"o":[],"a":{},"z":null})");
    tp::args_reader r(o);
    expect_invalid([&] { r.string("s"); }, "s", "field 's' must be a string");
    expect_invalid([&] { r.integer("n", 0, 9); }, "n", "field 'n' must be an integer");
    expect_invalid([&] { r.boolean("b"); }, "b", "field 'b' must be a boolean");
    expect_invalid([&] { r.object("o"); }, "o", "field 'o' must be an object");
    expect_invalid([&] { r.array("a"); }, "a", "field 'a' must be an array");
    expect_invalid([&] { r.string("z"); }, "z", "field 'z' must be a string");
    expect_invalid([&] { r.integer("z", 0, 9); }, "z", "field 'z' must be an integer");
    expect_invalid([&] { r.object("z"); }, "z", "field 'z' must be an object");
}

TEST(ArgsReader, optional_fields_absent_or_null_are_empty) {
    const auto o = obj(R"({"s":null,"i":null,"b":null,"o":null})");
    tp::args_reader r(o);
    EXPECT_FALSE(r.opt_string("s").has_value());
    EXPECT_FALSE(r.opt_string("absent").has_value());
    EXPECT_FALSE(r.opt_integer("i", 0, 1).has_value());
    EXPECT_FALSE(r.opt_integer("absent2", 0, 1).has_value());
    EXPECT_FALSE(r.opt_boolean("b").has_value());
    EXPECT_EQ(r.opt_object("o"), nullptr);
    EXPECT_EQ(r.opt_object("absent3"), nullptr);
    EXPECT_NO_THROW(r.finish());
}

TEST(ArgsReader, optional_fields_present_must_have_the_right_type) {
    const auto o = obj(R"({"s":false,"i":true,"b":"yes","o":"x","ok":"v","n":3,"t":false})");
    tp::args_reader r(o);
    expect_invalid([&] { r.opt_string("s"); }, "s", "field 's' must be a string");
    expect_invalid([&] { r.opt_integer("i", 0, 9); }, "i", "field 'i' must be an integer");
    expect_invalid([&] { r.opt_boolean("b"); }, "b", "field 'b' must be a boolean");
    expect_invalid([&] { r.opt_object("o"); }, "o", "field 'o' must be an object");
    EXPECT_EQ(r.opt_string("ok"), "v");
    EXPECT_EQ(r.opt_integer("n", 0, 9), 3);
    EXPECT_EQ(r.opt_boolean("t"), false);
}

TEST(ArgsReader, integers_accept_integral_doubles_and_check_range) {
    const auto o = obj(R"({"a":7.0,"b":1e5,"c":100001,"d":-1,"e":2.5,"f":1e300,"g":-1e300,)"
                       R"("h":9223372036854775807,"i":-9223372036854775808})");
    tp::args_reader r(o);
    EXPECT_EQ(r.integer("a", 0, 10), 7);
    EXPECT_EQ(r.integer("b", 0, 100000), 100000);
    expect_invalid([&] { r.integer("c", 0, 100000); }, "c",
                   "field 'c' must be between 0 and 100000");
    expect_invalid([&] { r.integer("d", 0, 100000); }, "d",
                   "field 'd' must be between 0 and 100000");
    expect_invalid([&] { r.integer("e", 0, 10); }, "e", "field 'e' must be an integer");
    expect_invalid([&] { r.integer("f", 0, 10); }, "f", "field 'f' must be between 0 and 10");
    expect_invalid([&] { r.integer("g", 0, 10); }, "g", "field 'g' must be between 0 and 10");
    EXPECT_EQ(r.integer("h", 0, INT64_MAX), INT64_MAX);
    EXPECT_EQ(r.integer("i", INT64_MIN, 0), INT64_MIN);
}

TEST(ArgsReader, integers_from_values_built_in_code) {
    // Objects built by clients (not parsed) can hold uint64 and doubles at the int64 edge.
    json::object o;
    o["u"] = std::uint64_t{5};
    o["big"] = std::uint64_t{18446744073709551615ULL};
    o["edge"] = 9223372036854775808.0;  // 2^63: one past int64's maximum
    o["inf"] = std::numeric_limits<double>::infinity();
    tp::args_reader r(o);
    EXPECT_EQ(r.integer("u", 0, 10), 5);
    expect_invalid([&] { r.integer("big", 0, INT64_MAX); }, "big",
                   "field 'big' must be between 0 and 9223372036854775807");
    expect_invalid([&] { r.integer("edge", 0, INT64_MAX); }, "edge",
                   "field 'edge' must be between 0 and 9223372036854775807");
    expect_invalid([&] { r.integer("inf", 0, 10); }, "inf", "field 'inf' must be an integer");
}

TEST(ArgsReader, one_of_checks_the_allowed_values) {
    const auto o = obj(R"({"format":"hybrid","bad":"Hybrid","num":1})");
    tp::args_reader r(o);
    EXPECT_EQ(r.one_of("format", formats), "hybrid");
    expect_invalid([&] { r.one_of("bad", formats); }, "bad",
                   "field 'bad' must be one of in_person, digital, hybrid");
    expect_invalid([&] { r.one_of("num", formats); }, "num", "field 'num' must be a string");
    expect_invalid([&] { r.one_of("missing", formats); }, "missing", "field 'missing' is required");
    EXPECT_FALSE(r.opt_one_of("absent", formats).has_value());
    expect_invalid([&] { r.opt_one_of("bad", formats); }, "bad",
                   "field 'bad' must be one of in_person, digital, hybrid");
}

TEST(ArgsReader, patches_have_three_states) {
    const auto o = obj(R"({"set":"v","clear":null,"n":4,"nclear":null,"f":"digital"})");
    tp::args_reader r(o);

    const auto absent = r.string_patch("absent");
    EXPECT_FALSE(absent.present);
    EXPECT_FALSE(absent.value.has_value());
    EXPECT_FALSE(absent.clears());

    const auto cleared = r.string_patch("clear");
    EXPECT_TRUE(cleared.present);
    EXPECT_FALSE(cleared.value.has_value());
    EXPECT_TRUE(cleared.clears());

    const auto set = r.string_patch("set");
    EXPECT_TRUE(set.present);
    EXPECT_EQ(set.value, "v");
    EXPECT_FALSE(set.clears());

    EXPECT_EQ(r.integer_patch("n", 0, 10).value, 4);
    EXPECT_TRUE(r.integer_patch("nclear", 0, 10).clears());
    EXPECT_FALSE(r.integer_patch("nabsent", 0, 10).present);
    EXPECT_EQ(r.one_of_patch("f", formats).value, "digital");
    EXPECT_NO_THROW(r.finish());
}

TEST(ArgsReader, patches_check_type_and_range) {
    const auto o = obj(R"({"s":5,"n":"5","big":100001,"f":"zoom"})");
    tp::args_reader r(o);
    expect_invalid([&] { r.string_patch("s"); }, "s", "field 's' must be a string");
    expect_invalid([&] { r.integer_patch("n", 0, 10); }, "n", "field 'n' must be an integer");
    expect_invalid([&] { r.integer_patch("big", 0, 100000); }, "big",
                   "field 'big' must be between 0 and 100000");
    expect_invalid([&] { r.one_of_patch("f", formats); }, "f",
                   "field 'f' must be one of in_person, digital, hybrid");
}

TEST(ArgsReader, finish_refuses_keys_nobody_asked_about) {
    const auto o = obj(R"({"title":"x","xyz":1})");
    tp::args_reader r(o);
    EXPECT_EQ(r.string("title"), "x");
    expect_invalid([&] { r.finish(); }, "xyz", "unknown field 'xyz'");
}

TEST(ArgsReader, asking_about_an_absent_key_is_recorded_too) {
    const auto o = obj(R"({"a":1})");
    tp::args_reader r(o);
    EXPECT_FALSE(r.opt_string("b").has_value());
    expect_invalid([&] { r.finish(); }, "a", "unknown field 'a'");
    EXPECT_EQ(r.integer("a", 0, 1), 1);
    EXPECT_NO_THROW(r.finish());
}

TEST(ArgsReader, has_and_is_null_do_not_count_as_asking) {
    const auto o = obj(R"({"a":null,"b":1})");
    tp::args_reader r(o);
    EXPECT_TRUE(r.has("a"));
    EXPECT_TRUE(r.is_null("a"));
    EXPECT_TRUE(r.has("b"));
    EXPECT_FALSE(r.is_null("b"));
    EXPECT_FALSE(r.has("c"));
    EXPECT_FALSE(r.is_null("c"));
    expect_invalid([&] { r.finish(); }, "a", "unknown field 'a'");
}

TEST(ArgsReader, prefix_names_nested_fields) {
    const auto o = obj(R"({"kind":"city","extra":1})");
    tp::args_reader r(o, "organisation.");
    expect_invalid([&] { r.string("name"); }, "organisation.name",
                   "field 'organisation.name' is required");
    expect_invalid([&] { r.integer("kind", 0, 1); }, "organisation.kind",
                   "field 'organisation.kind' must be an integer");
    EXPECT_EQ(r.field_name("kind"), "organisation.kind");
    expect_invalid([&] { r.finish(); }, "organisation.extra", "unknown field 'organisation.extra'");
}

TEST(ArgsReader, unknown_field_names_are_sanitised) {
    json::object o;
    o["a\nb'\xc3\xa4"] = 1;
    tp::args_reader r(o);
    // '?' runs are built, not written, so they cannot form trigraphs in the source.
    const std::string shown = "a?b" + std::string(3, '?');
    expect_invalid([&] { r.finish(); }, shown, "unknown field '" + shown + "'");
}
