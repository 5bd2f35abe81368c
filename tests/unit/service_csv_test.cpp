#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "csv_writer.hpp"

namespace traffpunkt::service {
namespace {

const std::string bom = "\xEF\xBB\xBF";

TEST(CsvWriter, StartsWithBomAndEndsRecordsWithCrlf) {
    csv_writer csv;
    EXPECT_EQ(csv.str(), bom);
    csv.row({"Name", "Organisation"});
    csv.row({"Anna", "Kalmar kommun"});
    EXPECT_EQ(csv.str(), bom + "Name;Organisation\r\nAnna;Kalmar kommun\r\n");
}

TEST(CsvWriter, QuotesFieldsWithSeparatorQuoteOrLineBreak) {
    EXPECT_EQ(csv_writer::field("Åsa Öberg, \"Kalle\"", ';'), "\"Åsa Öberg, \"\"Kalle\"\"\"");
    EXPECT_EQ(csv_writer::field("Åsa Öberg, \"Kalle\"", ','), "\"Åsa Öberg, \"\"Kalle\"\"\"");
    EXPECT_EQ(csv_writer::field("a,b", ';'), "a,b");
    EXPECT_EQ(csv_writer::field("a,b", ','), "\"a,b\"");
    EXPECT_EQ(csv_writer::field("a;b", ';'), "\"a;b\"");
    EXPECT_EQ(csv_writer::field("rad 1\nrad 2", ';'), "\"rad 1\nrad 2\"");
    EXPECT_EQ(csv_writer::field("x\ry", ';'), "\"x\ry\"");
    EXPECT_EQ(csv_writer::field("", ';'), "");
    EXPECT_EQ(csv_writer::field("plain text", ';'), "plain text");
}

TEST(CsvWriter, NeutralisesFormulas) {
    EXPECT_EQ(csv_writer::field("=HYPERLINK(\"http://x\")", ';'),
              "\"'=HYPERLINK(\"\"http://x\"\")\"");
    EXPECT_EQ(csv_writer::field("+46 70", ';'), "'+46 70");
    EXPECT_EQ(csv_writer::field("-1", ';'), "'-1");
    EXPECT_EQ(csv_writer::field("@SUM(A1)", ';'), "'@SUM(A1)");
    EXPECT_EQ(csv_writer::field("\tx", ';'), "'\tx");
    EXPECT_EQ(csv_writer::field("\rx", ';'), "\"'\rx\"");
    // Only the first character counts.
    EXPECT_EQ(csv_writer::field("a=b", ';'), "a=b");
    EXPECT_EQ(csv_writer::field("'quoted'", ';'), "'quoted'");
}

TEST(CsvWriter, CommaSeparatorAndVectorRows) {
    csv_writer csv(',');
    csv.row(std::vector<std::string>{"a", "b;c", ""});
    EXPECT_EQ(csv.str(), bom + "a,b;c,\r\n");
}

}  // namespace
}  // namespace traffpunkt::service
