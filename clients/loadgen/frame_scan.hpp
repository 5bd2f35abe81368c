#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace traffpunkt::loadgen {

/**
 * What the load generator needs from a server frame, found without parsing the whole JSON:
 * 10,000 devices receive 100,000 tallies a second, and a full parse of each would make the
 * load generator, not the server, the bottleneck being measured. Frames come from the server
 * under test (Boost.JSON or JSON.stringify output: no insignificant whitespace).
 */
struct frame_summary {
    enum class kind { answer, tally, other_event, unknown };
    kind what = kind::unknown;
    /** answer: the `re` member (nullopt for `re: null`). */
    std::optional<std::int64_t> re;
    /** answer: true for a `result`, false for an `error`. */
    bool ok = false;
    /** answer with an error: its `code`. */
    std::string_view error_code;
    /** tally: `data.ballots`. */
    std::int64_t ballots = -1;
};

/** Classifies one frame. Pure: no I/O, tested without a socket. */
frame_summary scan_frame(std::string_view frame);

}  // namespace traffpunkt::loadgen
