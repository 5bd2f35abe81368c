#pragma once

// Documents (PROTOCOL.md "Documents"): the document.* ops (ops_document.cpp), uploads and
// downloads over HTTP (http_documents.cpp), who sees which document and the events of a change.
// One feature object, like questions/ and minutes/: it reaches the rooms, reads, writer, hub and
// the content-addressed files (application::impl::document_files) through `application::impl`.

#include <cstdint>
#include <optional>
#include <string_view>

#include <boost/json/array.hpp>

#include "call.hpp"
#include "traffpunkt/domain/document.hpp"
#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/service/application.hpp"
#include "traffpunkt/service/http_exchange.hpp"

namespace traffpunkt::store {
class database;
}

namespace traffpunkt::service {

struct principal;

class document_feature {
  public:
    explicit document_feature(application::impl& app) : app_(app) {}

    void op_list(const call& c);
    void op_get(const call& c);
    void op_update(const call& c);
    void op_remove(const call& c);

    /** How much of a meeting's documents `p` may see (facilitators and coordinators: all). */
    domain::document_access access_of(const principal& p, const domain::meeting& m);
    /** The views of the meeting's documents `access` may see, in the order they were added. */
    boost::json::array documents_json(store::database& db, std::int64_t meeting_id,
                                      domain::document_access access, bool staff);

    /** GET/HEAD of a document's bytes. */
    http_response http(const http_request& request);
    /** Decides on an upload from its head. */
    upload_start start_upload(const http_request& head);

  private:
    application::impl& app_;

    /**
     * Publishes a committed document change on `meeting:M` (public documents),
     * `documents:M` (up to registered) and `documents-staff:M` (all), each as its audience sees
     * it: a document that comes into view is `document.added`, one that goes out of view
     * `document.removed`, otherwise `ev`. Empty `before`: new; empty `after`: removed.
     */
    void publish_change(const std::optional<domain::document_with_latest>& before,
                        const std::optional<domain::document_with_latest>& after,
                        std::string_view ev);
};

}  // namespace traffpunkt::service
