// Issue 16, item 11 (CSV formula injection across separators). A CSV file is opened with
// whatever separator the spreadsheet guesses or the user picks: the semicolon file in a program
// set to commas, the comma file in one set to semicolons. A name like `Kalle,=1+2` needs no
// quotes in the semicolon file, so a comma reader splits it and gets a cell `=1+2`, a formula.
// The attacker is anyone whose name, needs or poll option ends up in an export. The test
// exports every CSV file the server makes and reads each the ways spreadsheets do: with the
// other separator (quotes honoured, as Excel and LibreOffice do) and split naively on every
// separator and line break (quotes ignored, as simple tools do). No cell may start a formula.
#include <set>
#include <string>
#include <vector>

#include "integration_fixture.hpp"

namespace traffpunkt::integration {
namespace {

/** RFC 4180 with `separator`: quoted fields (doubled quotes inside), CRLF or LF records. */
std::vector<std::string> quoted_cells(std::string_view text, char separator) {
    std::vector<std::string> cells;
    std::string field;
    bool quoted = false;
    bool at_start = true;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char ch = text[i];
        if (quoted) {
            if (ch == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (ch == '"') {
                quoted = false;
            } else {
                field += ch;
            }
        } else if (ch == '"' && at_start) {
            quoted = true;
            at_start = false;
        } else if (ch == separator || ch == '\n' || ch == '\r') {
            cells.push_back(std::move(field));
            field.clear();
            at_start = true;
        } else {
            field += ch;
            at_start = false;
        }
    }
    cells.push_back(std::move(field));
    return cells;
}

/** Split at every `;`, `,`, TAB, CR and LF, quotes ignored. */
std::vector<std::string> naive_cells(std::string_view text) {
    std::vector<std::string> cells;
    std::string field;
    for (const char ch : text) {
        if (ch == ';' || ch == ',' || ch == '\t' || ch == '\r' || ch == '\n') {
            cells.push_back(std::move(field));
            field.clear();
        } else {
            field += ch;
        }
    }
    cells.push_back(std::move(field));
    return cells;
}

/**
 * True when a spreadsheet would take the cell for a formula: after the spaces and quote
 * characters it may drop (trimming, a quoted value), it starts with = + - or @.
 */
bool starts_a_formula(std::string_view cell) {
    const auto first = cell.find_first_not_of(" \"");
    if (first == std::string_view::npos) {
        return false;
    }
    const char ch = cell[first];
    return ch == '=' || ch == '+' || ch == '-' || ch == '@';
}

/** Every cell of `body` (after the BOM) that starts a formula when read as described above. */
std::set<std::string> formulas_in(std::string_view body) {
    std::set<std::string> found;
    if (body.starts_with("\xEF\xBB\xBF")) {
        body.remove_prefix(3);
    }
    for (const char separator : {';', ','}) {
        for (const auto& cell : quoted_cells(body, separator)) {
            if (starts_a_formula(cell)) {
                found.insert(std::string(1, separator) + " reader: " + cell);
            }
        }
    }
    for (const auto& cell : naive_cells(body)) {
        if (starts_a_formula(cell)) {
            found.insert("naive split: " + cell);
        }
    }
    return found;
}

class SecurityCsv : public integration_fixture {
  protected:
    testing::http_result get(const std::string& target) {
        return testing::http_request(server().host(), server().port(), "GET", target,
                                     {{"Authorization", "Bearer " + coordinator_token()}});
    }
};

TEST_F(SecurityCsv, CsvFormulaBothSeparators) {
    auto coordinator = connect_coordinator();
    const auto org = member_organisation(*coordinator);
    const auto meeting_id = create_published(*coordinator, open_meeting(1, "hybrid", {}, {}));
    // Names and needs an attacker may choose (one-line names; needs may hold TAB and LF).
    const std::vector<std::pair<std::string, std::string>> attackers{
        {"Kalle,=1+2", "Vegansk,@SUM(A1)"},
        {"Kalle;=1+2", "Vegansk;+1"},
        {"Kalle, =HYPERLINK(\"http://x.example\")", "rad 1\n=1+2"},
        {"Kalle,\"=1+2\"", "a\t-2+3"},
        {"Olle;-1+1", ";=1"},
    };
    for (const auto& [name, needs] : attackers) {
        const auto p = make_person(*coordinator, org, name);
        result_of(coordinator->call("registration.create", {{"meeting_id", meeting_id},
                                                            {"mode", "in_person"},
                                                            {"person_id", p.person_id},
                                                            {"dietary_needs", needs}}));
    }
    const auto poll = result_of(coordinator->call(
        "poll.create", {{"meeting_id", meeting_id},
                        {"kind", "single"},
                        {"question", "Fråga,=1+2"},
                        {"options", json::array{"Ja,=1+2", "Nej;@A1", "Vet inte"}}}));
    const auto poll_id = int_at(poll, "poll.poll_id");
    result_of(coordinator->call("poll.open", {{"poll_id", poll_id}}));

    const std::string attendees = "/meetings/" + std::to_string(meeting_id) + "/attendees.csv";
    const std::string results = "/polls/" + std::to_string(poll_id) + "/results.csv";
    for (const auto& target :
         {attendees, attendees + "?sep=comma", results, results + "?sep=comma"}) {
        const auto res = get(target);
        ASSERT_EQ(res.status, 200) << target << ": " << res.body;
        // The attack made it into the file (so the test tests something).
        EXPECT_NE(res.body.find("=1+2"), std::string::npos) << target;
        const auto found = formulas_in(res.body);
        EXPECT_TRUE(found.empty()) << target << " has cells that start a formula:\n"
                                   << [&] {
                                          std::string all;
                                          for (const auto& f : found) {
                                              all += "  " + f + "\n";
                                          }
                                          return all;
                                      }();
    }
}

}  // namespace
}  // namespace traffpunkt::integration
