#pragma once

// Agendas, the live marker and minutes -> wire views (next to views.hpp, which has the rest).

#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "traffpunkt/domain/agenda.hpp"
#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/domain/minutes.hpp"
#include "traffpunkt/service/principal.hpp"
#include "traffpunkt/store/agenda_repository.hpp"
#include "traffpunkt/store/minutes_repository.hpp"

namespace traffpunkt::service {

/** Who made a change, as records show it: the person's or the token's name. */
std::string actor_name(const principal& p);

/** RFC 3339 UTC with milliseconds, e.g. `2022-11-25T09:12:03.250Z`. */
std::string format_precise(domain::precise_instant t);

/** One item; `position` is its 1-based place in the agenda. */
boost::json::object item_json(const domain::agenda_item& item, std::size_t position);

/** The whole agenda with the warnings it has in meeting `m`. */
boost::json::object agenda_json(const domain::agenda& a, const domain::meeting& m);

/** The live marker, with the server's clock at `server_time`. */
boost::json::object now_json(const domain::agenda& a, domain::precise_instant server_time);

/** A recorded agenda change (its item snapshots are stored as JSON text). */
boost::json::object change_json(const store::agenda_change& c);

/** The meeting before another one in its network, and that meeting's minutes if any. */
struct previous_meeting {
    domain::meeting meeting;
    std::optional<domain::meeting_minutes> minutes;
};

/**
 * Minutes of meeting `meeting_id` (nothing written yet: version 0, an empty draft). The text is
 * left out unless `with_text`.
 */
boost::json::object minutes_json(domain::id meeting_id,
                                 const std::optional<domain::meeting_minutes>& m, bool with_text,
                                 const std::optional<previous_meeting>& previous);

/** One version of minutes (with its text when the row carries it and `with_text`). */
boost::json::object minutes_version_json(const store::minutes_version& v, bool with_text);

}  // namespace traffpunkt::service
