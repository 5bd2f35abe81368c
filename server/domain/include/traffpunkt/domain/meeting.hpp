#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/rule_error.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::domain {

enum class meeting_format { in_person, digital, hybrid };
enum class meeting_status { draft, published, cancelled };

/** Limits of meetings, next to the field limits in network.hpp. */
namespace limits {
/** Places in person or remote; far above any real meeting, low enough to catch typos. */
inline constexpr int capacity_max = 100000;
/** A network meeting is a day or a conference of a few days, never a month. */
inline constexpr std::chrono::days meeting_duration_max{14};
}  // namespace limits

std::string_view to_string(meeting_format f);
std::optional<meeting_format> parse_meeting_format(std::string_view s);
std::string_view to_string(meeting_status s);
std::optional<meeting_status> parse_meeting_status(std::string_view s);

/** A network meeting (nätverksträff): physical, digital or both. */
struct meeting {
    id meeting_id = 0;
    id network_id = 0;
    std::string title;
    std::string description;
    instant starts_at{};
    instant ends_at{};
    std::string zone{default_zone};  ///< IANA zone the meeting is held in
    meeting_format format = meeting_format::in_person;
    std::string venue;       ///< e.g. "SKR, Hornsgatan 20"
    std::string address;     ///< street address, city
    std::string online_url;  ///< only ever shown to registered people, coordinators, facilitators
    std::optional<int> capacity_in_person;  ///< empty: no limit
    std::optional<int> capacity_remote;     ///< empty: no limit; 0: no remote option
    /** In-person seats one organisation may hold (e.g. 3 per municipality); empty: no quota. */
    std::optional<int> in_person_quota_per_org;
    std::optional<instant> registration_opens;
    std::optional<instant> registration_closes;
    std::string cost_note;  ///< e.g. "Deltagarna står för sina egna kostnader."
    /** Whom participants ask about the meeting (public, like the venue); both may be empty. */
    std::string contact_name;
    std::string contact_email;
    meeting_status status = meeting_status::draft;
    int sequence = 0;  ///< iCalendar SEQUENCE: bumped on every change a calendar shows
    instant created_at{};
    instant updated_at{};
};

/**
 * Checks every field of a meeting: text lengths and characters, end after start, a known zone,
 * capacities not negative, a seat quota per organisation of at least 1, the registration window
 * ordered and closing no later than the end, an online link for digital and hybrid meetings to be
 * well-formed when given.
 */
check validate(const meeting& m);

/** draft -> published. Publishing twice is refused, as is publishing a cancelled meeting. */
check publish(meeting& m);

/** draft|published -> cancelled. A cancelled meeting stays visible as cancelled. */
check cancel(meeting& m);

/** Whether `m` may still be edited (cancelled meetings are read-only). */
check can_edit(const meeting& m);

/**
 * True if going from `before` to `after` changes something a calendar client shows
 * (title, description, time, zone, place, online link, status), so SEQUENCE must grow.
 */
bool calendar_visible_change(const meeting& before, const meeting& after);

}  // namespace traffpunkt::domain
