#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "traffpunkt/pb/pabulib.hpp"

namespace traffpunkt::pb {
namespace {

/** A tiny approval instance in the pabulib style: 3 projects, 4 voters, greedy outcome. */
pabulib_file approval_instance() {
    pabulib_file f;
    f.meta = {{"description", "Medborgarbudget i Exempelby, parken"},
              {"country", "Sweden"},
              {"unit", "Exempelby"},
              {"instance", "2023"},
              {"num_projects", "3"},
              {"num_votes", "4"},
              {"budget", "100000"},
              {"vote_type", "approval"},
              {"rule", "greedy"},
              {"date_begin", "01.09.2023"},
              {"date_end", "30.09.2023"},
              {"currency", "SEK"},
              {"max_length", "2"}};
    f.projects = {{"1", 60000, 3, "Ny lekplats", 1, {}},
                  {"2", 30000, 2, "Bänkar vid ån", 1, {}},
                  {"3", 50000, 2, "Utegym", 0, {}}};
    f.votes = {{"v1", {"1", "2"}, {}, {}},
               {"v2", {"1"}, {}, {}},
               {"v3", {"1", "3"}, {}, {}},
               {"v4", {"2", "3"}, {}, {}}};
    return f;
}

/** `approval_instance()` as `.pb` text; the line numbers below refer to it. */
constexpr std::string_view approval_text =
    "META\n"                                             // 1
    "key;value\n"                                        // 2
    "description;Medborgarbudget i Exempelby, parken\n"  // 3
    "country;Sweden\n"                                   // 4
    "unit;Exempelby\n"                                   // 5
    "instance;2023\n"                                    // 6
    "num_projects;3\n"                                   // 7
    "num_votes;4\n"                                      // 8
    "budget;100000\n"                                    // 9
    "vote_type;approval\n"                               // 10
    "rule;greedy\n"                                      // 11
    "date_begin;01.09.2023\n"                            // 12
    "date_end;30.09.2023\n"                              // 13
    "currency;SEK\n"                                     // 14
    "max_length;2\n"                                     // 15
    "PROJECTS\n"                                         // 16
    "project_id;cost;votes;name;selected\n"              // 17
    "1;60000;3;Ny lekplats;1\n"                          // 18
    "2;30000;2;Bänkar vid ån;1\n"                        // 19
    "3;50000;2;Utegym;0\n"                               // 20
    "VOTES\n"                                            // 21
    "voter_id;vote\n"                                    // 22
    "v1;1,2\n"                                           // 23
    "v2;1\n"                                             // 24
    "v3;1,3\n"                                           // 25
    "v4;2,3\n";                                          // 26

/**
 * A cumulative instance as pabulib files come: byte order mark, CRLF, a blank line, columns in
 * another order, columns we do not know (score, age, sex), a cost with a zero fraction, "None",
 * points written as pabutools writes them ("3.0") and a quoted name with a ';'.
 */
constexpr std::string_view cumulative_text =
    "\xEF\xBB\xBFMETA\r\n"
    "key;value\r\n"
    "description;Fördelning av poäng\r\n"
    "country;Sweden\r\n"
    "unit;Exempelby\r\n"
    "instance;2024\r\n"
    "num_projects;3\r\n"
    "num_votes;4\r\n"
    "budget;50000\r\n"
    "vote_type;cumulative\r\n"
    "rule;greedy\r\n"
    "date_begin;01.03.2024\r\n"
    "date_end;31.03.2024\r\n"
    "max_sum_points;5\r\n"
    "\r\n"
    "PROJECTS\r\n"
    "project_id;cost;name;votes;score\r\n"
    "a;8000,0;Fågelholkar;2;6\r\n"
    "b;42000;\"Belysning; gångstig\";3;8\r\n"
    "c;5900;Hundrastgård;None;6\r\n"
    "VOTES\r\n"
    "voter_id;age;sex;vote;points\r\n"
    "1;35;F;b;5\r\n"
    "2;52;M;a,b;3,2\r\n"
    "3;None;F;b, a ,c;1,3.0,1\r\n"
    "4;17;O;c;5\r\n";

pabulib_file parsed(std::string_view text) {
    auto result = parse_pabulib(text);
    if (const auto* error = std::get_if<pabulib_parse_error>(&result)) {
        ADD_FAILURE() << "line " << error->line << ": " << error->message;
        return {};
    }
    return std::get<pabulib_file>(std::move(result));
}

pabulib_parse_error parse_error(std::string_view text) {
    auto result = parse_pabulib(text);
    if (!std::holds_alternative<pabulib_parse_error>(result)) {
        ADD_FAILURE() << "parsed without error:\n" << text;
        return {};
    }
    return std::get<pabulib_parse_error>(std::move(result));
}

std::string written(const pabulib_file& f) {
    auto result = write_pabulib(f);
    if (const auto* error = std::get_if<rule_error>(&result)) {
        ADD_FAILURE() << error->field << ": " << error->message;
        return {};
    }
    return std::get<std::string>(std::move(result));
}

rule_error write_error(const pabulib_file& f) {
    auto result = write_pabulib(f);
    if (!std::holds_alternative<rule_error>(result)) {
        ADD_FAILURE() << "written without error";
        return {};
    }
    return std::get<rule_error>(std::move(result));
}

/** `text` with its only occurrence of `from` replaced by `to`. */
std::string replaced(std::string_view text, std::string_view from, std::string_view to) {
    std::string out(text);
    const auto at = out.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    EXPECT_EQ(out.find(from, at + 1), std::string::npos) << from;
    if (at != std::string::npos) {
        out.replace(at, from.size(), to);
    }
    return out;
}

void set_meta(pabulib_file& f, std::string_view key, std::string value) {
    for (auto& [k, v] : f.meta) {
        if (k == key) {
            v = std::move(value);
            return;
        }
    }
    f.meta.emplace_back(std::string(key), std::move(value));
}

void erase_meta(pabulib_file& f, std::string_view key) {
    std::erase_if(f.meta, [key](const auto& entry) { return entry.first == key; });
}

// ---- Writing ----

TEST(PabulibWrite, WritesApprovalInstanceExactly) {
    EXPECT_EQ(written(approval_instance()), approval_text);
}

TEST(PabulibWrite, FillsInMissingCountsAfterInstance) {
    auto f = approval_instance();
    erase_meta(f, "num_projects");
    erase_meta(f, "num_votes");
    EXPECT_EQ(written(f), approval_text);
}

TEST(PabulibWrite, RefusesCountsThatDoNotMatch) {
    auto f = approval_instance();
    set_meta(f, "num_votes", "5");
    const auto error = write_error(f);
    EXPECT_EQ(error.field, "meta.num_votes");
    EXPECT_EQ(error.message, "num_votes is '5' but there are 4 votes");

    f = approval_instance();
    f.projects.pop_back();
    f.votes = {
        {"v1", {"1"}, {}, {}}, {"v2", {"2"}, {}, {}}, {"v3", {}, {}, {}}, {"v4", {}, {}, {}}};
    EXPECT_EQ(write_error(f).field, "meta.num_projects");
}

TEST(PabulibWrite, QuotesSemicolonsAndQuotes) {
    auto f = approval_instance();
    f.projects[0].name = "Bänk; \"Parkbänk\"";
    f.projects[1].project_id = "x;y";
    f.votes[0].vote = {"1", "x;y"};
    f.votes[3].vote = {"x;y", "3"};
    const auto text = written(f);
    EXPECT_NE(text.find("\n1;60000;3;\"Bänk; \"\"Parkbänk\"\"\";1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\n\"x;y\";30000;2;Bänkar vid ån;1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\nv1;\"1,x;y\"\n"), std::string::npos) << text;
    EXPECT_EQ(parsed(text), f);
}

TEST(PabulibWrite, NeverWritesALineBreakInsideACell) {
    auto f = approval_instance();
    set_meta(f, "description", "Rad ett\nRad två\r\nRad tre\rslut");
    f.projects[0].name = "Ny\u2028lekplats\u0085nu\u2029 ";
    f.projects[1].name = "  Bänkar\tvid ån\f";
    const auto text = written(f);
    EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 26);
    EXPECT_EQ(text.find('\r'), std::string::npos);
    EXPECT_NE(text.find("\ndescription;Rad ett Rad två Rad tre slut\n"), std::string::npos);
    EXPECT_NE(text.find("\n1;60000;3;Ny lekplats nu;1\n"), std::string::npos) << text;
    EXPECT_NE(text.find("\n2;30000;2;Bänkar\tvid ån;1\n"), std::string::npos) << text;

    // What reads back is the cleaned text, and writing that again changes nothing.
    const auto back = parsed(text);
    const auto* description = find_meta(back, "description");
    ASSERT_NE(description, nullptr);
    EXPECT_EQ(*description, "Rad ett Rad två Rad tre slut");
    EXPECT_EQ(written(back), text);
}

TEST(PabulibWrite, WritesOptionalColumnsOnlyWhenSomeRowHasThem) {
    auto f = approval_instance();
    for (auto& p : f.projects) {
        p.votes.reset();
        p.selected.reset();
    }
    f.projects[2].selected = 0;
    f.projects[0].extra["category"] = "lek,idrott";
    f.votes[1].extra["age"] = "34";
    const auto text = written(f);
    EXPECT_NE(text.find("\nproject_id;cost;name;category;selected\n"
                        "1;60000;Ny lekplats;lek,idrott;None\n"
                        "2;30000;Bänkar vid ån;None;None\n"
                        "3;50000;Utegym;None;0\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("\nvoter_id;vote;age\nv1;1,2;None\nv2;1;34\n"), std::string::npos) << text;
    EXPECT_EQ(parsed(text), f);
}

TEST(PabulibWrite, RoundTripsCumulativeAndOrdinal) {
    auto f = approval_instance();
    set_meta(f, "vote_type", "cumulative");
    f.votes = {{"v1", {"3", "1"}, {4, 1}, {{"sex", "F"}}},
               {"v2", {"1"}, {5}, {}},
               {"v3", {}, {}, {{"sex", ""}}},
               {"v4", {"2", "3"}, {2, 3}, {}}};
    const auto text = written(f);
    EXPECT_NE(text.find("\nvoter_id;vote;points;sex\nv1;3,1;4,1;F\nv2;1;5;None\nv3;;;\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(parsed(text), f);

    set_meta(f, "vote_type", "ordinal");
    for (auto& v : f.votes) {
        v.points.clear();
    }
    EXPECT_EQ(parsed(written(f)), f);
}

TEST(PabulibWrite, ChecksAgreeWithTheWriter) {
    EXPECT_FALSE(check_pabulib(approval_instance()));
    auto f = approval_instance();
    f.votes[2].vote = {"1", "9"};
    const auto error = check_pabulib(f);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->field, "votes");
    EXPECT_EQ(error->message, "ballot of voter 'v3' names unknown project '9'");
    EXPECT_EQ(write_error(f).message, error->message);
}

struct write_case {
    const char* name;
    std::function<void(pabulib_file&)> change;
    const char* field;
    const char* message;
};

TEST(PabulibWrite, RefusesWhatCannotBeReadBack) {
    const write_case cases[] = {
        {"required meta", [](auto& f) { erase_meta(f, "rule"); }, "meta.rule",
         "META must have a value for 'rule'"},
        {"empty meta", [](auto& f) { set_meta(f, "date_end", " \n"); }, "meta.date_end",
         "META must have a value for 'date_end'"},
        {"vote type", [](auto& f) { set_meta(f, "vote_type", "borda"); }, "meta.vote_type",
         "unknown vote_type 'borda'; expected approval, ordinal, cumulative, choose-1 or "
         "scoring"},
        {"budget", [](auto& f) { set_meta(f, "budget", "lots"); }, "meta.budget",
         "budget must be a number, found 'lots'"},
        {"meta twice", [](auto& f) { f.meta.emplace_back("currency", "EUR"); }, "meta.currency",
         "META key 'currency' appears twice"},
        {"meta section name", [](auto& f) { set_meta(f, "Projects", "x"); }, "meta",
         "META key 'Projects' would be read as a section header"},
        {"comma in id", [](auto& f) { f.projects[0].project_id = "1,5"; }, "projects",
         "project_id '1,5' must not contain ','"},
        {"empty id", [](auto& f) { f.projects[0].project_id = " "; }, "projects",
         "project_id must not be empty"},
        {"id twice", [](auto& f) { f.projects[1].project_id = " 1"; }, "projects",
         "project_id '1' appears twice"},
        {"negative cost", [](auto& f) { f.projects[2].cost = -1; }, "projects",
         "cost of project '3' must not be negative"},
        {"negative votes", [](auto& f) { f.projects[2].votes = -1; }, "projects",
         "votes of project '3' must not be negative"},
        {"selected", [](auto& f) { f.projects[2].selected = 4; }, "projects",
         "selected of project '3' must be 0, 1, 2 or 3, found 4"},
        {"column clash", [](auto& f) { f.projects[2].extra["cost"] = "1"; }, "projects",
         "extra column 'cost' clashes with a standard column"},
        {"column twice",
         [](auto& f) {
             f.votes[0].extra["age"] = "30";
             f.votes[0].extra["age "] = "31";
         },
         "votes", "voter 'v1' has column 'age' twice once names are trimmed"},
        {"voter section name", [](auto& f) { f.votes[1].voter_id = "VOTES"; }, "votes",
         "voter_id 'VOTES' would be read as a section header"},
        {"voter twice", [](auto& f) { f.votes[1].voter_id = "v1"; }, "votes",
         "voter_id 'v1' appears twice"},
        {"project twice in ballot",
         [](auto& f) {
             f.votes[0].vote = {"2", "2"};
         },
         "votes", "ballot of voter 'v1' names project '2' twice"},
        {"points on approval", [](auto& f) { f.votes[1].points = {1}; }, "votes",
         "ballot of voter 'v2' has points, but vote_type approval has none"},
        {"choose-1",
         [](auto& f) {
             set_meta(f, "vote_type", "choose-1");
             f.votes[1].vote = {"3"};
         },
         "votes", "ballot of voter 'v1' names more than one project, but vote_type is choose-1"},
        {"points missing",
         [](auto& f) {
             set_meta(f, "vote_type", "scoring");
             for (auto& v : f.votes) {
                 v.points.assign(v.vote.size(), 1);
             }
             f.votes[3].points = {1};
         },
         "votes", "ballot of voter 'v4' has 1 points for 2 projects"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        auto f = approval_instance();
        c.change(f);
        const auto error = write_error(f);
        EXPECT_EQ(error.field, c.field);
        EXPECT_EQ(error.message, c.message);
    }
}

// ---- Reading ----

TEST(PabulibParse, ReadsApprovalText) {
    EXPECT_EQ(parsed(approval_text), approval_instance());
}

TEST(PabulibParse, ReadsCumulativeFileInThePabulibStyle) {
    const auto f = parsed(cumulative_text);
    ASSERT_EQ(f.meta.size(), 12u);
    EXPECT_EQ(f.meta.front(),
              (std::pair<std::string, std::string>{"description", "Fördelning av poäng"}));
    const auto* max_sum_points = find_meta(f, "max_sum_points");
    ASSERT_NE(max_sum_points, nullptr);
    EXPECT_EQ(*max_sum_points, "5");
    EXPECT_EQ(find_meta(f, "currency"), nullptr);

    const std::vector<pabulib_project> projects{
        {"a", 8000, 2, "Fågelholkar", std::nullopt, {{"score", "6"}}},
        {"b", 42000, 3, "Belysning; gångstig", std::nullopt, {{"score", "8"}}},
        {"c", 5900, std::nullopt, "Hundrastgård", std::nullopt, {{"score", "6"}}}};
    EXPECT_EQ(f.projects, projects);

    const std::vector<pabulib_vote> votes{{"1", {"b"}, {5}, {{"age", "35"}, {"sex", "F"}}},
                                          {"2", {"a", "b"}, {3, 2}, {{"age", "52"}, {"sex", "M"}}},
                                          {"3", {"b", "a", "c"}, {1, 3, 1}, {{"sex", "F"}}},
                                          {"4", {"c"}, {5}, {{"age", "17"}, {"sex", "O"}}}};
    EXPECT_EQ(f.votes, votes);
}

// Columns come in pabulib's order (its checker reports others): score between votes and name.
TEST(PabulibParse, RewritesForeignFileInOurColumnOrder) {
    const auto f = parsed(cumulative_text);
    const auto text = written(f);
    EXPECT_NE(text.find("PROJECTS\n"
                        "project_id;cost;votes;score;name\n"
                        "a;8000;2;6;Fågelholkar\n"
                        "b;42000;3;8;\"Belysning; gångstig\"\n"
                        "c;5900;None;6;Hundrastgård\n"
                        "VOTES\n"
                        "voter_id;vote;points;age;sex\n"
                        "1;b;5;35;F\n"
                        "2;a,b;3,2;52;M\n"
                        "3;b,a,c;1,3,1;None;F\n"
                        "4;c;5;17;O\n"),
              std::string::npos)
        << text;
    EXPECT_EQ(parsed(text), f);
}

TEST(PabulibWrite, OrdersKnownColumnsAsPabulibDoes) {
    auto f = approval_instance();
    for (auto& p : f.projects) {
        p.selected = 0;
        p.extra = {{"longitude", "18.07"}, {"latitude", "59.33"}, {"category", "park,kultur"},
                   {"zz_own", "x"},        {"score", "3"},        {"district", "Norr"}};
    }
    const auto text = written(f);
    EXPECT_NE(text.find("project_id;cost;votes;score;name;category;selected;district;latitude;"
                        "longitude;zz_own\n"),
              std::string::npos)
        << text;
}

TEST(PabulibParse, ReadsQuotesAsPythonsCsvModuleDoes) {
    const auto text = replaced(approval_text, "\n1;60000;3;Ny lekplats;1\n",
                               "\n1;60000;3;Bob's \"best\" idé;1\n");
    auto expected = approval_instance();
    expected.projects[0].name = "Bob's \"best\" idé";
    EXPECT_EQ(parsed(text), expected);

    // Quoted cells, doubled quotes, and blanks between a closing quote and the ';'.
    const auto quoted = replaced(approval_text, "\n1;60000;3;Ny lekplats;1\n",
                                 "\n\"1\";\"60000\";3;\"a \"\"b\"\"\" ;1\n");
    expected.projects[0].name = "a \"b\"";
    EXPECT_EQ(parsed(quoted), expected);
}

TEST(PabulibParse, AcceptsLoneCarriageReturnsAndNoFinalNewline) {
    std::string text(approval_text);
    std::replace(text.begin(), text.end(), '\n', '\r');
    text.pop_back();
    EXPECT_EQ(parsed(text), approval_instance());
}

TEST(PabulibParse, RefusesMissingSections) {
    const auto no_votes = approval_text.substr(0, approval_text.find("VOTES\n"));
    EXPECT_EQ(parse_error(no_votes), (pabulib_parse_error{20, "missing VOTES section"}));

    const auto no_projects =
        std::string(approval_text.substr(0, approval_text.find("PROJECTS\n"))) +
        "VOTES\nvoter_id;vote\n";
    EXPECT_EQ(parse_error(no_projects),
              (pabulib_parse_error{16, "expected PROJECTS section, found VOTES"}));

    EXPECT_EQ(parse_error(""), (pabulib_parse_error{1, "missing META section"}));
    EXPECT_EQ(parse_error("x;y\n" + std::string(approval_text)),
              (pabulib_parse_error{1, "expected the META section first"}));
    EXPECT_EQ(parse_error(std::string(approval_text) + "META\n"),
              (pabulib_parse_error{27, "unexpected META after VOTES"}));
    EXPECT_EQ(parse_error(approval_text.substr(0, approval_text.find("voter_id;vote\n"))),
              (pabulib_parse_error{21, "VOTES section has no header line"}));
    const auto projects_without_header =
        std::string(approval_text.substr(0, approval_text.find("project_id;"))) +
        "VOTES\nvoter_id;vote\n";
    EXPECT_EQ(parse_error(projects_without_header),
              (pabulib_parse_error{17, "PROJECTS section has no header line"}));
}

struct parse_case {
    const char* name;
    const char* from;
    const char* to;
    std::size_t line;
    const char* message;
};

// What pabutools cannot read (it raises), we refuse with the line.
TEST(PabulibParse, RefusesWhatPabutoolsCannotReadWithTheLine) {
    const parse_case cases[] = {
        {"row longer than header", "\n2;30000;2;Bänkar vid ån;1\n",
         "\n2;30000;2;Bänkar vid ån;1;x\n", 19,
         "expected at most 5 fields as in the header, found 6"},
        {"non-numeric cost", "\n3;50000;", "\n3;abc;", 20,
         "cost of project '3' must be an amount with at most two decimals, found 'abc'"},
        {"three decimals", "\n3;50000;", "\n3;50000.125;", 20,
         "cost of project '3' must be an amount with at most two decimals, found '50000.125'"},
        {"negative cost", "\n3;50000;", "\n3;-5;", 20,
         "cost of project '3' must be an amount with at most two decimals, found '-5'"},
        {"cost None", "\n3;50000;", "\n3;None;", 20,
         "cost of project '3' must be an amount with at most two decimals, found 'None'"},
        {"project twice", "\n3;50000;", "\n1;50000;", 20, "project_id '1' appears twice"},
        {"comma in project id", "\n3;50000;", "\n3,4;50000;", 20,
         "project_id '3,4' must not contain ','"},
        {"unknown project", "\nv3;1,3\n", "\nv3;1,4\n", 25,
         "ballot of voter 'v3' names unknown project '4'"},
        {"unknown project after a space", "\nv3;1,3\n", "\nv3;1, 4\n", 25,
         "ballot of voter 'v3' names unknown project '4'"},
        {"empty voter", "\nv4;2,3\n", "\n;2,3\n", 26, "voter_id must not be empty"},
        {"missing vote_type", "\nvote_type;approval\n", "\n", 1,
         "META lacks the required key 'vote_type'"},
        {"missing budget", "\nbudget;100000\n", "\n", 1, "META lacks the required key 'budget'"},
        {"unknown vote_type", "\nvote_type;approval\n", "\nvote_type;Approval\n", 10,
         "unknown vote_type 'Approval'; expected approval, ordinal, cumulative, choose-1 or "
         "scoring"},
        {"budget", "\nbudget;100000\n", "\nbudget;100 000\n", 9,
         "budget must be an amount with at most two decimals, found '100 000'"},
        {"meta row without value", "\nrule;greedy\n", "\nrule\n", 11,
         "a META row needs a key and a value"},
        {"header without cost", "\nproject_id;cost;", "\nproject_id;price;", 17,
         "the PROJECTS header lacks the cost column"},
        {"header twice", "\nvoter_id;vote\n", "\nvoter_id;vote;vote\n", 22,
         "column 'vote' appears twice"},
        {"header lacks vote", "\nvoter_id;vote\n", "\nvoter_id;ballot\n", 22,
         "the VOTES header lacks the vote column"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto error = parse_error(replaced(approval_text, c.from, c.to));
        EXPECT_EQ(error.line, c.line);
        EXPECT_EQ(error.message, c.message);
    }
    using namespace std::string_literals;
    EXPECT_EQ(parse_error(replaced(approval_text, "\nv3;1,3\n", "\nv3;1,\0003\n"s)),
              (pabulib_parse_error{25, "line contains NUL"}));
    EXPECT_EQ(parse_error("META\nkey;value\n\xC3(\n"),
              (pabulib_parse_error{3, "the text is not valid UTF-8"}));
}

/** `text` parsed, with its notices as "line: message" strings. */
std::vector<std::string> notices_of(const pabulib_file& f) {
    std::vector<std::string> out;
    for (const auto& n : f.notices) {
        out.push_back(std::to_string(n.line) + ": " + n.message);
    }
    return out;
}

// Where pabutools reads on over something odd, we read the same and say so.
TEST(PabulibParse, ReadsOddRowsAsPabutoolsDoesAndReportsThem) {
    struct notice_case {
        const char* name;
        const char* from;
        const char* to;
        const char* notice;
    };
    const notice_case cases[] = {
        {"short row", "\n2;30000;2;Bänkar vid ån;1\n", "\n2;30000;2;Bänkar vid ån\n",
         "19: has 4 fields, the header 5; the missing ones are read as absent"},
        {"meta row with three fields", "\nrule;greedy\n", "\nrule;greedy;x\n",
         "11: META row has 3 fields; only the first two are read (as pabutools does)"},
        {"meta twice", "\ncurrency;SEK\n", "\ncountry;SEK\n",
         "14: META key 'country' appears again (first on line 4); the last value is read"},
        {"votes not a number", "\n3;50000;2;", "\n3;50000;two;",
         "20: votes of project '3' is not a whole number ('two'); it is not read (pabutools "
         "does not use it)"},
        {"selected out of range", "Utegym;0\n", "Utegym;7\n",
         "20: selected of project '3' is '7', not 0, 1, 2 or 3; it is not read"},
        {"voter twice", "\nv4;2,3\n", "\nv1;2,3\n",
         "26: voter_id 'v1' appears again (first on line 23); both ballots are counted"},
        {"num_projects", "\nnum_projects;3\n", "\nnum_projects;4\n",
         "7: num_projects is '4' but PROJECTS has 3 rows"},
        {"num_votes", "\nnum_votes;4\n", "\nnum_votes;four\n",
         "8: num_votes is 'four' but VOTES has 4 rows"},
        {"project twice in a ballot", "\nv3;1,3\n", "\nv3;1,3,1\n",
         "25: ballot of voter 'v3' names project '1' twice; it is counted once, as pabutools "
         "does"},
        {"meta header", "\nkey;value\ndescription;", "\nKlucz;Wartość\ndescription;",
         "2: the META header should be 'key;value'; this row is read as the header (as "
         "pabutools does), not as a key"},
        {"id column", "\nproject_id;cost;votes;name;selected\n", "\nid;cost;votes;name;selected\n",
         "17: the first PROJECTS column is 'id'; it is read as the project id"},
    };
    for (const auto& c : cases) {
        SCOPED_TRACE(c.name);
        const auto f = parsed(replaced(approval_text, c.from, c.to));
        EXPECT_EQ(notices_of(f), std::vector<std::string>{c.notice});
    }
    // The last value of a META key, the ballot without its repeated project.
    const auto twice = parsed(replaced(approval_text, "\nv3;1,3\n", "\nv3;3,1,3\n"));
    EXPECT_EQ(twice.votes[2].vote, (std::vector<std::string>{"3", "1"}));
    const auto meta_twice = parsed(replaced(approval_text, "\ncurrency;SEK\n", "\ncountry;SEK\n"));
    EXPECT_EQ(*find_meta(meta_twice, "country"), "SEK");
    // Empty entries of an approval ballot are skipped, as pabutools skips them.
    EXPECT_EQ(parsed(replaced(approval_text, "\nv3;1,3\n", "\nv3;1,,3,\n")).votes[2].vote,
              (std::vector<std::string>{"1", "3"}));
}

TEST(PabulibParse, ReadsCellsExactlyAsPythonsCsvModule) {
    const auto with_name = [](std::string_view cell) {
        return parsed(replaced(approval_text, "\n1;60000;3;Ny lekplats;1\n",
                               "\n1;60000;3;" + std::string(cell) + ";1\n"))
            .projects[0]
            .name;
    };
    // Text after a closing quote stays in the cell (Warszawa: "Odkupmy" i my).
    EXPECT_EQ(with_name("\"Odkupmy\" i my"), "Odkupmy i my");
    EXPECT_EQ(with_name("\"a\"\"b\"c"), "a\"bc");
    // A quote that does not open the cell is an ordinary character.
    EXPECT_EQ(with_name("Park \"Zielony\""), "Park \"Zielony\"");
    EXPECT_EQ(with_name(" \"x\" "), "\"x\"");
    // Quoted ';' and doubled quotes.
    EXPECT_EQ(with_name("\"Belysning; gångstig\""), "Belysning; gångstig");
    // str.strip(): Unicode white space goes too (no-break space, ideographic space).
    EXPECT_EQ(with_name("\xC2\xA0"
                        "Bänk"
                        "\xE3\x80\x80"),
              "Bänk");

    // A quoted cell left open goes on over the next line, joined without the line break.
    const auto spanning = parsed(
        replaced(approval_text, "\n1;60000;3;Ny lekplats;1\n", "\n1;60000;3;\"Ny\nlekplats\";1\n"));
    EXPECT_EQ(spanning.projects[0].name, "Nylekplats");
    ASSERT_EQ(spanning.votes.size(), 4u);

    // str.splitlines(): \v, \f, \x1c-\x1e, U+0085, U+2028 and U+2029 end lines too.
    for (const std::string_view brk : {"\v", "\f", "\x1c", "\x1d", "\x1e", "\xC2\x85",
                                       "\xE2\x80\xA8", "\xE2\x80\xA9", "\r\n", "\r"}) {
        std::string text(approval_text);
        std::string out;
        for (const char c : text) {
            if (c == '\n') {
                out += brk;
            } else {
                out += c;
            }
        }
        EXPECT_EQ(parsed(out), approval_instance()) << "break " << static_cast<int>(brk[0]);
    }
}

TEST(PabulibParse, ReadsCentsExactly) {
    // Kraków-style: budget and costs with grosze, some with a decimal comma.
    auto text = replaced(approval_text, "\nbudget;100000\n", "\nbudget;100000.50\n");
    text = replaced(text, "\n1;60000;", "\n1;60000,25;");
    text = replaced(text, "\n2;30000;", "\n2;30000.1;");
    const auto f = parsed(text);
    EXPECT_EQ(f.decimals, 2);
    EXPECT_EQ(f.projects[0].cost, 6000025);
    EXPECT_EQ(f.projects[1].cost, 3000010);
    EXPECT_EQ(f.projects[2].cost, 5000000);
    EXPECT_EQ(pabulib_budget(f), 10000050);
    // Written back with their decimals, read back the same.
    const auto out = written(f);
    EXPECT_NE(out.find("\n1;60000.25;3;Ny lekplats;1\n"), std::string::npos) << out;
    EXPECT_NE(out.find("\n2;30000.1;2;"), std::string::npos) << out;
    EXPECT_EQ(parsed(out), f);
    // One decimal is enough when no amount needs two; zeros after the point need none.
    EXPECT_EQ(parsed(replaced(approval_text, "\n2;30000;", "\n2;30000.5;")).decimals, 1);
    EXPECT_EQ(parsed(replaced(approval_text, "\n2;30000;", "\n2;30000.00;")).decimals, 0);
    EXPECT_EQ(pabulib_budget(parsed(approval_text)), 100000);
}

TEST(PabulibParse, ReadsOrdinalFilesThatCarryPoints) {
    auto text = replaced(approval_text, "\nvote_type;approval\n", "\nvote_type;ordinal\n");
    text = replaced(text, "\nvoter_id;vote\nv1;1,2\nv2;1\nv3;1,3\nv4;2,3\n",
                    "\nvoter_id;vote;points\nv1;2,1;3,2\nv2;1;3\nv3;3,1,3;3,2,1\nv4;2,3;None\n");
    const auto f = parsed(text);
    EXPECT_EQ(f.votes[0].vote, (std::vector<std::string>{"2", "1"}));
    EXPECT_TRUE(f.votes[0].points.empty());
    EXPECT_EQ(f.votes[0].extra.at("points"), "3,2");
    // A project twice in a ranking keeps its first place (pabutools' OrdinalBallot.append).
    EXPECT_EQ(f.votes[2].vote, (std::vector<std::string>{"3", "1"}));
    EXPECT_EQ(notices_of(f),
              (std::vector<std::string>{"25: ballot of voter 'v3' names project '3' twice; it is "
                                        "counted once, as pabutools does (at its first place)"}));
    EXPECT_EQ(parsed(written(f)).votes, f.votes);
}

TEST(PabulibParse, ReadsRepeatedProjectsOfPointsBallotsAsADict) {
    // pabutools fills a dict: the first place stays, the last points win.
    const auto text =
        replaced(cumulative_text, "\r\n2;52;M;a,b;3,2\r\n", "\r\n2;52;M;a,b,a;3,1,2\r\n");
    const auto f = parsed(text);
    EXPECT_EQ(f.votes[1].vote, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(f.votes[1].points, (std::vector<std::int64_t>{2, 1}));
    ASSERT_EQ(f.notices.size(), 1u);
    EXPECT_EQ(f.notices[0].message,
              "ballot of voter '2' names project 'a' twice; it is counted once, as pabutools "
              "does (with the points of its last entry)");
    // A points ballot without points is empty, as in pabutools.
    const auto none =
        parsed(replaced(cumulative_text, "\r\n4;17;O;c;5\r\n", "\r\n4;17;O;c;None\r\n"));
    EXPECT_TRUE(none.votes[3].vote.empty());
}

TEST(PabulibParse, RefusesPointsThatDoNotFitTheBallot) {
    const auto wrong_count =
        replaced(cumulative_text, "\r\n2;52;M;a,b;3,2\r\n", "\r\n2;52;M;a,b;3\r\n");
    EXPECT_EQ(parse_error(wrong_count),
              (pabulib_parse_error{24, "ballot of voter '2' has 1 points for 2 projects"}));
    const auto not_a_number =
        replaced(cumulative_text, "\r\n2;52;M;a,b;3,2\r\n", "\r\n2;52;M;a,b;3,1.5\r\n");
    EXPECT_EQ(parse_error(
                  replaced(cumulative_text, "\r\n2;52;M;a,b;3,2\r\n", "\r\n2;52;M;a,,b;3,0,2\r\n")),
              (pabulib_parse_error{24, "ballot of voter '2' has an empty entry"}));
    EXPECT_EQ(parse_error(not_a_number),
              (pabulib_parse_error{24, "points of voter '2' must be whole numbers, found '1.5'"}));
}

}  // namespace
}  // namespace traffpunkt::pb
