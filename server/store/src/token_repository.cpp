#include "traffpunkt/store/token_repository.hpp"

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

namespace {

token_record read_token(const statement& st) {
    token_record t;
    t.token_id = st.int64(0);
    t.role = st.text(1);
    t.person_id = st.opt_int64(2);
    t.name = st.text(3);
    t.created_at = detail::instant_column(st, 4);
    t.revoked_at = detail::opt_instant_column(st, 5);
    return t;
}

}  // namespace

domain::id insert_token(database& db, std::string_view token_hash, std::string_view role,
                        std::optional<domain::id> person_id, std::string_view name,
                        domain::instant now) {
    db.cached(
          "INSERT INTO tokens (token_hash, role, person_id, name, created_at) "
          "VALUES (?, ?, ?, ?, ?)")
        .bind_all(token_hash, role, person_id, name, detail::to_unix(now))
        .exec();
    return db.last_insert_rowid();
}

std::optional<token_record> find_active_token(database& db, std::string_view token_hash) {
    auto& st = db.cached(
        "SELECT token_id, role, person_id, name, created_at, revoked_at FROM tokens "
        "WHERE token_hash = ? AND revoked_at IS NULL");
    st.bind_all(token_hash);
    return detail::single_row(st, read_token);
}

std::vector<token_record> list_tokens(database& db) {
    auto& st = db.cached(
        "SELECT token_id, role, person_id, name, created_at, revoked_at FROM tokens "
        "ORDER BY token_id");
    return detail::all_rows(st, read_token);
}

bool revoke_token(database& db, domain::id token_id, domain::instant now) {
    db.cached("UPDATE tokens SET revoked_at = ? WHERE token_id = ? AND revoked_at IS NULL")
        .bind_all(detail::to_unix(now), token_id)
        .exec();
    return db.changes() > 0;
}

bool revoke_token_by_hash(database& db, std::string_view token_hash, domain::instant now) {
    db.cached("UPDATE tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL")
        .bind_all(detail::to_unix(now), token_hash)
        .exec();
    return db.changes() > 0;
}

int revoke_person_tokens(database& db, domain::id person_id, domain::instant now) {
    db.cached(
          "UPDATE tokens SET revoked_at = ? "
          "WHERE person_id = ? AND role = 'participant' AND revoked_at IS NULL")
        .bind_all(detail::to_unix(now), person_id)
        .exec();
    return db.changes();
}

std::unordered_map<domain::id, domain::instant> person_link_times(database& db) {
    auto& st = db.cached(
        "SELECT person_id, MAX(created_at) FROM tokens "
        "WHERE role = 'participant' AND revoked_at IS NULL AND person_id IS NOT NULL "
        "GROUP BY person_id");
    std::unordered_map<domain::id, domain::instant> out;
    while (st.step()) {
        out.emplace(st.int64(0), detail::instant_column(st, 1));
    }
    st.reset();
    return out;
}

}  // namespace traffpunkt::store
