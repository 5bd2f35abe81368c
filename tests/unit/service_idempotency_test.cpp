#include "idempotency.hpp"

#include <gtest/gtest.h>

namespace traffpunkt::service {
namespace {

using verdict = idempotency::verdict;

auto no_lookup = [] { return std::optional<std::pair<std::string, std::string>>{}; };

TEST(Idempotency, FirstRequestRuns) {
    idempotency idem;
    EXPECT_EQ(idem.begin("p:1", "k", "meeting.create", no_lookup,
                         [](bool, const std::string&) {
                             FAIL() << "a request that runs is not answered by begin";
                         }),
              verdict::run);
}

TEST(Idempotency, RetryAfterSuccessGetsTheSameAnswer) {
    idempotency idem;
    ASSERT_EQ(idem.begin("p:1", "k", "op", no_lookup, [](bool, const std::string&) {}),
              verdict::run);
    idem.finish("p:1", "k", true, R"({"id":7})");
    std::string got;
    EXPECT_EQ(idem.begin("p:1", "k", "op", no_lookup,
                         [&](bool ok, const std::string& s) {
                             EXPECT_TRUE(ok);
                             got = s;
                         }),
              verdict::answered);
    EXPECT_EQ(got, R"({"id":7})");
}

TEST(Idempotency, RetryWhileRunningWaitsForTheAnswer) {
    idempotency idem;
    ASSERT_EQ(idem.begin("p:1", "k", "op", no_lookup, [](bool, const std::string&) {}),
              verdict::run);
    int answers = 0;
    EXPECT_EQ(idem.begin("p:1", "k", "op", no_lookup,
                         [&](bool ok, const std::string& s) {
                             EXPECT_TRUE(ok);
                             EXPECT_EQ(s, "{}");
                             ++answers;
                         }),
              verdict::waiting);
    EXPECT_EQ(answers, 0);
    idem.finish("p:1", "k", true, "{}");
    EXPECT_EQ(answers, 1);
}

TEST(Idempotency, FailureIsNotRemembered) {
    idempotency idem;
    ASSERT_EQ(idem.begin("p:1", "k", "op", no_lookup, [](bool, const std::string&) {}),
              verdict::run);
    bool waiter_failed = false;
    idem.begin("p:1", "k", "op", no_lookup,
               [&](bool ok, const std::string&) { waiter_failed = !ok; });
    idem.finish("p:1", "k", false, R"({"code":"unavailable","message":"x"})");
    EXPECT_TRUE(waiter_failed);
    EXPECT_EQ(idem.begin("p:1", "k", "op", no_lookup, [](bool, const std::string&) {}),
              verdict::run);
}

TEST(Idempotency, KeyReusedForAnotherOpIsAConflict) {
    idempotency idem;
    ASSERT_EQ(idem.begin("p:1", "k", "op.a", no_lookup, [](bool, const std::string&) {}),
              verdict::run);
    idem.finish("p:1", "k", true, "{}");
    std::string error;
    EXPECT_EQ(idem.begin("p:1", "k", "op.b", no_lookup,
                         [&](bool ok, const std::string& s) {
                             EXPECT_FALSE(ok);
                             error = s;
                         }),
              verdict::answered);
    EXPECT_NE(error.find("conflict"), std::string::npos);
}

TEST(Idempotency, ScopesAreSeparate) {
    idempotency idem;
    ASSERT_EQ(idem.begin("p:1", "k", "op", no_lookup, [](bool, const std::string&) {}),
              verdict::run);
    EXPECT_EQ(idem.begin("p:2", "k", "op", no_lookup, [](bool, const std::string&) {}),
              verdict::run);
}

TEST(Idempotency, DatabaseAnswersAfterRestart) {
    idempotency idem;
    auto stored = [] {
        return std::optional<std::pair<std::string, std::string>>{{"op", R"({"from":"db"})"}};
    };
    std::string got;
    EXPECT_EQ(idem.begin("p:1", "k", "op", stored, [&](bool, const std::string& s) { got = s; }),
              verdict::answered);
    EXPECT_EQ(got, R"({"from":"db"})");
}

}  // namespace
}  // namespace traffpunkt::service
