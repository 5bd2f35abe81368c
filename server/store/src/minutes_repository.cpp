#include "traffpunkt/store/minutes_repository.hpp"

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

namespace {

domain::meeting_minutes read_minutes(const statement& st) {
    domain::meeting_minutes m;
    m.meeting_id = st.int64(0);
    m.version = st.int64(1);
    m.status = detail::enum_column(st, 2, domain::parse_minutes_status);
    m.text = st.text(3);
    m.updated_at = detail::instant_column(st, 4);
    return m;
}

/** Columns 0..7 of a version row; column 4 is the text or its length (see the queries). */
minutes_version read_version(const statement& st, bool with_text) {
    minutes_version v;
    v.version = st.int64(0);
    v.action = detail::enum_column(st, 1, domain::parse_minutes_action);
    v.status = detail::enum_column(st, 2, domain::parse_minutes_status);
    v.text_length = st.int64(3);
    if (with_text) {
        v.text = st.text(4);
    }
    v.changed_at = detail::instant_column(st, 5);
    v.person_id = st.opt_int64(6);
    v.changed_by = st.text(7);
    return v;
}

}  // namespace

std::optional<domain::meeting_minutes> find_minutes(database& db, domain::id meeting_id) {
    auto& st = db.cached(
        "SELECT meeting_id, version, status, text, updated_at FROM minutes WHERE meeting_id = ?");
    st.bind_all(meeting_id);
    return detail::single_row(st, read_minutes);
}

void store_minutes(database& db, const domain::meeting_minutes& m, domain::minutes_action action,
                   std::optional<domain::id> person_id, std::string_view changed_by) {
    const auto at = detail::to_unix(m.updated_at.value_or(domain::instant{}));
    db.cached(
          "INSERT INTO minutes_versions (meeting_id, version, action, status, text, changed_at, "
          "person_id, changed_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(m.meeting_id, m.version, domain::to_string(action), domain::to_string(m.status),
                  m.text, at, person_id, changed_by)
        .exec();
    db.cached(
          "INSERT INTO minutes (meeting_id, version, status, text, updated_at) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (meeting_id) DO UPDATE SET "
          "version = excluded.version, status = excluded.status, text = excluded.text, "
          "updated_at = excluded.updated_at")
        .bind_all(m.meeting_id, m.version, domain::to_string(m.status), m.text, at)
        .exec();
}

std::vector<minutes_version> list_minutes_versions(database& db, domain::id meeting_id) {
    // length() of TEXT counts characters (code points), as the limits do.
    auto& st = db.cached(
        "SELECT version, action, status, length(text), NULL, changed_at, person_id, changed_by "
        "FROM minutes_versions WHERE meeting_id = ? ORDER BY version");
    st.bind_all(meeting_id);
    return detail::all_rows(st, [](const statement& row) { return read_version(row, false); });
}

std::optional<minutes_version> find_minutes_version(database& db, domain::id meeting_id,
                                                    std::int64_t version) {
    auto& st = db.cached(
        "SELECT version, action, status, length(text), text, changed_at, person_id, changed_by "
        "FROM minutes_versions WHERE meeting_id = ? AND version = ?");
    st.bind_all(meeting_id, version);
    return detail::single_row(st, [](const statement& row) { return read_version(row, true); });
}

}  // namespace traffpunkt::store
