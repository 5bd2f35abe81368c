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
// Anonymous polls: votes wait in the room until a batch of polls.anonymous_batch_min is there
// (or polls.anonymous_batch_max_wait_ms has passed since the first), then are stored in one
// write: voters in voter order, ballots under fresh random keys in key order, idempotency
// records with the batch's time. Even a copy of that single commit leaves each ballot the whole
// batch as possible voters. Live tallies of an anonymous poll are shown only when at least
// polls.anonymous_tally_min_new ballots are new, and reads answer with what the stream showed.
// At the close the poll's rows are rewritten in key order and the WAL is checkpointed, so a copy
// taken after it links nothing.
//
// Topics: `polls:M` for everyone who may take part (registered participants, audience devices
// of the meeting, facilitators, coordinators) carries poll.opened, poll.tally (live results
// only) and poll.closed; `polls-staff:M` (facilitators and coordinators) carries every event of
// every poll with full results, drafts included.

#include <algorithm>
#include <set>
#include <tuple>

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "application_impl.hpp"
#include "polls/poll_feature.hpp"
#include "clock.hpp"
#include "identity.hpp"
#include "parse_fields.hpp"
#include "polls/ballot_codec.hpp"
#include "polls/poll_shared.hpp"
#include "polls/poll_views.hpp"
#include "traffpunkt/protocol/topics.hpp"
#include "traffpunkt/store/audience_repository.hpp"
#include "traffpunkt/store/idempotency_repository.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/poll_repository.hpp"
#include "traffpunkt/store/registration_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::service {

namespace topics = protocol::topics;

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

// --- lookups ---------------------------------------------------------------------------------

std::int64_t poll_feature::poll_meeting(std::int64_t poll_id) {
    {
        std::lock_guard lock(poll_meetings_mutex);
        if (auto it = poll_meetings.find(poll_id); it != poll_meetings.end()) {
            return it->second;
        }
    }
    auto p = app_.reads->with([&](store::database& db) { return store::find_poll(db, poll_id); });
    if (!p) {
        throw_not_found("no poll " + std::to_string(poll_id));
    }
    std::lock_guard lock(poll_meetings_mutex);
    poll_meetings[poll_id] = p->meeting_id;
    return p->meeting_id;
}

bool poll_feature::require_poll_reader(const principal& p, std::int64_t meeting_id) {
    const bool staff = app_.is_poll_staff(p, meeting_id);
    if (!staff && !app_.may_take_part(p, meeting_id)) {
        throw_forbidden("polls are for the meeting's registered participants and its facilitators");
    }
    return staff;
}

std::int64_t poll_feature::staff_poll_meeting(const call& c, std::int64_t poll_id,
                                                   std::string_view refusal) {
    const principal& who = c.who();
    if (!who.is_coordinator() && !who.person_id) {
        // Public callers and devices run no meeting: refused before the poll is looked up.
        throw_forbidden(std::string(refusal));
    }
    const auto meeting_id = poll_meeting(poll_id);  // not_found: there is no such poll
    if (app_.is_poll_staff(who, meeting_id)) {
        return meeting_id;
    }
    // Not theirs to run. Whether it is a draft must not show: a hidden poll is not_found with
    // the same words as one that does not exist.
    const auto [p, m] = app_.reads->with([&](store::database& db) {
        return std::make_pair(store::find_poll(db, poll_id), store::find_meeting(db, meeting_id));
    });
    poll_viewer viewer;
    viewer.device = who.who == principal::role::audience;
    viewer.meeting_visible = (viewer.device && who.audience_meeting == meeting_id) ||
                             (m && m->status != domain::meeting_status::draft);
    if (!p || sight_of(viewer, *p) == poll_sight::hidden) {
        throw_not_found("no poll " + std::to_string(poll_id));
    }
    throw_forbidden(std::string(refusal));
}

poll_viewer poll_feature::viewer_of(const principal& p, room& r, std::int64_t meeting_id,
                                         bool staff) {
    poll_viewer v;
    v.staff = staff;
    v.device = p.who == principal::role::audience;
    if (staff) {
        return v;
    }
    v.reader = app_.may_take_part(p, meeting_id);  // unauthorized for a revoked device
    // A device holds the meeting's own link, handed out by its staff: it sees the meeting.
    v.meeting_visible = (v.device && p.audience_meeting == meeting_id) ||
                        app_.room_meeting(r, meeting_id).status != domain::meeting_status::draft;
    return v;
}

bool poll_feature::audience_may_receive(const std::string& topic, std::string_view ev,
                                             const json::value& data) {
    if (topics::kind_of(topic) != "polls") {
        return true;  // a device's other topic, questions:M, is all its own meeting's
    }
    try {
        const auto& d = data.as_object();
        // poll.opened and poll.closed carry the poll; poll.tally names it.
        if (const auto* poll = d.if_contains("poll"); poll != nullptr && poll->is_object()) {
            return poll->as_object().at("audience").as_string() == "link";
        }
        const auto poll_id = d.at("poll_id").to_number<std::int64_t>();
        {
            std::lock_guard lock(poll_snapshots_mutex);
            if (auto it = poll_snapshots.find(poll_id); it != poll_snapshots.end()) {
                return it->second->link;
            }
        }
        const auto p =
            app_.reads->with([&](store::database& db) { return store::find_poll(db, poll_id); });
        return p && p->audience == domain::poll_audience::link;
    } catch (const std::exception& e) {
        // Closed when in doubt: a device misses an event rather than seeing a wrong one.
        spdlog::warn("cannot tell whether {} on {} is for audience devices: {}", ev, topic,
                     e.what());
        return false;
    }
}

live_poll& poll_feature::room_poll(room& r, std::int64_t poll_id) {
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
    auto data = app_.reads->with([&](store::database& db) -> std::optional<loaded> {
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
    // Timers, waiting anonymous votes and what the stream has shown stay with a reloaded poll.
    std::optional<live_poll> old;
    if (it != r.polls.end()) {
        old.emplace(std::move(it->second));
        r.polls.erase(it);
    }
    auto [pos, _] = r.polls.emplace(poll_id, live_poll(data->poll));
    live_poll& lp = pos->second;
    if (old) {
        lp.close_timer = std::move(old->close_timer);
        lp.last_tally = old->last_tally;
        lp.pending = std::move(old->pending);
        lp.batch_timer = std::move(old->batch_timer);
        lp.shown_ballots = old->shown_ballots;
        lp.shown_results = std::move(old->shown_results);
        for (const auto& v : lp.pending) {
            lp.voters.insert(v.voter);  // decided, on their way in the next batch
        }
    } else {
        // First load (e.g. after a restart): show what is committed.
        lp.shown_ballots = static_cast<std::int64_t>(data->anonymous.size());
    }
    lp.voters.insert(data->voters.begin(), data->voters.end());
    for (auto& [voter, ballot] : data->named) {
        lp.tally.add(ballot);
        lp.named.emplace(voter, std::move(ballot));
    }
    for (const auto& ballot : data->anonymous) {
        lp.tally.add(ballot);
    }
    if (lp.poll.anonymous && !lp.shown_results) {
        lp.shown_results = results_json(lp.poll, lp.tally, false);
        lp.shown_ballots = lp.tally.ballots();
    }
    return lp;
}

// --- events and snapshots ------------------------------------------------------------------

void poll_feature::remember_poll_snapshot(const domain::poll& p, const json::object& poll_view,
                                               const std::optional<json::object>& results) {
    auto entry = std::make_shared<poll_snapshot>();
    entry->meeting_id = p.meeting_id;
    entry->draft = p.status == domain::poll_status::draft;
    entry->link = p.audience == domain::poll_audience::link;
    entry->staff =
        json::object{{"poll", poll_view}, {"results", results ? json::value(*results) : nullptr}};
    entry->participant =
        json::object{{"poll", poll_view},
                     {"results", results && results_public(p) ? json::value(*results) : nullptr}};
    std::lock_guard lock(poll_snapshots_mutex);
    poll_snapshots[p.poll_id] = std::move(entry);
}

void poll_feature::forget_poll_snapshot(std::int64_t poll_id) {
    std::lock_guard lock(poll_snapshots_mutex);
    poll_snapshots.erase(poll_id);
}

json::value poll_feature::polls_snapshot(std::int64_t meeting_id, bool staff, bool device) {
    auto polls =
        app_.reads->with([&](store::database& db) { return store::list_meeting_polls(db, meeting_id); });
    json::array out;
    for (const auto& p : polls) {
        // What the caller sees of each (sight_of): drafts are staff's; devices see link polls.
        poll_viewer viewer;
        viewer.staff = staff;
        viewer.reader = true;
        viewer.device = device;
        if (sight_of(viewer, p) != poll_sight::readable) {
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
        auto [tally, ballots, stored] = app_.reads->with([&](store::database& db) {
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

void poll_feature::publish_tally(live_poll& lp) {
    lp.dirty = false;
    lp.last_tally = std::chrono::steady_clock::now();
    const auto& p = lp.poll;
    if (p.kind == domain::poll_kind::pb) {
        // What is counted now is what the stream will show: for an anonymous poll the next
        // tally again needs polls.anonymous_tally_min_new new ballots.
        lp.shown_ballots = lp.tally.ballots();
        lp.unshown = 0;
        count_pb_tally(app_.rooms.get(p.meeting_id), lp);  // publishes when the count is done
        return;
    }
    const auto results = results_json(p, lp.tally, false);
    lp.shown_ballots = lp.tally.ballots();
    lp.shown_results = results;
    lp.unshown = 0;
    const json::object data{{"poll_id", p.poll_id},
                            {"ballots", lp.tally.ballots()},
                            {"results", results},
                            {"server_time", domain::format_instant(now())}};
    remember_poll_snapshot(p, poll_json(p, lp.tally.ballots()), results);
    app_.events.publish(topics::polls_staff(p.meeting_id), "poll.tally", data,
                   tally_coalesce_key(p.poll_id));
    if (results_public(p)) {
        app_.events.publish(topics::polls(p.meeting_id), "poll.tally", data,
                       tally_coalesce_key(p.poll_id));
    }
}

void poll_feature::schedule_tally(const std::shared_ptr<room>& r, live_poll& lp) {
    lp.dirty = true;
    if (lp.poll.anonymous &&
        lp.unshown < static_cast<std::int64_t>(app_.settings.polls.anonymous_tally_min_new)) {
        return;  // too few new ballots to show without naming them; the close shows all
    }
    if (lp.tally_timer || lp.poll.status != domain::poll_status::open) {
        return;  // a tally is already due; it will carry this change too
    }
    const auto interval = std::chrono::milliseconds(app_.settings.hub.poll_tally_interval_ms);
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

void poll_feature::arm_auto_close(const std::shared_ptr<room>& r, live_poll& lp) {
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
        if (ec || app_.stopped) {
            return;
        }
        close_without_call(r, poll_id);
    });
}

void poll_feature::close_without_call(const std::shared_ptr<room>& r, std::int64_t poll_id) {
    // On the strand already (timer). The plan refuses when the poll is no longer open.
    try {
        if (room_poll(*r, poll_id).poll.kind == domain::poll_kind::pb) {
            close_pb(std::nullopt, r, poll_id);
            return;
        }
        auto plan = std::make_shared<write_plan>(close_plan(r, poll_id));
        auto result = std::make_shared<json::value>();
        app_.writer->submit([plan, result](store::database& db) { *result = plan->write(db); },
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

void poll_feature::arm_poll_deadlines() {
    auto polls =
        app_.reads->with([](store::database& db) { return store::list_open_polls_with_deadline(db); });
    for (const auto& p : polls) {
        auto r = app_.rooms.get(p.meeting_id);
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

write_plan poll_feature::close_plan(std::shared_ptr<room> r, std::int64_t poll_id) {
    live_poll& lp = room_poll(*r, poll_id);
    domain::poll closed = lp.poll;
    if (closed.status == domain::poll_status::closed) {
        throw protocol_error(errc::poll_closed, "the poll is already closed");
    }
    enforce(domain::close_poll(closed, unix_now()));
    // Votes waiting for their batch go to the writer before the close: they count.
    flush_anonymous_votes(r, lp);
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
            if (closed.anonymous) {
                // No more votes: the rows' order in the pages goes back to key order.
                store::rewrite_anonymous_poll(db, closed.poll_id, [] { return random_hex(16); });
            }
            const auto tally = stored_tally(db, closed);
            const auto results = results_json(closed, tally, true);
            *final_text = json::serialize(results);
            *ballots = tally.ballots();
            store::set_final_results(db, closed.poll_id, *final_text);
            return json::object{{"poll", poll_json(closed, *ballots)}, {"results", results}};
        },
        [this, r, poll_id, closed, ballots](const json::value& result) {
            if (closed.anonymous) {
                app_.writer->request_checkpoint();  // and the WAL forgets the order of the batches
            }
            poll_write_landed(r, poll_id, [](live_poll& lp) {
                if (lp.tally_timer) {
                    lp.tally_timer->cancel();
                }
            });
            const auto& results = result.as_object().at("results").as_object();
            const auto view = poll_json(closed, *ballots);
            remember_poll_snapshot(closed, view, results);
            app_.events.publish(topics::polls_staff(closed.meeting_id), "poll.closed",
                           json::object{{"poll", view}, {"results", results}});
            app_.events.publish(
                topics::polls(closed.meeting_id), "poll.closed",
                json::object{{"poll", view},
                             {"results", results_public(closed) ? json::value(results) : nullptr}});
        },
        poll_write_failed(r, poll_id),
        {}};
}

// --- ops -----------------------------------------------------------------------------------

/** The results a caller may see now, or null. Call on the room's strand. */
json::value poll_feature::visible_results(live_poll& lp, bool staff) {
    const auto& p = lp.poll;
    if (!staff && !results_public(p)) {
        return nullptr;
    }
    if (p.status == domain::poll_status::closed) {
        auto stored =
            app_.reads->with([&](store::database& db) { return store::final_results(db, p.poll_id); });
        if (stored) {
            return json::parse(*stored);
        }
        if (p.kind == domain::poll_kind::pb) {
            return pb_tally_results(p, lp.tally);  // being counted after the close
        }
    }
    if (p.anonymous && p.kind == domain::poll_kind::pb) {
        // What the live stream showed (counted on the worker), never a fresher count: a read
        // must not start a count of a ballot set that moved by one vote.
        std::lock_guard lock(poll_snapshots_mutex);
        if (auto it = poll_snapshots.find(p.poll_id); it != poll_snapshots.end()) {
            if (const auto* r = it->second->staff.if_contains("results"); r && r->is_object()) {
                return *r;
            }
        }
        return pb_tally_results(p, domain::poll_tally(p));
    }
    if (p.kind == domain::poll_kind::pb) {
        return pb_live_results(app_.rooms.get(p.meeting_id), lp);
    }
    if (p.anonymous) {
        // What the live stream showed, never a tally that moved by fewer ballots.
        return lp.shown_results ? json::value(*lp.shown_results)
                                : json::value(results_json(p, domain::poll_tally(p), false));
    }
    return results_json(p, lp.tally, false);
}

std::int64_t poll_feature::shown_ballot_count(const live_poll& lp) const {
    if (lp.poll.anonymous && lp.poll.status == domain::poll_status::open) {
        return lp.shown_ballots;
    }
    return lp.tally.ballots();
}

void poll_feature::enqueue_anonymous_vote(const std::shared_ptr<room>& r, live_poll& lp,
                                               pending_vote v) {
    lp.pending.push_back(std::move(v));
    if (lp.pending.size() >= app_.settings.polls.anonymous_batch_min) {
        flush_anonymous_votes(r, lp);
        return;
    }
    if (lp.batch_timer) {
        return;  // the batch's deadline is set by its first vote
    }
    lp.batch_timer = std::make_shared<boost::asio::steady_timer>(
        r->strand, std::chrono::milliseconds(app_.settings.polls.anonymous_batch_max_wait_ms));
    const auto poll_id = lp.poll.poll_id;
    lp.batch_timer->async_wait([this, r, poll_id](const boost::system::error_code& ec) {
        if (ec) {
            return;  // flushed before the deadline
        }
        auto it = r->polls.find(poll_id);
        if (it != r->polls.end()) {
            it->second.batch_timer.reset();
            flush_anonymous_votes(r, it->second);
        }
    });
}

void poll_feature::flush_anonymous_votes(const std::shared_ptr<room>& r, live_poll& lp) {
    if (lp.batch_timer) {
        lp.batch_timer->cancel();
        lp.batch_timer.reset();
    }
    if (lp.pending.empty()) {
        return;
    }
    auto batch = std::make_shared<std::vector<pending_vote>>(std::move(lp.pending));
    lp.pending.clear();
    ++lp.writes_in_flight;
    const auto poll_id = lp.poll.poll_id;
    // Rows in an order unrelated to who voted when: voters sorted by voter, ballots by a fresh
    // random key, idempotency records by their scope. Key order is the page order too.
    // (The index into `batch` only lets a vote refused in the transaction take its own ballot
    // out; it never reaches the database.)
    std::vector<std::pair<std::string, std::size_t>> voters;                 // voter, index
    std::vector<std::tuple<std::string, std::string, std::size_t>> ballots;  // key, ballot, index
    for (std::size_t i = 0; i < batch->size(); ++i) {
        voters.emplace_back((*batch)[i].voter, i);
        ballots.emplace_back(random_hex(16), (*batch)[i].text, i);
    }
    std::sort(voters.begin(), voters.end());
    std::sort(ballots.begin(), ballots.end());
    const json::object answer{{"poll_id", poll_id}, {"voted", true}, {"changed", false}};
    const std::string answer_text = json::serialize(answer);
    // Which votes of the batch were refused in the transaction (a token revoked meanwhile).
    auto refused = std::make_shared<std::vector<std::exception_ptr>>(batch->size());
    app_.writer->submit(
        [batch, refused, voters, ballots, poll_id, answer_text](store::database& db) {
            for (std::size_t i = 0; i < batch->size(); ++i) {
                try {
                    require_active_token(db, (*batch)[i].c.who());
                } catch (...) {
                    (*refused)[i] = std::current_exception();
                }
            }
            // Only which batch a vote came in may show, not its second within the batch.
            const auto at = std::chrono::time_point_cast<std::chrono::seconds>(
                std::chrono::system_clock::now());
            std::vector<std::pair<std::string, std::string>> idem_rows;  // scope, key
            for (std::size_t i = 0; i < batch->size(); ++i) {
                const auto& v = (*batch)[i];
                if (!(*refused)[i] && v.c.req.idem) {
                    idem_rows.emplace_back(v.c.who().idem_scope(), *v.c.req.idem);
                }
            }
            std::sort(idem_rows.begin(), idem_rows.end());
            for (const auto& [voter, i] : voters) {
                if (!(*refused)[i]) {
                    store::insert_voter(db, poll_id, voter);
                }
            }
            for (const auto& [key, text, i] : ballots) {
                if (!(*refused)[i]) {
                    store::insert_anonymous_ballot(db, poll_id, key, text);
                }
            }
            for (const auto& [scope, key] : idem_rows) {
                store::insert_idem(db, scope, key, "poll.vote", answer_text, at);
            }
        },
        [this, r, batch, refused, poll_id, answer](std::exception_ptr failure) {
            if (!failure) {
                app_.writer->request_checkpoint();  // the WAL need not keep this commit's frames
            }
            boost::asio::post(r->strand, [this, r, batch, refused, poll_id, answer, failure] {
                auto it = r->polls.find(poll_id);
                live_poll* lp = it == r->polls.end() ? nullptr : &it->second;
                if (lp) {
                    --lp->writes_in_flight;
                }
                for (std::size_t i = 0; i < batch->size(); ++i) {
                    const auto& v = (*batch)[i];
                    if (failure || (*refused)[i]) {
                        if (lp) {
                            lp->voters.erase(v.voter);
                        }
                        app_.complete_error(v.c, app_.write_error(v.c, failure ? failure : (*refused)[i]));
                        continue;
                    }
                    if (lp && !lp->stale) {
                        lp->tally.add(v.ballot);
                        ++lp->unshown;
                    }
                    app_.complete_ok(v.c, answer);
                }
                if (lp && failure) {
                    lp->stale = true;
                }
                if (lp && !lp->stale) {
                    schedule_tally(r, *lp);
                }
            });
        });
}

}  // namespace traffpunkt::service
