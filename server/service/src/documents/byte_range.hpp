#pragma once

// Range requests (RFC 9110 section 14) for downloads: one range of bytes at a time. Pure, so the
// parsing is testable without a socket.

#include <cstdint>
#include <optional>
#include <string_view>

namespace traffpunkt::service {

/** What a Range header asks of a representation of a given size. */
struct range_request {
    enum class kind {
        whole,          ///< no (usable) Range header: send everything (200)
        partial,        ///< send bytes first..last (206)
        unsatisfiable,  ///< the range lies outside the representation (416)
    };
    kind what = kind::whole;
    std::uint64_t first = 0;  ///< inclusive
    std::uint64_t last = 0;   ///< inclusive
};

/**
 * Reads `Range: bytes=a-b`, `bytes=a-` and `bytes=-n` for a representation of `size` bytes.
 * `b` beyond the end is cut to the end, a suffix longer than the whole gives the whole (as
 * 206). A start at or beyond the end, or a zero-length suffix, is unsatisfiable. Anything else
 * (another unit, several ranges, a malformed or reversed range) is ignored, which RFC 9110
 * allows: the answer is the whole representation.
 */
range_request parse_range(std::optional<std::string_view> header, std::uint64_t size);

}  // namespace traffpunkt::service
