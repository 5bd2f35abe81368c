// Who may see which meeting and who takes part in it (staff, registered participants, audience
// devices), a meeting as its room holds it, and running a call on its room: shared by every
// feature that answers about a meeting (meetings/, registrations/, polls/, questions/, ...).

#include <spdlog/spdlog.h>

#include <boost/asio/post.hpp>

#include "application_impl.hpp"
#include "parse_fields.hpp"
#include "traffpunkt/protocol/topics.hpp"
#include "traffpunkt/store/audience_repository.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/registration_repository.hpp"
#include "traffpunkt/store/store_error.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "views.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

bool application::impl::is_facilitator(const principal& p, std::int64_t meeting_id) {
    if (!p.person_id) {
        return false;
    }
    const auto ids =
        reads->with([&](store::database& db) { return store::facilitators_of(db, meeting_id); });
    return std::find(ids.begin(), ids.end(), *p.person_id) != ids.end();
}

bool application::impl::may_see_private(const principal& p, const domain::meeting& m) {
    return p.is_coordinator() || is_facilitator(p, m.meeting_id);
}

domain::meeting application::impl::visible_meeting(const call& c, std::int64_t meeting_id) {
    auto m = reads->with([&](store::database& db) { return store::find_meeting(db, meeting_id); });
    // A draft is "not found" for those who may not see it: its existence is not public either.
    if (!m || (m->status == domain::meeting_status::draft && !may_see_private(c.who(), *m))) {
        throw_not_found("no meeting " + std::to_string(meeting_id));
    }
    return *m;
}

domain::meeting& application::impl::room_meeting(room& r, std::int64_t meeting_id) {
    if (!r.meeting) {
        r.meeting =
            reads->with([&](store::database& db) { return store::find_meeting(db, meeting_id); });
        if (!r.meeting) {
            throw_not_found("no meeting " + std::to_string(meeting_id));
        }
    }
    return *r.meeting;
}

void application::impl::publish_meeting(std::string_view ev, const domain::meeting& m) {
    calendars.invalidate(m);  // every committed meeting change passes here, creation included
    const auto full = json::value(json::object{{"meeting", to_json(m, true)}});
    const auto pub = json::value(json::object{{"meeting", to_json(m, false)}});
    events.publish(protocol::topics::staff(m.network_id), ev, full);
    events.publish(protocol::topics::meeting(m.meeting_id), ev, pub);
    if (m.status != domain::meeting_status::draft) {
        events.publish(protocol::topics::network(m.network_id), ev, pub);
    }
}

// Who takes part in a meeting's polls and questions, and running a call on its room.

bool application::impl::is_poll_staff(const principal& p, std::int64_t meeting_id) {
    return p.is_coordinator() || is_facilitator(p, meeting_id);
}

void application::impl::require_device_not_revoked(const principal& p) {
    if (p.who != principal::role::audience) {
        return;
    }
    const bool revoked = reads->with(
        [&](store::database& db) { return store::is_audience_token_revoked(db, p.token_id); });
    if (revoked) {
        throw protocol_error(errc::unauthorized,
                             "this device was revoked; join again through the meeting's poll "
                             "link");
    }
}

bool application::impl::may_take_part(const principal& p, std::int64_t meeting_id) {
    if (p.who == principal::role::audience) {
        require_device_not_revoked(p);
        return p.audience_meeting == meeting_id;
    }
    if (is_poll_staff(p, meeting_id)) {
        return true;
    }
    if (!p.person_id) {
        return false;
    }
    auto reg = reads->with([&](store::database& db) {
        return store::find_active_registration(db, meeting_id, *p.person_id);
    });
    return reg && reg->status == domain::registration_status::confirmed;
}

void application::impl::on_poll_room(const call& c, std::int64_t meeting_id,
                                     std::function<void(room&)> fn) {
    auto r = rooms.get(meeting_id);
    boost::asio::post(r->strand, [this, c, r, fn = std::move(fn)] {
        try {
            fn(*r);
        } catch (const protocol_error& e) {
            complete_error(c, e.err());
        } catch (const store::store_error& e) {
            spdlog::error("store error in {}: {}", c.req.op, e.what());
            complete_error(c, {errc::unavailable, "the database is not available right now", {}});
        } catch (const std::exception& e) {
            spdlog::error("internal error in {}: {}", c.req.op, e.what());
            complete_error(c, {errc::internal, "internal error", {}});
        }
    });
}

}  // namespace traffpunkt::service
