#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

namespace traffpunkt::protocol {

// Personal data ops (register extract, erasure, access log, retention).

/** person.export {person_id} */
struct person_export_args {
    std::int64_t person_id = 0;
};
/** Decodes the args of `person.export`. */
person_export_args decode_person_export(const boost::json::object& args);

/** person.erase {person_id, confirm}: `confirm` is the person's e-mail address, typed again. */
struct person_erase_args {
    std::int64_t person_id = 0;
    std::string confirm;
};
/** Decodes the args of `person.erase`. */
person_erase_args decode_person_erase(const boost::json::object& args);

/** audit.list {before?, limit? (1..500, default 100), person_id?} */
struct audit_list_args {
    std::int64_t before = 0;
    int limit = 100;
    std::optional<std::int64_t> person_id;
};
/** Decodes the args of `audit.list`. */
audit_list_args decode_audit_list(const boost::json::object& args);

/** retention.run {as_of?}: an RFC 3339 instant, not in the past. */
struct retention_run_args {
    std::optional<std::string> as_of;
};
/** Decodes the args of `retention.run`. */
retention_run_args decode_retention_run(const boost::json::object& args);

}  // namespace traffpunkt::protocol
