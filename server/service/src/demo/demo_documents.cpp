// The demo kickoff meeting's first document: the decision paper with which Södermöre
// kommundelsnämnd (Kalmar) joined SKR's network for medborgarbudget (SKDN 2022/0104).

#include "demo/demo_document.hpp"

#include "clock.hpp"
#include "traffpunkt/domain/document.hpp"
#include "traffpunkt/store/document_repository.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"

namespace traffpunkt::service {

void insert_demo_documents(store::database& db, const stored_blob& paper) {
    const auto networks = store::list_networks(db);
    if (networks.empty()) {
        return;
    }
    // The kickoff is the network's first meeting (meetings are listed by start time).
    const auto meetings = store::list_meetings(db, networks.front().network_id);
    if (meetings.empty()) {
        return;
    }
    const auto& kickoff = meetings.front();
    domain::document d;
    d.meeting_id = kickoff.meeting_id;
    d.title = "Tjänsteskrivelse: Deltagande i SKR:s nätverk för medborgarbudget (SKDN 2022/0104)";
    d.visibility = domain::document_visibility::anyone;
    d.created_at = d.updated_at = now();
    d.document_id = store::insert_document(db, d);

    domain::document_version v;
    v.document_id = d.document_id;
    v.sha256 = paper.sha256;
    v.size = paper.size;
    v.content_type = "text/plain; charset=utf-8";
    v.filename = "Tjänsteskrivelse SKDN 2022-0104.txt";
    v.uploaded_at = d.created_at;
    v.uploaded_by_name = "Träffpunkt demo data";
    const auto facilitators = store::facilitators_of(db, kickoff.meeting_id);
    if (!facilitators.empty()) {
        if (const auto p = store::find_person(db, facilitators.front())) {
            v.uploaded_by = p->person_id;
            v.uploaded_by_name = p->name;
        }
    }
    store::insert_document_version(db, v);
}

}  // namespace traffpunkt::service
