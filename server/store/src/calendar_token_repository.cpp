#include "traffpunkt/store/calendar_token_repository.hpp"

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

std::optional<calendar_token_record> find_calendar_token(database& db, domain::id person_id) {
    auto& st = db.cached(
        "SELECT person_id, generation, token_hash FROM calendar_tokens WHERE person_id = ?");
    st.bind_all(person_id);
    return detail::single_row(st, [](const statement& row) {
        return calendar_token_record{row.int64(0), row.int64(1), row.text(2)};
    });
}

std::optional<domain::id> calendar_token_person(database& db, std::string_view token_hash) {
    auto& st = db.cached("SELECT person_id FROM calendar_tokens WHERE token_hash = ?");
    st.bind_all(token_hash);
    return detail::single_row(st, [](const statement& row) { return row.int64(0); });
}

void put_calendar_token(database& db, domain::id person_id, std::int64_t generation,
                        std::string_view token_hash, domain::instant now) {
    db.cached(
          "INSERT INTO calendar_tokens (person_id, generation, token_hash, created_at) "
          "VALUES (?, ?, ?, ?) ON CONFLICT (person_id) DO UPDATE SET "
          "generation = excluded.generation, token_hash = excluded.token_hash, "
          "created_at = excluded.created_at")
        .bind_all(person_id, generation, token_hash, detail::to_unix(now))
        .exec();
}

bool delete_calendar_token(database& db, domain::id person_id) {
    db.cached("DELETE FROM calendar_tokens WHERE person_id = ?").bind_all(person_id).exec();
    return db.changes() > 0;
}

}  // namespace traffpunkt::store
