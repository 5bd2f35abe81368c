// Minutes: one Markdown text per meeting, edited by the meeting's facilitators and coordinators
// with optimistic concurrency (each change names the version it is based on; a stale one is
// answered `conflict` with the current minutes, never applied), submitted for review and approved
// by a coordinator, after which they are read-only. Every version is kept.
//
// Changes are decided on the meeting's room strand against the room's copy of the minutes, so
// two edits based on the same version cannot both pass: the second sees the first. The text of
// minutes that are not approved is for the meeting's staff only; everyone who may see the meeting
// sees that minutes exist, their status and version (events on meeting:M carry no draft text).

#include <boost/asio/post.hpp>

#include "agenda/agenda_views.hpp"
#include "application_impl.hpp"
#include "clock.hpp"
#include "minutes/minutes_feature.hpp"
#include "parse_fields.hpp"
#include "traffpunkt/domain/text.hpp"
#include "traffpunkt/protocol/ops.hpp"
#include "traffpunkt/protocol/topics.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/minutes_repository.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

minutes_feature::minutes_feature(application::impl& app) : app_(app) {}

namespace {

/** Minutes are written for meetings that happen: published ones, not drafts or cancelled ones. */
void require_minutes_writable(const domain::meeting& m) {
    if (m.status == domain::meeting_status::draft) {
        throw protocol_error(errc::meeting_not_published,
                             "the meeting is still a draft; minutes are kept for published "
                             "meetings");
    }
    if (m.status == domain::meeting_status::cancelled) {
        throw protocol_error(errc::meeting_cancelled, "the meeting is cancelled");
    }
}

bool is_approved(const std::optional<domain::meeting_minutes>& m) {
    return m && m->status == domain::minutes_status::approved;
}

/**
 * The latest published meeting of the same network that starts before `m` (drafts and cancelled
 * meetings are skipped: they have no minutes), with its minutes.
 */
std::optional<previous_meeting> previous_meeting_of(store::database& db, const domain::meeting& m) {
    std::optional<previous_meeting> out;
    for (auto& other : store::list_meetings(db, m.network_id)) {
        // Ordered by start: the last one before `m` wins.
        if (other.meeting_id == m.meeting_id || other.starts_at >= m.starts_at) {
            continue;
        }
        if (other.status == domain::meeting_status::published) {
            out = previous_meeting{std::move(other), std::nullopt};
        }
    }
    if (out) {
        out->minutes = store::find_minutes(db, out->meeting.meeting_id);
    }
    return out;
}

}  // namespace

json::object minutes_feature::view_of(store::database& db, const domain::meeting& m,
                                      const std::optional<domain::meeting_minutes>& mm,
                                      bool staff) {
    return minutes_json(m.meeting_id, mm, staff || is_approved(mm), previous_meeting_of(db, m));
}

std::optional<domain::meeting_minutes>& minutes_feature::room_minutes(room& r,
                                                                      std::int64_t meeting_id) {
    return r.minutes.use(
        [&] {
            return app_.reads->with(
                [&](store::database& db) { return store::find_minutes(db, meeting_id); });
        },
        [] {
            return protocol_error(errc::unavailable,
                                  "the meeting's minutes are being reloaded after a failed write; "
                                  "retry with the same idem key");
        });
}

void minutes_feature::command(
    const call& c, std::int64_t meeting_id, domain::minutes_action action,
    std::function<domain::check(domain::meeting_minutes&, domain::instant)> step) {
    const auto visible = app_.visible_meeting(c, meeting_id);
    if (action == domain::minutes_action::approve) {
        if (!c.who().is_coordinator()) {
            throw_forbidden("only a coordinator may approve minutes");
        }
    } else if (!app_.may_see_private(c.who(), visible)) {
        throw_forbidden("only coordinators and the meeting's facilitators may write its minutes");
    }
    // The meeting before does not change with this command: looked up once, outside the room.
    const auto previous =
        app_.reads->with([&](store::database& db) { return previous_meeting_of(db, visible); });
    auto r = app_.rooms.get(meeting_id);
    app_.mutate(c, meeting_id, [this, c, r, meeting_id, action, step, previous] {
        require_minutes_writable(app_.room_meeting(*r, meeting_id));
        const auto& current = room_minutes(*r, meeting_id);
        domain::meeting_minutes m;
        if (current) {
            m = *current;
        } else {
            m.meeting_id = meeting_id;  // nothing written yet: version 0, an empty draft
        }
        if (auto e = step(m, now())) {
            if (e->what != domain::rule_error::kind::invalid_transition) {
                throw_rule(*e);
            }
            // Stale or read-only: the caller gets the minutes as they stand, to merge or reload.
            json::object details{{"minutes", minutes_json(meeting_id, current, true, previous)}};
            if (!e->field.empty()) {
                details["field"] = e->field;
            }
            throw protocol_error(errc::conflict, e->message, std::move(details));
        }
        r->minutes.set(m);  // the next command on this room sees the change
        r->minutes.begin_write();
        const principal who = c.who();
        write_plan plan;
        plan.write = [m, action, who, previous](store::database& db) {
            store::store_minutes(db, m, action, who.person_id, actor_name(who));
            return json::value(
                json::object{{"minutes", minutes_json(m.meeting_id, m, true, previous)}});
        };
        plan.committed = [this, r, m, previous](const json::value&) {
            // Everyone on meeting:M learns the new version; the text only once approved.
            const bool approved = m.status == domain::minutes_status::approved;
            app_.events.publish(
                protocol::topics::meeting(m.meeting_id), "minutes.changed",
                json::object{{"minutes", minutes_json(m.meeting_id, m, approved, previous)}});
            boost::asio::post(r->strand, [r] { r->minutes.landed(); });
        };
        plan.failed = [r] { boost::asio::post(r->strand, [r] { r->minutes.failed(); }); };
        return plan;
    });
}

void minutes_feature::op_get(const call& c) {
    const auto a = protocol::decode_minutes_get(c.req.args);
    const auto m = app_.visible_meeting(c, a.meeting_id);
    const bool staff = app_.may_see_private(c.who(), m);
    c.ok(app_.reads->with([&](store::database& db) {
        return json::object{
            {"minutes", view_of(db, m, store::find_minutes(db, m.meeting_id), staff)}};
    }));
}

void minutes_feature::op_edit(const call& c) {
    auto a = protocol::decode_minutes_edit(c.req.args);
    auto text = domain::normalise_newlines(a.text);
    command(c, a.meeting_id, domain::minutes_action::edit,
            [base = a.base_version, text = std::move(text)](domain::meeting_minutes& m,
                                                            domain::instant t) {
                return domain::edit_minutes(m, base, text, t);
            });
}

void minutes_feature::op_submit(const call& c) {
    const auto a = protocol::decode_minutes_submit(c.req.args);
    command(c, a.meeting_id, domain::minutes_action::submit,
            [v = a.version](domain::meeting_minutes& m, domain::instant t) {
                return domain::submit_minutes(m, v, t);
            });
}

void minutes_feature::op_reopen(const call& c) {
    const auto a = protocol::decode_minutes_reopen(c.req.args);
    command(c, a.meeting_id, domain::minutes_action::reopen,
            [v = a.version](domain::meeting_minutes& m, domain::instant t) {
                return domain::reopen_minutes(m, v, t);
            });
}

void minutes_feature::op_approve(const call& c) {
    const auto a = protocol::decode_minutes_approve(c.req.args);
    command(c, a.meeting_id, domain::minutes_action::approve,
            [v = a.version](domain::meeting_minutes& m, domain::instant t) {
                return domain::approve_minutes(m, v, t);
            });
}

void minutes_feature::op_history(const call& c) {
    const auto a = protocol::decode_minutes_history(c.req.args);
    const auto m = app_.visible_meeting(c, a.meeting_id);
    if (!app_.may_see_private(c.who(), m)) {
        throw_forbidden(
            "only coordinators and the meeting's facilitators may see the minutes' versions");
    }
    json::array versions;
    for (const auto& v : app_.reads->with(
             [&](store::database& db) { return store::list_minutes_versions(db, m.meeting_id); })) {
        versions.push_back(minutes_version_json(v, false));
    }
    c.ok(json::object{{"meeting_id", m.meeting_id}, {"versions", std::move(versions)}});
}

void minutes_feature::op_version(const call& c) {
    const auto a = protocol::decode_minutes_version(c.req.args);
    const auto m = app_.visible_meeting(c, a.meeting_id);
    const auto v = app_.reads->with([&](store::database& db) {
        return store::find_minutes_version(db, m.meeting_id, a.version);
    });
    // How many versions there are is no secret (minutes.get shows the current one).
    if (!v) {
        throw_not_found("the minutes of meeting " + std::to_string(m.meeting_id) +
                        " have no version " + std::to_string(a.version));
    }
    // Others may read the approved version (what minutes.get shows them), no earlier draft.
    if (v->status != domain::minutes_status::approved && !app_.may_see_private(c.who(), m)) {
        throw_forbidden(
            "only coordinators and the meeting's facilitators may read versions before approval");
    }
    c.ok(json::object{{"meeting_id", m.meeting_id}, {"version", minutes_version_json(*v, true)}});
}

}  // namespace traffpunkt::service
