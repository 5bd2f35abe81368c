// poll.create of a PB poll from a pabulib `.pb` file (pb.pabulib): the poll, and with
// pb.ballots "count" the file's ballots as a finished vote, stored in one transaction; the
// final count then runs on the PB worker (pb_counting.cpp), as after any close.

#include <boost/json/value_from.hpp>

#include "application_impl.hpp"
#include "polls/poll_feature.hpp"
#include "identity.hpp"
#include "polls/ballot_codec.hpp"
#include "polls/poll_shared.hpp"
#include "polls/poll_views.hpp"
#include "traffpunkt/protocol/topics.hpp"
#include "traffpunkt/store/poll_repository.hpp"

namespace traffpunkt::service {

namespace topics = protocol::topics;

namespace json = boost::json;

namespace {

/** At most this many notices go into the answer (the rest are counted). */
constexpr std::size_t notices_shown = 100;

}  // namespace

void poll_feature::create_imported_poll(const call& c, const domain::poll& p,
                                             pb_import imported) {
    json::array notices;
    for (std::size_t i = 0; i < imported.notices.size() && i < notices_shown; ++i) {
        notices.push_back(json::object{{"line", imported.notices[i].line},
                                       {"message", imported.notices[i].message}});
    }
    const json::object summary{{"projects", p.projects.size()},
                               {"ballots", imported.ballots.size()},
                               {"file_ballots", imported.file_ballots},
                               {"notices", std::move(notices)},
                               {"notices_total", imported.notices.size()}};
    auto created = std::make_shared<domain::poll>(p);
    auto ballots = std::make_shared<std::vector<std::string>>();
    for (const auto& b : imported.ballots) {
        ballots->push_back(encode_ballot(p, b));
    }
    app_.mutate(c, p.meeting_id, [this, created, ballots, summary] {
        return write_plan{
            [created, ballots, summary](store::database& db) -> json::value {
                created->poll_id = store::insert_poll(db, *created, unix_now());
                // Ballots with random keys and voters "f:1".. apart from them (no link, as for
                // every anonymous poll); the voters only count how many took part.
                for (std::size_t i = 0; i < ballots->size(); ++i) {
                    store::insert_voter(db, created->poll_id, "f:" + std::to_string(i + 1));
                    store::insert_anonymous_ballot(db, created->poll_id, random_hex(16),
                                                   (*ballots)[i]);
                }
                return json::object{
                    {"poll", poll_json(*created, static_cast<std::int64_t>(ballots->size()))},
                    {"import", summary}};
            },
            [this, created](const json::value& result) {
                {
                    std::lock_guard lock(poll_meetings_mutex);
                    poll_meetings[created->poll_id] = created->meeting_id;
                }
                remember_poll_snapshot(*created, result.as_object().at("poll").as_object(),
                                       std::nullopt);
                app_.events.publish(topics::polls_staff(created->meeting_id), "poll.created", result);
                // A finished vote: counted now, published as poll.closed when stored.
                ensure_pb_final(*created);
            },
            {},
            {}};
    });
}

}  // namespace traffpunkt::service
