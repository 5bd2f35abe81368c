// Poll ops: create, edit (drafts), delete, open, close, vote, read results. Every change runs
// on the meeting's room strand (poll_room.cpp keeps the live state); a vote is answered after
// its group commit.

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "agenda/agenda_feature.hpp"
#include "application_impl.hpp"
#include "polls/poll_feature.hpp"
#include "clock.hpp"
#include "identity.hpp"
#include "parse_fields.hpp"
#include "pb/pb_import.hpp"
#include "polls/ballot_codec.hpp"
#include "polls/poll_shared.hpp"
#include "polls/poll_views.hpp"
#include "registrations/registration_feature.hpp"
#include "traffpunkt/domain/text.hpp"
#include "traffpunkt/pb/pb_rules.hpp"
#include "traffpunkt/protocol/ops.hpp"
#include "traffpunkt/protocol/topics.hpp"
#include "traffpunkt/store/document_repository.hpp"
#include "traffpunkt/store/poll_repository.hpp"
#include "traffpunkt/store/registration_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::service {

namespace topics = protocol::topics;

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

namespace {

std::optional<std::int64_t> opt_unix(std::string_view field,
                                     const std::optional<std::string>& text) {
    if (!text) {
        return std::nullopt;
    }
    return instant_field(field, *text).time_since_epoch().count();
}

template <class T, class Parse>
T enum_field(std::string_view field, const std::string& text, Parse parse) {
    auto v = parse(text);
    if (!v) {
        throw protocol::invalid_field(std::string(field),
                                      "field '" + std::string(field) + "' has an unknown value");
    }
    return *v;
}

std::vector<domain::poll_option> numbered_options(const std::vector<std::string>& labels) {
    std::vector<domain::poll_option> out;
    for (std::size_t i = 0; i < labels.size(); ++i) {
        out.push_back(domain::poll_option{static_cast<domain::id>(i + 1), domain::trim(labels[i])});
    }
    return out;
}

/** A rule name as the poll stores it ("" for the default), refused when we do not count it. */
std::string checked_rule(const std::string& name, int decimals) {
    if (name.empty()) {
        return "";
    }
    std::string error;
    const std::int64_t unit = decimals == 2 ? 100 : decimals == 1 ? 10 : 1;
    const auto rule = pb::parse_rule_name(name, unit, error);
    if (!rule) {
        throw protocol::invalid_field("pb.rule", "field 'pb.rule': " + error);
    }
    if (rule->kind == pb::pb_rule_kind::borda_greedy) {
        throw protocol::invalid_field("pb.rule",
                                      "field 'pb.rule': borda-greedy is for ordinal ballots, which "
                                      "polls do not take");
    }
    return *rule == pb::pb_rule{} ? "" : name;
}

void apply_pb(domain::poll& p, const protocol::poll_pb_input& in) {
    p.budget = in.budget;
    p.currency = in.currency;
    p.pb_ballot =
        enum_field<domain::pb_ballot_kind>("pb.ballot", in.ballot, domain::parse_pb_ballot_kind);
    p.pb_utility = in.utility.empty() ? domain::pb_utility_kind::cost
                                      : enum_field<domain::pb_utility_kind>(
                                            "pb.utility", in.utility, domain::parse_pb_utility);
    p.max_choices = static_cast<int>(in.max_choices.value_or(0));
    p.points_total = static_cast<int>(in.points_total.value_or(0));
    p.projects.clear();
    for (std::size_t i = 0; i < in.projects.size(); ++i) {
        domain::pb_project project;
        project.project_id = static_cast<domain::id>(i + 1);
        project.title = domain::trim(in.projects[i].title);
        project.description = domain::normalise_newlines(in.projects[i].description);
        project.cost = in.projects[i].cost;
        project.organisation_id = in.projects[i].organisation_id;
        project.district = domain::trim(in.projects[i].district);
        for (const auto& c : in.projects[i].categories) {
            project.categories.push_back(domain::trim(c));
        }
        project.latitude = in.projects[i].latitude;
        project.longitude = in.projects[i].longitude;
        p.projects.push_back(std::move(project));
    }
    p.pb_decimals = static_cast<int>(in.decimals);
    p.pb_min_support = in.min_support.value_or(0);
    p.pb_districts.clear();
    for (const auto& d : in.districts) {
        p.pb_districts.push_back({domain::trim(d.name), d.budget});
    }
    p.pb_rule = checked_rule(in.rule, p.pb_decimals);
}

/** The poll a pb.pabulib text makes, or invalid_args naming the line. */
pb_import import_poll(const protocol::poll_pb_input& in) {
    pb_import_options options;
    options.ballots = in.ballots == "count";
    if (!in.rule.empty()) {
        options.rule = in.rule;
    }
    options.min_support = in.min_support;
    if (!in.utility.empty()) {
        options.utility = in.utility;
    }
    if (!in.ballot.empty()) {
        options.ballot = in.ballot;
    }
    auto result = import_pabulib(in.pabulib.value_or(""), options);
    if (auto* e = std::get_if<pb_import_error>(&result)) {
        json::object details{{"field", e->field}};
        std::string message = e->message;
        if (e->line > 0) {
            details["line"] = e->line;
            message = "line " + std::to_string(e->line) + " of the .pb file: " + message;
        }
        throw protocol_error(errc::invalid_args, message, std::move(details));
    }
    return std::get<pb_import>(std::move(result));
}

/** Validates a poll, reporting fields under their wire names ("pb.budget"). */
void enforce_poll(const domain::poll& p) {
    if (auto e = domain::validate(p)) {
        throw_rule(*e);
    }
}

/** A poll may belong to an agenda item of its own meeting only. */
template <class Reads>
void require_agenda_item(Reads& reads, const domain::poll& p) {
    if (p.agenda_item_id && !reads.with([&](store::database& db) {
            return store::agenda_item_in_meeting(db, *p.agenda_item_id, p.meeting_id);
        })) {
        throw protocol::invalid_field("agenda_item_id",
                                      "field 'agenda_item_id' must name an agenda item of the "
                                      "poll's meeting");
    }
}

}  // namespace

poll_feature::poll_feature(application::impl& app)
    : app_(app),
      audience_joins(app.settings.audience.join_burst, app.settings.audience.join_per_minute) {}

void poll_feature::op_poll_create(const call& c) {
    const auto a = protocol::decode_poll_create(c.req.args);
    const auto m = app_.visible_meeting(c, a.meeting_id);
    if (!app_.is_poll_staff(c.who(), m.meeting_id)) {
        throw_forbidden("only coordinators and the meeting's facilitators may create polls");
    }
    domain::poll p;
    p.meeting_id = m.meeting_id;
    p.agenda_item_id = a.agenda_item_id;
    p.kind = enum_field<domain::poll_kind>("kind", a.kind, domain::parse_poll_kind);
    p.question = domain::trim(a.question);
    p.description = domain::normalise_newlines(a.description);
    p.options = numbered_options(a.options);
    p.max_choices = static_cast<int>(a.max_choices.value_or(0));
    if (a.scale) {
        p.scale_max = static_cast<int>(a.scale->max);
        p.scale_min_label = domain::trim(a.scale->min_label);
        p.scale_max_label = domain::trim(a.scale->max_label);
    }
    if (a.text_max_length) {
        p.text_max_length = static_cast<int>(*a.text_max_length);
    }
    std::optional<pb_import> imported;
    if (a.pb && a.pb->pabulib) {
        imported = import_poll(*a.pb);
        p.budget = imported->poll.budget;
        p.currency = imported->poll.currency;
        p.pb_ballot = imported->poll.pb_ballot;
        p.pb_utility = imported->poll.pb_utility;
        p.max_choices = imported->poll.max_choices;
        p.points_total = imported->poll.points_total;
        p.projects = imported->poll.projects;
        p.pb_rule = imported->poll.pb_rule;
        p.pb_min_support = imported->poll.pb_min_support;
        p.pb_decimals = imported->poll.pb_decimals;
    } else if (a.pb) {
        apply_pb(p, *a.pb);
    }
    p.anonymous = a.anonymous;
    p.audience =
        enum_field<domain::poll_audience>("audience", a.audience, domain::parse_poll_audience);
    p.visibility = enum_field<domain::results_visibility>("results", a.results,
                                                          domain::parse_results_visibility);
    p.auto_close_at = opt_unix("auto_close_at", a.auto_close_at);
    p.created_by = c.who().person_id.value_or(0);
    if (imported && !imported->ballots.empty()) {
        // The file's ballots as a finished vote: a closed, anonymous poll.
        p.anonymous = true;
        p.status = domain::poll_status::closed;
        p.opened_at = unix_now();
        p.closed_at = p.opened_at;
        p.auto_close_at.reset();
    }
    enforce_poll(p);
    require_agenda_item(*app_.reads, p);
    if (imported) {
        create_imported_poll(c, p, std::move(*imported));
        return;
    }
    auto r = app_.rooms.get(m.meeting_id);
    app_.mutate(c, m.meeting_id, [this, p] {
        auto created = std::make_shared<domain::poll>(p);
        return write_plan{
            [created](store::database& db) -> json::value {
                created->poll_id = store::insert_poll(db, *created, unix_now());
                return json::object{{"poll", poll_json(*created, 0)}};
            },
            [this, created](const json::value& result) {
                {
                    std::lock_guard lock(poll_meetings_mutex);
                    poll_meetings[created->poll_id] = created->meeting_id;
                }
                remember_poll_snapshot(*created, result.as_object().at("poll").as_object(),
                                       std::nullopt);
                app_.events.publish(topics::polls_staff(created->meeting_id), "poll.created", result);
                if (created->agenda_item_id) {
                    app_.agenda->links_changed(created->meeting_id);
                }
            },
            {},
            {}};
    });
}

void poll_feature::op_poll_update(const call& c) {
    const auto a = protocol::decode_poll_update(c.req.args);
    const auto meeting_id = staff_poll_meeting(
        c, a.poll_id, "only coordinators and the meeting's facilitators may edit polls");
    auto r = app_.rooms.get(meeting_id);
    app_.mutate(c, meeting_id, [this, a, r] {
        live_poll& lp = room_poll(*r, a.poll_id);
        enforce(domain::require_editable(lp.poll));
        domain::poll p = lp.poll;
        if (a.question.present) {
            p.question = domain::trim(a.question.value.value_or(""));
        }
        if (a.description.present) {
            p.description = domain::normalise_newlines(a.description.value.value_or(""));
        }
        if (a.options) {
            p.options = numbered_options(*a.options);
        }
        if (a.max_choices.present) {
            p.max_choices = static_cast<int>(a.max_choices.value.value_or(0));
        }
        if (a.scale) {
            p.scale_max = static_cast<int>(a.scale->max);
            p.scale_min_label = domain::trim(a.scale->min_label);
            p.scale_max_label = domain::trim(a.scale->max_label);
        }
        if (a.text_max_length.present) {
            p.text_max_length = static_cast<int>(a.text_max_length.value.value_or(200));
        }
        if (a.pb) {
            if (p.kind != domain::poll_kind::pb) {
                throw protocol::invalid_field("pb", "field 'pb' is only for kind pb");
            }
            if (a.pb->pabulib) {
                throw protocol::invalid_field("pb.pabulib",
                                              "field 'pb.pabulib' is for poll.create: a file "
                                              "makes a new poll");
            }
            apply_pb(p, *a.pb);
        }
        if (a.anonymous) {
            p.anonymous = *a.anonymous;
        }
        if (a.audience) {
            p.audience = enum_field<domain::poll_audience>("audience", *a.audience,
                                                           domain::parse_poll_audience);
        }
        if (a.results) {
            p.visibility = enum_field<domain::results_visibility>("results", *a.results,
                                                                  domain::parse_results_visibility);
        }
        if (a.auto_close_at.present) {
            p.auto_close_at = opt_unix("auto_close_at", a.auto_close_at.value);
        }
        const bool item_changed =
            a.agenda_item_id.present && a.agenda_item_id.value != p.agenda_item_id;
        if (a.agenda_item_id.present) {
            p.agenda_item_id = a.agenda_item_id.value;
        }
        enforce_poll(p);
        require_agenda_item(*app_.reads, p);
        // A draft has no ballots: its tally starts afresh with the new options.
        r->polls.erase(a.poll_id);
        r->polls.emplace(a.poll_id, live_poll(p));
        live_poll& fresh = r->polls.at(a.poll_id);
        ++fresh.writes_in_flight;
        const auto poll_id = a.poll_id;
        return write_plan{
            [p](store::database& db) -> json::value {
                if (!store::update_poll(db, p, unix_now())) {
                    throw_not_found("no poll " + std::to_string(p.poll_id));
                }
                return json::object{{"poll", poll_json(p, 0)}};
            },
            [this, r, p, poll_id, item_changed](const json::value& result) {
                poll_write_landed(r, poll_id);
                remember_poll_snapshot(p, result.as_object().at("poll").as_object(), std::nullopt);
                app_.events.publish(topics::polls_staff(p.meeting_id), "poll.updated", result);
                if (item_changed) {
                    app_.agenda->links_changed(p.meeting_id);
                }
            },
            poll_write_failed(r, poll_id),
            {}};
    });
}

void poll_feature::op_poll_delete(const call& c) {
    const auto a = protocol::decode_poll_ref(c.req.args);
    const auto meeting_id = staff_poll_meeting(
        c, a.poll_id, "only coordinators and the meeting's facilitators may delete polls");
    auto r = app_.rooms.get(meeting_id);
    app_.mutate(c, meeting_id, [this, a, r, meeting_id] {
        live_poll& lp = room_poll(*r, a.poll_id);
        if (lp.poll.status != domain::poll_status::draft) {
            throw protocol_error(errc::conflict,
                                 "only a draft poll can be deleted; an opened poll's ballots "
                                 "are kept");
        }
        const bool had_item = lp.poll.agenda_item_id.has_value();
        r->polls.erase(a.poll_id);
        const auto poll_id = a.poll_id;
        return write_plan{[poll_id](store::database& db) -> json::value {
                              if (!store::delete_poll(db, poll_id)) {
                                  throw_not_found("no poll " + std::to_string(poll_id));
                              }
                              return json::object{{"poll_id", poll_id}};
                          },
                          [this, poll_id, meeting_id, had_item](const json::value& result) {
                              forget_poll_snapshot(poll_id);
                              pb_results.forget(poll_id);
                              if (had_item) {
                                  app_.agenda->links_changed(meeting_id);
                              }
                              {
                                  std::lock_guard lock(poll_meetings_mutex);
                                  poll_meetings.erase(poll_id);
                              }
                              app_.events.publish(topics::polls_staff(meeting_id), "poll.deleted",
                                             result);
                          },
                          {},
                          {}};
    });
}

void poll_feature::op_poll_open(const call& c) {
    const auto a = protocol::decode_poll_open(c.req.args);
    const auto meeting_id = staff_poll_meeting(
        c, a.poll_id, "only coordinators and the meeting's facilitators may open polls");
    const auto deadline = opt_unix("auto_close_at", a.auto_close_at);
    auto r = app_.rooms.get(meeting_id);
    app_.mutate(c, meeting_id, [this, a, r, deadline] {
        live_poll& lp = room_poll(*r, a.poll_id);
        domain::poll p = lp.poll;
        if (deadline) {
            p.auto_close_at = deadline;
        }
        enforce(domain::open_poll(p, unix_now()));
        lp.poll = p;
        ++lp.writes_in_flight;
        const auto poll_id = a.poll_id;
        return write_plan{
            [p](store::database& db) -> json::value {
                store::update_poll(db, p, unix_now());
                return json::object{{"poll", poll_json(p, 0)}};
            },
            [this, r, p, poll_id](const json::value& result) {
                poll_write_landed(r, poll_id, [this, r](live_poll& lp) { arm_auto_close(r, lp); });
                remember_poll_snapshot(p, result.as_object().at("poll").as_object(),
                                       results_json(p, domain::poll_tally(p), false));
                app_.events.publish(topics::polls_staff(p.meeting_id), "poll.opened", result);
                app_.events.publish(topics::polls(p.meeting_id), "poll.opened", result);
            },
            poll_write_failed(r, poll_id),
            {}};
    });
}

void poll_feature::op_poll_close(const call& c) {
    const auto a = protocol::decode_poll_ref(c.req.args);
    const auto meeting_id = staff_poll_meeting(
        c, a.poll_id, "only coordinators and the meeting's facilitators may close polls");
    auto r = app_.rooms.get(meeting_id);
    app_.on_poll_room(c, meeting_id, [this, c, a, r](room&) {
        // A PB count can take seconds: it runs after the close is committed (pb_counting.cpp).
        if (room_poll(*r, a.poll_id).poll.kind == domain::poll_kind::pb) {
            close_pb(c, r, a.poll_id);
            return;
        }
        app_.submit(c, close_plan(r, a.poll_id));
    });
}

void poll_feature::op_poll_vote(const call& c) {
    const auto a = protocol::decode_poll_vote(c.req.args);
    const principal who = c.who();
    if (!who.person_id && who.who != principal::role::audience) {
        throw_forbidden(
            "only participants vote: authenticate with your personal token or join "
            "through the meeting's poll link");
    }
    const auto meeting_id = poll_meeting(a.poll_id);
    auto r = app_.rooms.get(meeting_id);
    app_.on_poll_room(c, meeting_id, [this, c, a, r, who, meeting_id](room&) {
        live_poll& lp = room_poll(*r, a.poll_id);
        const domain::poll& p = lp.poll;
        const bool audience = who.who == principal::role::audience;
        if (p.status == domain::poll_status::draft) {
            if (audience || !app_.is_poll_staff(who, meeting_id)) {
                throw_not_found("no poll " + std::to_string(a.poll_id));
            }
            throw protocol_error(errc::poll_closed, "the poll is not open yet");
        }
        if (audience) {
            if (who.audience_meeting != meeting_id || p.audience != domain::poll_audience::link) {
                throw_forbidden(
                    "this device joined another meeting's polls, or this poll is "
                    "only for registered participants");
            }
        } else {
            const auto& book = app_.registrations->room_book(*r, meeting_id);
            const auto* reg = book.find_by_person(*who.person_id);
            if (reg == nullptr || reg->status != domain::registration_status::confirmed) {
                throw_forbidden(
                    "only participants with a confirmed registration for the "
                    "meeting may vote in this poll");
            }
        }
        if (p.status == domain::poll_status::closed ||
            (p.auto_close_at && *p.auto_close_at <= unix_now())) {
            throw protocol_error(errc::poll_closed, "the poll is closed");
        }
        const auto ballot = to_ballot(p, a.ballot);
        const std::string voter =
            audience ? audience_voter(who.token_id) : person_voter(*who.person_id);
        const bool changed = lp.voters.count(voter) > 0;
        if (changed && p.anonymous) {
            throw protocol_error(errc::conflict,
                                 "you have voted in this anonymous poll; an anonymous ballot "
                                 "cannot be changed");
        }
        const std::string text = encode_ballot(p, ballot);
        lp.voters.insert(voter);
        if (p.anonymous) {
            // Stored with others, in a batch (poll_room.cpp), answered after that commit.
            enqueue_anonymous_vote(r, lp, pending_vote{c, voter, ballot, text});
            return;
        }
        std::optional<domain::ballot> previous;
        if (changed) {
            previous = lp.named.at(voter);
        }
        lp.named[voter] = ballot;
        ++lp.writes_in_flight;
        const auto poll_id = a.poll_id;
        json::object answer{{"poll_id", poll_id},
                            {"voted", true},
                            {"changed", changed},
                            {"ballot", ballot_json(p, ballot)}};
        app_.submit(c, write_plan{
                      [poll_id, voter, text, changed, answer](store::database& db) -> json::value {
                          if (!changed) {
                              store::insert_voter(db, poll_id, voter);
                          }
                          store::put_named_ballot(db, poll_id, voter, text, unix_now());
                          return answer;
                      },
                      [this, r, poll_id, ballot, previous](const json::value&) {
                          boost::asio::post(r->strand, [this, r, poll_id, ballot, previous] {
                              auto it = r->polls.find(poll_id);
                              if (it == r->polls.end()) {
                                  return;
                              }
                              live_poll& lp = it->second;
                              --lp.writes_in_flight;
                              if (lp.stale) {
                                  return;  // reloaded once no write is in flight
                              }
                              if (previous) {
                                  lp.tally.remove(*previous);
                              }
                              lp.tally.add(ballot);
                              schedule_tally(r, lp);
                          });
                      },
                      poll_write_failed(r, poll_id),
                      {}});
    });
}

namespace {

/** Public callers read no poll: refused before the poll is looked up (as for any poll id). */
void require_poll_caller(const principal& who) {
    if (!who.is_coordinator() && !who.person_id && who.who != principal::role::audience) {
        throw_forbidden(
            "polls are for the meeting's registered participants, its audience devices and "
            "its facilitators");
    }
}

/** Answers what sight_of decided for a caller who is not to read the poll. */
void require_readable(poll_sight sight, std::int64_t poll_id) {
    if (sight == poll_sight::hidden) {
        throw_not_found("no poll " + std::to_string(poll_id));  // as for an unknown poll
    }
    if (sight == poll_sight::refused) {
        throw_forbidden(
            "this poll is for the meeting's registered participants and its facilitators");
    }
}

}  // namespace

void poll_feature::op_poll_get(const call& c) {
    const auto a = protocol::decode_poll_ref(c.req.args);
    const principal who = c.who();
    require_poll_caller(who);
    const auto meeting_id = poll_meeting(a.poll_id);
    const bool staff = app_.is_poll_staff(who, meeting_id);
    app_.on_poll_room(c, meeting_id, [this, c, a, who, staff, meeting_id](room& r) {
        live_poll& lp = room_poll(r, a.poll_id);
        require_readable(sight_of(viewer_of(who, r, meeting_id, staff), lp.poll), a.poll_id);
        json::object result{{"poll", poll_json(lp.poll, shown_ballot_count(lp))},
                            {"results", visible_results(lp, staff)}};
        std::optional<std::string> voter;
        if (who.who == principal::role::audience) {
            voter = audience_voter(who.token_id);
        } else if (who.person_id) {
            voter = person_voter(*who.person_id);
        }
        result["voted"] = voter && lp.voters.count(*voter) > 0;
        if (voter && !lp.poll.anonymous) {
            auto it = lp.named.find(*voter);
            result["my_ballot"] =
                it != lp.named.end() ? json::value(ballot_json(lp.poll, it->second)) : nullptr;
        } else {
            result["my_ballot"] = nullptr;
        }
        c.ok(result);
    });
}

void poll_feature::op_poll_results(const call& c) {
    const auto a = protocol::decode_poll_ref(c.req.args);
    const principal who = c.who();
    require_poll_caller(who);
    const auto meeting_id = poll_meeting(a.poll_id);
    const bool staff = app_.is_poll_staff(who, meeting_id);
    app_.on_poll_room(c, meeting_id, [this, c, a, who, staff, meeting_id](room& r) {
        live_poll& lp = room_poll(r, a.poll_id);
        require_readable(sight_of(viewer_of(who, r, meeting_id, staff), lp.poll), a.poll_id);
        auto results = visible_results(lp, staff);
        if (results.is_null()) {
            throw_forbidden(lp.poll.visibility == domain::results_visibility::facilitators
                                ? "the results of this poll are for facilitators only"
                                : "the results of this poll are shown when it closes");
        }
        c.ok(json::object{{"poll_id", lp.poll.poll_id},
                          {"status", domain::to_string(lp.poll.status)},
                          {"results", results}});
    });
}

void poll_feature::op_poll_list(const call& c) {
    const auto a = protocol::decode_poll_list(c.req.args);
    const auto m = app_.visible_meeting(c, a.meeting_id);
    const principal who = c.who();
    const bool staff = require_poll_reader(who, m.meeting_id);
    auto snap = polls_snapshot(m.meeting_id, staff, who.who == principal::role::audience);
    c.ok(snap);
}

}  // namespace traffpunkt::service
