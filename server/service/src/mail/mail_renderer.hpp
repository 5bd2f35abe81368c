#pragma once

// Private to the service: turns an outbox row into the message that is sent, on the mailer
// thread, from the row's payload and the meeting as it is now (the feeds' view of it).

#include <stdexcept>
#include <string>

#include "traffpunkt/config/settings.hpp"
#include "traffpunkt/domain/time.hpp"
#include "traffpunkt/store/mail_outbox_repository.hpp"

namespace traffpunkt::store {
class database;
}

namespace traffpunkt::service {

/** A mail that cannot be made (its meeting is gone, its address is not valid): it fails. */
class mail_render_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/**
 * Renders outbox rows: the text (mail_text), the iTIP part for registration and meeting mails
 * (server/ical: same UID and SEQUENCE as the feeds, a DTSTAMP later than the last one sent to
 * the person about the meeting) and the MIME message (server/mail).
 */
class mail_renderer {
  public:
    explicit mail_renderer(const config::settings& settings);

    /** The message of one row, ready to send. */
    struct rendered {
        std::string subject;
        std::string message;   ///< RFC 5322 bytes
        domain::instant at{};  ///< its Date and DTSTAMP
    };

    /** Renders `row` at `now`, reading the meeting from `db`. Throws mail_render_error. */
    rendered render(store::database& db, const store::outbox_mail& row, domain::instant now) const;

    /** `{public_base_url}/#/me?token=...`: a personal link. */
    std::string personal_link(const std::string& token) const;

  private:
    std::string base_url_;  ///< public_base_url without a trailing slash
    std::string uid_host_;
    std::string public_base_url_;
    std::string from_;
    std::string from_name_;
};

}  // namespace traffpunkt::service
