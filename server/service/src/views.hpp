#pragma once

// Domain values -> wire views. The only place where the two vocabularies meet.

#include <boost/json/object.hpp>

#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/domain/network.hpp"

namespace traffpunkt::service {

boost::json::object to_json(const domain::network& n);
boost::json::object to_json(const domain::organisation& o);
boost::json::object to_json(const domain::membership& m);
boost::json::object member_json(const domain::organisation& o, const domain::membership& m);
/** `with_email`: only the person themself and coordinators see an e-mail address. */
boost::json::object to_json(const domain::person& p, bool with_email);
/** `with_private`: the online link, for coordinators, facilitators (later: registered people). */
boost::json::object to_json(const domain::meeting& m, bool with_private);

}  // namespace traffpunkt::service
