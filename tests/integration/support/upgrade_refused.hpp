#pragma once

#include <stdexcept>
#include <string>

namespace traffpunkt::testing {

/** Thrown by ws_client::connect when the server answers the upgrade with anything but 101. */
class upgrade_refused : public std::runtime_error {
  public:
    /** `status` is the HTTP status of the refusal, `body` its body (may be empty). */
    upgrade_refused(int status, std::string body)
        : std::runtime_error("WebSocket upgrade refused with HTTP " + std::to_string(status)),
          status_(status),
          body_(std::move(body)) {}

    /** HTTP status code of the refusal, e.g. 401 or 403. */
    int status() const noexcept { return status_; }

    /** Body of the refusing response. */
    const std::string& body() const noexcept { return body_; }

  private:
    int status_;
    std::string body_;
};

}  // namespace traffpunkt::testing
