#include "traffpunkt/store/revocation_repository.hpp"

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

std::vector<revocation> revocations_after(database& db, std::int64_t seq, int limit) {
    auto& st = db.cached(
        "SELECT seq, kind, token_id FROM token_revocations WHERE seq > ? ORDER BY seq LIMIT ?");
    st.bind_all(seq, limit);
    return detail::all_rows(st, [](const statement& row) {
        return revocation{row.int64(0), row.text(1), row.int64(2)};
    });
}

std::int64_t last_revocation_seq(database& db) {
    auto& st = db.cached("SELECT COALESCE(MAX(seq), 0) FROM token_revocations");
    return detail::single_row(st, [](const statement& row) { return row.int64(0); }).value_or(0);
}

int prune_revocations_before(database& db, domain::instant cutoff) {
    db.cached("DELETE FROM token_revocations WHERE revoked_at < ?")
        .bind_all(detail::to_unix(cutoff))
        .exec();
    return db.changes();
}

bool account_token_active(database& db, domain::id token_id) {
    auto& st = db.cached("SELECT 1 FROM tokens WHERE token_id = ? AND revoked_at IS NULL");
    st.bind_all(token_id);
    return detail::single_row(st, [](const statement&) { return true; }).value_or(false);
}

bool audience_token_active(database& db, domain::id token_id) {
    auto& st =
        db.cached("SELECT 1 FROM audience_tokens WHERE token_id = ? AND revoked_at IS NULL");
    st.bind_all(token_id);
    return detail::single_row(st, [](const statement&) { return true; }).value_or(false);
}

}  // namespace traffpunkt::store
