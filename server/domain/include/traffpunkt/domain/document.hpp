#pragma once

// Shared documents of a meeting (agenda papers, decisions, slides) and their versions. A
// document's bytes are stored content-addressed by SHA-256; these types carry only what the
// database keeps about them. Header-only: the rules here are a few lookups.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::domain {

/**
 * Who may see a document, from the widest audience to the narrowest. Each level includes the
 * ones after it: facilitators and coordinators see every document, people with a confirmed
 * registration see `registered` and `anyone` documents, everybody who may see the meeting sees
 * `anyone` documents. `anyone` is "public" on the wire and on disk (a C++ keyword).
 */
enum class document_visibility { anyone = 0, registered = 1, facilitators = 2 };

namespace detail {
inline constexpr std::array<std::pair<document_visibility, std::string_view>, 3>
    document_visibility_names{{{document_visibility::anyone, "public"},
                               {document_visibility::registered, "registered"},
                               {document_visibility::facilitators, "facilitators"}}};
}  // namespace detail

/** The wire name: "public", "registered" or "facilitators". */
inline std::string_view to_string(document_visibility v) {
    for (const auto& [value, name] : detail::document_visibility_names) {
        if (value == v) {
            return name;
        }
    }
    return "facilitators";  // unreachable for valid values; the narrowest audience is safest
}

/** Parses a wire name; empty for anything else. */
inline std::optional<document_visibility> parse_document_visibility(std::string_view s) {
    for (const auto& [value, name] : detail::document_visibility_names) {
        if (name == s) {
            return value;
        }
    }
    return std::nullopt;
}

/**
 * What a caller may see of a meeting's documents: the widest visibility level they reach
 * (`anyone` for everybody who may see the meeting, `registered` with a confirmed registration,
 * `facilitators` for the meeting's facilitators and coordinators).
 */
using document_access = document_visibility;

/** True if a caller with `access` may see a document with visibility `v`. */
constexpr bool may_see(document_access access, document_visibility v) {
    return static_cast<int>(access) >= static_cast<int>(v);
}

/** A document of a meeting, optionally attached to one of its agenda items. */
struct document {
    id document_id = 0;
    id meeting_id = 0;
    std::optional<id> agenda_item_id;
    std::string title;
    document_visibility visibility = document_visibility::facilitators;
    instant created_at{};
    instant updated_at{};
    /** Set once the document was removed: it is hidden from everyone from then on. */
    std::optional<instant> removed_at;

    bool operator==(const document&) const = default;
};

/** One uploaded version of a document. Versions are numbered 1, 2, ... and never change. */
struct document_version {
    id document_id = 0;
    int version = 0;
    std::string sha256;  ///< 64 lowercase hex digits: the name of the stored bytes
    std::uint64_t size = 0;
    std::string content_type;
    std::string filename;           ///< already sanitised
    std::optional<id> uploaded_by;  ///< the person; empty for coordinator tokens
    std::string uploaded_by_name;   ///< the person's or the token's name, for the record
    instant uploaded_at{};

    bool operator==(const document_version&) const = default;
};

/** A document with its newest version (versions are 1..n, so `latest.version` counts them). */
struct document_with_latest {
    document doc;
    document_version latest;
};

/** Limits of documents. */
namespace limits {
/** Longest document title, in code points, as for other titles. */
inline constexpr std::size_t document_title_max = 200;
/** Longest filename, in bytes: what common file systems accept for one name. */
inline constexpr std::size_t filename_max_bytes = 255;
/** Longest content type: real ones are well under 100 characters. */
inline constexpr std::size_t content_type_max = 200;
}  // namespace limits

}  // namespace traffpunkt::domain
