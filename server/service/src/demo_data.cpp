// Demo data for `make run`: SKR's network on medborgarbudget as the seed document describes it
// (SKDN 2022/0104). Inserted only into a database without any network, never over real data.

#include <future>

#include <spdlog/spdlog.h>

#include "application_impl.hpp"
#include "clock.hpp"
#include "demo_document.hpp"
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
}

}  // namespace

bool application::insert_demo_data_if_empty() {
    std::promise<bool> inserted;
    auto done = inserted.get_future();
    auto flag = std::make_shared<bool>(false);
    // The kickoff's decision paper: its bytes go to the document store first (content-addressed,
    // so storing them again on every start is harmless), its rows into the same transaction.
    const auto paper = impl_->documents.put(demo_decision_paper());
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
