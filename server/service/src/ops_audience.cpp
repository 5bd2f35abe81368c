// The meeting's poll link: facilitators hand out one code (a QR code on the projector); a device
// that joins with it gets an audience token for that meeting's link polls, one ballot per token.

#include <boost/json/serialize.hpp>

#include "application_impl.hpp"
#include "identity.hpp"
#include "parse_fields.hpp"
#include "poll_shared.hpp"
#include "traffpunkt/protocol/ops.hpp"
#include "traffpunkt/store/poll_repository.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

namespace {

/** Most audience devices one meeting hands tokens to: a hall, not the internet. */
constexpr std::int64_t audience_tokens_max = 20'000;

}  // namespace

std::optional<principal> application::impl::resolve_audience_token(const std::string& hash) {
    auto rec =
        reads->with([&](store::database& db) { return store::find_audience_token(db, hash); });
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

void application::impl::op_poll_link(const call& c) {
    const auto a = protocol::decode_poll_link(c.req.args);
    const auto m = visible_meeting(c, a.meeting_id);
    if (!is_poll_staff(c.who(), m.meeting_id)) {
        throw_forbidden("only coordinators and the meeting's facilitators manage the poll link");
    }
    const auto existing =
        reads->with([&](store::database& db) { return store::poll_link_of(db, m.meeting_id); });
    const auto url = [this](const std::string& code) {
        return settings.public_base_url + "/?join=" + code;
    };
    if (existing && !a.rotate) {
        c.ok(json::object{
            {"meeting_id", m.meeting_id}, {"code", *existing}, {"url", url(*existing)}});
        return;
    }
    // 16 random bytes, URL-safe: short enough for a QR code, far too many to guess.
    const std::string code = generate_token().substr(0, 22);
    const auto meeting_id = m.meeting_id;
    mutate(c, meeting_id, [meeting_id, code, url] {
        return write_plan{
            [meeting_id, code, url](store::database& db) -> json::value {
                store::set_poll_link(db, meeting_id, code, unix_now());
                return json::object{{"meeting_id", meeting_id}, {"code", code}, {"url", url(code)}};
            },
            {},
            {},
            {}};
    });
}

void application::impl::op_audience_join(const call& c) {
    const auto a = protocol::decode_audience_join(c.req.args);
    const auto meeting_id =
        reads->with([&](store::database& db) { return store::find_poll_link(db, a.code); });
    if (!meeting_id) {
        throw protocol_error(errc::invalid_invitation,
                             "this poll link is unknown or was replaced; ask the facilitator "
                             "for the current one");
    }
    const std::string token = generate_token();
    const auto id = *meeting_id;
    mutate(c, id, [id, token] {
        return write_plan{
            [id, token](store::database& db) -> json::value {
                if (store::count_audience_tokens(db, id) >= audience_tokens_max) {
                    throw protocol_error(errc::conflict,
                                         "this meeting's poll link has reached its limit of "
                                         "devices");
                }
                const auto token_id =
                    store::insert_audience_token(db, hash_token(token), id, unix_now());
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

}  // namespace traffpunkt::service
