// Results of participatory-budgeting polls: counted on the PB worker (pb_worker.hpp), never on
// an I/O thread or the writer, once per ballot set (pb_results_cache.hpp), and served from that
// cache. While a newer ballot set is counted, readers get the last finished count, with its
// ballot count and `pb.counting: true`. Closing commits first and counts after: the close is
// answered (and poll.closed published) once the final count is stored.

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>
#include <boost/json/serialize.hpp>

#include "application_impl.hpp"
#include "polls/poll_feature.hpp"
#include "clock.hpp"
#include "pb/pb_results.hpp"
#include "polls/poll_shared.hpp"
#include "polls/poll_views.hpp"
#include "traffpunkt/pb/pb_rules.hpp"
#include "traffpunkt/protocol/topics.hpp"
#include "traffpunkt/store/idempotency_repository.hpp"
#include "traffpunkt/store/poll_repository.hpp"
#include "traffpunkt/store/store_error.hpp"

namespace traffpunkt::service {

namespace topics = protocol::topics;

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

namespace {

std::int64_t ballots_in(const domain::pb_ballot_profile& profile) {
    std::int64_t n = 0;
    for (const auto& [ballot, count] : profile) {
        n += count;
    }
    return n;
}

/** The whole results object of a PB poll counted from `profile` (heavy: worker only). */
json::object counted_results(const domain::poll& p, const domain::pb_ballot_profile& profile,
                             bool final, const std::atomic<bool>* cancel) {
    return json::object{{"poll_id", p.poll_id},
                        {"kind", "pb"},
                        {"ballots", ballots_in(profile)},
                        {"final", final},
                        {"pb", pb_results_json(p, profile, cancel)}};
}

/** A cached results object as a reader gets it: `counting` says a newer count is running. */
json::value with_counting(const json::object& results, bool counting) {
    json::object copy = results;
    if (auto* pb = copy.if_contains("pb"); pb != nullptr && pb->is_object()) {
        pb->as_object()["counting"] = counting;
    }
    return copy;
}

/** Results while no count has finished: the ballots so far, and what the count will be. */
json::value pending_results(const domain::poll& p, std::int64_t ballots) {
    return json::object{{"poll_id", p.poll_id},
                        {"kind", "pb"},
                        {"ballots", ballots},
                        {"final", false},
                        {"pb", pb_pending_json(p)}};
}

}  // namespace

void poll_feature::publish_pb_tally(const domain::poll& p, const json::object& results) {
    const auto ballots = results.at("ballots").to_number<std::int64_t>();
    const json::object data{{"poll_id", p.poll_id},
                            {"ballots", ballots},
                            {"results", results},
                            {"server_time", domain::format_instant(now())}};
    remember_poll_snapshot(p, poll_json(p, ballots), results);
    app_.events.publish(topics::polls_staff(p.meeting_id), "poll.tally", data,
                   tally_coalesce_key(p.poll_id));
    if (results_public(p)) {
        app_.events.publish(topics::polls(p.meeting_id), "poll.tally", data,
                       tally_coalesce_key(p.poll_id));
    }
}

void poll_feature::count_pb_tally(const std::shared_ptr<room>& r, live_poll& lp) {
    if (lp.poll.status != domain::poll_status::open) {
        return;  // a closed poll gets its final count (close_pb, ensure_pb_final)
    }
    const auto poll_id = lp.poll.poll_id;
    // A newer ballot set that arrives during the count is counted when it ends, from the
    // room's tally as it is then: one count at a time per poll, the newest ballots next.
    auto again = [this, r, poll_id] {
        boost::asio::post(r->strand, [this, r, poll_id] {
            if (auto it = r->polls.find(poll_id); it != r->polls.end()) {
                if (it->second.poll.anonymous) {
                    // Through the threshold: the next count of an anonymous poll waits for
                    // polls.anonymous_tally_min_new new ballots, like any tally.
                    if (it->second.dirty) {
                        schedule_tally(r, it->second);
                    }
                    return;
                }
                count_pb_tally(r, it->second);
            }
        });
    };
    if (!pb_results.begin(poll_id, lp.tally.pb_profile(), std::move(again))) {
        return;
    }
    auto profile = std::make_shared<const domain::pb_ballot_profile>(lp.tally.pb_profile());
    pb_counts.post([this, poll = lp.poll, profile](const std::atomic<bool>& cancel) {
        std::shared_ptr<const json::object> results;
        try {
            results = std::make_shared<const json::object>(
                counted_results(poll, *profile, false, &cancel));
        } catch (const pb::pb_cancelled&) {
        } catch (const std::exception& e) {
            spdlog::error("counting poll {} failed: {}", poll.poll_id, e.what());
        }
        auto next = pb_results.finish(poll.poll_id, profile, results, false);
        if (results && !pb_results.latest(poll.poll_id).final) {
            publish_pb_tally(poll, *results);
        }
        if (next) {
            next();
        }
    });
}

json::value poll_feature::pb_live_results(const std::shared_ptr<room>& r, live_poll& lp) {
    const auto& p = lp.poll;
    if (lp.tally.ballots() == 0) {
        return counted_results(p, lp.tally.pb_profile(), false, nullptr);  // nothing to count
    }
    const auto view = pb_results.find(p.poll_id, lp.tally.pb_profile());
    if (view.current) {
        return with_counting(*view.results, false);
    }
    count_pb_tally(r, lp);
    return view.results ? with_counting(*view.results, true)
                        : pending_results(p, lp.tally.ballots());
}

json::value poll_feature::pb_tally_results(const domain::poll& p,
                                                const domain::poll_tally& tally) {
    if (p.status == domain::poll_status::closed) {
        ensure_pb_final(p);
        const auto view = pb_results.latest(p.poll_id);
        return view.results ? with_counting(*view.results, !view.final)
                            : pending_results(p, tally.ballots());
    }
    if (tally.ballots() == 0) {
        return counted_results(p, tally.pb_profile(), false, nullptr);
    }
    const auto view = pb_results.find(p.poll_id, tally.pb_profile());
    if (view.current) {
        return with_counting(*view.results, false);
    }
    if (pb_results.begin(p.poll_id, tally.pb_profile(), {})) {
        auto profile = std::make_shared<const domain::pb_ballot_profile>(tally.pb_profile());
        pb_counts.post([this, p, profile](const std::atomic<bool>& cancel) {
            std::shared_ptr<const json::object> results;
            try {
                results = std::make_shared<const json::object>(
                    counted_results(p, *profile, false, &cancel));
            } catch (const pb::pb_cancelled&) {
            } catch (const std::exception& e) {
                spdlog::error("counting poll {} failed: {}", p.poll_id, e.what());
            }
            if (auto next = pb_results.finish(p.poll_id, profile, results, false)) {
                next();
            }
        });
    }
    return view.results ? with_counting(*view.results, true) : pending_results(p, tally.ballots());
}

void poll_feature::close_pb(std::optional<call> c, std::shared_ptr<room> r,
                                 std::int64_t poll_id) {
    // On the room's strand, as close_plan: votes decided from now on are refused.
    live_poll& lp = room_poll(*r, poll_id);
    domain::poll closed = lp.poll;
    if (closed.status == domain::poll_status::closed) {
        throw protocol_error(errc::poll_closed, "the poll is already closed");
    }
    enforce(domain::close_poll(closed, unix_now()));
    lp.poll = closed;
    if (lp.close_timer) {
        lp.close_timer->cancel();
        lp.close_timer.reset();
    }
    ++lp.writes_in_flight;
    // Commit the close alone; votes decided before it are queued in front of it in the writer,
    // so every ballot of the count is on disk when it starts.
    app_.writer->submit([closed](store::database& db) { store::update_poll(db, closed, unix_now()); },
                   [this, c, r, closed](std::exception_ptr failure) {
                       if (failure) {
                           poll_write_failed(r, closed.poll_id)();
                           if (c) {
                               app_.complete_error(*c, {errc::unavailable,
                                                   "the database cannot take writes right now; "
                                                   "retry later with the same idem key",
                                                   {}});
                           }
                           return;
                       }
                       poll_write_landed(r, closed.poll_id, [](live_poll& landed) {
                           if (landed.tally_timer) {
                               landed.tally_timer->cancel();
                           }
                       });
                       pb_results.begin_final(closed.poll_id);
                       pb_counts.post([this, c, closed](const std::atomic<bool>& cancel) {
                           count_pb_final(c, closed, cancel);
                       });
                   });
}

void poll_feature::ensure_pb_final(const domain::poll& p) {
    if (p.status != domain::poll_status::closed || !pb_results.begin_final(p.poll_id)) {
        return;
    }
    pb_counts.post(
        [this, p](const std::atomic<bool>& cancel) { count_pb_final(std::nullopt, p, cancel); });
}

void poll_feature::count_pb_final(std::optional<call> c, const domain::poll& closed,
                                       const std::atomic<bool>& cancel) {
    // On the PB worker: the ballots from the database, the count, then one small write.
    std::shared_ptr<const json::object> results;
    std::shared_ptr<const domain::pb_ballot_profile> profile;
    std::int64_t ballots = 0;
    try {
        const auto tally =
            app_.reads->with([&](store::database& db) { return stored_tally(db, closed); });
        ballots = tally.ballots();
        profile = std::make_shared<const domain::pb_ballot_profile>(tally.pb_profile());
        results =
            std::make_shared<const json::object>(counted_results(closed, *profile, true, &cancel));
    } catch (const pb::pb_cancelled&) {
        pb_results.finish(closed.poll_id, nullptr, nullptr, true);
        if (c) {
            // The close is committed; the results are counted when the server runs again.
            app_.complete_error(*c, {errc::unavailable,
                                "the server is stopping; the poll is closed and its results are "
                                "counted when it runs again",
                                {}});
        }
        return;
    } catch (const std::exception& e) {
        spdlog::error("final count of poll {} failed: {}", closed.poll_id, e.what());
        pb_results.finish(closed.poll_id, nullptr, nullptr, true);
        if (c) {
            app_.complete_error(*c, {errc::internal, "internal error", {}});
        }
        return;
    }
    const auto view = poll_json(closed, ballots);
    const json::object answer{{"poll", view}, {"results", *results}};
    const auto text = json::serialize(*results);
    std::optional<std::string> idem_key;
    std::string scope;
    if (c && c->req.idem) {
        idem_key = c->req.idem;
        scope = c->who().idem_scope();
    }
    app_.writer->submit(
        [poll_id = closed.poll_id, text, idem_key, scope, answer](store::database& db) {
            store::set_final_results(db, poll_id, text);
            if (idem_key) {
                // As app_.submit() does for other ops: the answer a retry gets, kept with it.
                store::insert_idem(db, scope, *idem_key, "poll.close", json::serialize(answer),
                                   std::chrono::time_point_cast<std::chrono::seconds>(
                                       std::chrono::system_clock::now()));
            }
        },
        [this, c, closed, profile, results, view, answer](std::exception_ptr failure) {
            // Even if storing failed, these are the final results; a restart counts them again.
            if (failure) {
                spdlog::error("storing the final results of poll {} failed", closed.poll_id);
            }
            pb_results.finish(closed.poll_id, profile, results, true);
            remember_poll_snapshot(closed, view, *results);
            app_.events.publish(topics::polls_staff(closed.meeting_id), "poll.closed",
                           json::object{{"poll", view}, {"results", *results}});
            app_.events.publish(topics::polls(closed.meeting_id), "poll.closed",
                           json::object{{"poll", view},
                                        {"results", results_public(closed) ? json::value(*results)
                                                                           : nullptr}});
            if (c) {
                app_.complete_ok(*c, answer);
            }
        });
}

}  // namespace traffpunkt::service
