#include "traffpunkt/store/person_repository.hpp"

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

namespace {

domain::person read_person(const statement& st) {
    domain::person p;
    p.person_id = st.int64(0);
    p.name = st.text(1);
    p.email = st.text(2);
    p.organisation_id = st.int64(3);
    p.role = detail::enum_column(st, 4, domain::parse_person_role);
    p.language = detail::enum_column(st, 5, domain::parse_person_language);
    return p;
}

}  // namespace

domain::id insert_person(database& db, const domain::person& p, domain::instant created_at) {
    db.cached(
          "INSERT INTO persons (person_id, name, email, organisation_id, role, created_at, "
          "language) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind_all(detail::id_or_null(p.person_id), p.name, p.email, p.organisation_id,
                  domain::to_string(p.role), detail::to_unix(created_at),
                  domain::to_string(p.language))
        .exec();
    return db.last_insert_rowid();
}

bool update_person(database& db, const domain::person& p) {
    db.cached(
          "UPDATE persons SET name = ?, email = ?, organisation_id = ?, role = ? "
          "WHERE person_id = ?")
        .bind_all(p.name, p.email, p.organisation_id, domain::to_string(p.role), p.person_id)
        .exec();
    return db.changes() > 0;
}

bool set_person_language(database& db, domain::id person_id, domain::person_language language) {
    db.cached("UPDATE persons SET language = ? WHERE person_id = ?")
        .bind_all(domain::to_string(language), person_id)
        .exec();
    return db.changes() > 0;
}

std::optional<domain::person> find_person(database& db, domain::id person_id) {
    auto& st = db.cached(
        "SELECT person_id, name, email, organisation_id, role, language FROM persons "
        "WHERE person_id = ? AND erased_at IS NULL");
    st.bind_all(person_id);
    return detail::single_row(st, read_person);
}

std::optional<domain::person> find_person_by_email(database& db, std::string_view email) {
    // COLLATE NOCASE matches the unique index, so this is an index lookup.
    auto& st = db.cached(
        "SELECT person_id, name, email, organisation_id, role, language FROM persons "
        "WHERE email = ? COLLATE NOCASE AND erased_at IS NULL");
    st.bind_all(email);
    return detail::single_row(st, read_person);
}

std::vector<domain::person> list_persons(database& db, std::optional<domain::id> organisation_id) {
    if (organisation_id) {
        auto& st = db.cached(
            "SELECT person_id, name, email, organisation_id, role, language FROM persons "
            "WHERE organisation_id = ? AND erased_at IS NULL ORDER BY name COLLATE SWEDISH, "
            "person_id");
        st.bind_all(*organisation_id);
        return detail::all_rows(st, read_person);
    }
    auto& st = db.cached(
        "SELECT person_id, name, email, organisation_id, role, language FROM persons "
        "WHERE erased_at IS NULL ORDER BY name COLLATE SWEDISH, person_id");
    return detail::all_rows(st, read_person);
}

}  // namespace traffpunkt::store
