#pragma once

// Documents -> wire views (PROTOCOL.md "Documents").

#include <cstdint>
#include <string>

#include <boost/json/object.hpp>

#include "traffpunkt/domain/document.hpp"

namespace traffpunkt::service {

/** `/meetings/{m}/documents/{d}`: the newest version's bytes. */
std::string document_url(std::int64_t meeting_id, std::int64_t document_id);

/** `/meetings/{m}/documents/{d}/versions/{n}`: one version's bytes. */
std::string version_url(std::int64_t meeting_id, std::int64_t document_id, int version);

/**
 * A version: {document_id, version, filename, content_type, size, sha256, uploaded_at,
 * uploaded_by, url}. `uploaded_by` ({person_id, name}) is for `staff` (the meeting's
 * facilitators and coordinators); null for everyone else.
 */
boost::json::object to_json(const domain::document_version& v, std::int64_t meeting_id, bool staff);

/**
 * A document with its newest version: {document_id, meeting_id, agenda_item_id, title,
 * visibility, created_at, updated_at, url, latest: version}.
 */
boost::json::object to_json(const domain::document_with_latest& d, bool staff);

}  // namespace traffpunkt::service
