// /meetings/{id}/...: per-meeting HTTP resources (attendee CSV, agenda text, documents).

#include "application_impl.hpp"
#include "http_response_util.hpp"

namespace traffpunkt::service {

http_response application::impl::http_meetings(const http_request&) {
    return text_response(404, "not found");
}

}  // namespace traffpunkt::service
