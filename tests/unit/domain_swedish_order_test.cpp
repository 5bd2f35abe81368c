// Names in the order a Swedish list has them (person.list, organisations, statistics).

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "traffpunkt/domain/swedish_order.hpp"

using traffpunkt::domain::compare_swedish;

namespace {

std::vector<std::string> sorted(std::vector<std::string> v) {
    std::sort(v.begin(), v.end(),
              [](const std::string& a, const std::string& b) { return compare_swedish(a, b) < 0; });
    return v;
}

}  // namespace

TEST(SwedishOrder, AaAeOeComeAfterZInThatOrder) {
    EXPECT_EQ(sorted({"Östen", "Zacke", "Ärla", "Åsa", "Anna", "ärla", "åsa", "örjan"}),
              (std::vector<std::string>{"Anna", "Zacke", "åsa", "Åsa", "ärla", "Ärla", "örjan",
                                        "Östen"}));
}

TEST(SwedishOrder, CaseIsIgnoredUntilEverythingElseIsEqual) {
    EXPECT_LT(compare_swedish("anna", "Bertil"), 0);
    EXPECT_LT(compare_swedish("Anna", "bertil"), 0);
    EXPECT_LT(compare_swedish("anna", "Anna"), 0);  // lower case first, for a stable order
    EXPECT_EQ(compare_swedish("Anna", "Anna"), 0);
}

TEST(SwedishOrder, AccentedLettersGoWithTheirBaseLetter) {
    EXPECT_EQ(sorted({"Eva", "Élise", "Emil", "Ewa"}),
              (std::vector<std::string>{"Élise", "Emil", "Eva", "Ewa"}));
    EXPECT_LT(compare_swedish("Müller", "Myrberg"), 0);  // ü is a y in Swedish order
    EXPECT_GT(compare_swedish("Müller", "Mxyz"), 0);
    EXPECT_LT(compare_swedish("Eva", "Éva"), 0);  // equal letters: the plain one first
    EXPECT_LT(compare_swedish("Æsa", "Öberg"), 0);  // æ with ä, before ö
    EXPECT_GT(compare_swedish("Øberg", "Åsa"), 0);  // ø with ö
}

TEST(SwedishOrder, PrefixesDigitsAndSpacesFirst) {
    EXPECT_LT(compare_swedish("Ann", "Anna"), 0);
    EXPECT_LT(compare_swedish("Anna Berg", "Annabel"), 0);
    EXPECT_LT(compare_swedish("2022 Kalmar", "Kalmar"), 0);
    EXPECT_LT(compare_swedish("", "a"), 0);
}

TEST(SwedishOrder, IsATotalOrderEvenForMalformedText) {
    const std::string bad = "\xff\xfe";
    const std::string cut = "\xc3";
    EXPECT_NE(compare_swedish(bad, cut), 0);
    EXPECT_EQ(compare_swedish(bad, bad), 0);
    EXPECT_EQ(compare_swedish("a" + cut, "a" + cut), 0);
    EXPECT_EQ(compare_swedish("x", bad), -compare_swedish(bad, "x"));
}
