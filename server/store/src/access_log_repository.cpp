#include "traffpunkt/store/access_log_repository.hpp"

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

domain::id insert_access(database& db, const access_entry& e) {
    db.cached(
          "INSERT INTO access_log (at, actor, actor_person_id, actor_token_id, action, "
          "subject_person_id, meeting_id, remote, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(detail::to_unix(e.at), e.actor, e.actor_person_id, e.actor_token_id, e.action,
                  e.subject_person_id, e.meeting_id, e.remote, e.details)
        .exec();
    return db.last_insert_rowid();
}

std::vector<access_entry> list_access(database& db, domain::id before, int limit,
                                      std::optional<domain::id> subject_person_id) {
    auto& st = db.cached(
        "SELECT entry_id, at, actor, actor_person_id, actor_token_id, action, subject_person_id, "
        "meeting_id, remote, details FROM access_log WHERE (? = 0 OR entry_id < ?) AND "
        "(? IS NULL OR subject_person_id = ?) ORDER BY entry_id DESC LIMIT ?");
    st.bind_all(before, before, subject_person_id, subject_person_id, limit);
    return detail::all_rows(st, [](const statement& row) {
        access_entry e;
        e.entry_id = row.int64(0);
        e.at = detail::instant_column(row, 1);
        e.actor = row.text(2);
        e.actor_person_id = row.opt_int64(3);
        e.actor_token_id = row.opt_int64(4);
        e.action = row.text(5);
        e.subject_person_id = row.opt_int64(6);
        e.meeting_id = row.opt_int64(7);
        e.remote = row.text(8);
        e.details = row.text(9);
        return e;
    });
}

int prune_access_before(database& db, domain::instant cutoff) {
    db.cached("DELETE FROM access_log WHERE at < ?").bind_all(detail::to_unix(cutoff)).exec();
    return db.changes();
}

}  // namespace traffpunkt::store
