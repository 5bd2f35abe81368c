#pragma once

#include <cstddef>
#include <cstdint>

namespace traffpunkt::protocol::limits {

/**
 * Largest integer every JSON client can represent exactly (2^53 - 1): JavaScript numbers are
 * doubles, so ids and sequence numbers above it would silently change in a browser.
 */
inline constexpr std::int64_t max_safe_integer = 9'007'199'254'740'991;
/** Default JSON nesting depth of a request (the envelope object itself is level 1). */
inline constexpr std::size_t max_depth = 32;
/** Longest op name; the longest real one is about 30 characters. */
inline constexpr std::size_t op_max = 64;
/** Longest idempotency key: room for a UUID with a prefix, not for a payload in disguise. */
inline constexpr std::size_t idem_max = 128;
/** Longest topic name ("meeting:9007199254740991" is 24 characters). */
inline constexpr std::size_t topic_max = 64;
/** Longest topic epoch a client may send back (the server's are 16 hex digits). */
inline constexpr std::size_t epoch_max = 64;
/** Largest meeting capacity (in person or remote); bigger is a typo, not a meeting. */
inline constexpr std::int64_t capacity_max = 100'000;

}  // namespace traffpunkt::protocol::limits
