#pragma once

// Domain values -> wire views. The only place where the two vocabularies meet.

#include <boost/json/object.hpp>

#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/domain/network.hpp"
#include "traffpunkt/domain/registration.hpp"
#include "traffpunkt/domain/registration_policy.hpp"

namespace traffpunkt::service {

boost::json::object to_json(const domain::network& n);
boost::json::object to_json(const domain::organisation& o);
boost::json::object to_json(const domain::membership& m);
boost::json::object member_json(const domain::organisation& o, const domain::membership& m);
/** `with_email`: only the person themself and coordinators see an e-mail address. */
boost::json::object to_json(const domain::person& p, bool with_email);
/**
 * `with_private`: the online link, for coordinators, facilitators, and (in meeting.get) people
 * with a confirmed registration.
 */
boost::json::object to_json(const domain::meeting& m, bool with_private);

/**
 * A registration. `waitlist_position` is 1-based (0: not waitlisted). The personal members
 * (needs, check-in code, person with e-mail, organisation) are written when `person` is given:
 * only for the person themself, coordinators and the meeting's facilitators.
 */
boost::json::object to_json(const domain::registration& r, int waitlist_position,
                            const domain::person* person, const domain::organisation* org);
/** A meeting's seat counts: numbers only, for everyone. */
boost::json::object to_json(const domain::registration_counts& c, domain::id meeting_id);
/** Attendance figures without the organisation (totals). */
boost::json::object figures_json(const domain::attendance_statistics& s);
/** One organisation's attendance figures. */
boost::json::object to_json(const domain::attendance_statistics& s, const domain::organisation& o);

}  // namespace traffpunkt::service
