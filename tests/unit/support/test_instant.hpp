#pragma once

// The instant a test writes as text ("2022-11-25T09:00:00+01:00"), shared by the unit tests so
// that no file needs a copy of its own (they would collide in the unity build, too).

#include <gtest/gtest.h>

#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::test {

/** `text` as an instant; text that does not parse fails the test (and gives the epoch). */
inline domain::instant at(const char* text) {
    const auto t = domain::parse_instant(text);
    EXPECT_TRUE(t) << "not an instant: " << text;
    return t.value_or(domain::instant{});
}

}  // namespace traffpunkt::test
