#include "calendar/calendar_feeds.hpp"

#include <algorithm>
#include <vector>

#include "agenda/agenda_text.hpp"
#include "http/conditional_get.hpp"
#include "traffpunkt/ical/calendar_feed.hpp"
#include "traffpunkt/store/agenda_repository.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/network_repository.hpp"
#include "traffpunkt/store/read_pool.hpp"
#include "traffpunkt/store/registration_repository.hpp"

namespace traffpunkt::service {

namespace {

constexpr std::string_view personal_calendar_name = "Mina träffar – Träffpunkt";

std::shared_ptr<const calendar_feed> make_feed(const ical::calendar_options& options,
                                               const std::vector<ical::feed_event>& events,
                                               std::optional<domain::instant> last_modified) {
    auto feed = std::make_shared<calendar_feed>();
    feed->body = ical::render_calendar(options, events);
    feed->etag = strong_etag(feed->body);
    feed->last_modified = last_modified;
    return feed;
}

void note_change(std::optional<domain::instant>& newest, domain::instant t) {
    newest = newest ? std::max(*newest, t) : t;
}

/** The meeting as calendars show it: its agenda in the description (agenda_text.hpp). */
domain::meeting shown(store::database& db, domain::meeting m) {
    const auto items = store::list_agenda_items(db, m.meeting_id);
    return with_agenda(std::move(m), items);
}

}  // namespace

calendar_feeds::calendar_feeds(const config::settings& settings)
    : uid_host_(settings.uid_host), public_base_url_(settings.public_base_url) {}

std::shared_ptr<const calendar_feed> calendar_feeds::network(store::read_pool& reads,
                                                             domain::id network_id) {
    if (auto cached = cache_.find(calendar_cache::kind::network, network_id)) {
        return cached;
    }
    const auto ticket = cache_.begin();
    auto [network, meetings] = reads.with([&](store::database& db) {
        auto meetings = store::list_meetings(db, network_id);
        for (auto& m : meetings) {
            if (m.status != domain::meeting_status::draft) {
                m = shown(db, std::move(m));
            }
        }
        return std::make_pair(store::find_network(db, network_id), std::move(meetings));
    });
    if (!network) {
        return nullptr;
    }
    ical::calendar_options options{uid_host_, public_base_url_, network->name,
                                   std::string(domain::default_zone)};
    std::vector<ical::feed_event> events;
    std::optional<domain::instant> newest;
    for (auto& m : meetings) {
        if (m.status == domain::meeting_status::draft) {
            continue;
        }
        note_change(newest, m.updated_at);
        events.push_back({std::move(m), std::nullopt, false});
    }
    auto feed = make_feed(options, events, newest);
    cache_.store(calendar_cache::kind::network, network_id, ticket, feed);
    return feed;
}

std::shared_ptr<const calendar_feed> calendar_feeds::meeting(store::read_pool& reads,
                                                             domain::id meeting_id) {
    if (auto cached = cache_.find(calendar_cache::kind::meeting, meeting_id)) {
        return cached;
    }
    const auto ticket = cache_.begin();
    auto m = reads.with([&](store::database& db) {
        auto found = store::find_meeting(db, meeting_id);
        if (found && found->status != domain::meeting_status::draft) {
            found = shown(db, std::move(*found));
        }
        return found;
    });
    // A draft is as unknown as a meeting that does not exist: its existence is not public.
    if (!m || m->status == domain::meeting_status::draft) {
        return nullptr;
    }
    ical::calendar_options options{uid_host_, public_base_url_, m->title,
                                   std::string(domain::default_zone)};
    const auto updated = m->updated_at;
    auto feed = make_feed(options, {{std::move(*m), std::nullopt, false}}, updated);
    cache_.store(calendar_cache::kind::meeting, meeting_id, ticket, feed);
    return feed;
}

std::shared_ptr<const calendar_feed> calendar_feeds::person(store::read_pool& reads,
                                                            domain::id person_id) {
    std::vector<ical::feed_event> events;
    std::optional<domain::instant> newest;
    reads.with([&](store::database& db) {
        for (const auto& r : store::list_person_registrations(db, person_id)) {
            if (r.status == domain::registration_status::cancelled) {
                continue;  // dropped from the feed, so subscribed calendars remove it
            }
            auto m = store::find_meeting(db, r.meeting_id);
            if (!m || m->status == domain::meeting_status::draft) {
                continue;
            }
            note_change(newest, std::max(m->updated_at, r.updated_at));
            events.push_back({shown(db, std::move(*m)), r.status, true});
        }
    });
    // Oldest first like the network feed, so the bytes do not depend on the store's order.
    std::sort(events.begin(), events.end(), [](const auto& a, const auto& b) {
        return std::pair(a.meeting.starts_at, a.meeting.meeting_id) <
               std::pair(b.meeting.starts_at, b.meeting.meeting_id);
    });
    ical::calendar_options options{uid_host_, public_base_url_, std::string(personal_calendar_name),
                                   std::string(domain::default_zone)};
    return make_feed(options, events, newest);
}

void calendar_feeds::invalidate(const domain::meeting& m) {
    cache_.invalidate(calendar_cache::kind::network, m.network_id);
    cache_.invalidate(calendar_cache::kind::meeting, m.meeting_id);
}

void calendar_feeds::invalidate_network(domain::id network_id) {
    cache_.invalidate(calendar_cache::kind::network, network_id);
}

}  // namespace traffpunkt::service
