#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace traffpunkt::service {

/**
 * Personal data administration straight on the database, for `traffpunkt person ...` commands
 * that run beside the server (an administrator answering a register extract request).
 */
class person_admin {
  public:
    /** Opens the database under `data_dir` read-only (it must exist). */
    explicit person_admin(const std::string& data_dir);

    /** The register extract as JSON text (PROTOCOL.md), or nullopt for no such person. */
    std::optional<std::string> export_json(std::int64_t person_id);

  private:
    std::string db_path_;
};

}  // namespace traffpunkt::service
