// Invitations: the per-organisation code people self-register with (org.invitation.create,
// .rotate, .revoke). A code is 256 random bits like a token, shown once and stored hashed, so
// nobody can claim a municipality they were not invited for; rotating makes the old code fail
// with `invalid_invitation`.

#include "application_impl.hpp"
#include "clock.hpp"
#include "identity.hpp"
#include "network/network_feature.hpp"
#include "parse_fields.hpp"
#include "traffpunkt/protocol/ops.hpp"
#include "traffpunkt/protocol/views.hpp"
#include "traffpunkt/store/invitation_repository.hpp"
#include "traffpunkt/store/organisation_repository.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using protocol::errc;
using protocol::protocol_error;

namespace {

void require_organisation(store::database& db, domain::id organisation_id) {
    if (!store::find_organisation(db, organisation_id)) {
        throw_not_found("no organisation " + std::to_string(organisation_id));
    }
}

}  // namespace

void network_feature::invitation_op(const call& c, bool rotate) {
    app_.require_coordinator(c);
    const auto a = protocol::decode_org_invitation(c.req.args);
    // The control room: invitations are not tied to a meeting.
    app_.mutate(c, 0, [a, rotate] {
        const std::string code = generate_token();
        write_plan plan;
        plan.write = [a, rotate, code](store::database& db) {
            require_organisation(db, a.organisation_id);
            const auto t = now();
            if (rotate) {
                store::revoke_invitation_of(db, a.organisation_id, t);
            } else if (store::active_invitation_of(db, a.organisation_id)) {
                throw protocol_error(errc::conflict,
                                     "the organisation has a valid invitation already; rotate it "
                                     "to get a new code");
            }
            store::insert_invitation(db, a.organisation_id, hash_token(code), t);
            const protocol::invitation_view invitation{a.organisation_id,
                                                       domain::format_instant(t)};
            return json::value(
                json::object{{"invitation", protocol::to_json(invitation)}, {"code", code}});
        };
        // Only the hash is kept: a retry with the same idem gets `"code": null`.
        plan.remembered = [](const json::value& result) {
            json::object kept = result.as_object();
            kept["code"] = nullptr;
            return json::value(std::move(kept));
        };
        return plan;
    });
}

void network_feature::op_org_invitation_create(const call& c) {
    invitation_op(c, false);
}

void network_feature::op_org_invitation_rotate(const call& c) {
    invitation_op(c, true);
}

void network_feature::op_org_invitation_revoke(const call& c) {
    app_.require_coordinator(c);
    const auto a = protocol::decode_org_invitation(c.req.args);
    app_.mutate(c, 0, [a] {
        write_plan plan;
        plan.write = [a](store::database& db) {
            require_organisation(db, a.organisation_id);
            const bool revoked = store::revoke_invitation_of(db, a.organisation_id, now());
            return json::value(
                json::object{{"organisation_id", a.organisation_id}, {"revoked", revoked}});
        };
        return plan;
    });
}

}  // namespace traffpunkt::service
