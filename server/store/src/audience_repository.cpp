#include "traffpunkt/store/audience_repository.hpp"

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

void settle_audience_tokens(database& db, domain::id meeting_id, std::int64_t joined_by) {
    // The conditions are those of the partial index audience_tokens_unsettled (migration 7), so
    // the update visits only devices that are still counted and whose time ran out.
    db.cached(
          "UPDATE audience_tokens SET live = 0 WHERE meeting_id = ? AND created_at <= ? "
          "AND live = 1 AND voted = 0")
        .bind_all(meeting_id, joined_by)
        .exec();
}

std::int64_t count_live_audience_tokens(database& db, domain::id meeting_id) {
    auto& st = db.cached("SELECT live FROM audience_token_counts WHERE meeting_id = ?");
    st.bind_all(meeting_id);
    return detail::single_row(st, [](const statement& s) { return s.int64(0); }).value_or(0);
}

std::vector<domain::id> revoke_audience_tokens(database& db, domain::id meeting_id,
                                               const std::vector<domain::id>& token_ids,
                                               std::int64_t now) {
    std::vector<domain::id> revoked;
    auto& st = db.cached(
        "UPDATE audience_tokens SET revoked_at = ?, live = 0 "
        "WHERE token_id = ? AND meeting_id = ? AND revoked_at IS NULL");
    for (const auto id : token_ids) {
        st.bind_all(now, id, meeting_id).exec();
        if (db.changes() == 1) {
            revoked.push_back(id);
        }
    }
    return revoked;
}

std::int64_t revoke_meeting_audience_tokens(database& db, domain::id meeting_id, std::int64_t now,
                                            bool unvoted_only) {
    db.cached(
          "UPDATE audience_tokens SET revoked_at = ?, live = 0 "
          "WHERE meeting_id = ? AND revoked_at IS NULL AND (voted = 0 OR ? = 0)")
        .bind_all(now, meeting_id, unvoted_only ? 1 : 0)
        .exec();
    return db.changes();
}

bool is_audience_token_revoked(database& db, domain::id token_id) {
    auto& st = db.cached("SELECT revoked_at IS NOT NULL FROM audience_tokens WHERE token_id = ?");
    st.bind_all(token_id);
    return detail::single_row(st, [](const statement& s) { return s.int64(0) != 0; })
        .value_or(true);
}

std::vector<audience_device> list_audience_devices(database& db, domain::id meeting_id,
                                                   domain::id after, std::int64_t limit) {
    auto& st = db.cached(
        "SELECT token_id, created_at, voted, revoked_at FROM audience_tokens "
        "WHERE meeting_id = ? AND token_id > ? ORDER BY token_id LIMIT ?");
    st.bind_all(meeting_id, after, limit);
    return detail::all_rows(st, [](const statement& row) {
        return audience_device{row.int64(0), row.int64(1), row.int64(2) != 0, row.opt_int64(3)};
    });
}

audience_device_counts count_audience_devices(database& db, domain::id meeting_id,
                                              std::int64_t live_since) {
    auto& st = db.cached(
        "SELECT COUNT(*), "
        "COALESCE(SUM(revoked_at IS NULL AND (voted = 1 OR created_at > ?)), 0), "
        "COALESCE(SUM(voted), 0), COALESCE(SUM(revoked_at IS NOT NULL), 0) "
        "FROM audience_tokens WHERE meeting_id = ?");
    st.bind_all(live_since, meeting_id);
    return detail::single_row(
               st,
               [](const statement& s) {
                   return audience_device_counts{s.int64(0), s.int64(1), s.int64(2), s.int64(3)};
               })
        .value_or(audience_device_counts{});
}

}  // namespace traffpunkt::store
