// The qa.* ops (PROTOCOL.md "Questions"). Every change is decided on the meeting room's strand
// against question_room, stored through the writer, answered after the commit and published
// from the strand, as polls are.
//
// Anonymous questions: the row has no person (the schema checks it), the qa.ask leaves no
// idempotency record (its key and time would name the asker), and the only link, kept for
// qa.mute, is anonymous_askers in memory.

#include "question_feature.hpp"

#include <spdlog/spdlog.h>
#include <boost/asio/post.hpp>
#include <boost/json.hpp>

#include "application_impl.hpp"
#include "clock.hpp"
#include "identity.hpp"
#include "parse_fields.hpp"
#include "polls/live_poll.hpp"
#include "question_room.hpp"
#include "registrations/registration_feature.hpp"
#include "traffpunkt/domain/text.hpp"
#include "traffpunkt/protocol/ops_questions.hpp"
#include "traffpunkt/protocol/topics.hpp"
#include "traffpunkt/store/agenda_repository.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "traffpunkt/store/question_repository.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

namespace {

/** qa.votes carry the whole count: a newer one replaces an older one queued for a slow client. */
std::uint64_t votes_coalesce_key(std::int64_t question_id) {
    return (std::uint64_t{0x51} << 56) | static_cast<std::uint64_t>(question_id);
}

[[noreturn]] void throw_conflict(std::string message) {
    throw protocol_error(errc::conflict, std::move(message));
}

domain::board_state& board_or_throw(question_room& qr, std::int64_t board_id) {
    auto it = qr.boards.find(board_id);
    if (it == qr.boards.end()) {
        throw_not_found("no question board " + std::to_string(board_id));
    }
    return it->second;
}

}  // namespace

question_feature::question_feature(application::impl& app)
    : app_(app),
      asks_(app.settings.questions.asks_per_minute, std::chrono::seconds(60)),
      votes_(app.settings.questions.votes_per_minute, std::chrono::seconds(60)) {}

void question_feature::load_ids() {
    std::call_once(ids_loaded_, [this] {
        app_.reads->with([this](store::database& db) {
            last_board_id_ = store::max_question_board_id(db);
            last_question_id_ = store::max_question_id(db);
        });
    });
}

std::int64_t question_feature::next_board_id() {
    load_ids();
    return ++last_board_id_;
}

std::int64_t question_feature::next_question_id() {
    load_ids();
    return ++last_question_id_;
}

meeting_questions question_feature::load(store::database& db, std::int64_t meeting_id) {
    meeting_questions mq;
    mq.meeting_id = meeting_id;
    for (auto& b : store::list_boards(db, meeting_id)) {
        const auto id = b.board_id;
        mq.boards[id].board = std::move(b);
    }
    std::map<std::int64_t, std::int64_t> board_of;
    for (auto& q : store::list_questions(db, meeting_id)) {
        board_of[q.question_id] = q.board_id;
        auto& b = mq.boards[q.board_id];
        b.add(std::move(q));
    }
    for (auto& [qid, voter] : store::list_question_votes(db, meeting_id)) {
        auto& b = mq.boards[board_of.at(qid)];
        b.voters[qid].insert(std::move(voter));
    }
    for (auto& [bid, b] : mq.boards) {
        for (auto& [qid, q] : b.questions) {
            q.votes = static_cast<std::int64_t>(b.voters[qid].size());
        }
    }
    return mq;
}

question_room& question_feature::state(room& r, std::int64_t meeting_id) {
    if (!r.askers) {
        r.askers = std::make_shared<anonymous_askers>();
    }
    if (r.questions && !(r.questions->stale && r.questions->writes_in_flight == 0)) {
        return *r.questions;
    }
    auto qr = std::make_shared<question_room>();
    app_.reads->with([&](store::database& db) {
        auto mq = load(db, meeting_id);
        for (auto& [bid, b] : mq.boards) {
            for (const auto& [qid, q] : b.questions) {
                qr->board_of[qid] = bid;
                qr->committed_votes[qid] = q.votes;
            }
        }
        qr->boards = std::move(mq.boards);
        for (auto& v : store::list_question_mutes(db, meeting_id)) {
            qr->muted.insert(std::move(v));
        }
    });
    if (r.questions) {
        qr->vote_streams = std::move(r.questions->vote_streams);  // timers keep running
    }
    r.questions = std::move(qr);
    return *r.questions;
}

std::int64_t question_feature::meeting_of_board(std::int64_t board_id) {
    const auto m =
        app_.reads->with([&](store::database& db) { return store::board_meeting(db, board_id); });
    if (!m) {
        throw_not_found("no question board " + std::to_string(board_id));
    }
    return *m;
}

std::int64_t question_feature::meeting_of_question(std::int64_t question_id) {
    const auto m = app_.reads->with(
        [&](store::database& db) { return store::question_meeting(db, question_id); });
    if (!m) {
        throw_not_found("no question " + std::to_string(question_id));
    }
    return *m;
}

std::string question_feature::voter_of(const call& c, std::string_view refusal) {
    const principal& who = c.who();
    if (who.who == principal::role::audience) {
        return audience_voter(who.token_id);
    }
    if (who.person_id) {
        return person_voter(*who.person_id);
    }
    throw_forbidden(std::string(refusal));
}

void question_feature::require_participant(const call& c, room& r, std::int64_t meeting_id) {
    const principal& who = c.who();
    if (who.who == principal::role::audience) {
        if (who.audience_meeting != meeting_id) {
            throw_forbidden("this device joined another meeting");
        }
        app_.require_device_not_revoked(who);
        return;
    }
    const auto m = app_.visible_meeting(c, meeting_id);  // a draft: not_found unless staff
    if (m.status == domain::meeting_status::cancelled) {
        throw protocol_error(errc::meeting_cancelled, "the meeting is cancelled");
    }
    if (app_.is_poll_staff(who, meeting_id)) {
        return;
    }
    const auto& book = app_.registrations->room_book(r, meeting_id);
    const auto* reg = who.person_id ? book.find_by_person(*who.person_id) : nullptr;
    if (reg == nullptr || reg->status != domain::registration_status::confirmed) {
        throw_forbidden(
            "questions are for the meeting's participants with a confirmed registration, its "
            "audience devices and its facilitators");
    }
}

void question_feature::require_staff_role(const call& c, std::string_view refusal) {
    if (!c.who().is_coordinator() && !c.who().person_id) {
        throw_forbidden(std::string(refusal));
    }
}

domain::meeting question_feature::require_staff(const call& c, std::int64_t meeting_id) {
    auto m = app_.visible_meeting(c, meeting_id);  // a draft the caller may not see: not_found
    if (!app_.is_poll_staff(c.who(), meeting_id)) {
        throw_forbidden("only coordinators and the meeting's facilitators run question boards");
    }
    return m;
}

void question_feature::store(const call& c, const std::shared_ptr<room>& r, std::int64_t meeting_id,
                             std::function<void(store::database&)> write,
                             std::function<void(room&)> committed, json::value result,
                             bool remember) {
    ++state(*r, meeting_id).writes_in_flight;
    write_plan plan;
    plan.remember_on_disk = remember;
    // An anonymous question's commit holds nothing else: no row of its asker's other writes.
    plan.alone = !remember;
    plan.write = [write = std::move(write), result](store::database& db) {
        write(db);
        return result;
    };
    plan.committed = [this, r, committed = std::move(committed)](const json::value&) {
        boost::asio::post(r->strand, [r, committed] {
            if (r->questions) {
                --r->questions->writes_in_flight;
            }
            committed(*r);
        });
    };
    plan.failed = [r] {
        boost::asio::post(r->strand, [r] {
            if (r->questions) {
                --r->questions->writes_in_flight;
                r->questions->stale = true;
            }
        });
    };
    if (!remember) {
        // Kept in memory only, with the withdraw key: a retry while the server runs needs it.
        plan.remembered = [](const json::value& v) { return v; };
    } else if (result.is_object() && result.as_object().contains("withdraw_key")) {
        // A named question's key is shown once; the stored answer does not keep it.
        plan.remembered = [](const json::value& v) {
            json::value kept = v;
            kept.as_object()["withdraw_key"] = nullptr;
            return kept;
        };
    }
    app_.submit(c, std::move(plan));
}

void question_feature::publish_question(const domain::question& q, std::int64_t votes,
                                        std::optional<domain::question_status> before) {
    app_.events.publish(protocol::topics::questions_staff(q.meeting_id), "qa.question",
                        json::object{{"question", question_json(q, votes, true)}});
    if (domain::is_shown(q.status)) {
        app_.events.publish(protocol::topics::questions(q.meeting_id), "qa.question",
                            json::object{{"question", question_json(q, votes, false)}});
    } else if (before && domain::is_shown(*before)) {
        app_.events.publish(protocol::topics::questions(q.meeting_id), "qa.removed",
                            json::object{{"question_id", q.question_id},
                                         {"board_id", q.board_id},
                                         {"status", domain::to_string(q.status)}});
    }
}

void question_feature::schedule_votes(const std::shared_ptr<room>& r, std::int64_t question_id) {
    auto& qr = *r->questions;
    auto& s = qr.vote_streams[question_id];
    s.dirty = true;
    if (s.timer) {
        return;  // a publish is due; it carries this change too
    }
    const auto due = s.last + std::chrono::milliseconds(app_.settings.questions.votes_interval_ms);
    if (std::chrono::steady_clock::now() >= due) {
        publish_votes(*r, question_id);
        return;
    }
    s.timer = std::make_shared<boost::asio::steady_timer>(r->strand, due);
    s.timer->async_wait([this, r, question_id](const boost::system::error_code& ec) {
        if (!r->questions) {
            return;
        }
        auto it = r->questions->vote_streams.find(question_id);
        if (it == r->questions->vote_streams.end()) {
            return;
        }
        it->second.timer.reset();
        if (!ec && it->second.dirty) {
            publish_votes(*r, question_id);
        }
    });
}

void question_feature::publish_votes(room& r, std::int64_t question_id) {
    auto& qr = *r.questions;
    auto& s = qr.vote_streams[question_id];
    s.dirty = false;
    s.last = std::chrono::steady_clock::now();
    const auto* b = qr.board_of_question(question_id);
    const auto* q = b ? b->find(question_id) : nullptr;
    if (!q) {
        return;
    }
    const json::object data{{"question_id", question_id},
                            {"board_id", q->board_id},
                            {"votes", qr.committed_votes[question_id]}};
    app_.events.publish(protocol::topics::questions_staff(q->meeting_id), "qa.votes", data,
                        votes_coalesce_key(question_id));
    if (domain::is_shown(q->status)) {
        app_.events.publish(protocol::topics::questions(q->meeting_id), "qa.votes", data,
                            votes_coalesce_key(question_id));
    }
}

// --- boards ----------------------------------------------------------------------------------

void question_feature::op_open(const call& c) {
    const auto a = protocol::decode_qa_open(c.req.args);
    require_staff_role(c, "only coordinators and the meeting's facilitators run question boards");
    const auto m = require_staff(c, a.meeting_id);
    if (m.status == domain::meeting_status::cancelled) {
        throw protocol_error(errc::meeting_cancelled, "the meeting is cancelled");
    }
    if (a.agenda_item_id) {
        const auto item_meeting = app_.reads->with(
            [&](store::database& db) { return store::agenda_item_meeting(db, *a.agenda_item_id); });
        if (item_meeting != a.meeting_id) {
            throw protocol::invalid_field("agenda_item_id",
                                          "field 'agenda_item_id' must be an agenda item of "
                                          "the meeting");
        }
    }
    auto r = app_.rooms.get(a.meeting_id);
    app_.on_poll_room(c, a.meeting_id, [this, c, a, r](room&) {
        auto& qr = state(*r, a.meeting_id);
        domain::board_state* found = nullptr;
        for (auto& [id, b] : qr.boards) {
            if (b.board.agenda_item_id == a.agenda_item_id) {
                found = &b;
            }
        }
        const auto mode =
            a.moderation ? domain::parse_moderation_mode(*a.moderation) : std::nullopt;
        if (!found) {
            domain::question_board nb;
            nb.board_id = next_board_id();
            nb.meeting_id = a.meeting_id;
            nb.agenda_item_id = a.agenda_item_id;
            nb.moderation = mode.value_or(domain::moderation_mode::post);
            nb.opened_at = now();
            found = &qr.boards[nb.board_id];
            found->board = nb;
        } else {
            if (!found->board.open) {
                found->board.open = true;
                found->board.opened_at = now();
                found->board.closed_at.reset();
            }
            if (mode) {
                found->board.moderation = *mode;
            }
        }
        const auto b = found->board;
        const json::object view{{"board", board_json(b)}};
        store(
            c, r, a.meeting_id, [b](store::database& db) { store::store_board(db, b); },
            [this, b, view](room&) {
                app_.events.publish(protocol::topics::questions_staff(b.meeting_id), "qa.board",
                                    view);
                app_.events.publish(protocol::topics::questions(b.meeting_id), "qa.board", view);
            },
            view);
    });
}

void question_feature::op_close(const call& c) {
    const auto a = protocol::decode_qa_close(c.req.args);
    require_staff_role(c, "only coordinators and the meeting's facilitators run question boards");
    const auto meeting_id = meeting_of_board(a.board_id);
    require_staff(c, meeting_id);
    auto r = app_.rooms.get(meeting_id);
    app_.on_poll_room(c, meeting_id, [this, c, a, r, meeting_id](room&) {
        auto& bs = board_or_throw(state(*r, meeting_id), a.board_id);
        if (!bs.board.open) {
            throw_conflict("the question board is closed already");
        }
        bs.board.open = false;
        bs.board.closed_at = now();
        const auto b = bs.board;
        const json::object view{{"board", board_json(b)}};
        store(
            c, r, meeting_id, [b](store::database& db) { store::store_board(db, b); },
            [this, b, view](room&) {
                app_.events.publish(protocol::topics::questions_staff(b.meeting_id), "qa.board",
                                    view);
                app_.events.publish(protocol::topics::questions(b.meeting_id), "qa.board", view);
            },
            view);
    });
}

// --- asking and voting -----------------------------------------------------------------------

void question_feature::op_ask(const call& c) {
    auto a = protocol::decode_qa_ask(c.req.args);
    const std::string voter = voter_of(c,
                                       "only participants ask: authenticate with your personal "
                                       "token or join through the meeting's poll link");
    enforce(domain::check_question_text(a.text, app_.settings.questions.text_max));
    const auto meeting_id = meeting_of_board(a.board_id);
    const bool device = c.who().who == principal::role::audience;
    const bool anonymous = a.anonymous || device;
    std::string name;
    if (!anonymous) {
        const auto person = app_.reads->with(
            [&](store::database& db) { return store::find_person(db, *c.who().person_id); });
        name = person ? person->name : c.who().name;
    }
    auto r = app_.rooms.get(meeting_id);
    app_.on_poll_room(c, meeting_id, [this, c, a, r, meeting_id, voter, anonymous, name](room&) {
        require_participant(c, *r, meeting_id);
        auto& qr = state(*r, meeting_id);
        auto& bs = board_or_throw(qr, a.board_id);
        if (qr.muted.count(voter) > 0) {
            throw_forbidden("you are muted on this meeting's question boards");
        }
        enforce(bs.can_ask(app_.settings.questions.max_per_board));
        if (const auto wait = asks_.take(std::to_string(meeting_id) + "/" + voter)) {
            throw_rate_limited("at most " +
                                   std::to_string(app_.settings.questions.asks_per_minute) +
                                   " questions per minute; wait a little",
                               *wait);
        }
        const std::string key = generate_token();
        domain::question q;
        q.question_id = next_question_id();
        q.board_id = a.board_id;
        q.meeting_id = meeting_id;
        q.text = a.text;
        q.anonymous = anonymous;
        if (!anonymous) {
            q.asker_person_id = c.who().person_id;
            q.name = name;
        }
        q.origin = domain::parse_question_origin(a.origin).value_or(domain::question_origin::room);
        q.status = bs.new_status();
        q.asked_at = now();
        q.withdraw_hash = hash_token(key);
        bs.add(q);
        qr.board_of[q.question_id] = q.board_id;
        qr.committed_votes[q.question_id] = 0;
        if (anonymous) {
            r->askers->voter_of[q.question_id] = voter;
        }
        auto view = question_json(q, 0, false);
        view["voted"] = false;
        view["mine"] = true;
        json::object result{{"question", view}, {"withdraw_key", key}};
        store(
            c, r, meeting_id, [q](store::database& db) { store::insert_question(db, q); },
            [this, q](room&) { publish_question(q, 0, std::nullopt); }, result,
            /*remember=*/!anonymous);
    });
}

void question_feature::op_vote(const call& c) {
    const auto a = protocol::decode_qa_vote(c.req.args);
    const std::string voter = voter_of(c,
                                       "only participants vote: authenticate with your personal "
                                       "token or join through the meeting's poll link");
    const auto meeting_id = meeting_of_question(a.question_id);
    auto r = app_.rooms.get(meeting_id);
    app_.on_poll_room(c, meeting_id, [this, c, a, r, meeting_id, voter](room&) {
        require_participant(c, *r, meeting_id);
        auto& qr = state(*r, meeting_id);
        auto* bs = qr.board_of_question(a.question_id);
        if (!bs) {
            throw_not_found("no question " + std::to_string(a.question_id));
        }
        if (const auto wait = votes_.take(std::to_string(meeting_id) + "/" + voter)) {
            throw_rate_limited("at most " +
                                   std::to_string(app_.settings.questions.votes_per_minute) +
                                   " vote changes per minute; wait a little",
                               *wait);
        }
        domain::board_state::vote_change change;
        enforce(bs->vote(a.question_id, voter, a.vote, c.who().person_id, change));
        const json::object result{
            {"question_id", a.question_id}, {"voted", change.voted}, {"votes", change.votes}};
        if (!change.changed) {
            app_.complete_ok(c, result);  // nothing to store: the vote stands as it was
            return;
        }
        const bool give = a.vote;
        const auto qid = a.question_id;
        store(
            c, r, meeting_id,
            [qid, voter, give](store::database& db) {
                if (give) {
                    store::insert_question_vote(db, qid, voter);
                } else {
                    store::delete_question_vote(db, qid, voter);
                }
            },
            [this, r, qid, give](room& rr) {
                if (!rr.questions) {
                    return;
                }
                rr.questions->committed_votes[qid] += give ? 1 : -1;
                schedule_votes(r, qid);
            },
            result);
    });
}

void question_feature::op_withdraw(const call& c) {
    const auto a = protocol::decode_qa_withdraw(c.req.args);
    const principal& who = c.who();
    if (who.who == principal::role::anonymous) {
        throw_forbidden("only the asker or the meeting's facilitators withdraw a question");
    }
    const auto meeting_id = meeting_of_question(a.question_id);
    auto r = app_.rooms.get(meeting_id);
    app_.on_poll_room(c, meeting_id, [this, c, a, r, meeting_id](room&) {
        const principal& who = c.who();
        const bool staff =
            who.who != principal::role::audience && app_.is_poll_staff(who, meeting_id);
        if (!staff) {
            require_participant(c, *r, meeting_id);
        }
        auto& qr = state(*r, meeting_id);
        auto* bs = qr.board_of_question(a.question_id);
        const auto* found = bs ? bs->find(a.question_id) : nullptr;
        if (!found) {
            throw_not_found("no question " + std::to_string(a.question_id));
        }
        const bool own_named =
            !found->anonymous && who.person_id && found->asker_person_id == who.person_id;
        const bool key_ok = a.withdraw_key && hash_token(*a.withdraw_key) == found->withdraw_hash;
        if (!staff && !own_named && !key_ok) {
            throw_forbidden(a.withdraw_key
                                ? "this is not the question's withdraw key"
                                : "only the asker (with the withdraw key of an anonymous "
                                  "question) or the meeting's facilitators withdraw a question");
        }
        const auto before = found->status;
        enforce(bs->withdraw(a.question_id));
        const auto q = *bs->find(a.question_id);
        const auto votes = qr.committed_votes[q.question_id];
        store(
            c, r, meeting_id, [q](store::database& db) { store::update_question(db, q); },
            [this, q, votes, before](room&) { publish_question(q, votes, before); },
            json::object{{"question", question_json(q, votes, staff)}});
    });
}

// --- moderation ------------------------------------------------------------------------------

void question_feature::op_moderate(const call& c) {
    const auto a = protocol::decode_qa_moderate(c.req.args);
    require_staff_role(c, "only coordinators and the meeting's facilitators moderate questions");
    const auto meeting_id = meeting_of_question(a.question_id);
    require_staff(c, meeting_id);
    auto reason = domain::trim(a.reason);
    if (const auto bad = domain::check_line("reason", reason, 0, 200)) {
        throw_rule(*bad);
    }
    auto r = app_.rooms.get(meeting_id);
    app_.on_poll_room(c, meeting_id, [this, c, a, r, meeting_id, reason](room&) {
        auto& qr = state(*r, meeting_id);
        auto* bs = qr.board_of_question(a.question_id);
        if (!bs) {
            throw_not_found("no question " + std::to_string(a.question_id));
        }
        const auto action = *domain::parse_moderation_action(a.action);
        if (action == domain::moderation_action::merge && a.into &&
            qr.board_of_question(*a.into) != bs) {
            throw protocol::invalid_field("into",
                                          "field 'into' must be a question of the same board");
        }
        std::map<std::int64_t, domain::question_status> before;
        for (const auto& [qid, q] : bs->questions) {
            before[qid] = q.status;
        }
        domain::moderation_outcome out;
        enforce(bs->moderate(a.question_id, action, reason, a.into, now(), out));
        std::vector<domain::question> changed;
        for (const auto qid : out.changed) {
            changed.push_back(*bs->find(qid));
        }
        const auto added = out.added_voters;
        const auto into = a.into;
        const auto& subject = *bs->find(a.question_id);
        json::object result{
            {"question", question_json(subject, qr.committed_votes[subject.question_id], true)}};
        if (action == domain::moderation_action::merge && into) {
            const auto* target = bs->find(*into);
            result["into"] = question_json(
                *target, qr.committed_votes[*into] + static_cast<std::int64_t>(added.size()), true);
        }
        store(
            c, r, meeting_id,
            [changed, added, into](store::database& db) {
                for (const auto& q : changed) {
                    store::update_question(db, q);
                }
                for (const auto& v : added) {
                    store::insert_question_vote(db, *into, v);
                }
            },
            [this, changed, added, into, before](room& rr) {
                if (!rr.questions) {
                    return;
                }
                if (into) {
                    rr.questions->committed_votes[*into] += static_cast<std::int64_t>(added.size());
                }
                for (const auto& q : changed) {
                    const auto b = before.find(q.question_id);
                    publish_question(q, rr.questions->committed_votes[q.question_id],
                                     b == before.end() ? std::nullopt : std::optional(b->second));
                }
            },
            result);
    });
}

void question_feature::op_mute(const call& c) {
    const auto a = protocol::decode_qa_mute(c.req.args);
    require_staff_role(c, "only coordinators and the meeting's facilitators mute askers");
    const auto meeting_id = meeting_of_question(a.question_id);
    require_staff(c, meeting_id);
    auto r = app_.rooms.get(meeting_id);
    app_.on_poll_room(c, meeting_id, [this, c, a, r, meeting_id](room&) {
        auto& qr = state(*r, meeting_id);
        auto* bs = qr.board_of_question(a.question_id);
        const auto* q = bs ? bs->find(a.question_id) : nullptr;
        if (!q) {
            throw_not_found("no question " + std::to_string(a.question_id));
        }
        std::string voter;
        if (q->asker_person_id) {
            voter = person_voter(*q->asker_person_id);
        } else if (auto it = r->askers->voter_of.find(a.question_id);
                   it != r->askers->voter_of.end()) {
            voter = it->second;
        } else {
            throw_conflict(
                "who asked this question is not known (an anonymous question asked before the "
                "server last started, or an asker who was erased)");
        }
        const bool muted = a.muted;
        if (muted) {
            qr.muted.insert(voter);
        } else {
            qr.muted.erase(voter);
        }
        const auto at = now();
        store(
            c, r, meeting_id,
            [meeting_id, voter, muted, at](store::database& db) {
                store::set_question_mute(db, meeting_id, voter, muted, at);
            },
            [](room&) {}, json::object{{"question_id", a.question_id}, {"muted", muted}});
    });
}

// --- reading ---------------------------------------------------------------------------------

void question_feature::op_list(const call& c) {
    const auto a = protocol::decode_qa_list(c.req.args);
    const principal& who = c.who();
    if (who.who == principal::role::anonymous ||
        (!who.person_id && who.who == principal::role::participant)) {
        throw_forbidden("questions are for the meeting's participants and its facilitators");
    }
    bool staff = false;
    if (who.who == principal::role::audience) {
        if (who.audience_meeting != a.meeting_id) {
            throw_forbidden("this device joined another meeting");
        }
        app_.require_device_not_revoked(who);
    } else {
        app_.visible_meeting(c, a.meeting_id);
        staff = app_.is_poll_staff(who, a.meeting_id);
        if (!staff && !app_.may_take_part(who, a.meeting_id)) {
            throw_forbidden(
                "questions are for the meeting's participants with a confirmed registration, "
                "its audience devices and its facilitators");
        }
    }
    std::optional<std::string> viewer;
    if (who.who == principal::role::audience) {
        viewer = audience_voter(who.token_id);
    } else if (who.person_id) {
        viewer = person_voter(*who.person_id);
    }
    const auto mq = app_.reads->with([&](store::database& db) { return load(db, a.meeting_id); });
    if (a.board_id && mq.boards.count(*a.board_id) == 0) {
        throw_not_found("no question board " + std::to_string(*a.board_id) + " in meeting " +
                        std::to_string(a.meeting_id));
    }
    app_.complete_ok(
        c, questions_listing(mq, staff, a.view == "newest", a.board_id, viewer, who.person_id));
}

void question_feature::authorize_topic(const call& c, std::int64_t meeting_id, bool staff) {
    const principal& who = c.who();
    if (who.who == principal::role::audience) {
        if (staff || who.audience_meeting != meeting_id) {
            throw_forbidden(staff ? "only coordinators and the meeting's facilitators may "
                                    "subscribe to questions-staff topics"
                                  : "this device joined another meeting");
        }
        app_.require_device_not_revoked(who);
        return;
    }
    app_.visible_meeting(c, meeting_id);
    if (staff) {
        if (!app_.is_poll_staff(who, meeting_id)) {
            throw_forbidden(
                "only coordinators and the meeting's facilitators may subscribe to "
                "questions-staff topics");
        }
        return;
    }
    if (!app_.may_take_part(who, meeting_id)) {
        throw_forbidden(
            "a meeting's questions are for its registered participants, its audience devices "
            "and its facilitators");
    }
}

json::value question_feature::snapshot(std::int64_t meeting_id, bool staff) {
    const auto mq = app_.reads->with([&](store::database& db) { return load(db, meeting_id); });
    return questions_listing(mq, staff, false, std::nullopt, std::nullopt, std::nullopt);
}

}  // namespace traffpunkt::service
