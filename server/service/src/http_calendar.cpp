// GET /calendar/...: iCalendar feeds (the calendar issue fills this in).

#include "application_impl.hpp"
#include "http_response_util.hpp"

namespace traffpunkt::service {

http_response application::impl::http_calendar(const http_request&) {
    return text_response(404, "not found");
}

}  // namespace traffpunkt::service
