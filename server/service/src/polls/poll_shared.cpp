#include "polls/poll_shared.hpp"

#include "clock.hpp"
#include "polls/ballot_codec.hpp"
#include "rooms.hpp"

#include <boost/asio/post.hpp>
#include "traffpunkt/store/poll_repository.hpp"

namespace traffpunkt::service {

std::int64_t unix_now() {
    return now().time_since_epoch().count();
}

std::uint64_t tally_coalesce_key(std::int64_t poll_id) {
    return (std::uint64_t{0x50} << 56) | static_cast<std::uint64_t>(poll_id);
}

bool results_public(const domain::poll& p) {
    switch (p.visibility) {
        case domain::results_visibility::live:
            return p.status != domain::poll_status::draft;
        case domain::results_visibility::after_close:
            return p.status == domain::poll_status::closed;
        case domain::results_visibility::facilitators:
            return false;
    }
    return false;
}

poll_sight sight_of(const poll_viewer& viewer, const domain::poll& p) {
    if (viewer.staff) {
        return poll_sight::readable;
    }
    if (p.status == domain::poll_status::draft || !viewer.meeting_visible) {
        return poll_sight::hidden;
    }
    if (!viewer.reader || (viewer.device && p.audience != domain::poll_audience::link)) {
        return poll_sight::refused;
    }
    return poll_sight::readable;
}

domain::poll_tally stored_tally(store::database& db, const domain::poll& p) {
    domain::poll_tally t(p);
    if (p.anonymous) {
        for (const auto& text : store::list_anonymous_ballots(db, p.poll_id)) {
            t.add(decode_stored_ballot(text));
        }
    } else {
        for (const auto& row : store::list_named_ballots(db, p.poll_id)) {
            t.add(decode_stored_ballot(row.ballot));
        }
    }
    return t;
}

void poll_write_landed(const std::shared_ptr<room>& r, std::int64_t poll_id,
                       std::function<void(live_poll&)> then) {
    boost::asio::post(r->strand, [r, poll_id, then = std::move(then)] {
        if (auto it = r->polls.find(poll_id); it != r->polls.end()) {
            --it->second.writes_in_flight;
            if (then) {
                then(it->second);
            }
        }
    });
}

std::function<void()> poll_write_failed(std::shared_ptr<room> r, std::int64_t poll_id) {
    return [r = std::move(r), poll_id] {
        boost::asio::post(r->strand, [r, poll_id] {
            if (auto it = r->polls.find(poll_id); it != r->polls.end()) {
                --it->second.writes_in_flight;
                it->second.stale = true;
            }
        });
    };
}

}  // namespace traffpunkt::service
