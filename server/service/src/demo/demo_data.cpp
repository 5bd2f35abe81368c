// Demo data for `make run`: SKR's network on medborgarbudget as the seed document describes it
// (SKDN 2022/0104). Inserted only into a database without any network, never over real data.

#include <future>

#include <spdlog/spdlog.h>

#include "application_impl.hpp"
#include "clock.hpp"
#include "demo/demo_document.hpp"
#include "traffpunkt/ical/calendar_feed.hpp"
#include "traffpunkt/store/agenda_repository.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/membership_repository.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"

namespace traffpunkt::service {

namespace {

using namespace std::chrono;

domain::instant at(const char* rfc3339) {
    return *domain::parse_instant(rfc3339);
}
domain::date on(const char* ymd) {
    return *domain::parse_date(ymd);
}

/** Stockholm's offset from UTC at `t`, from the zone data the calendars use. */
seconds stockholm_offset(domain::instant t) {
    return ical::utc_offset(t, "Europe/Stockholm");
}

/** `hh:mm` Stockholm time on day `d` as an instant. */
domain::instant stockholm(sys_days d, int hh, int mm) {
    const auto wall = domain::instant(d) + hours(hh) + minutes(mm);
    // The offset an hour before the wall time is the one in force (demo times are daytime,
    // never next to a change of offset).
    return wall - stockholm_offset(wall - hours(2));
}

/** One item of a demo agenda: start (minutes after the meeting's start), length, title. */
struct demo_item {
    int from_start;
    int minutes;
    domain::agenda_item_kind kind;
    const char* title;
    std::vector<domain::presenter> presenters;
};

void insert_agenda(store::database& db, domain::id meeting_id, domain::instant starts_at,
                   const std::vector<demo_item>& entries) {
    domain::agenda a;
    a.meeting_id = meeting_id;
    for (const auto& e : entries) {
        domain::agenda_item item;
        item.meeting_id = meeting_id;
        item.title = e.title;
        item.kind = e.kind;
        item.starts_at = starts_at + minutes{e.from_start};
        item.duration = minutes{e.minutes};
        item.presenters = e.presenters;
        item.updated_at = now();
        item.item_id = store::insert_agenda_item(db, item, a.items.size() + 1);
        a.items.push_back(item);
    }
    a.revision = static_cast<std::int64_t>(a.items.size());
    store::store_agenda_state(db, a);
}

/**
 * Meetings still to come, dated from the day the database is made, so that a newcomer can
 * register for something: a hybrid meeting in three weeks with its programme, a digital one in
 * two months. Both are published, with registration open from today.
 */
void insert_upcoming(store::database& db, const domain::meeting& kickoff, domain::id anna) {
    const auto today = floor<days>(now() + stockholm_offset(now()));
    const domain::instant opened = stockholm(today, 0, 0);

    domain::meeting hybrid = kickoff;
    hybrid.meeting_id = 0;
    hybrid.title = "Nätverksträff: medborgarbudget i praktiken";
    hybrid.description =
        "Hur går det i kommunerna? Medlemmarna berättar om sina medborgarbudgetar, och vi "
        "arbetar i grupper med urval, dialog och återkoppling till medborgarna.";
    const auto hybrid_day = today + days(21);
    hybrid.starts_at = stockholm(hybrid_day, 10, 0);
    hybrid.ends_at = stockholm(hybrid_day, 15, 30);
    hybrid.venue = "Uddevalla stadshus";
    hybrid.address = "Varvsvägen 1, 451 81 Uddevalla";
    hybrid.online_url = "https://meet.example.se/medborgarbudget-i-praktiken";
    hybrid.capacity_in_person = 40;
    hybrid.capacity_remote = 100;
    hybrid.in_person_quota_per_org = 4;
    hybrid.registration_opens = opened;
    hybrid.registration_closes = stockholm(hybrid_day - days(5), 23, 59);
    hybrid.contact_name = "Demokratisektionen, SKR";
    hybrid.contact_email = "medborgarbudget@skr.example.se";
    hybrid.created_at = hybrid.updated_at = now();
    hybrid.meeting_id = store::insert_meeting(db, hybrid);
    store::add_facilitator(db, hybrid.meeting_id, anna);
    insert_agenda(
        db, hybrid.meeting_id, hybrid.starts_at,
        {{0,
          15,
          domain::agenda_item_kind::talk,
          "Välkommen till Uddevalla",
          {{"Erik Johansson", "Uddevalla kommun"}}},
         {15,
          60,
          domain::agenda_item_kind::discussion,
          "Så gick det: medlemmarnas medborgarbudgetar",
          {{"Anna Lindqvist", "Kalmar kommun"}}},
         {75, 15, domain::agenda_item_kind::poll, "Vad ska nätverket fördjupa sig i?", {}},
         {90, 60, domain::agenda_item_kind::pause, "Lunch", {}},
         {150,
          90,
          domain::agenda_item_kind::workshop,
          "Workshop: urval, dialog och återkoppling",
          {{"Demokratisektionen", "Sveriges Kommuner och Regioner"}}},
         {240, 30, domain::agenda_item_kind::discussion, "Nästa steg", {}}});

    domain::meeting digital = hybrid;
    digital.meeting_id = 0;
    digital.title = "Digital träff: uppföljning och utvärdering";
    digital.description =
        "En kortare digital träff om hur kommunerna följer upp de projekt som medborgarna "
        "valt, och hur medborgarbudgeten utvärderas.";
    const auto digital_day = today + days(61);
    digital.starts_at = stockholm(digital_day, 13, 0);
    digital.ends_at = stockholm(digital_day, 15, 0);
    digital.format = domain::meeting_format::digital;
    digital.venue.clear();
    digital.address.clear();
    digital.online_url = "https://meet.example.se/medborgarbudget-uppfoljning";
    digital.capacity_in_person.reset();
    digital.capacity_remote = 150;
    digital.in_person_quota_per_org.reset();
    digital.registration_closes = stockholm(digital_day - days(2), 23, 59);
    digital.cost_note.clear();
    digital.created_at = digital.updated_at = now();
    digital.meeting_id = store::insert_meeting(db, digital);
}

/** The kickoff's programme, 10:00-16:00 in Stockholm (agenda, ops_agenda.cpp). */
void insert_kickoff_agenda(store::database& db, domain::id meeting_id) {
    struct entry {
        const char* starts;
        int minutes;
        domain::agenda_item_kind kind;
        const char* title;
        std::vector<domain::presenter> presenters;
    };
    const std::vector<entry> entries{
        {"2022-11-25T10:00:00+01:00",
         15,
         domain::agenda_item_kind::talk,
         "Välkommen",
         {{"Anna Lindqvist", "Kalmar kommun"}}},
        {"2022-11-25T10:15:00+01:00",
         45,
         domain::agenda_item_kind::talk,
         "SKR presenterar nätverket och modellen för medborgarbudget",
         {{"Demokratisektionen", "Sveriges Kommuner och Regioner"}}},
        {"2022-11-25T11:00:00+01:00",
         60,
         domain::agenda_item_kind::discussion,
         "Exempel från medlemskommunerna",
         {{"Anna Lindqvist", "Kalmar kommun"}, {"Erik Johansson", "Uddevalla kommun"}}},
        {"2022-11-25T12:00:00+01:00", 60, domain::agenda_item_kind::pause, "Lunch", {}},
        {"2022-11-25T13:00:00+01:00",
         75,
         domain::agenda_item_kind::workshop,
         "Workshop: medborgarbudget i den egna kommunen",
         {}},
        {"2022-11-25T14:15:00+01:00", 15, domain::agenda_item_kind::pause, "Fika", {}},
        {"2022-11-25T14:30:00+01:00",
         60,
         domain::agenda_item_kind::talk,
         "Medborgarbudget i världen",
         {{"Giovanni Allegretti", "Universitetet i Coimbra"}}},
        {"2022-11-25T15:30:00+01:00",
         30,
         domain::agenda_item_kind::discussion,
         "Nästa steg i nätverket",
         {{"Demokratisektionen", "Sveriges Kommuner och Regioner"}}},
    };
    domain::agenda a;
    a.meeting_id = meeting_id;
    for (const auto& e : entries) {
        domain::agenda_item item;
        item.meeting_id = meeting_id;
        item.title = e.title;
        item.kind = e.kind;
        item.starts_at = at(e.starts);
        item.duration = minutes{e.minutes};
        item.presenters = e.presenters;
        item.updated_at = now();
        item.item_id = store::insert_agenda_item(db, item, a.items.size() + 1);
        a.items.push_back(item);
    }
    a.revision = static_cast<std::int64_t>(a.items.size());
    store::store_agenda_state(db, a);
}

void insert_demo(store::database& db) {
    domain::network n;
    n.name = "SKR:s nätverk för medborgarbudget";
    n.description =
        "Ett processinriktat nätverk där kommuner och regioner utvecklar medborgarbudget enligt "
        "SKR:s modell för demokratisk och lokal utveckling, med stöd av nationella och "
        "internationella experter. Två år med start hösten 2022, med möjlighet till förlängning.";
    n.starts_on = on("2022-09-01");
    n.ends_on = on("2024-08-31");
    // Extended (as the network allows) to a year after today, so the upcoming meetings below
    // lie inside its period.
    n.extended_until = std::max(year_month_day(floor<days>(now()) + days(365)), on("2024-09-01"));
    n.network_id = store::insert_network(db, n);

    struct member {
        const char* name;
        domain::org_kind kind;
        const char* body;
        const char* diary;
        const char* decided;
    };
    const member members[] = {
        {"Kalmar kommun", domain::org_kind::municipality, "Södermöre kommundelsnämnd",
         "SKDN 2022/0104", "2022-08-22"},
        {"Uddevalla kommun", domain::org_kind::municipality, "Kommunstyrelsen", "KS 2022/00311",
         "2022-09-14"},
        {"Örebro kommun", domain::org_kind::municipality, "Kommunstyrelsen", "KS 2022/00872",
         "2022-09-27"},
        {"Region Gävleborg", domain::org_kind::region, "Regionstyrelsen", "RS 2022/0418",
         "2022-10-04"},
    };
    std::vector<domain::id> org_ids;
    for (const auto& m : members) {
        domain::organisation o{0, m.name, m.kind};
        o.organisation_id = store::insert_organisation(db, o);
        org_ids.push_back(o.organisation_id);
        store::upsert_membership(
            db, {n.network_id, o.organisation_id, {m.body, m.diary, on(m.decided)}, now()});
    }
    // Known but not (yet) a member: no decision recorded.
    store::insert_organisation(db, {0, "Botkyrka kommun", domain::org_kind::municipality});

    domain::person anna{0, "Anna Lindqvist", "anna.lindqvist@example.se", org_ids[0],
                        domain::person_role::official};
    anna.person_id = store::insert_person(db, anna, now());
    domain::person erik{0, "Erik Johansson", "erik.johansson@example.se", org_ids[1],
                        domain::person_role::elected};
    store::insert_person(db, erik, now());

    domain::meeting kickoff;
    kickoff.network_id = n.network_id;
    kickoff.title = "Första nätverksträffen: medborgarbudget";
    kickoff.description =
        "Uppstart av nätverket: SKR:s modell för medborgarbudget, erfarenheter från "
        "deltagande kommuner och regioner, och forskaren Giovanni Allegretti (Universitet i "
        "Coimbra) om medborgarbudget i världen.";
    kickoff.starts_at = at("2022-11-25T10:00:00+01:00");
    kickoff.ends_at = at("2022-11-25T16:00:00+01:00");
    kickoff.format = domain::meeting_format::hybrid;
    kickoff.venue = "Sveriges Kommuner och Regioner";
    kickoff.address = "Hornsgatan 20, 118 82 Stockholm";
    kickoff.online_url = "https://meet.example.se/medborgarbudget-kickoff";
    kickoff.capacity_in_person = 60;
    kickoff.capacity_remote = 100;
    kickoff.registration_opens = at("2022-10-01T00:00:00+02:00");
    kickoff.registration_closes = at("2022-11-18T23:59:00+01:00");
    kickoff.cost_note = "Deltagarna står för sina egna kostnader vid fysiska träffar.";
    kickoff.status = domain::meeting_status::published;
    kickoff.created_at = kickoff.updated_at = now();
    kickoff.meeting_id = store::insert_meeting(db, kickoff);
    store::add_facilitator(db, kickoff.meeting_id, anna.person_id);
    insert_kickoff_agenda(db, kickoff.meeting_id);

    domain::meeting spring = kickoff;
    spring.meeting_id = 0;
    spring.title = "Nätverksträff våren 2023: prioritering och uppföljning";
    spring.description = "Digital träff om hur medborgarnas förslag prioriteras och följs upp.";
    spring.starts_at = at("2023-03-16T09:00:00+01:00");
    spring.ends_at = at("2023-03-16T12:00:00+01:00");
    spring.format = domain::meeting_format::digital;
    spring.venue.clear();
    spring.address.clear();
    spring.online_url = "https://meet.example.se/medborgarbudget-2";
    spring.capacity_in_person.reset();
    spring.capacity_remote = 150;
    spring.registration_opens = at("2023-01-16T00:00:00+01:00");
    spring.registration_closes = at("2023-03-14T23:59:00+01:00");
    spring.cost_note.clear();
    spring.meeting_id = store::insert_meeting(db, spring);

    insert_upcoming(db, kickoff, anna.person_id);
}

}  // namespace

bool application::insert_demo_data_if_empty() {
    std::promise<bool> inserted;
    auto done = inserted.get_future();
    auto flag = std::make_shared<bool>(false);
    // The kickoff's decision paper: its bytes go to the document store first (content-addressed,
    // so storing them again on every start is harmless), its rows into the same transaction.
    const auto paper = impl_->document_files.put(demo_decision_paper());
    impl_->writer->submit(
        [flag, paper](store::database& db) {
            if (!store::list_networks(db).empty()) {
                return;  // real (or earlier demo) data: never overwrite
            }
            insert_demo(db);
            insert_demo_documents(db, paper);
            *flag = true;
        },
        [&inserted, flag](std::exception_ptr e) {
            if (e) {
                inserted.set_exception(e);
            } else {
                inserted.set_value(*flag);
            }
        });
    const bool result = done.get();
    if (result) {
        spdlog::info("demo data inserted: SKR network on medborgarbudget");
    }
    return result;
}

}  // namespace traffpunkt::service
