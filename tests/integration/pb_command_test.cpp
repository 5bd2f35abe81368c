// `traffpunkt pb count FILE.pb`: the server binary recounts a pabulib file on the command line.

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <boost/json.hpp>

#include "integration_fixture.hpp"

namespace {

using traffpunkt::integration::run_traffpunkt;

namespace fs = std::filesystem;

// An absolute path from CMake: __FILE__ may be relative (ccache's base_dir, out-of-tree builds).
const fs::path golden = TRAFFPUNKT_PABULIB_GOLDEN;

std::string file(const char* name) {
    return "'" + (golden / name).string() + "'";
}

TEST(PbCommand, CountsAFileWithItsOwnRuleAndMatchesItsSelectedColumn) {
    const auto r = run_traffpunkt("pb count " + file("poland_warszawa_district_greedy.pb") +
                                  " --check-selected");
    EXPECT_EQ(r.status, 0) << r.output;
    EXPECT_NE(r.output.find("Rule: greedy (the file's rule)"), std::string::npos) << r.output;
    EXPECT_NE(r.output.find("Funded: 3 projects for 460 000 PLN of 500 000 PLN (40 000 PLN left)"),
              std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("102  Park \"Zielony\" przy Meissnera  250 000 PLN  support 3: did not "
                            "fit the money left"),
              std::string::npos)
        << r.output;
    EXPECT_NE(r.output.find("The file's selected column funds the same projects."),
              std::string::npos);
    EXPECT_NE(r.output.find("line 30: ballot of voter '2' names project '101' twice"),
              std::string::npos);
}

TEST(PbCommand, AnotherRuleIsComparedWithTheSelectedColumn) {
    // Plain greedy on the Poznań file funds differently from its 80 % rule selected column.
    const auto r = run_traffpunkt("pb count " + file("poland_poznan_80_percent.pb") +
                                  " --rule greedy --check-selected --json");
    EXPECT_EQ(r.status, 1) << r.output;
    const auto out = boost::json::parse(r.output).as_object();
    EXPECT_EQ(out.at("rule").as_string(), "greedy");
    EXPECT_FALSE(out.at("selected").at("same").as_bool());
    // Greedy skips P3 and funds P4; Poznań's rule funded P3 with its 80 % step, which the
    // file marks selected=2: for any other rule that is money from outside the count.
    EXPECT_EQ(out.at("selected").at("only_in_file").as_array(), boost::json::array{});
    EXPECT_EQ(out.at("selected").at("only_by_rule").as_array(), boost::json::array{"P4"});
}

TEST(PbCommand, BadFilesAndUsageGiveClearErrors) {
    const auto dir = fs::temp_directory_path() / ("pb_command_" + std::to_string(getpid()));
    fs::create_directories(dir);
    const auto bad = dir / "bad.pb";
    std::ofstream(bad) << "META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\n"
                          "project_id;cost\n1;ten\nVOTES\nvoter_id;vote\n";
    auto r = run_traffpunkt("pb count '" + bad.string() + "'");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find("bad.pb:7: cost of project '1' must be an amount with at most two "
                            "decimals, found 'ten'"),
              std::string::npos)
        << r.output;
    r = run_traffpunkt("pb count '" + (dir / "missing.pb").string() + "'");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find("cannot open"), std::string::npos);
    r = run_traffpunkt("pb count " + file("ordinal_with_points_borda.pb") + " --rule equalshares");
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.output.find("ordinal ballots are counted with borda-greedy"), std::string::npos);
    r = run_traffpunkt("pb count " + file("poland_krakow_cents_greedy.pb") + " --rule mes");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.output.find("unknown rule 'mes'"), std::string::npos);
    r = run_traffpunkt("pb count");
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.output.find("usage:"), std::string::npos);
    fs::remove_all(dir);
}

}  // namespace
