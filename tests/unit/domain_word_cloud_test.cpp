#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "traffpunkt/domain/word_cloud.hpp"

namespace traffpunkt::domain {
namespace {

using words = std::vector<std::string>;

TEST(CloudWords, FoldsSwedishLettersAndAsciiCase) {
    EXPECT_EQ(cloud_words("ÅNGA Ånga ånga"), words{"ånga"});
    EXPECT_EQ(cloud_words("ÄPPLE Öl"), (words{"äpple", "öl"}));
    EXPECT_EQ(cloud_words("Budget BUDGET budget bUdGeT"), words{"budget"});
    EXPECT_EQ(cloud_words("MEDBORGARDIALOG Medborgardialog"), words{"medborgardialog"});
}

TEST(CloudWords, FoldsLatinSupplementAndExtendedA) {
    EXPECT_EQ(cloud_words("ÉCOLE école"), words{"école"});
    EXPECT_EQ(cloud_words("ÜBER über"), words{"über"});
    EXPECT_EQ(cloud_words("ØRESUND Øresund"), words{"øresund"});
    EXPECT_EQ(cloud_words("ÆBLE æble"), words{"æble"});
    EXPECT_EQ(cloud_words("ČESKÝ český ŠKODA škoda"), (words{"český", "škoda"}));
    EXPECT_EQ(cloud_words("ŁÓDŹ Łódź"), words{"łódź"});
    EXPECT_EQ(cloud_words("ŊÁVVET ŋávvet"), words{"ŋávvet"});  // Northern Sami
    EXPECT_EQ(cloud_words("ŸES ÿes"), words{"ÿes"});
}

TEST(CloudWords, ComposesDecomposedLetters) {
    // "a" + COMBINING RING ABOVE, "o" + COMBINING DIAERESIS
    EXPECT_EQ(cloud_words("A\u030Angest ångest"), words{"ångest"});
    EXPECT_EQ(cloud_words("fo\u0308rskola förskola"), words{"förskola"});
}

TEST(CloudWords, SplitsOnAsciiPunctuationAndSpace) {
    EXPECT_EQ(cloud_words("skola,vård;omsorg!(trygghet)\tkultur\nidrott/park-miljö"),
              (words{"idrott", "kultur", "miljö", "omsorg", "park", "skola", "trygghet", "vård"}));
}

TEST(CloudWords, SplitsOnUnicodePunctuationAndSymbols) {
    EXPECT_EQ(cloud_words("“kultur”–idrott—park…lek «bad» •skog §12"),
              (words{"12", "bad", "idrott", "kultur", "lek", "park", "skog"}));
    EXPECT_EQ(cloud_words("skola\u00A0vård"), (words{"skola", "vård"}));  // no-break space
    EXPECT_EQ(cloud_words("skola🙂vård👍🏽"), (words{"skola", "vård"}));
}

TEST(CloudWords, DropsStopWords) {
    EXPECT_EQ(cloud_words("Det är viktigt att vi har en bra skola och för alla"),
              (words{"bra", "skola", "viktigt"}));
    EXPECT_EQ(cloud_words("The budget is for the people and with them"),
              (words{"budget", "people"}));
    // Stop words are matched after folding case.
    EXPECT_EQ(cloud_words("OCH ÄR PÅ THE"), words{});
}

TEST(CloudWords, DropsOneCharacterWords) {
    EXPECT_EQ(cloud_words("x y z 5 å ok"), words{"ok"});
}

TEST(CloudWords, RepeatedWordsOnce) {
    EXPECT_EQ(cloud_words("lek lek LEK, lek! Lek"), words{"lek"});
}

TEST(CloudWords, KeepsNumbersAsWords) {
    EXPECT_EQ(cloud_words("Budget 2024: 500 000 kr"),
              (words{"000", "2024", "500", "budget", "kr"}));
}

TEST(CloudWords, ApostropheInsideAWordStays) {
    EXPECT_EQ(cloud_words("Anna's idea"), (words{"anna's", "idea"}));
    EXPECT_EQ(cloud_words("Anna’s idea"), (words{"anna's", "idea"}));
    EXPECT_EQ(cloud_words("I don't know"), words{"know"});
    EXPECT_EQ(cloud_words("'skola' lärarnas'"), (words{"lärarnas", "skola"}));
}

TEST(CloudWords, KeepsOtherScripts) {
    EXPECT_EQ(cloud_words("МОСКВА Москва"), words{"москва"});
    EXPECT_EQ(cloud_words("ΑΘΗΝΑ αθηνα"), words{"αθηνα"});
}

TEST(CloudWords, EmptyAndPunctuationOnly) {
    EXPECT_TRUE(cloud_words("").empty());
    EXPECT_TRUE(cloud_words("   \n\t").empty());
    EXPECT_TRUE(cloud_words("!!! ??? … —").empty());
}

TEST(CloudWords, MalformedBytesSeparateWords) {
    EXPECT_EQ(cloud_words("ab\xFF"
                          "cd\xC3"),
              (words{"ab", "cd"}));
}

TEST(CloudWords, SortedByBytes) {
    EXPECT_EQ(cloud_words("ör zebra äng apa"), (words{"apa", "zebra", "äng", "ör"}));
}

}  // namespace
}  // namespace traffpunkt::domain
