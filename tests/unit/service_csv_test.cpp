#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "http/csv_writer.hpp"

namespace traffpunkt::service {
namespace {

const std::string csv_bom = "\xEF\xBB\xBF";

TEST(CsvWriter, StartsWithBomAndEndsRecordsWithCrlf) {
    csv_writer csv;
    EXPECT_EQ(csv.str(), csv_bom);
    csv.row({"Name", "Organisation"});
    csv.row({"Anna", "Kalmar kommun"});
    EXPECT_EQ(csv.str(), csv_bom + "Name;Organisation\r\nAnna;Kalmar kommun\r\n");
}

TEST(CsvWriter, QuotesFieldsWithSeparatorQuoteOrLineBreak) {
    EXPECT_EQ(csv_writer::field("Åsa Öberg, \"Kalle\"", ';'), "\"Åsa Öberg, \"\"Kalle\"\"\"");
    EXPECT_EQ(csv_writer::field("Åsa Öberg, \"Kalle\"", ','), "\"Åsa Öberg, \"\"Kalle\"\"\"");
    // Either separator is quoted in either file: the file may be opened with the other one.
    EXPECT_EQ(csv_writer::field("a,b", ';'), "\"a,b\"");
    EXPECT_EQ(csv_writer::field("a;b", ','), "\"a;b\"");
    EXPECT_EQ(csv_writer::field("a\tb", ';'), "\"a\tb\"");
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
    EXPECT_EQ(csv_writer::field("\tx", ';'), "\"'\tx\"");  // quoted: a TAB may separate too
    EXPECT_EQ(csv_writer::field("\rx", ';'), "\"'\rx\"");
    // Only the first character counts.
    EXPECT_EQ(csv_writer::field("a=b", ';'), "a=b");
    EXPECT_EQ(csv_writer::field("'quoted'", ';'), "'quoted'");
}

// Issue 16, item 11: a formula after a separator, a line break or a TAB inside the cell.
TEST(CsvWriter, NeutralisesFormulasAfterEitherSeparator) {
    EXPECT_EQ(csv_writer::field("Kalle,=1+2", ';'), "\"Kalle,'=1+2\"");
    EXPECT_EQ(csv_writer::field("Kalle;=1+2", ','), "\"Kalle;'=1+2\"");
    EXPECT_EQ(csv_writer::field("Kalle, =1+2", ';'), "\"Kalle, '=1+2\"");
    EXPECT_EQ(csv_writer::field("Kalle,\"=1+2\"", ';'), "\"Kalle,\"\"'=1+2\"\"\"");
    EXPECT_EQ(csv_writer::field("rad 1\n@A1", ';'), "\"rad 1\n'@A1\"");
    EXPECT_EQ(csv_writer::field("a\t-1", ','), "\"a\t'-1\"");
    EXPECT_EQ(csv_writer::field(";=1;+2", ','), "\";'=1;'+2\"");
    EXPECT_EQ(csv_writer::field("\t=1", ';'), "\"'\t'=1\"");
    // Inside a piece nothing changes.
    EXPECT_EQ(csv_writer::field("Kalle, a=1", ';'), "\"Kalle, a=1\"");
    EXPECT_EQ(csv_writer::field("Uddevalla-Lysekil", ';'), "Uddevalla-Lysekil");
}

TEST(CsvWriter, CommaSeparatorAndVectorRows) {
    csv_writer csv(',');
    csv.row(std::vector<std::string>{"a", "b;c", ""});
    EXPECT_EQ(csv.str(), csv_bom + "a,\"b;c\",\r\n");
}

}  // namespace
}  // namespace traffpunkt::service
