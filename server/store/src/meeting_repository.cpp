#include "traffpunkt/store/meeting_repository.hpp"

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

namespace {

/** The meeting SELECT with `rest` (FROM, WHERE, ORDER BY) appended; columns as read below. */
std::string select_meetings(std::string_view rest) {
    return "SELECT meeting_id, network_id, title, description, starts_at, ends_at, zone, format, "
           "venue, address, online_url, capacity_in_person, capacity_remote, "
           "registration_opens, registration_closes, cost_note, status, sequence, created_at, "
           "updated_at, in_person_quota_per_org, contact_name, contact_email " +
           std::string(rest);
}

domain::meeting read_meeting(const statement& st) {
    domain::meeting m;
    m.meeting_id = st.int64(0);
    m.network_id = st.int64(1);
    m.title = st.text(2);
    m.description = st.text(3);
    m.starts_at = detail::instant_column(st, 4);
    m.ends_at = detail::instant_column(st, 5);
    m.zone = st.text(6);
    m.format = detail::enum_column(st, 7, domain::parse_meeting_format);
    m.venue = st.text(8);
    m.address = st.text(9);
    m.online_url = st.text(10);
    m.capacity_in_person = detail::opt_int_column(st, 11);
    m.capacity_remote = detail::opt_int_column(st, 12);
    m.registration_opens = detail::opt_instant_column(st, 13);
    m.registration_closes = detail::opt_instant_column(st, 14);
    m.cost_note = st.text(15);
    m.status = detail::enum_column(st, 16, domain::parse_meeting_status);
    m.sequence = static_cast<int>(st.int64(17));
    m.created_at = detail::instant_column(st, 18);
    m.updated_at = detail::instant_column(st, 19);
    m.in_person_quota_per_org = detail::opt_int_column(st, 20);
    m.contact_name = st.text(21);
    m.contact_email = st.text(22);
    return m;
}

/**
 * Binds the columns shared by INSERT and UPDATE, network_id to contact_email, from
 * parameter 1.
 */
statement& bind_fields(statement& st, const domain::meeting& m) {
    return st.bind_all(
        m.network_id, m.title, m.description, detail::to_unix(m.starts_at),
        detail::to_unix(m.ends_at), m.zone, domain::to_string(m.format), m.venue, m.address,
        m.online_url, m.capacity_in_person, m.capacity_remote,
        detail::to_unix(m.registration_opens), detail::to_unix(m.registration_closes), m.cost_note,
        domain::to_string(m.status), m.sequence, detail::to_unix(m.created_at),
        detail::to_unix(m.updated_at), m.in_person_quota_per_org, m.contact_name, m.contact_email);
}

constexpr int field_count = 22;

}  // namespace

domain::id insert_meeting(database& db, const domain::meeting& m) {
    auto& st = db.cached(
        "INSERT INTO meetings (network_id, title, description, starts_at, ends_at, zone, format, "
        "venue, address, online_url, capacity_in_person, capacity_remote, registration_opens, "
        "registration_closes, cost_note, status, sequence, created_at, updated_at, "
        "in_person_quota_per_org, contact_name, contact_email, meeting_id) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    bind_fields(st, m);
    st.bind(field_count + 1, detail::id_or_null(m.meeting_id));
    st.exec();
    return db.last_insert_rowid();
}

bool update_meeting(database& db, const domain::meeting& m) {
    auto& st = db.cached(
        "UPDATE meetings SET network_id = ?, title = ?, description = ?, starts_at = ?, "
        "ends_at = ?, zone = ?, format = ?, venue = ?, address = ?, online_url = ?, "
        "capacity_in_person = ?, capacity_remote = ?, registration_opens = ?, "
        "registration_closes = ?, cost_note = ?, status = ?, sequence = ?, created_at = ?, "
        "updated_at = ?, in_person_quota_per_org = ?, contact_name = ?, contact_email = ? "
        "WHERE meeting_id = ?");
    bind_fields(st, m);
    st.bind(field_count + 1, m.meeting_id);
    st.exec();
    return db.changes() > 0;
}

std::optional<domain::meeting> find_meeting(database& db, domain::id meeting_id) {
    static const std::string sql = select_meetings("FROM meetings WHERE meeting_id = ?");
    auto& st = db.cached(sql);
    st.bind_all(meeting_id);
    return detail::single_row(st, read_meeting);
}

std::vector<domain::meeting> list_meetings(database& db, domain::id network_id) {
    static const std::string sql =
        select_meetings("FROM meetings WHERE network_id = ? ORDER BY starts_at, meeting_id");
    auto& st = db.cached(sql);
    st.bind_all(network_id);
    return detail::all_rows(st, read_meeting);
}

void add_facilitator(database& db, domain::id meeting_id, domain::id person_id) {
    // Only the duplicate is ignored; unknown meeting or person ids still fail the foreign keys.
    db.cached(
          "INSERT INTO meeting_facilitators (meeting_id, person_id) VALUES (?, ?) "
          "ON CONFLICT (meeting_id, person_id) DO NOTHING")
        .bind_all(meeting_id, person_id)
        .exec();
}

bool remove_facilitator(database& db, domain::id meeting_id, domain::id person_id) {
    db.cached("DELETE FROM meeting_facilitators WHERE meeting_id = ? AND person_id = ?")
        .bind_all(meeting_id, person_id)
        .exec();
    return db.changes() > 0;
}

std::vector<domain::id> facilitators_of(database& db, domain::id meeting_id) {
    auto& st = db.cached(
        "SELECT person_id FROM meeting_facilitators WHERE meeting_id = ? ORDER BY person_id");
    st.bind_all(meeting_id);
    return detail::all_rows(st, [](const statement& row) { return row.int64(0); });
}

std::vector<domain::id> meetings_facilitated_by(database& db, domain::id person_id) {
    auto& st = db.cached(
        "SELECT meeting_id FROM meeting_facilitators WHERE person_id = ? ORDER BY meeting_id");
    st.bind_all(person_id);
    return detail::all_rows(st, [](const statement& row) { return row.int64(0); });
}

}  // namespace traffpunkt::store
