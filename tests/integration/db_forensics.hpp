#pragma once

// What an attacker with a copy of the server's database files can read from them: the state
// after every commit still in the WAL, the physical order of a table's cells in its pages, and
// raw bytes. The security tests use these to try to link voters to anonymous ballots the way
// PROTOCOL.md says nobody can. Everything here reads files only; nothing asks the server.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace traffpunkt::integration::forensics {

/** The bytes of a database's files (main, -wal, -shm) as copied at one moment. */
struct db_copy {
    std::string main;
    std::string wal;
    std::string shm;
};

/** Copies the files of the database at `path` (a file that does not exist copies as empty). */
db_copy copy_database(const std::string& path);

/**
 * The database images a copy holds, oldest first: the main file, then the main file with the
 * WAL's frames applied up to each commit frame (frames whose salts do not match the WAL header
 * are from an older WAL generation and end the list). Each image has its header switched to
 * rollback-journal mode so it can be opened on its own.
 */
std::vector<std::string> states_of(const db_copy& copy);

/** One row of a query, every column as text (NULL as ""). */
using row = std::vector<std::string>;

/**
 * Runs `sql` on an image (written to a temporary file, opened read-only and immutable).
 * nullopt when the image cannot be read (a torn copy).
 */
std::optional<std::vector<row>> query(const std::string& image, const std::string& sql);

/**
 * The cells of table or index `name` (its b-tree, found through sqlite_schema) in physical
 * order: leaf pages in b-tree order, and within a page by cell content offset, highest first
 * (SQLite fills a page's content area from the end, so this is insertion order in a page that
 * was only ever appended to). Each cell is its record's columns as text.
 */
std::vector<row> cells_in_physical_order(const std::string& image, const std::string& name);

/** How often `needle` occurs in `haystack` (overlapping occurrences counted). */
std::size_t occurrences(const std::string& haystack, const std::string& needle);

}  // namespace traffpunkt::integration::forensics
