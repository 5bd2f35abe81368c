#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "agenda/agenda_text.hpp"
#include "support/test_instant.hpp"

namespace traffpunkt::service {
namespace {

using namespace std::chrono;

using test::at;

domain::meeting agenda_kickoff() {
    domain::meeting m;
    m.meeting_id = 1;
    m.title = "Första nätverksträffen";
    m.description = "Uppstart.";
    m.starts_at = at("2022-11-25T10:00:00+01:00");
    m.ends_at = at("2022-11-25T16:00:00+01:00");
    m.format = domain::meeting_format::hybrid;
    m.venue = "SKR";
    m.address = "Hornsgatan 20, Stockholm";
    m.status = domain::meeting_status::published;
    return m;
}

domain::agenda_item item(const char* title, const char* starts, int length,
                         domain::agenda_item_kind kind = domain::agenda_item_kind::talk) {
    domain::agenda_item i;
    i.title = title;
    i.starts_at = at(starts);
    i.duration = minutes{length};
    i.kind = kind;
    return i;
}

TEST(AgendaText, CalendarLinesUseLocalTimeAndPresenters) {
    auto welcome = item("Välkommen", "2022-11-25T10:00:00+01:00", 15);
    welcome.presenters = {{"Anna Lindqvist", "Kalmar kommun"}, {"Erik", ""}};
    const auto text = agenda_calendar_text(
        agenda_kickoff(),
        {welcome, item("Fika", "2022-11-25T10:15:00+01:00", 15, domain::agenda_item_kind::pause)});
    EXPECT_EQ(text,
              "Program:\n"
              "10:00\u201310:15 Välkommen (Anna Lindqvist, Kalmar kommun; Erik)\n"
              "10:15\u201310:30 Fika");
    EXPECT_EQ(agenda_calendar_text(agenda_kickoff(), {}), "");
}

TEST(AgendaText, SummerTimeAndMeetingsOfSeveralDays) {
    auto m = agenda_kickoff();
    m.starts_at = at("2023-03-25T10:00:00+01:00");  // the night to 26 March changes the offset
    m.ends_at = at("2023-03-26T16:00:00+02:00");
    const auto text = agenda_calendar_text(m, {item("Dag 1", "2023-03-25T10:00:00+01:00", 30),
                                               item("Dag 2", "2023-03-26T10:00:00+02:00", 30)});
    EXPECT_EQ(text,
              "Program:\n"
              "2023-03-25 10:00\u201310:30 Dag 1\n"
              "2023-03-26 10:00\u201310:30 Dag 2");
}

TEST(AgendaText, WithAgendaAppendsAParagraph) {
    const std::vector<domain::agenda_item> items{item("A", "2022-11-25T10:00:00+01:00", 15)};
    EXPECT_EQ(with_agenda(agenda_kickoff(), items).description,
              "Uppstart.\n\nProgram:\n10:00\u201310:15 A");
    auto bare = agenda_kickoff();
    bare.description.clear();
    EXPECT_EQ(with_agenda(bare, items).description, "Program:\n10:00\u201310:15 A");
    EXPECT_EQ(with_agenda(agenda_kickoff(), {}).description, "Uppstart.");
}

TEST(AgendaText, PlainTextListsKindsPresentersAndIndentedDescriptions) {
    auto workshop =
        item("Workshop", "2022-11-25T13:00:00+01:00", 75, domain::agenda_item_kind::workshop);
    workshop.description = "Rad ett\nRad två";
    workshop.presenters = {{"Anna", "SKR"}};
    const auto text = agenda_plain_text(agenda_kickoff(), {workshop});
    EXPECT_EQ(text,
              "Första nätverksträffen\n"
              "2022-11-25 10:00\u201316:00 (Europe/Stockholm)\n"
              "SKR, Hornsgatan 20, Stockholm och digitalt\n"
              "\n"
              "Program\n"
              "\n"
              "13:00\u201314:15  Workshop [Workshop]\n"
              "             Anna, SKR\n"
              "             Rad ett\n"
              "             Rad två\n");
}

TEST(AgendaText, PlainTextOfAnEmptyCancelledDigitalMeeting) {
    auto m = agenda_kickoff();
    m.format = domain::meeting_format::digital;
    m.status = domain::meeting_status::cancelled;
    const auto text = agenda_plain_text(m, {});
    EXPECT_NE(text.find("\nDigitalt\nINSTÄLLD\n"), std::string::npos) << text;
    EXPECT_NE(text.find("Inget program ännu."), std::string::npos);
}

}  // namespace
}  // namespace traffpunkt::service
