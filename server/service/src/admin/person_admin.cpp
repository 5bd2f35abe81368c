#include "traffpunkt/service/person_admin.hpp"

#include <filesystem>
#include <stdexcept>

#include <boost/json/serialize.hpp>

#include "clock.hpp"
#include "persons/person_extract.hpp"
#include "traffpunkt/store/access_log_repository.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::service {

person_admin::person_admin(const std::string& data_dir)
    : db_path_((std::filesystem::path(data_dir) / "traffpunkt.sqlite3").string()) {
    if (!std::filesystem::exists(db_path_)) {
        throw std::runtime_error("no database at " + db_path_);
    }
}

std::optional<std::string> person_admin::export_json(std::int64_t person_id) {
    // Read-write, for the access log entry: the extract is itself a read of personal data.
    store::database db(db_path_);
    auto extract = person_extract_json(db, person_id, now());
    if (!extract) {
        return std::nullopt;
    }
    store::access_entry e;
    e.at = now();
    e.actor = "command line (traffpunkt person export)";
    e.action = "person.export";
    e.subject_person_id = person_id;
    e.remote = "local";
    store::insert_access(db, e);
    return boost::json::serialize(*extract);
}

}  // namespace traffpunkt::service
