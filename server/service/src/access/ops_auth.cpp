// auth: swaps the connection's identity for the one a bearer token names.

#include <spdlog/spdlog.h>

#include "application_impl.hpp"
#include "traffpunkt/log/log_throttle.hpp"
#include "traffpunkt/protocol/ops.hpp"
#include "traffpunkt/store/meeting_repository.hpp"
#include "traffpunkt/store/person_repository.hpp"
#include "views.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

void application::impl::op_auth(const call& c) {
    const auto args = protocol::decode_auth(c.req.args);
    auto resolved = resolve_token(args.token);
    if (!resolved) {
        // Logged once per address per 10 s, then counted (a token-guessing client cannot fill
        // the log); the count follows as one line.
        static log::log_throttle failed_auth("failed auth attempts");
        if (failed_auth.note(c.conn->remote)) {
            spdlog::warn("auth failed from {}: unknown or revoked token", c.conn->remote);
        }
        throw protocol_error(protocol::error{errc::unauthorized, "unknown or revoked token", {}});
    }
    const principal p = *resolved;

    // Subscriptions were authorised for the old identity; the client subscribes again.
    const auto sink = c.conn->sink.lock();
    for (const auto& t : c.conn->take_topics()) {
        if (sink) {
            events.unsubscribe(t, sink.get());
        }
    }
    c.conn->set_principal(p);

    json::object result;
    result["role"] = p.is_coordinator()                   ? "coordinator"
                     : p.who == principal::role::audience ? "audience"
                                                          : "participant";
    result["name"] = p.name;
    json::array facilitates;
    if (p.person_id) {
        auto [person, meetings] = reads->with([&](store::database& db) {
            return std::make_pair(store::find_person(db, *p.person_id),
                                  store::meetings_facilitated_by(db, *p.person_id));
        });
        result["person"] = person ? json::value(to_json(*person, true)) : json::value(nullptr);
        for (auto id : meetings) {
            facilitates.push_back(id);
        }
    } else {
        result["person"] = nullptr;
    }
    result["facilitates"] = std::move(facilitates);
    if (p.audience_meeting) {
        result["meeting_id"] = *p.audience_meeting;
    }
    c.ok(result);
}

}  // namespace traffpunkt::service
