// Agendas: items (add, update, move, remove), the live "now" marker (set current, start, end),
// the record of changes, and what the agenda adds to the meeting:M snapshot.
//
// Every change to a meeting's agenda is decided on the meeting's room strand against the room's
// copy of the agenda (loaded on first use), so concurrent edits apply one after the other and each
// sees the one before, committed or not. The room's copy changes when the plan is decided; a
// write that fails drops it, and it is reloaded once no agenda write of the room is in flight.
// Item ids are given on the strand (before the insert), from one counter above the largest id.
//
// Once the meeting is published, each change to the items is recorded (who, when, what, the item
// before and after), and a change to what the calendar shows (the agenda paragraph of
// DESCRIPTION: times, titles, presenters) bumps the meeting's SEQUENCE like meeting.update does.

#include <boost/asio/post.hpp>
#include <boost/json/serialize.hpp>

#include "agenda/agenda_feature.hpp"
#include "agenda/agenda_text.hpp"
#include "agenda/agenda_views.hpp"
#include "application_impl.hpp"
#include "clock.hpp"
#include "minutes/minutes_feature.hpp"
#include "parse_fields.hpp"
#include "traffpunkt/domain/text.hpp"
#include "traffpunkt/protocol/ops.hpp"
#include "traffpunkt/protocol/topics.hpp"
#include "traffpunkt/store/agenda_repository.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/minutes_repository.hpp"
#include "views.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

namespace {

domain::precise_instant precise_now() {
    return std::chrono::time_point_cast<std::chrono::milliseconds>(
        std::chrono::system_clock::now());
}

domain::agenda_item_kind kind_field(std::string_view text) {
    // The decoder allows only the documented names; this maps them.
    auto k = domain::parse_agenda_item_kind(text);
    if (!k) {
        throw protocol::invalid_field(
            "kind", "field 'kind' must be one of talk, discussion, workshop, break, poll");
    }
    return *k;
}

std::vector<domain::presenter> presenters_of(const std::vector<protocol::presenter_input>& in) {
    std::vector<domain::presenter> out;
    out.reserve(in.size());
    for (const auto& p : in) {
        out.push_back({p.name, p.organisation});
    }
    return out;
}

std::string quoted(const domain::agenda_item& item) {
    return "\"" + item.title + "\"";
}

/** Item edits change nothing in a cancelled meeting; drafts are where agendas are prepared. */
void require_agenda_editable(const domain::meeting& m) {
    if (m.status == domain::meeting_status::cancelled) {
        throw protocol_error(errc::meeting_cancelled,
                             "the meeting is cancelled; its agenda can no longer change");
    }
}

/** The live marker moves only during a published meeting's life. */
void require_live(const domain::meeting& m) {
    if (m.status == domain::meeting_status::draft) {
        throw protocol_error(errc::meeting_not_published,
                             "the meeting is still a draft; publish it before running its agenda");
    }
    if (m.status == domain::meeting_status::cancelled) {
        throw protocol_error(errc::meeting_cancelled, "the meeting is cancelled");
    }
}

[[noreturn]] void no_item(domain::id item_id) {
    throw_not_found("no agenda item " + std::to_string(item_id));
}

}  // namespace

agenda_feature::agenda_feature(application::impl& app) : app_(app) {}

/** What an agenda command decided on the room's strand (see agenda_feature::command). */
struct agenda_feature::decision {
    /** Item rows to write (insert, update or delete); the order and state are written after. */
    std::function<void(store::database&)> rows;
    /** For the change record and the answer; 0 for live changes. */
    domain::id item_id = 0;
    domain::agenda_change_action action = domain::agenda_change_action::added;
    std::optional<domain::agenda_item> before;
    std::optional<domain::agenda_item> after;
    std::string summary;
    bool items_changed = false;  ///< agenda.changed (and maybe a new SEQUENCE)
    bool live_changed = false;   ///< agenda.now
    bool item_in_result = false;
};

domain::agenda& agenda_feature::room_agenda(room& r, std::int64_t meeting_id) {
    return r.agenda.use(
        [&] {
            return app_.reads->with(
                [&](store::database& db) { return store::load_agenda(db, meeting_id); });
        },
        [] {
            return protocol_error(errc::unavailable,
                                  "the meeting's agenda is being reloaded after a failed write; "
                                  "retry with the same idem key");
        });
}

void agenda_feature::links_changed(std::int64_t meeting_id) {
    auto r = app_.rooms.get(meeting_id);
    boost::asio::post(r->strand, [r] { r->agenda.invalidate(); });
}

std::int64_t agenda_feature::next_item_id() {
    // Only this process inserts items, and the first id is taken before any insert.
    std::call_once(item_ids_loaded_, [this] {
        last_item_id_ =
            app_.reads->with([](store::database& db) { return store::max_agenda_item_id(db); });
    });
    return ++last_item_id_;
}

domain::meeting agenda_feature::editor_meeting(const call& c, std::int64_t meeting_id) {
    const auto m = app_.visible_meeting(c, meeting_id);  // drafts: not_found unless staff
    if (!app_.may_see_private(c.who(), m)) {
        throw_forbidden("only coordinators and the meeting's facilitators may change its agenda");
    }
    return m;
}

std::int64_t agenda_feature::item_meeting_of(const call& c, std::int64_t item_id) {
    const auto meeting_id = app_.reads->with(
        [&](store::database& db) { return store::agenda_item_meeting(db, item_id); });
    if (!meeting_id) {
        no_item(item_id);
    }
    editor_meeting(c, *meeting_id);
    return *meeting_id;
}

void agenda_feature::check_links(std::int64_t meeting_id,
                                 const std::vector<domain::id>& document_ids,
                                 const std::vector<domain::id>& poll_ids) {
    app_.reads->with([&](store::database& db) {
        for (std::size_t i = 0; i < document_ids.size(); ++i) {
            if (store::meeting_of_document(db, document_ids[i]) != meeting_id) {
                throw protocol::invalid_field("document_ids[" + std::to_string(i) + "]",
                                              "document " + std::to_string(document_ids[i]) +
                                                  " is not a document of this "
                                                  "meeting");
            }
        }
        for (std::size_t i = 0; i < poll_ids.size(); ++i) {
            if (store::meeting_of_poll(db, poll_ids[i]) != meeting_id) {
                throw protocol::invalid_field(
                    "poll_ids[" + std::to_string(i) + "]",
                    "poll " + std::to_string(poll_ids[i]) + " is not a poll of this meeting");
            }
        }
    });
}

void agenda_feature::command(
    const call& c, std::int64_t meeting_id, bool live,
    std::function<decision(const domain::meeting&, domain::agenda&)> decide) {
    auto r = app_.rooms.get(meeting_id);
    app_.mutate(c, meeting_id, [this, c, r, meeting_id, live, decide = std::move(decide)] {
        const domain::meeting meeting = app_.room_meeting(*r, meeting_id);
        if (live) {
            require_live(meeting);
        } else {
            require_agenda_editable(meeting);
        }
        const domain::agenda& current = room_agenda(*r, meeting_id);
        domain::agenda after = current;
        auto d = decide(meeting, after);  // throws to refuse; `after` is then dropped

        // The calendar shows the agenda: a published meeting's SEQUENCE grows when that changes.
        domain::meeting m = meeting;
        bool meeting_changed = false;
        if (d.items_changed && m.status == domain::meeting_status::published &&
            agenda_calendar_text(meeting, current.items) !=
                agenda_calendar_text(meeting, after.items)) {
            ++m.sequence;
            m.updated_at = now();
            meeting_changed = true;
        }
        std::optional<store::agenda_change> record;
        if (d.items_changed && meeting.status == domain::meeting_status::published) {
            store::agenda_change rc;
            rc.meeting_id = meeting_id;
            rc.revision = after.revision;
            rc.changed_at = now();
            rc.person_id = c.who().person_id;
            rc.changed_by = actor_name(c.who());
            rc.action = d.action;
            rc.item_id = d.item_id;
            rc.summary = d.summary;
            const auto snapshot = [](const domain::agenda& a, const domain::agenda_item& item) {
                return json::serialize(item_json(item, a.position_of(item.item_id)));
            };
            if (d.before) {
                rc.item_before = snapshot(current, *d.before);
            }
            if (d.after) {
                rc.item_after = snapshot(after, *d.after);
            }
            if (meeting_changed) {
                rc.sequence = m.sequence;
            }
            record = rc;
        }

        json::object result;
        if (!live) {
            result["agenda"] = agenda_json(after, m);
            if (d.item_in_result && d.after) {
                result["item"] = item_json(*d.after, after.position_of(d.after->item_id));
            }
        }
        auto state = std::make_shared<const domain::agenda>(after);
        // The next command on this room sees the change, committed or not.
        r->agenda.set(after);
        if (meeting_changed) {
            r->meeting = m;
        }
        r->agenda.begin_write();

        write_plan plan;
        plan.write = [state, rows = d.rows, record, meeting_changed, m, result,
                      live_changed = d.live_changed](store::database& db) {
            if (rows) {
                rows(db);
            }
            store::store_agenda_order(db, *state);
            store::store_agenda_state(db, *state);
            if (meeting_changed) {
                store::update_meeting(db, m);
            }
            if (record) {
                store::insert_agenda_change(db, *record);
            }
            json::object out = result;
            if (live_changed) {
                out["now"] = now_json(*state, precise_now());
            }
            return json::value(std::move(out));
        };
        plan.committed = [this, r, state, m, meeting_changed, d](const json::value& result) {
            const auto topic = protocol::topics::meeting(state->meeting_id);
            if (d.items_changed) {
                app_.events.publish(topic, "agenda.changed",
                                    json::object{{"agenda", result.as_object().at("agenda")}});
            }
            if (d.live_changed) {
                // The server's clock as the event leaves: what clients measure elapsed time by.
                app_.events.publish(topic, "agenda.now",
                                    json::object{{"now", now_json(*state, precise_now())}});
            }
            if (meeting_changed) {
                app_.publish_meeting("meeting.updated", m);  // new SEQUENCE; calendars rebuilt
            }
            boost::asio::post(r->strand, [r] { r->agenda.landed(); });
        };
        plan.failed = [r, meeting_changed] {
            // The room holds what this write would have done; the database is the truth again.
            boost::asio::post(r->strand, [r, meeting_changed] {
                r->agenda.failed();
                if (meeting_changed) {
                    r->meeting.reset();
                }
            });
        };
        return plan;
    });
}

// --- reads ---------------------------------------------------------------------------------

void agenda_feature::op_get(const call& c) {
    const auto a = protocol::decode_agenda_get(c.req.args);
    const auto m = app_.visible_meeting(c, a.meeting_id);
    const auto agenda =
        app_.reads->with([&](store::database& db) { return store::load_agenda(db, m.meeting_id); });
    c.ok(
        json::object{{"agenda", agenda_json(agenda, m)}, {"now", now_json(agenda, precise_now())}});
}

void agenda_feature::op_history(const call& c) {
    const auto a = protocol::decode_agenda_history(c.req.args);
    const auto m = app_.visible_meeting(c, a.meeting_id);
    if (!app_.may_see_private(c.who(), m)) {
        throw_forbidden(
            "only coordinators and the meeting's facilitators may see who changed its agenda");
    }
    json::array changes;
    for (const auto& change : app_.reads->with(
             [&](store::database& db) { return store::list_agenda_changes(db, m.meeting_id); })) {
        changes.push_back(change_json(change));
    }
    c.ok(json::object{{"meeting_id", m.meeting_id}, {"changes", std::move(changes)}});
}

void agenda_feature::add_to_snapshot(store::database& db, const domain::meeting& m, bool staff,
                                     json::object& snapshot) {
    const auto agenda = store::load_agenda(db, m.meeting_id);
    snapshot["agenda"] = agenda_json(agenda, m);
    // A late joiner learns the current item with the server's clock, like agenda.now.
    snapshot["now"] = now_json(agenda, precise_now());
    snapshot["minutes"] =
        app_.minutes->view_of(db, m, store::find_minutes(db, m.meeting_id), staff);
}

// --- item edits ----------------------------------------------------------------------------

void agenda_feature::op_add(const call& c) {
    const auto a = protocol::decode_agenda_add(c.req.args);
    const auto visible = editor_meeting(c, a.meeting_id);
    domain::agenda_item item;
    item.meeting_id = a.meeting_id;
    item.title = a.title;
    item.description = domain::normalise_newlines(a.description);
    item.kind = kind_field(a.kind);
    item.starts_at = instant_field("starts_at", a.starts_at);
    item.duration = std::chrono::minutes{a.duration_minutes};
    item.presenters = presenters_of(a.presenters);
    item.document_ids = a.document_ids;
    item.poll_ids = a.poll_ids;
    // Shape first (cheap, gives the better message), the meeting's own time on the strand.
    enforce(domain::validate(item, visible));
    check_links(a.meeting_id, item.document_ids, item.poll_ids);
    const auto position = a.position;
    command(c, a.meeting_id, false,
            [this, item, position](const domain::meeting& m, domain::agenda& agenda) {
                domain::agenda_item added = item;
                added.updated_at = now();
                enforce(domain::validate(added, m));
                added.item_id = next_item_id();
                enforce(domain::insert_item(agenda, added, position));
                const auto at = agenda.position_of(added.item_id);
                decision d;
                d.rows = [added, at](store::database& db) {
                    store::insert_agenda_item(db, added, at);
                };
                d.item_id = added.item_id;
                d.action = domain::agenda_change_action::added;
                d.after = added;
                d.summary = "added " + quoted(added);
                d.items_changed = true;
                d.item_in_result = true;
                return d;
            });
}

void agenda_feature::op_update(const call& c) {
    const auto a = protocol::decode_agenda_update(c.req.args);
    const auto meeting_id = item_meeting_of(c, a.item_id);
    std::optional<domain::agenda_item_kind> kind;
    if (a.kind.present) {
        kind = kind_field(*a.kind.value);
    }
    std::optional<domain::instant> starts_at;
    if (a.starts_at.present) {
        starts_at = instant_field("starts_at", *a.starts_at.value);
    }
    if (a.document_ids || a.poll_ids) {
        check_links(meeting_id, a.document_ids.value_or(std::vector<domain::id>{}),
                    a.poll_ids.value_or(std::vector<domain::id>{}));
    }
    command(c, meeting_id, false,
            [this, a, kind, starts_at](const domain::meeting& m, domain::agenda& agenda) {
                const auto* found = agenda.find(a.item_id);
                if (found == nullptr) {
                    no_item(a.item_id);  // removed since the lookup
                }
                const domain::agenda_item before = *found;
                domain::agenda_item item = before;
                if (a.title.present) {
                    item.title = *a.title.value;
                }
                if (a.description.present) {
                    item.description = domain::normalise_newlines(a.description.value.value_or(""));
                }
                if (kind) {
                    item.kind = *kind;
                }
                if (starts_at) {
                    item.starts_at = *starts_at;
                }
                if (a.duration_minutes.present) {
                    item.duration = std::chrono::minutes{*a.duration_minutes.value};
                }
                if (a.presenters) {
                    item.presenters = presenters_of(*a.presenters);
                }
                if (a.document_ids) {
                    item.document_ids = *a.document_ids;
                }
                if (a.poll_ids) {
                    item.poll_ids = *a.poll_ids;
                }
                enforce(domain::validate(item, m));
                const auto fields = domain::changed_fields(before, item);
                decision d;
                d.item_id = item.item_id;
                d.action = domain::agenda_change_action::updated;
                d.item_in_result = true;
                if (fields.empty()) {
                    // Nothing differs: answered with the agenda as it is, nothing stored or sent.
                    d.after = before;
                    d.items_changed = false;
                    d.summary.clear();
                    return d;
                }
                item.updated_at = now();
                enforce(domain::replace_item(agenda, item));
                d.rows = [item](store::database& db) { store::update_agenda_item(db, item); };
                d.before = before;
                d.after = item;
                d.summary = "updated " + quoted(item) + ":";
                for (std::size_t i = 0; i < fields.size(); ++i) {
                    d.summary += (i == 0 ? " " : ", ") + fields[i];
                }
                d.items_changed = true;
                return d;
            });
}

void agenda_feature::op_move(const call& c) {
    const auto a = protocol::decode_agenda_move(c.req.args);
    const auto meeting_id = item_meeting_of(c, a.item_id);
    command(c, meeting_id, false, [a](const domain::meeting&, domain::agenda& agenda) {
        const auto from = agenda.position_of(a.item_id);
        if (from == 0) {
            no_item(a.item_id);
        }
        const domain::agenda_item item = *agenda.find(a.item_id);
        decision d;
        d.item_id = a.item_id;
        d.action = domain::agenda_change_action::moved;
        if (static_cast<std::size_t>(a.position) == from) {
            return d;  // already there: nothing changes
        }
        enforce(domain::move_item(agenda, a.item_id, static_cast<std::size_t>(a.position)));
        d.before = item;
        d.after = item;
        d.summary = "moved " + quoted(item) + " from position " + std::to_string(from) + " to " +
                    std::to_string(a.position);
        d.items_changed = true;
        return d;
    });
}

void agenda_feature::op_remove(const call& c) {
    const auto a = protocol::decode_agenda_remove(c.req.args);
    const auto meeting_id = item_meeting_of(c, a.item_id);
    command(c, meeting_id, false, [a](const domain::meeting&, domain::agenda& agenda) {
        const auto* found = agenda.find(a.item_id);
        if (found == nullptr) {
            no_item(a.item_id);
        }
        const domain::agenda_item item = *found;
        const bool was_current = agenda.live.item_id == a.item_id;
        enforce(domain::remove_item(agenda, a.item_id));
        decision d;
        d.rows = [item_id = a.item_id](store::database& db) {
            store::delete_agenda_item(db, item_id);
        };
        d.item_id = a.item_id;
        d.action = domain::agenda_change_action::removed;
        d.before = item;
        d.summary = "removed " + quoted(item);
        d.items_changed = true;
        d.live_changed = was_current;  // the marker is cleared with the item
        return d;
    });
}

// --- the live marker -----------------------------------------------------------------------

void agenda_feature::op_set_current(const call& c) {
    const auto a = protocol::decode_agenda_set_current(c.req.args);
    editor_meeting(c, a.meeting_id);
    command(c, a.meeting_id, true, [a](const domain::meeting&, domain::agenda& agenda) {
        if (a.item_id && agenda.find(*a.item_id) == nullptr) {
            throw_not_found("no item " + std::to_string(*a.item_id) + " in this meeting's agenda");
        }
        enforce(domain::set_current(agenda, a.item_id, a.start, precise_now()));
        decision d;
        d.live_changed = true;
        return d;
    });
}

void agenda_feature::op_start(const call& c) {
    const auto a = protocol::decode_agenda_start(c.req.args);
    editor_meeting(c, a.meeting_id);
    command(c, a.meeting_id, true, [](const domain::meeting&, domain::agenda& agenda) {
        enforce(domain::start_current(agenda, precise_now()));
        decision d;
        d.live_changed = true;
        return d;
    });
}

void agenda_feature::op_end(const call& c) {
    const auto a = protocol::decode_agenda_end(c.req.args);
    editor_meeting(c, a.meeting_id);
    command(c, a.meeting_id, true, [](const domain::meeting&, domain::agenda& agenda) {
        enforce(domain::end_current(agenda, precise_now()));
        decision d;
        d.live_changed = true;
        return d;
    });
}

}  // namespace traffpunkt::service
