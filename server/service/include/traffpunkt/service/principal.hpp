#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace traffpunkt::service {

/** Who is calling. Facilitation is per meeting and checked when a meeting op runs. */
struct principal {
    /**
     * `audience`: a device that joined a meeting through its poll link; it may only read and
     * vote in that meeting's link polls.
     */
    enum class role { anonymous, participant, coordinator, audience };
    role who = role::anonymous;
    std::int64_t token_id = 0;
    std::optional<std::int64_t> person_id;  ///< set for participants (and facilitators)
    std::string name;                       ///< token name or person name, for logs and audit

    std::optional<std::int64_t> audience_meeting;  ///< set for audience devices

    bool is_coordinator() const { return who == role::coordinator; }
    bool is_person() const { return person_id.has_value(); }
    /** Key under which idem keys are remembered: one person's devices share their keys. */
    std::string idem_scope() const;
};

}  // namespace traffpunkt::service
