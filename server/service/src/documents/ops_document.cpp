// Documents over the WebSocket: list, get (with every version), update (title, visibility,
// agenda item) and remove; who sees which document; and the events of document changes. The
// bytes go over HTTP (http_documents.cpp).
//
// Visibility is a level: public documents for everyone who may see the meeting, registered ones
// also need a confirmed registration, facilitators-only ones are for the meeting's facilitators
// and coordinators. A document the caller may not see is left out of lists; asked for by id it
// is `forbidden` (its title is never shown).

#include "traffpunkt/protocol/ops_document.hpp"
#include "agenda/agenda_feature.hpp"
#include "application_impl.hpp"
#include "clock.hpp"
#include "documents/document_feature.hpp"
#include "documents/document_views.hpp"
#include "parse_fields.hpp"
#include "registrations/registration_feature.hpp"
#include "traffpunkt/domain/text.hpp"
#include "traffpunkt/protocol/topics.hpp"
#include "traffpunkt/store/document_repository.hpp"
#include "traffpunkt/store/meeting_repository.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

namespace {

std::string audience_of(domain::document_visibility v) {
    return v == domain::document_visibility::registered ? "the meeting's registered participants"
                                                        : "the meeting's facilitators";
}

/** The document and its newest version, inside the writer's transaction; not_found if gone. */
domain::document_with_latest live_document(store::database& db, std::int64_t document_id) {
    auto d = store::find_document(db, document_id);
    auto latest = d ? store::latest_document_version(db, document_id) : std::nullopt;
    if (!d || d->removed_at || !latest) {
        throw_not_found("no document " + std::to_string(document_id));
    }
    return {*d, *latest};
}

}  // namespace

domain::document_access document_feature::access_of(const principal& p, const domain::meeting& m) {
    if (app_.may_see_private(p, m)) {
        return domain::document_visibility::facilitators;
    }
    if (app_.registrations->holds_seat(p, m.meeting_id)) {
        return domain::document_visibility::registered;
    }
    return domain::document_visibility::anyone;
}

json::array document_feature::documents_json(store::database& db, std::int64_t meeting_id,
                                             domain::document_access access, bool staff) {
    json::array out;
    for (const auto& d : store::list_meeting_documents(db, meeting_id)) {
        if (domain::may_see(access, d.doc.visibility)) {
            out.push_back(to_json(d, staff));
        }
    }
    return out;
}

void document_feature::publish_change(const std::optional<domain::document_with_latest>& before,
                                      const std::optional<domain::document_with_latest>& after,
                                      std::string_view ev) {
    const auto& any = after ? *after : *before;
    const auto item_of = [](const std::optional<domain::document_with_latest>& d) {
        return d && !d->doc.removed_at ? d->doc.agenda_item_id : std::nullopt;
    };
    if (item_of(before) != item_of(after)) {
        app_.agenda->links_changed(any.doc.meeting_id);
    }
    struct audience {
        std::string topic;
        domain::document_access access;
        bool staff;
    };
    const audience audiences[] = {
        {protocol::topics::meeting(any.doc.meeting_id), domain::document_visibility::anyone, false},
        {protocol::topics::documents(any.doc.meeting_id), domain::document_visibility::registered,
         false},
        {protocol::topics::documents_staff(any.doc.meeting_id),
         domain::document_visibility::facilitators, true},
    };
    const auto shown = [](const std::optional<domain::document_with_latest>& d,
                          domain::document_access access) {
        return d && !d->doc.removed_at && domain::may_see(access, d->doc.visibility);
    };
    for (const auto& a : audiences) {
        const bool was = shown(before, a.access);
        const bool is = shown(after, a.access);
        if (is) {
            app_.events.publish(a.topic, was ? ev : "document.added",
                                json::object{{"document", to_json(*after, a.staff)}});
        } else if (was) {
            // Gone for this audience (removed, or made more private): say so, without details.
            app_.events.publish(a.topic, "document.removed",
                                json::object{{"document_id", any.doc.document_id},
                                             {"meeting_id", any.doc.meeting_id}});
        }
    }
}

void document_feature::op_list(const call& c) {
    const auto a = protocol::decode_document_list(c.req.args);
    const auto m = app_.visible_meeting(c, a.meeting_id);
    const auto access = access_of(c.who(), m);
    const bool staff = access == domain::document_visibility::facilitators;
    auto documents = app_.reads->with(
        [&](store::database& db) { return documents_json(db, a.meeting_id, access, staff); });
    c.ok(json::object{{"meeting_id", a.meeting_id}, {"documents", std::move(documents)}});
}

void document_feature::op_get(const call& c) {
    const auto a = protocol::decode_document_get(c.req.args);
    auto [doc, versions] = app_.reads->with([&](store::database& db) {
        return std::make_pair(store::find_document(db, a.document_id),
                              store::list_document_versions(db, a.document_id));
    });
    if (!doc || doc->removed_at || versions.empty()) {
        throw_not_found("no document " + std::to_string(a.document_id));
    }
    const auto m = app_.visible_meeting(c, doc->meeting_id);
    const auto access = access_of(c.who(), m);
    if (!domain::may_see(access, doc->visibility)) {
        throw_forbidden("this document is for " + audience_of(doc->visibility));
    }
    const bool staff = access == domain::document_visibility::facilitators;
    json::array all;
    for (const auto& v : versions) {
        all.push_back(to_json(v, doc->meeting_id, staff));
    }
    c.ok(json::object{
        {"document", to_json(domain::document_with_latest{*doc, versions.back()}, staff)},
        {"versions", std::move(all)}});
}

void document_feature::op_update(const call& c) {
    const auto a = protocol::decode_document_update(c.req.args);
    if (a.title.value) {
        enforce(domain::check_line("title", *a.title.value, 1, domain::limits::document_title_max));
    }
    std::optional<domain::document_visibility> visibility;
    if (a.visibility.value) {
        visibility = domain::parse_document_visibility(*a.visibility.value);
    }
    const auto doc = app_.reads->with(
        [&](store::database& db) { return store::find_document(db, a.document_id); });
    if (!doc || doc->removed_at) {
        throw_not_found("no document " + std::to_string(a.document_id));
    }
    const auto m = app_.visible_meeting(c, doc->meeting_id);
    if (!app_.may_see_private(c.who(), m)) {
        throw_forbidden("only coordinators and the meeting's facilitators may change documents");
    }
    const auto meeting_id = doc->meeting_id;
    auto r = app_.rooms.get(meeting_id);
    app_.mutate(c, meeting_id, [this, a, visibility, r, meeting_id] {
        if (app_.room_meeting(*r, meeting_id).status == domain::meeting_status::cancelled) {
            throw protocol_error(errc::meeting_cancelled,
                                 "the meeting is cancelled; its documents can no longer change");
        }
        auto before = std::make_shared<domain::document_with_latest>();
        auto after = std::make_shared<domain::document_with_latest>();
        return write_plan{
            [a, visibility, before, after](store::database& db) {
                *before = live_document(db, a.document_id);
                *after = *before;
                auto& d = after->doc;
                if (a.title.value) {
                    d.title = *a.title.value;
                }
                if (visibility) {
                    d.visibility = *visibility;
                }
                if (a.agenda_item_id.present) {
                    if (a.agenda_item_id.value &&
                        !store::agenda_item_in_meeting(db, *a.agenda_item_id.value, d.meeting_id)) {
                        throw protocol::invalid_field(
                            "agenda_item_id",
                            "field 'agenda_item_id' must name an agenda item "
                            "of the document's meeting");
                    }
                    d.agenda_item_id = a.agenda_item_id.value;
                }
                if (d != before->doc) {
                    d.updated_at = now();
                    store::update_document(db, d);
                }
                return json::value(json::object{{"document", to_json(*after, true)}});
            },
            [this, before, after](const json::value&) {
                if (after->doc != before->doc) {
                    publish_change(*before, *after, "document.updated");
                }
            },
            {},
            {}};
    });
}

void document_feature::op_remove(const call& c) {
    const auto a = protocol::decode_document_remove(c.req.args);
    const auto doc = app_.reads->with(
        [&](store::database& db) { return store::find_document(db, a.document_id); });
    if (!doc || doc->removed_at) {
        throw_not_found("no document " + std::to_string(a.document_id));
    }
    const auto m = app_.visible_meeting(c, doc->meeting_id);
    if (!app_.may_see_private(c.who(), m)) {
        throw_forbidden("only coordinators and the meeting's facilitators may remove documents");
    }
    // Removing is allowed in a cancelled meeting too: taking a document down must always work.
    app_.mutate(c, doc->meeting_id, [this, a] {
        auto before = std::make_shared<domain::document_with_latest>();
        return write_plan{
            [a, before](store::database& db) {
                *before = live_document(db, a.document_id);
                auto d = before->doc;
                d.removed_at = d.updated_at = now();
                store::update_document(db, d);
                return json::value(json::object{{"document_id", a.document_id}, {"removed", true}});
            },
            [this, before](const json::value&) {
                publish_change(*before, std::nullopt, "document.removed");
            },
            {},
            {}};
    });
}

}  // namespace traffpunkt::service
