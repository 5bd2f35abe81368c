// The meeting's poll link: facilitators hand out one code (a QR code on the projector); a device
// that joins with it gets an audience token for that meeting's link polls, one ballot per token.
//
// One client with the link must not stuff ballots or lock the room out (issue 16): joins are
// limited per source address (join_limiter), only live devices count against the meeting's
// limit (audience_repository.hpp says what live is), rotating the link revokes the devices that
// never voted, and facilitators list and revoke devices. A revoked device is a fact in the store
// (audience_tokens.revoked_at): its token no longer resolves, and its open connection's poll
// requests answer `unauthorized` (require_device_not_revoked).

#include <boost/json/serialize.hpp>

#include "application_impl.hpp"
#include "polls/poll_feature.hpp"
#include "identity.hpp"
#include "parse_fields.hpp"
#include "polls/poll_shared.hpp"
#include "traffpunkt/domain/time.hpp"
#include "traffpunkt/protocol/ops.hpp"
#include "traffpunkt/store/audience_repository.hpp"
#include "traffpunkt/store/poll_repository.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

namespace {

std::string format_unix(std::int64_t t) {
    return domain::format_instant(domain::instant{std::chrono::seconds{t}});
}

}  // namespace

std::optional<principal> poll_feature::resolve_audience_token(const std::string& hash) {
    auto rec =
        app_.reads->with([&](store::database& db) { return store::find_audience_token(db, hash); });
    if (!rec) {
        return std::nullopt;
    }
    principal p;
    p.who = principal::role::audience;
    p.token_id = rec->token_id;
    p.audience_meeting = rec->meeting_id;
    p.name = "audience device " + std::to_string(rec->token_id);
    return p;
}

void poll_feature::op_poll_link(const call& c) {
    const auto a = protocol::decode_poll_link(c.req.args);
    const auto m = app_.visible_meeting(c, a.meeting_id);
    if (!app_.is_poll_staff(c.who(), m.meeting_id)) {
        throw_forbidden("only coordinators and the meeting's facilitators manage the poll link");
    }
    const auto existing =
        app_.reads->with([&](store::database& db) { return store::poll_link_of(db, m.meeting_id); });
    const auto url = [this](const std::string& code) {
        return app_.settings.public_base_url + "/?join=" + code;
    };
    if (existing && !a.rotate) {
        c.ok(json::object{{"meeting_id", m.meeting_id},
                          {"code", *existing},
                          {"url", url(*existing)},
                          {"revoked_devices", 0}});
        return;
    }
    // 16 random bytes, URL-safe: short enough for a QR code, far too many to guess.
    const std::string code = generate_token().substr(0, 22);
    const auto meeting_id = m.meeting_id;
    const bool rotate = existing.has_value();
    app_.mutate(c, meeting_id, [meeting_id, code, url, rotate] {
        return write_plan{
            [meeting_id, code, url, rotate](store::database& db) -> json::value {
                const auto t = unix_now();
                store::set_poll_link(db, meeting_id, code, t);
                // A leaked link's devices that never voted go with it (they free the meeting's
                // limit at once); devices that voted keep their token and their ballots.
                const std::int64_t revoked =
                    rotate ? store::revoke_meeting_audience_tokens(db, meeting_id, t, true) : 0;
                return json::object{{"meeting_id", meeting_id},
                                    {"code", code},
                                    {"url", url(code)},
                                    {"revoked_devices", revoked}};
            },
            {},
            {},
            {}};
    });
}

void poll_feature::op_audience_join(const call& c) {
    const auto a = protocol::decode_audience_join(c.req.args);
    // Before anything else, valid code or not: guessing codes is a join like any other.
    if (const auto wait = audience_joins.take(source_key(c.conn->remote))) {
        const auto seconds = (wait->count() + 999) / 1000;
        throw_rate_limited("too many devices joined from this address; try again in " +
                               std::to_string(seconds) + " s",
                           *wait);
    }
    const auto meeting_id =
        app_.reads->with([&](store::database& db) { return store::find_poll_link(db, a.code); });
    if (!meeting_id) {
        throw protocol_error(errc::invalid_invitation,
                             "this poll link is unknown or was replaced; ask the facilitator "
                             "for the current one");
    }
    const std::string token = generate_token();
    const auto id = *meeting_id;
    const auto max_devices = static_cast<std::int64_t>(app_.settings.audience.max_devices);
    const std::int64_t unused_s = app_.settings.audience.unused_device_s;
    app_.mutate(c, id, [id, token, max_devices, unused_s] {
        return write_plan{
            [id, token, max_devices, unused_s](store::database& db) -> json::value {
                const auto t = unix_now();
                // Devices that never voted and whose time ran out no longer hold a place.
                store::settle_audience_tokens(db, id, t - unused_s);
                if (store::count_live_audience_tokens(db, id) >= max_devices) {
                    throw protocol_error(errc::conflict,
                                         "this meeting has " + std::to_string(max_devices) +
                                             " live devices, its limit; a facilitator can "
                                             "revoke devices or rotate the poll link");
                }
                const auto token_id = store::insert_audience_token(db, hash_token(token), id, t);
                return json::object{{"token", token}, {"meeting_id", id}, {"token_id", token_id}};
            },
            {},
            {},
            // A retry must not get the plaintext token again from the database.
            [](const json::value& result) -> json::value {
                return json::object{{"meeting_id", result.as_object().at("meeting_id")},
                                    {"token", nullptr}};
            }};
    });
}

void poll_feature::op_audience_list(const call& c) {
    const auto a = protocol::decode_audience_list(c.req.args);
    const auto m = app_.visible_meeting(c, a.meeting_id);
    if (!app_.is_poll_staff(c.who(), m.meeting_id)) {
        throw_forbidden("only coordinators and the meeting's facilitators see its devices");
    }
    const auto t = unix_now();
    const auto live_since = t - app_.settings.audience.unused_device_s;
    c.ok(app_.reads->with([&](store::database& db) {
        const auto devices = store::list_audience_devices(db, m.meeting_id, a.after, a.limit);
        const auto counts = store::count_audience_devices(db, m.meeting_id, live_since);
        json::array out;
        for (const auto& d : devices) {
            out.push_back(json::object{
                {"token_id", d.token_id},
                {"joined_at", format_unix(d.joined_at)},
                {"voted", d.voted},
                {"live", !d.revoked_at && (d.voted || d.joined_at > live_since)},
                {"revoked_at", d.revoked_at ? json::value(format_unix(*d.revoked_at)) : nullptr}});
        }
        const bool more = static_cast<std::int64_t>(devices.size()) == a.limit;
        return json::object{{"meeting_id", m.meeting_id},
                            {"devices", std::move(out)},
                            {"next_after", more ? json::value(devices.back().token_id) : nullptr},
                            {"counts",
                             {{"joined", counts.joined},
                              {"live", counts.live},
                              {"voted", counts.voted},
                              {"revoked", counts.revoked}}},
                            {"max_devices", app_.settings.audience.max_devices}};
    }));
}

void poll_feature::op_audience_revoke(const call& c) {
    const auto a = protocol::decode_audience_revoke(c.req.args);
    const auto m = app_.visible_meeting(c, a.meeting_id);
    if (!app_.is_poll_staff(c.who(), m.meeting_id)) {
        throw_forbidden("only coordinators and the meeting's facilitators revoke its devices");
    }
    app_.mutate(c, m.meeting_id, [a] {
        return write_plan{[a](store::database& db) -> json::value {
                              const auto t = unix_now();
                              json::object result{{"meeting_id", a.meeting_id}};
                              if (a.all) {
                                  result["revoked"] = store::revoke_meeting_audience_tokens(
                                      db, a.meeting_id, t, false);
                                  return result;
                              }
                              const auto ids =
                                  store::revoke_audience_tokens(db, a.meeting_id, a.token_ids, t);
                              result["revoked"] = static_cast<std::int64_t>(ids.size());
                              result["token_ids"] = json::array(ids.begin(), ids.end());
                              return result;
                          },
                          {},
                          {},
                          {}};
    });
}

}  // namespace traffpunkt::service
