#pragma once

// Meetings (PROTOCOL.md "Ops": meeting.*): list, read, create, update, publish, cancel, and the
// meeting's facilitators. One feature in one folder, like minutes/: a meeting's changes are
// decided on its room's strand and stored through `application::impl`. Who may see which
// meeting, and the meeting a room holds, are shared by every feature (meeting_access.cpp).

#include <cstdint>
#include <string>

#include "call.hpp"
#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/service/application.hpp"

namespace traffpunkt::service {

class meeting_feature {
  public:
    explicit meeting_feature(application::impl& app);

    void op_list(const call& c);
    void op_get(const call& c);
    void op_create(const call& c);
    void op_update(const call& c);
    void op_publish(const call& c);
    void op_cancel(const call& c);
    void op_add_facilitator(const call& c);
    void op_remove_facilitator(const call& c);

  private:
    application::impl& app_;

    /** publish / cancel: a status transition on the meeting's room, event `ev` after it. */
    void transition(const call& c, std::int64_t meeting_id, domain::check (*step)(domain::meeting&),
                    std::string ev);
    void facilitator_change(const call& c, std::int64_t meeting_id, std::int64_t person_id,
                            bool add);
};

}  // namespace traffpunkt::service
