#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace traffpunkt::service {

/** One encoded frame, shared by every session it goes to (serialised once per event). */
using frame = std::shared_ptr<const std::string>;

/**
 * Where the service sends frames for one client connection: answers, replayed and live events.
 * Implemented by net's WebSocket session. `deliver` is called from any thread and must not
 * block; frames for one sink arrive in the order of the `deliver` calls.
 */
class event_sink {
  public:
    virtual ~event_sink() = default;

    /**
     * Queues a frame. `coalesce_key` != 0 marks a frame that supersedes an older queued frame
     * with the same key (live tallies): a slow client keeps only the newest.
     */
    virtual void deliver(frame f, std::uint64_t coalesce_key = 0) = 0;

    /** Closes the connection with a WebSocket close code (e.g. 1008 after a revoked token). */
    virtual void close_with(std::uint16_t code, std::string reason) = 0;
};

}  // namespace traffpunkt::service
