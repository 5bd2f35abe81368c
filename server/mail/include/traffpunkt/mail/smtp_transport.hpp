#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "traffpunkt/mail/transport.hpp"

namespace traffpunkt::mail {

/** How to reach the submission server. */
struct smtp_options {
    /**
     * `smtp://host[:port]` (STARTTLS, port 587 by default) or `smtps://host[:port]` (TLS from the
     * first byte, 465). A path names the EHLO domain: `smtp://mail.example.se:587/traffpunkt.se`.
     */
    std::string url;
    /**
     * smtp:// only: refuse to send unless the server offers STARTTLS and the TLS handshake
     * succeeds (CURLUSESSL_ALL). Off only for a relay on loopback.
     */
    bool require_tls = true;
    /** AUTH (PLAIN, LOGIN, ... as the server offers); empty username: no AUTH. */
    std::string username;
    std::string password;
    /** PEM CA bundle to verify the server with; empty: the system's. Verification is always on. */
    std::string ca_file;
    /** Bound on connecting, and on each whole transfer. */
    std::chrono::milliseconds timeout{30000};
};

/**
 * SMTP submission through libcurl, one recipient per message. The connection is kept between
 * messages. The server's replies are kept for the record (what it answered to the command that
 * failed, or the 250 to the data); what the client sends (AUTH credentials) never is.
 */
class smtp_transport : public transport {
  public:
    explicit smtp_transport(smtp_options options);
    ~smtp_transport() override;
    smtp_transport(const smtp_transport&) = delete;
    smtp_transport& operator=(const smtp_transport&) = delete;

    send_result send(const envelope& env, std::string_view message) override;
    void cancel() noexcept override;
    std::string describe() const override;

    /** The curl handle and one send's record of the dialogue (smtp_transport.cpp). */
    struct state;

  private:
    smtp_options options_;
    std::unique_ptr<state> state_;
    std::atomic<bool> cancelled_{false};
};

}  // namespace traffpunkt::mail
