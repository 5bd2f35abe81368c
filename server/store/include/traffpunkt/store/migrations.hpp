#pragma once

namespace traffpunkt::store {

class database;

/**
 * Brings the schema up to date: every migration newer than the database's `user_version` runs,
 * all of them in one transaction, so a failed upgrade leaves the old schema untouched.
 * Throws `store_error` when the database is newer than this program.
 */
void apply_migrations(database& db);

/** The database's schema version (PRAGMA user_version); 0 for a new database. */
int schema_version(database& db);

/** The schema version this program brings databases to. */
int latest_schema_version() noexcept;

}  // namespace traffpunkt::store
