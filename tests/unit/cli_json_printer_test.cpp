#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "json_printer.hpp"

using traffpunkt::cli::pretty_json;

TEST(JsonPrinter, indentsNestedObjectsAndArrays) {
    const auto value = boost::json::parse(R"({"a":1,"b":[true,null,"x"],"c":{"d":{}}})");
    EXPECT_EQ(pretty_json(value), R"({
  "a": 1,
  "b": [
    true,
    null,
    "x"
  ],
  "c": {
    "d": {}
  }
})");
}

TEST(JsonPrinter, keepsEmptyContainersAndScalarsOnOneLine) {
    EXPECT_EQ(pretty_json(boost::json::parse("[]")), "[]");
    EXPECT_EQ(pretty_json(boost::json::parse("{}")), "{}");
    EXPECT_EQ(pretty_json(boost::json::parse("-12")), "-12");
}

TEST(JsonPrinter, escapesKeysAndStrings) {
    const auto value = boost::json::parse(R"({"q\"k":"line\nbreak \u00e4"})");
    EXPECT_EQ(pretty_json(value, 4), "{\n    \"q\\\"k\": \"line\\nbreak \xc3\xa4\"\n}");
}
