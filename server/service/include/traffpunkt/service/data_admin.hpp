#pragma once

// Backup, restore and check of a data directory (issue 24), for `traffpunkt backup DIR`,
// `traffpunkt restore DIR` and `traffpunkt check`, which run beside the server.

#include <cstdint>
#include <string>
#include <vector>

namespace traffpunkt::service {

/** What a backup, restore or check did, for the command's output. */
struct data_report {
    bool ok = true;
    int schema_version = 0;
    std::int64_t documents = 0;  ///< document files copied or verified
    std::int64_t document_bytes = 0;
    std::vector<std::string> problems;  ///< human-readable, one per finding
};

/**
 * A consistent online copy of `data_dir` into the new directory `target` (refused when it
 * exists and is not empty): the database with `VACUUM INTO` (one read transaction, so every
 * write committed before it started is in the copy, and the server keeps writing meanwhile),
 * then every document file the copy refers to (files are content-addressed and never change),
 * the calendar link key (feed URLs stay valid) and a MANIFEST.json. Mail files of the file
 * transport are not copied (they are a development outbox). Throws std::runtime_error.
 */
data_report backup_data(const std::string& data_dir, const std::string& target);

/**
 * Restores the backup in `source` into `data_dir`, which must not exist or be empty (never
 * overwritten), then checks the result as `check_data` does. Throws std::runtime_error.
 */
data_report restore_data(const std::string& source, const std::string& data_dir);

/**
 * `PRAGMA integrity_check` of the database and, for every document version it lists, that the
 * file is there with its size and SHA-256. Read-only; runs beside the server.
 */
data_report check_data(const std::string& data_dir);

}  // namespace traffpunkt::service
