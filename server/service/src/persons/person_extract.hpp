#pragma once

// The register extract (GDPR art. 15) as JSON and as a Swedish summary, from the store's
// export_person rows. Shared by person.export, GET /persons/{id}/export.*, and the CLI.

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::store {
class database;
}

namespace traffpunkt::service {

/** The schema name in every extract; bumped when the shape changes. */
inline constexpr const char* person_extract_schema = "traffpunkt.person-export/1";

/**
 * Everything held about the person (PROTOCOL.md "Register extract"), or nullopt when there is
 * no such person or they were erased.
 */
std::optional<boost::json::object> person_extract_json(store::database& db, std::int64_t person_id,
                                                       domain::instant now);

/** The same extract as a human-readable page in Swedish (HTML, every value escaped). */
std::string person_extract_html(const boost::json::object& extract);

}  // namespace traffpunkt::service
