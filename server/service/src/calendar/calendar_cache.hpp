#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::service {

/** A rendered iCalendar feed with the validators HTTP revalidates it by. */
struct calendar_feed {
    std::string body;
    std::string etag;                              ///< strong: quoted SHA-256 of `body`
    std::optional<domain::instant> last_modified;  ///< newest change in the feed; empty if none
};

/**
 * Rendered public feeds (a network's, a meeting's), kept until a meeting in them changes.
 * Thread-safe. A render that read the database before an invalidation could hold the old state,
 * so `store` only keeps it when nothing was invalidated since its `ticket` was taken.
 */
class calendar_cache {
  public:
    enum class kind { network, meeting };
    /** Taken before reading what a feed is built from. */
    using ticket = std::uint64_t;

    /** A ticket for a render that is about to read the database. */
    ticket begin() const;

    /** The cached feed, or null. */
    std::shared_ptr<const calendar_feed> find(kind k, domain::id id) const;

    /** Keeps `feed` unless an invalidation happened after `t` was taken. */
    void store(kind k, domain::id id, ticket t, std::shared_ptr<const calendar_feed> feed);

    /** Forgets one feed (and makes renders in progress not be stored). */
    void invalidate(kind k, domain::id id);

  private:
    // Feeds exist only for stored, non-draft meetings and existing networks, so the map is
    // bounded by the database; this cap only guards memory against a bug.
    static constexpr std::size_t entries_max = 10000;

    mutable std::mutex mutex_;
    std::uint64_t generation_ = 0;
    std::map<std::pair<kind, domain::id>, std::shared_ptr<const calendar_feed>> entries_;
};

}  // namespace traffpunkt::service
