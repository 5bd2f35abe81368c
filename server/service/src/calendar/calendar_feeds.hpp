#pragma once

#include <memory>
#include <string>

#include "calendar/calendar_cache.hpp"
#include "traffpunkt/config/settings.hpp"
#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/meeting.hpp"

namespace traffpunkt::store {
class read_pool;
}

namespace traffpunkt::service {

/**
 * The three iCalendar feeds, built from the database and rendered by traffpunkt_ical. Public
 * feeds (a network's, a meeting's) are cached until `invalidate` is told about a change to a
 * meeting in them; personal feeds are rendered on every request (they change with
 * registrations too, and they are small). Thread-safe.
 */
class calendar_feeds {
  public:
    /** Takes the UID host and the public base URL from `settings`. */
    explicit calendar_feeds(const config::settings& settings);

    /**
     * Published and cancelled meetings of network `network_id` (never drafts), without online
     * links. Null when there is no such network.
     */
    std::shared_ptr<const calendar_feed> network(store::read_pool& reads, domain::id network_id);

    /** One meeting, without its online link. Null when it does not exist or is a draft. */
    std::shared_ptr<const calendar_feed> meeting(store::read_pool& reads, domain::id meeting_id);

    /**
     * The meetings person `person_id` registered for and did not cancel (confirmed: CONFIRMED,
     * waitlisted: TENTATIVE), with online links. Drafts are left out.
     */
    std::shared_ptr<const calendar_feed> person(store::read_pool& reads, domain::id person_id);

    /** Call after a change to `m` is committed (every meeting event passes here). */
    void invalidate(const domain::meeting& m);

    /** Call after network `network_id` is renamed: its feed carries the name (X-WR-CALNAME). */
    void invalidate_network(domain::id network_id);

  private:
    std::string uid_host_;
    std::string public_base_url_;
    calendar_cache cache_;
};

}  // namespace traffpunkt::service
