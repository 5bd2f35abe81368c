#pragma once

// Shared by the protocol codec tests: JSON literals as objects, and "this input is refused with
// invalid_args naming this field, in exactly these words".

#include <string_view>

#include <gtest/gtest.h>
#include <boost/json/parse.hpp>

#include "traffpunkt/protocol/errc.hpp"

namespace traffpunkt::protocol::test_support {

inline boost::json::object obj(std::string_view text) {
    return boost::json::parse(text).as_object();
}

/** Decodes `text` with `decode`, expects invalid_args about `field` with exactly `message`. */
template <class Decode>
void expect_invalid(Decode decode, std::string_view text, std::string_view field,
                    std::string_view message) {
    try {
        decode(obj(text));
        ADD_FAILURE() << "no error for " << text;
    } catch (const protocol_error& e) {
        EXPECT_EQ(e.code(), errc::invalid_args) << text;
        EXPECT_EQ(std::string_view(e.what()), message) << text;
        ASSERT_TRUE(e.err().details.contains("field")) << text;
        EXPECT_EQ(e.err().details.at("field").as_string(), field) << text;
    }
}

}  // namespace traffpunkt::protocol::test_support
