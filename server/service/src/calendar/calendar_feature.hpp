#pragma once

// Calendars (PROTOCOL.md "Calendars"): calendar.link and the GET /calendar/... feeds. One feature
// object, like questions/: the feeds' cache (application::impl::calendars) and the link key
// (calendar_tokens) stay with the impl, because every meeting and network change invalidates
// the cache.

#include "call.hpp"
#include "traffpunkt/service/application.hpp"
#include "traffpunkt/service/http_exchange.hpp"

namespace traffpunkt::service {

class calendar_feature {
  public:
    explicit calendar_feature(application::impl& app) : app_(app) {}

    /** calendar.link: a person's feed URL, apart from their account token (ops_calendar.cpp). */
    void op_link(const call& c);
    /** GET/HEAD /calendar/... with strong ETags and conditional GET (http_calendar.cpp). */
    http_response http(const http_request& request);

  private:
    application::impl& app_;
};

}  // namespace traffpunkt::service
