#pragma once

#include <string>
#include <string_view>

namespace traffpunkt::mail {

/** Who the message goes from and to, as the SMTP envelope says (MAIL FROM, RCPT TO). */
struct envelope {
    std::string from;  ///< the sender's address (bounces go there)
    std::string to;    ///< the one recipient
    /** A name for this message that is the same on every attempt (the outbox row's id). */
    std::string key;
};

/** What became of one attempt to hand a message over. */
struct send_result {
    enum class outcome {
        sent,       ///< taken (SMTP 250 after the data, or the file is in place)
        temporary,  ///< try again later: 4xx, no connection, TLS or login trouble, a full disk
        permanent,  ///< the server refused this recipient or message for good (5xx at RCPT/DATA)
    };
    outcome result = outcome::temporary;
    int code = 0;       ///< the server's reply code (0: none, e.g. no connection)
    std::string reply;  ///< the server's reply text, or what went wrong; never credentials
    /**
     * The failure concerns this message (the server answered its recipient or its data), not
     * the way to the server (connection, TLS, AUTH, MAIL FROM, a full disk), which every other
     * message would meet as well.
     */
    bool about_message = false;
};

/**
 * Hands messages to the world: an SMTP server or a folder. Used from one thread (the mailer's);
 * `cancel` may be called from any thread.
 */
class transport {
  public:
    virtual ~transport() = default;

    /** One attempt to deliver `message` (RFC 5322 bytes, CRLF) as `env` says. */
    virtual send_result send(const envelope& env, std::string_view message) = 0;

    /** Ends a `send` in progress as soon as possible (shutdown); it answers `temporary`. */
    virtual void cancel() noexcept {}

    /** Where mail goes, for the log and `make run`: "smtp://host:587", "files in var/...". */
    virtual std::string describe() const = 0;
};

}  // namespace traffpunkt::mail
