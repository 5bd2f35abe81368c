#pragma once

// Minutes (PROTOCOL.md "Minutes"): the minutes.* ops and the minutes in a meeting's snapshot. One
// feature in one folder, like questions/: it uses the application's rooms, reads, writer and hub
// through `application::impl` and adds nothing to it but this object and its op table entries.

#include <cstdint>
#include <functional>
#include <optional>

#include <boost/json/object.hpp>

#include "call.hpp"
#include "traffpunkt/domain/meeting.hpp"
#include "traffpunkt/domain/minutes.hpp"
#include "traffpunkt/service/application.hpp"

namespace traffpunkt::store {
class database;
}

namespace traffpunkt::service {

struct room;

class minutes_feature {
  public:
    explicit minutes_feature(application::impl& app);

    void op_get(const call& c);
    void op_edit(const call& c);
    void op_submit(const call& c);
    void op_reopen(const call& c);
    void op_approve(const call& c);
    void op_history(const call& c);
    void op_version(const call& c);

    /** The minutes of `m` as the caller sees them (the text once approved, or for `staff`). */
    boost::json::object view_of(store::database& db, const domain::meeting& m,
                                const std::optional<domain::meeting_minutes>& minutes, bool staff);

  private:
    application::impl& app_;

    /** The room's minutes, loaded on first use (empty optional: none written yet). */
    std::optional<domain::meeting_minutes>& room_minutes(room& r, std::int64_t meeting_id);
    /** Decides `step` on the room's minutes and stores the new version. */
    void command(const call& c, std::int64_t meeting_id, domain::minutes_action action,
                 std::function<domain::check(domain::meeting_minutes&, domain::instant)> step);
};

}  // namespace traffpunkt::service
