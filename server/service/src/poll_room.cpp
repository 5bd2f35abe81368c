// The live state of a meeting's polls in its room (live_poll.hpp), and how it reaches screens.
//
// The room keeps each poll's voters (decided, so "one ballot per person" holds at once) and the
// tally of committed ballots (so a live result never shows a vote that could still be lost).
// After a vote commits the tally changes on the strand and a tally event is published at most
// once per poll per `hub.poll_tally_interval_ms`, serialised once for every subscriber, with a
// coalesce key so a slow client's queue keeps only the newest.
//
// Closing computes the final results from the database inside the closing transaction: votes
// decided before the close are queued in front of it in the writer, so they are in it.
//
// Topics: `polls:M` for everyone who may take part (registered participants, audience devices
// of the meeting, facilitators, coordinators) carries poll.opened, poll.tally (live results
// only) and poll.closed; `polls-staff:M` (facilitators and coordinators) carries every event of
// every poll with full results, drafts included.

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "application_impl.hpp"
#include "ballot_codec.hpp"
#include "clock.hpp"
#include "identity.hpp"
#include "parse_fields.hpp"
#include "poll_shared.hpp"
#include "poll_views.hpp"
#include "traffpunkt/store/poll_repository.hpp"
#include "traffpunkt/store/registration_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

// --- lookups ---------------------------------------------------------------------------------

std::int64_t application::impl::poll_meeting(std::int64_t poll_id) {
    {
        std::lock_guard lock(poll_meetings_mutex);
        if (auto it = poll_meetings.find(poll_id); it != poll_meetings.end()) {
            return it->second;
        }
    }
    auto p = reads->with([&](store::database& db) { return store::find_poll(db, poll_id); });
    if (!p) {
        throw_not_found("no poll " + std::to_string(poll_id));
    }
    std::lock_guard lock(poll_meetings_mutex);
    poll_meetings[poll_id] = p->meeting_id;
    return p->meeting_id;
}

bool application::impl::is_poll_staff(const principal& p, std::int64_t meeting_id) {
    return p.is_coordinator() || is_facilitator(p, meeting_id);
}

bool application::impl::may_take_part(const principal& p, std::int64_t meeting_id) {
    if (p.who == principal::role::audience) {
        return p.audience_meeting == meeting_id;
    }
    if (is_poll_staff(p, meeting_id)) {
        return true;
    }
    if (!p.person_id) {
        return false;
    }
    auto reg = reads->with([&](store::database& db) {
        return store::find_active_registration(db, meeting_id, *p.person_id);
    });
    return reg && reg->status == domain::registration_status::confirmed;
}

bool application::impl::require_poll_reader(const principal& p, std::int64_t meeting_id) {
    const bool staff = is_poll_staff(p, meeting_id);
    if (!staff && !may_take_part(p, meeting_id)) {
        throw_forbidden("polls are for the meeting's registered participants and its facilitators");
    }
    return staff;
}

live_poll& application::impl::room_poll(room& r, std::int64_t poll_id) {
    auto it = r.polls.find(poll_id);
    if (it != r.polls.end() && !(it->second.stale && it->second.writes_in_flight == 0)) {
        return it->second;
    }
    struct loaded {
        domain::poll poll;
        std::vector<std::string> voters;
        std::vector<std::pair<std::string, domain::ballot>> named;
        std::vector<domain::ballot> anonymous;
    };
    auto data = reads->with([&](store::database& db) -> std::optional<loaded> {
        auto p = store::find_poll(db, poll_id);
        if (!p) {
            return std::nullopt;
        }
        loaded l{*p, store::list_voters(db, poll_id), {}, {}};
        if (p->anonymous) {
            for (const auto& text : store::list_anonymous_ballots(db, poll_id)) {
                l.anonymous.push_back(decode_stored_ballot(text));
            }
        } else {
            for (const auto& row : store::list_named_ballots(db, poll_id)) {
                l.named.emplace_back(row.voter, decode_stored_ballot(row.ballot));
            }
        }
        return l;
    });
    if (!data) {
        throw_not_found("no poll " + std::to_string(poll_id));
    }
    // Timers of a poll that is reloaded stay with it.
    std::shared_ptr<boost::asio::system_timer> close_timer;
    std::chrono::steady_clock::time_point last_tally{};
    if (it != r.polls.end()) {
        close_timer = it->second.close_timer;
        last_tally = it->second.last_tally;
        r.polls.erase(it);
    }
    auto [pos, _] = r.polls.emplace(poll_id, live_poll(data->poll));
    live_poll& lp = pos->second;
    lp.close_timer = std::move(close_timer);
    lp.last_tally = last_tally;
    lp.voters.insert(data->voters.begin(), data->voters.end());
    for (auto& [voter, ballot] : data->named) {
        lp.tally.add(ballot);
        lp.named.emplace(voter, std::move(ballot));
    }
    for (const auto& ballot : data->anonymous) {
        lp.tally.add(ballot);
    }
    return lp;
}

// --- events and snapshots ------------------------------------------------------------------

void application::impl::remember_poll_snapshot(const domain::poll& p, const json::object& poll_view,
                                               const std::optional<json::object>& results) {
    auto entry = std::make_shared<poll_snapshot>();
    entry->meeting_id = p.meeting_id;
    entry->draft = p.status == domain::poll_status::draft;
    entry->staff =
        json::object{{"poll", poll_view}, {"results", results ? json::value(*results) : nullptr}};
    entry->participant =
        json::object{{"poll", poll_view},
                     {"results", results && results_public(p) ? json::value(*results) : nullptr}};
    std::lock_guard lock(poll_snapshots_mutex);
    poll_snapshots[p.poll_id] = std::move(entry);
}

void application::impl::forget_poll_snapshot(std::int64_t poll_id) {
    std::lock_guard lock(poll_snapshots_mutex);
    poll_snapshots.erase(poll_id);
}

json::value application::impl::polls_snapshot(std::int64_t meeting_id, bool staff) {
    auto polls =
        reads->with([&](store::database& db) { return store::list_meeting_polls(db, meeting_id); });
    json::array out;
    for (const auto& p : polls) {
        if (!staff && p.status == domain::poll_status::draft) {
            continue;
        }
        std::shared_ptr<const poll_snapshot> entry;
        {
            std::lock_guard lock(poll_snapshots_mutex);
            if (auto it = poll_snapshots.find(p.poll_id); it != poll_snapshots.end()) {
                entry = it->second;
            }
        }
        if (entry) {
            out.push_back(staff ? entry->staff : entry->participant);
            continue;
        }
        // Not in any room since the start: from the database (final results if closed).
        auto [tally, ballots, stored] = reads->with([&](store::database& db) {
            return std::make_tuple(stored_tally(db, p), store::count_voters(db, p.poll_id),
                                   store::final_results(db, p.poll_id));
        });
        json::value results = nullptr;
        if (staff || results_public(p)) {
            if (stored) {
                results = json::parse(*stored);
            } else if (p.kind == domain::poll_kind::pb) {
                results = pb_tally_results(p, tally);
            } else {
                results = results_json(p, tally, false);
            }
        }
        out.push_back(json::object{{"poll", poll_json(p, ballots)}, {"results", results}});
    }
    return json::object{{"meeting_id", meeting_id}, {"polls", std::move(out)}};
}

void application::impl::publish_tally(live_poll& lp) {
    lp.dirty = false;
    lp.last_tally = std::chrono::steady_clock::now();
    const auto& p = lp.poll;
    if (p.kind == domain::poll_kind::pb) {
        count_pb_tally(rooms.get(p.meeting_id), lp);  // publishes when the count is done
        return;
    }
    const auto results = results_json(p, lp.tally, false);
    const json::object data{{"poll_id", p.poll_id},
                            {"ballots", lp.tally.ballots()},
                            {"results", results},
                            {"server_time", domain::format_instant(now())}};
    remember_poll_snapshot(p, poll_json(p, lp.tally.ballots()), results);
    events.publish(staff_topic(p.meeting_id), "poll.tally", data, tally_coalesce_key(p.poll_id));
    if (results_public(p)) {
        events.publish(polls_topic(p.meeting_id), "poll.tally", data,
                       tally_coalesce_key(p.poll_id));
    }
}

void application::impl::schedule_tally(const std::shared_ptr<room>& r, live_poll& lp) {
    lp.dirty = true;
    if (lp.tally_timer || lp.poll.status != domain::poll_status::open) {
        return;  // a tally is already due; it will carry this change too
    }
    const auto interval = std::chrono::milliseconds(settings.hub.poll_tally_interval_ms);
    const auto due = lp.last_tally + interval;
    if (std::chrono::steady_clock::now() >= due) {
        publish_tally(lp);
        return;
    }
    lp.tally_timer = std::make_shared<boost::asio::steady_timer>(r->strand, due);
    const auto poll_id = lp.poll.poll_id;
    lp.tally_timer->async_wait([this, r, poll_id](const boost::system::error_code& ec) {
        auto it = r->polls.find(poll_id);
        if (it == r->polls.end()) {
            return;
        }
        it->second.tally_timer.reset();
        if (!ec && it->second.dirty && it->second.poll.status == domain::poll_status::open) {
            publish_tally(it->second);
        }
    });
}

void application::impl::arm_auto_close(const std::shared_ptr<room>& r, live_poll& lp) {
    if (lp.close_timer) {
        lp.close_timer->cancel();
        lp.close_timer.reset();
    }
    if (lp.poll.status != domain::poll_status::open || !lp.poll.auto_close_at) {
        return;
    }
    const auto at =
        std::chrono::system_clock::time_point{std::chrono::seconds{*lp.poll.auto_close_at}};
    lp.close_timer = std::make_shared<boost::asio::system_timer>(r->strand, at);
    const auto poll_id = lp.poll.poll_id;
    lp.close_timer->async_wait([this, r, poll_id](const boost::system::error_code& ec) {
        if (ec || stopped) {
            return;
        }
        close_without_call(r, poll_id);
    });
}

void application::impl::close_without_call(const std::shared_ptr<room>& r, std::int64_t poll_id) {
    // On the strand already (timer). The plan refuses when the poll is no longer open.
    try {
        if (room_poll(*r, poll_id).poll.kind == domain::poll_kind::pb) {
            close_pb(std::nullopt, r, poll_id);
            return;
        }
        auto plan = std::make_shared<write_plan>(close_plan(r, poll_id));
        auto result = std::make_shared<json::value>();
        writer->submit([plan, result](store::database& db) { *result = plan->write(db); },
                       [plan, result](std::exception_ptr failure) {
                           if (!failure) {
                               plan->committed(*result);
                           } else if (plan->failed) {
                               plan->failed();
                           }
                       });
    } catch (const std::exception& e) {
        spdlog::info("auto-close of poll {} skipped: {}", poll_id, e.what());
    }
}

void application::impl::arm_poll_deadlines() {
    auto polls =
        reads->with([](store::database& db) { return store::list_open_polls_with_deadline(db); });
    for (const auto& p : polls) {
        auto r = rooms.get(p.meeting_id);
        boost::asio::post(r->strand, [this, r, poll_id = p.poll_id] {
            try {
                arm_auto_close(r, room_poll(*r, poll_id));
            } catch (const std::exception& e) {
                spdlog::warn("cannot arm the auto-close of poll {}: {}", poll_id, e.what());
            }
        });
    }
}

// --- plans ---------------------------------------------------------------------------------

write_plan application::impl::close_plan(std::shared_ptr<room> r, std::int64_t poll_id) {
    live_poll& lp = room_poll(*r, poll_id);
    domain::poll closed = lp.poll;
    if (closed.status == domain::poll_status::closed) {
        throw protocol_error(errc::poll_closed, "the poll is already closed");
    }
    enforce(domain::close_poll(closed, unix_now()));
    lp.poll = closed;  // votes decided from now on are refused
    if (lp.close_timer) {
        lp.close_timer->cancel();
        lp.close_timer.reset();
    }
    ++lp.writes_in_flight;
    auto final_text = std::make_shared<std::string>();
    auto ballots = std::make_shared<std::int64_t>(0);
    return write_plan{
        [closed, final_text, ballots](store::database& db) -> json::value {
            store::update_poll(db, closed, unix_now());
            const auto tally = stored_tally(db, closed);
            const auto results = results_json(closed, tally, true);
            *final_text = json::serialize(results);
            *ballots = tally.ballots();
            store::set_final_results(db, closed.poll_id, *final_text);
            return json::object{{"poll", poll_json(closed, *ballots)}, {"results", results}};
        },
        [this, r, poll_id, closed, ballots](const json::value& result) {
            poll_write_landed(r, poll_id, [](live_poll& lp) {
                if (lp.tally_timer) {
                    lp.tally_timer->cancel();
                }
            });
            const auto& results = result.as_object().at("results").as_object();
            const auto view = poll_json(closed, *ballots);
            remember_poll_snapshot(closed, view, results);
            events.publish(staff_topic(closed.meeting_id), "poll.closed",
                           json::object{{"poll", view}, {"results", results}});
            events.publish(
                polls_topic(closed.meeting_id), "poll.closed",
                json::object{{"poll", view},
                             {"results", results_public(closed) ? json::value(results) : nullptr}});
        },
        poll_write_failed(r, poll_id),
        {}};
}

// --- ops -----------------------------------------------------------------------------------

void application::impl::on_poll_room(const call& c, std::int64_t meeting_id,
                                     std::function<void(room&)> fn) {
    auto r = rooms.get(meeting_id);
    boost::asio::post(r->strand, [this, c, r, fn = std::move(fn)] {
        try {
            fn(*r);
        } catch (const protocol_error& e) {
            complete_error(c, e.err());
        } catch (const store::store_error& e) {
            spdlog::error("store error in {}: {}", c.req.op, e.what());
            complete_error(c, {errc::unavailable, "the database is not available right now", {}});
        } catch (const std::exception& e) {
            spdlog::error("internal error in {}: {}", c.req.op, e.what());
            complete_error(c, {errc::internal, "internal error", {}});
        }
    });
}

/** The results a caller may see now, or null. Call on the room's strand. */
json::value application::impl::visible_results(live_poll& lp, bool staff) {
    const auto& p = lp.poll;
    if (!staff && !results_public(p)) {
        return nullptr;
    }
    if (p.status == domain::poll_status::closed) {
        auto stored =
            reads->with([&](store::database& db) { return store::final_results(db, p.poll_id); });
        if (stored) {
            return json::parse(*stored);
        }
        if (p.kind == domain::poll_kind::pb) {
            return pb_tally_results(p, lp.tally);  // being counted after the close
        }
    }
    if (p.kind == domain::poll_kind::pb) {
        return pb_live_results(rooms.get(p.meeting_id), lp);
    }
    return results_json(p, lp.tally, false);
}

}  // namespace traffpunkt::service
