#pragma once

// Private to the service: the writing side of the transactional outbox. Every function runs on
// the writer thread inside the transaction of the change that causes the mail, so a committed
// change has its mails and a rolled-back one has none (PROTOCOL.md "Mail").

#include <map>
#include <string>
#include <string_view>

#include <boost/json/object.hpp>

#include "mail/mail_kind.hpp"
#include "traffpunkt/config/settings.hpp"
#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/domain/network.hpp"
#include "traffpunkt/domain/registration.hpp"
#include "traffpunkt/store/mail_outbox_repository.hpp"

namespace traffpunkt::store {
class database;
}

namespace traffpunkt::service {

struct registration_batch;

/**
 * Queues mails: decides who gets which mail about a change, writes the outbox rows with a
 * Message-ID of their own, and drops the queued mails a new one supersedes. Holds no state but
 * configuration; safe to call from the writer thread while the mailer reads.
 */
class mail_outbox {
  public:
    explicit mail_outbox(const config::settings& settings);

    /** The stored registrations a batch is about to change (read before it is written). */
    using registrations_before = std::map<domain::id, domain::registration>;

    /** Reads what the batch's rows were before the batch is written. */
    registrations_before before(store::database& db, const registration_batch& b) const;

    /**
     * After the batch's rows are stored: a mail per registration whose status or mode changed
     * (confirmed, waitlisted with its position, promoted, cancelled); a new self-registered
     * person's confirmation carries their personal link.
     */
    void registrations_stored(store::database& db, const registration_batch& b,
                              const registrations_before& before) const;

    /**
     * A published meeting changed: everyone registered (confirmed or waitlisted) for whom the
     * change matters (time and format: all; venue and address: in person; online link: remote)
     * gets `meeting_changed`, which supersedes their older queued one.
     */
    void meeting_changed(store::database& db, const domain::meeting& before,
                         const domain::meeting& after) const;

    /** The meeting was cancelled: everyone registered gets `meeting_cancelled`. */
    void meeting_cancelled(store::database& db, const domain::meeting& m) const;

    /**
     * A personal-link mail carrying `token` (the plaintext, kept in the row until it is sent).
     * `reason`: created, requested (send_link) or coordinator (resend_link).
     */
    domain::id personal_link(store::database& db, const domain::person& p, const std::string& token,
                             std::string_view reason) const;

    /**
     * Issues a new personal token for `p` (older ones stay valid) and queues the mail with it.
     */
    domain::id new_personal_link(store::database& db, const domain::person& p,
                                 std::string_view reason) const;

    /**
     * The reminder of a confirmed registration, once per registration and start time (its
     * dedupe key); 0 when it was made before.
     */
    domain::id reminder(store::database& db, const domain::registration& r, const domain::person& p,
                        const domain::meeting& m) const;

    /**
     * A new mail like `original`, to the person's current address, with a new Message-ID (it is
     * a new message); a personal link gets a new token. Returns the new row's id.
     */
    domain::id resend(store::database& db, const store::outbox_mail& original) const;

  private:
    domain::id queue(store::database& db, mail_kind kind, const domain::person& to,
                     std::optional<domain::id> registration_id,
                     std::optional<domain::id> meeting_id, const boost::json::object& payload,
                     std::optional<std::string> dedupe_key = {},
                     std::optional<domain::id> resend_of = {}) const;

    std::string message_domain_;  ///< the right side of every Message-ID: mail.from's domain
};

/** True when a row's payload holds a personal token (blanked once the mail is sent). */
bool payload_has_token(std::string_view payload);

/** The payload without its personal token, for the row once the mail is sent or failed. */
std::string payload_without_token(std::string_view payload);

/** The dedupe key of the reminder of registration `r` for a meeting starting at `starts_at`. */
std::string reminder_key(domain::id registration_id, domain::instant starts_at);

}  // namespace traffpunkt::service
