// Demo data for `make run`: SKR's network on medborgarbudget as the seed document describes it
// (SKDN 2022/0104). Inserted only into a database without any network, never over real data.

#include <future>

#include <spdlog/spdlog.h>

#include "application_impl.hpp"
#include "clock.hpp"
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
    impl_->writer->submit(
        [flag](store::database& db) {
            if (!store::list_networks(db).empty()) {
                return;  // real (or earlier demo) data: never overwrite
            }
            insert_demo(db);
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
