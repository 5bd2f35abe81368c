#include "traffpunkt/store/organisation_repository.hpp"

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

namespace {

domain::organisation read_organisation(const statement& st) {
    domain::organisation o;
    o.organisation_id = st.int64(0);
    o.name = st.text(1);
    o.kind = detail::enum_column(st, 2, domain::parse_org_kind);
    return o;
}

}  // namespace

domain::id insert_organisation(database& db, const domain::organisation& o) {
    db.cached("INSERT INTO organisations (organisation_id, name, kind) VALUES (?, ?, ?)")
        .bind_all(detail::id_or_null(o.organisation_id), o.name, domain::to_string(o.kind))
        .exec();
    return db.last_insert_rowid();
}

bool update_organisation(database& db, const domain::organisation& o) {
    db.cached("UPDATE organisations SET name = ?, kind = ? WHERE organisation_id = ?")
        .bind_all(o.name, domain::to_string(o.kind), o.organisation_id)
        .exec();
    return db.changes() > 0;
}

std::optional<domain::organisation> find_organisation(database& db, domain::id organisation_id) {
    auto& st = db.cached(
        "SELECT organisation_id, name, kind FROM organisations WHERE organisation_id = ?");
    st.bind_all(organisation_id);
    return detail::single_row(st, read_organisation);
}

std::optional<domain::organisation> find_organisation_by_name(database& db, std::string_view name) {
    // The column's NOCASE collation applies to the comparison, and the UNIQUE index serves it.
    auto& st = db.cached("SELECT organisation_id, name, kind FROM organisations WHERE name = ?");
    st.bind_all(name);
    return detail::single_row(st, read_organisation);
}

std::vector<domain::organisation> list_organisations(database& db) {
    return detail::all_rows(
        db.cached("SELECT organisation_id, name, kind FROM organisations ORDER BY name COLLATE SWEDISH, "
                  "organisation_id"),
        read_organisation);
}

}  // namespace traffpunkt::store
