// subscribe / unsubscribe: topics, who may read them, snapshots, and resume with `since`.

#include <charconv>

#include "agenda/agenda_feature.hpp"
#include "application_impl.hpp"
#include "polls/poll_feature.hpp"
#include "documents/document_feature.hpp"
#include "parse_fields.hpp"
#include "questions/question_feature.hpp"
#include "traffpunkt/protocol/ops.hpp"
#include "traffpunkt/protocol/topics.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/membership_repository.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/organisation_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/registration_repository.hpp"
#include "views.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

namespace {

struct topic_name {
    std::string kind;  ///< network, staff, meeting, person
    std::int64_t id = 0;
};

topic_name parse_topic(const std::string& topic) {
    const auto colon = topic.find(':');
    topic_name t;
    if (colon != std::string::npos) {
        t.kind = topic.substr(0, colon);
        const char* first = topic.data() + colon + 1;
        const char* last = topic.data() + topic.size();
        auto [end, ec] = std::from_chars(first, last, t.id);
        const bool number_ok = ec == std::errc{} && end == last && t.id > 0 && *first != '0';
        if (number_ok && protocol::topics::is_kind(t.kind)) {
            return t;
        }
    }
    throw protocol::invalid_field("topic",
                                  "field 'topic' must be network:N, staff:N, meeting:N, "
                                  "person:N, polls:N, polls-staff:N, documents:N, "
                                  "documents-staff:N, questions:N or questions-staff:N");
}

}  // namespace

json::value application::impl::snapshot(const call& c, const std::string& topic) {
    const auto t = parse_topic(topic);
    const bool coordinator = c.who().is_coordinator();
    if (t.kind == "documents" || t.kind == "documents-staff") {
        // The documents each audience may see (ops_document.cpp); subscribe checked who asks.
        const bool staff = t.kind == "documents-staff";
        const auto access = staff ? domain::document_visibility::facilitators
                                  : domain::document_visibility::registered;
        return reads->with([&](store::database& db) -> json::value {
            return json::object{{"meeting_id", t.id},
                                {"documents", documents->documents_json(db, t.id, access, staff)}};
        });
    }
    if (t.kind == "questions" || t.kind == "questions-staff") {
        return questions->snapshot(t.id, t.kind == "questions-staff");  // questions/
    }
    if (t.kind == "polls" || t.kind == "polls-staff") {
        return polls->polls_snapshot(t.id, t.kind == "polls-staff",
                              c.who().who == principal::role::audience);
    }
    return reads->with([&](store::database& db) -> json::value {
        if (t.kind == "network" || t.kind == "staff") {
            auto n = store::find_network(db, t.id);
            if (!n) {
                throw_not_found("no network " + std::to_string(t.id));
            }
            const bool staff = t.kind == "staff";
            json::array meetings;
            for (const auto& m : store::list_meetings(db, t.id)) {
                if (staff || m.status != domain::meeting_status::draft) {
                    meetings.push_back(to_json(m, staff));
                }
            }
            json::array members;
            for (const auto& m : store::list_memberships(db, t.id)) {
                if (auto o = store::find_organisation(db, m.organisation_id)) {
                    members.push_back(member_json(*o, m));
                }
            }
            return json::object{{"network", to_json(*n)},
                                {"members", std::move(members)},
                                {"meetings", std::move(meetings)}};
        }
        if (t.kind == "meeting") {
            auto m = store::find_meeting(db, t.id);
            if (!m) {
                throw_not_found("no meeting " + std::to_string(t.id));
            }
            // Facilitators and coordinators see the online link in their snapshot; events on the
            // topic stay public (they go to everyone subscribed).
            const auto& ids = store::facilitators_of(db, t.id);
            const bool privileged =
                coordinator || (c.who().person_id &&
                                std::find(ids.begin(), ids.end(), *c.who().person_id) != ids.end());
            // Seat counts without personal data: what registration.counts events update.
            const domain::registration_book book(store::list_meeting_registrations(db, t.id));
            json::object snap{
                {"meeting", to_json(*m, privileged)},
                {"counts", to_json(domain::counts_of(book, *m), t.id)},
                // Public documents only: the topic's document events are too.
                {"documents",
                 documents->documents_json(db, t.id, domain::document_visibility::anyone, false)}};
            // The agenda, the live "now" marker (late joiners see the current item) and the
            // minutes (ops_agenda.cpp).
            agenda->add_to_snapshot(db, *m, privileged, snap);
            return snap;
        }
        auto p = store::find_person(db, t.id);
        if (!p) {
            throw_not_found("no person " + std::to_string(t.id));
        }
        // The person's registrations: what registration.* events on this topic update.
        json::array registrations;
        for (const auto& r : store::list_person_registrations(db, t.id)) {
            const auto org = store::find_organisation(db, r.organisation_id);
            registrations.push_back(to_json(r, store::waitlist_position(db, r.registration_id), &*p,
                                            org ? &*org : nullptr));
        }
        return json::object{{"person", to_json(*p, true)},
                            {"registrations", std::move(registrations)}};
    });
}

void application::impl::authorize_topic(const call& c, const std::string& topic) {
    const auto t = parse_topic(topic);
    // Who may read the topic.
    if (t.kind == "network" || t.kind == "staff") {
        // Only topics of real objects exist: a stranger cannot make the hub keep a topic for
        // every network id they can think of.
        const bool exists = reads->with(
            [&](store::database& db) { return store::find_network(db, t.id).has_value(); });
        if (!exists) {
            throw_not_found("no network " + std::to_string(t.id));
        }
    }
    if (t.kind == "staff" && !c.who().is_coordinator()) {
        throw_forbidden("only coordinators may subscribe to staff topics");
    }
    if (t.kind == "person") {
        const bool self = c.who().person_id && *c.who().person_id == t.id;
        if (!self && !c.who().is_coordinator()) {
            throw_forbidden("a person topic is only for that person");
        }
        const bool exists = reads->with(
            [&](store::database& db) { return store::find_person(db, t.id).has_value(); });
        if (!exists) {
            throw_not_found("no person " + std::to_string(t.id));
        }
    }
    if (t.kind == "meeting") {
        visible_meeting(c, t.id);  // drafts: not_found unless coordinator/facilitator
    }
    if (t.kind == "polls-staff") {
        visible_meeting(c, t.id);
        if (!is_poll_staff(c.who(), t.id)) {
            throw_forbidden(
                "only coordinators and the meeting's facilitators may subscribe to "
                "polls-staff topics");
        }
    }
    if (t.kind == "documents" || t.kind == "documents-staff") {
        const auto m = visible_meeting(c, t.id);
        const auto access = documents->access_of(c.who(), m);
        if (t.kind == "documents-staff" && access != domain::document_visibility::facilitators) {
            throw_forbidden(
                "only coordinators and the meeting's facilitators may subscribe to "
                "documents-staff topics");
        }
        if (!domain::may_see(access, domain::document_visibility::registered)) {
            throw_forbidden(
                "a meeting's documents topic is for its registered participants and "
                "its facilitators; public documents come on meeting:M");
        }
    }
    if (t.kind == "questions" || t.kind == "questions-staff") {
        questions->authorize_topic(c, t.id, t.kind == "questions-staff");
    }
    if (t.kind == "polls") {
        if (c.who().who != principal::role::audience) {
            visible_meeting(c, t.id);
        }
        if (!may_take_part(c.who(), t.id)) {
            throw_forbidden(
                "a meeting's polls are for its registered participants, its "
                "audience devices and its facilitators");
        }
    }
}

void application::impl::op_subscribe(const call& c) {
    const auto args = protocol::decode_subscribe(c.req.args);
    const auto t = parse_topic(args.topic);
    // Read before the rights are checked: if a right ends meanwhile, we look again below.
    const std::uint64_t generation = c.conn->rights_generation.load();
    authorize_topic(c, args.topic);

    auto sink = c.conn->sink.lock();
    if (!sink) {
        return;  // the connection is gone
    }
    const bool again = c.conn->has_topic(args.topic);
    if (!again && c.conn->topic_count() >= settings.websocket.max_subscriptions) {
        throw protocol_error(
            protocol::error{errc::rate_limited,
                            "at most " + std::to_string(settings.websocket.max_subscriptions) +
                                " subscriptions per connection",
                            {}});
    }
    if (again) {
        events.unsubscribe(args.topic, sink.get());
        c.conn->remove_topic(args.topic);
    }

    // Audience devices get only the events of link polls (hub::set_restriction).
    const bool restricted = c.who().who == principal::role::audience && t.kind == "polls";

    // Resume from `since` when the client's history is ours (same epoch). Otherwise, or when
    // the history no longer reaches, start over: read a snapshot first, then register from the
    // seq read before it, so no event falls between the snapshot and the live stream (events
    // carry whole objects, so one already reflected in the snapshot is harmless to apply).
    const bool resuming = args.since && args.epoch && *args.epoch == events.epoch();
    std::uint64_t since = resuming ? static_cast<std::uint64_t>(*args.since) : 0;
    bool with_snapshot = !resuming;
    // A few attempts: a snapshot can only miss the history if the topic got more events than
    // the history holds while the snapshot was read.
    for (int attempt = 0; attempt < 4; ++attempt) {
        json::value snap;
        if (with_snapshot) {
            since = events.current_seq(args.topic);
            snap = snapshot(c, args.topic);
        }
        bool registered = false;
        events.subscribe(args.topic, sink, since, restricted, [&](const hub::registration& reg) {
            if (!reg.complete) {
                return;
            }
            registered = true;
            json::object result{{"topic", args.topic},
                                {"epoch", events.epoch()},
                                {"seq", reg.seq},
                                {"replayed", reg.replay.size()}};
            if (with_snapshot) {
                if (args.since) {
                    result["resync"] = true;
                }
                result["snapshot"] = std::move(snap);
            }
            // Under the topic lock: the answer and the replay are queued before any live event.
            c.ok(result);
            for (const auto& f : reg.replay) {
                c.conn->send(f);
            }
        });
        if (registered) {
            c.conn->add_topic(args.topic);
            if (c.conn->rights_generation.load() != generation) {
                // A right ended while we subscribed: the recheck may have missed this topic.
                recheck_subscriptions(c.conn);
            }
            return;
        }
        with_snapshot = true;
    }
    throw protocol_error(
        protocol::error{errc::unavailable, "the topic is too busy to subscribe; retry", {}});
}

void application::impl::op_unsubscribe(const call& c) {
    const auto args = protocol::decode_unsubscribe(c.req.args);
    if (auto sink = c.conn->sink.lock()) {
        events.unsubscribe(args.topic, sink.get());
    }
    c.conn->remove_topic(args.topic);
    c.ok(json::object{{"topic", args.topic}});
}

}  // namespace traffpunkt::service
