#include "traffpunkt/store/idempotency_repository.hpp"

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

std::optional<idem_record> find_idem(database& db, std::string_view principal,
                                     std::string_view key) {
    auto& st =
        db.cached("SELECT op, response FROM idempotency WHERE principal = ? AND idem_key = ?");
    st.bind_all(principal, key);
    return detail::single_row(st, [](const statement& row) {
        return idem_record{row.text(0), row.text(1)};
    });
}

void insert_idem(database& db, std::string_view principal, std::string_view key,
                 std::string_view op, std::string_view response, domain::instant now) {
    db.cached(
          "INSERT INTO idempotency (principal, idem_key, op, response, created_at) "
          "VALUES (?, ?, ?, ?, ?)")
        .bind_all(principal, key, op, response, detail::to_unix(now))
        .exec();
}

int delete_idem_before(database& db, domain::instant cutoff) {
    db.cached("DELETE FROM idempotency WHERE created_at < ?")
        .bind_all(detail::to_unix(cutoff))
        .exec();
    return db.changes();
}

}  // namespace traffpunkt::store
