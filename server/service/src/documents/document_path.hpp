#pragma once

// The HTTP paths of documents and their query strings. Pure, testable without a socket.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace traffpunkt::service {

/**
 * One of the document paths:
 *   /meetings/{m}/documents                      (POST: a new document)
 *   /meetings/{m}/documents/{d}                  (GET/HEAD: its newest version)
 *   /meetings/{m}/documents/{d}/versions         (POST: a new version)
 *   /meetings/{m}/documents/{d}/versions/{n}     (GET/HEAD: version n)
 * Ids are 1..2^53-1 without sign or leading zeros; version numbers 1..2^31-1.
 */
struct document_path {
    std::int64_t meeting_id = 0;
    std::optional<std::int64_t> document_id;
    bool versions = false;       ///< the path goes on with /versions
    std::optional<int> version;  ///< /versions/{n}

    /** POST targets: the documents of a meeting, or the versions of a document. */
    bool is_collection() const { return !document_id || (versions && !version); }
};

/**
 * True for every path under `/meetings/{anything}/documents`, well-formed or not, so that the
 * documents' routes answer all of them (a malformed one with 404).
 */
bool is_document_path(std::string_view path);

/** The document path `path` names, or nothing for any other path. */
std::optional<document_path> parse_document_path(std::string_view path);

/**
 * A query string's parameters, percent-decoded (`+` is a space, as HTML forms and
 * URLSearchParams write it). Empty when a `%` is not followed by two hex digits or a name
 * appears twice: such a query is refused rather than guessed at.
 */
std::optional<std::map<std::string, std::string>> parse_query(std::string_view query);

}  // namespace traffpunkt::service
