#pragma once

// Private to the service: what one registration command decided on its meeting room's strand,
// handed to the writer and, after the commit, to the hub.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <boost/json/value.hpp>

#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/domain/network.hpp"
#include "traffpunkt/domain/registration.hpp"
#include "traffpunkt/domain/registration_policy.hpp"

namespace traffpunkt::store {
class database;
}

namespace traffpunkt::service {

class mail_outbox;

/**
 * Registration changes of one command: the rows to store, the registration the command answers
 * with, the events each person gets, and the meeting's counts after the change. Built on the
 * room's strand; `store_registration_batch` runs on the writer thread and fills `events`.
 */
struct registration_batch {
    /** One registration to store, and the event its person gets (empty: none). */
    struct row {
        domain::registration registration;
        bool insert = false;
        int waitlist_position = 0;  ///< 1-based, 0 when not waitlisted
        std::string event;          ///< registration.updated, .promoted or .cancelled
    };

    /** An event to publish after the commit. */
    struct event {
        std::string topic;
        std::string ev;
        boost::json::value data;
        std::uint64_t coalesce_key = 0;  ///< see hub::publish
    };

    domain::meeting meeting;  ///< as the room saw it when deciding
    /** Self-registration: the new person, stored first; rows with person_id 0 are theirs. */
    std::optional<domain::person> new_person;
    std::string token;  ///< the new person's token, in the answer once
    std::vector<row> rows;
    /** The registration the command answers with, and its place in line. */
    domain::registration answer;
    int answer_position = 0;
    /** registration.create says whether it made a new registration. */
    std::optional<bool> created;
    /** The meeting's counts after the change. */
    domain::registration_counts counts;
    /** False when nothing is stored (registering twice returns the existing registration). */
    bool changed = true;
    /** Filled by the write: person events first, then the meeting's counts. */
    std::vector<event> events;
    /** Queues the mails the stored changes cause, in the same transaction (mail_outbox.hpp). */
    const mail_outbox* mail = nullptr;
};

/**
 * Stores `batch` (new person and token first, then the rows) and returns the command's result:
 * `{registration, created?, token?}`. Throws protocol_error `conflict` when a self-registering
 * person's e-mail address became known meanwhile.
 */
boost::json::value store_registration_batch(store::database& db, registration_batch& batch);

}  // namespace traffpunkt::service
