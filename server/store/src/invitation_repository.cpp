#include "traffpunkt/store/invitation_repository.hpp"

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

namespace {

invitation_record read_invitation(const statement& st) {
    invitation_record r;
    r.invitation_id = st.int64(0);
    r.organisation_id = st.int64(1);
    r.created_at = detail::instant_column(st, 2);
    r.revoked_at = detail::opt_instant_column(st, 3);
    return r;
}

}  // namespace

domain::id insert_invitation(database& db, domain::id organisation_id, std::string_view code_hash,
                             domain::instant now) {
    db.cached("INSERT INTO invitations (organisation_id, code_hash, created_at) VALUES (?, ?, ?)")
        .bind_all(organisation_id, code_hash, detail::to_unix(now))
        .exec();
    return db.last_insert_rowid();
}

std::optional<invitation_record> find_active_invitation(database& db, std::string_view code_hash) {
    auto& st = db.cached(
        "SELECT invitation_id, organisation_id, created_at, revoked_at FROM invitations "
        "WHERE code_hash = ? AND revoked_at IS NULL");
    st.bind_all(code_hash);
    return detail::single_row(st, read_invitation);
}

std::optional<invitation_record> active_invitation_of(database& db, domain::id organisation_id) {
    auto& st = db.cached(
        "SELECT invitation_id, organisation_id, created_at, revoked_at FROM invitations "
        "WHERE organisation_id = ? AND revoked_at IS NULL");
    st.bind_all(organisation_id);
    return detail::single_row(st, read_invitation);
}

bool revoke_invitation_of(database& db, domain::id organisation_id, domain::instant now) {
    db.cached(
          "UPDATE invitations SET revoked_at = ? WHERE organisation_id = ? AND revoked_at IS NULL")
        .bind_all(detail::to_unix(now), organisation_id)
        .exec();
    return db.changes() > 0;
}

}  // namespace traffpunkt::store
