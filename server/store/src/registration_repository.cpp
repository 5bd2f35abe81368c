#include "traffpunkt/store/registration_repository.hpp"

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

namespace {

// The registration columns, as read by read_registration from column `first` on.
constexpr std::string_view registration_columns =
    "r.registration_id, r.meeting_id, r.person_id, r.organisation_id, r.mode, r.status, "
    "r.arrival, r.dietary_needs, r.accessibility_needs, r.checkin_code, r.registered_at, "
    "r.updated_at, r.checked_in_at";
constexpr int registration_column_count = 13;

std::string select_registrations(std::string_view rest) {
    return "SELECT " + std::string(registration_columns) + " " + std::string(rest);
}

domain::registration read_registration(const statement& st, int first = 0) {
    domain::registration r;
    r.registration_id = st.int64(first + 0);
    r.meeting_id = st.int64(first + 1);
    r.person_id = st.int64(first + 2);
    r.organisation_id = st.int64(first + 3);
    r.mode = detail::enum_column(st, first + 4, domain::parse_attendance_mode);
    r.status = detail::enum_column(st, first + 5, domain::parse_registration_status);
    r.arrival = st.int64(first + 6);
    r.dietary_needs = st.text(first + 7);
    r.accessibility_needs = st.text(first + 8);
    r.checkin_code = st.text(first + 9);
    r.registered_at = detail::instant_column(st, first + 10);
    r.updated_at = detail::instant_column(st, first + 11);
    r.checked_in_at = detail::opt_instant_column(st, first + 12);
    return r;
}

// Attendee: the registration columns, then the person's and the organisation's.
std::string select_attendees(std::string_view where) {
    return "SELECT " + std::string(registration_columns) +
           // An erased or pseudonymised person's placeholder shows no address.
           ", p.person_id, p.name, CASE WHEN p.erased_at IS NULL THEN p.email ELSE '' END, "
           "p.organisation_id, p.role, "
           "o.organisation_id, o.name, o.kind, p.language "
           "FROM registrations r JOIN persons p ON p.person_id = r.person_id "
           "JOIN organisations o ON o.organisation_id = r.organisation_id " +
           std::string(where);
}

attendee read_attendee(const statement& st) {
    attendee a;
    a.registration = read_registration(st);
    constexpr int p = registration_column_count;
    a.person.person_id = st.int64(p + 0);
    a.person.name = st.text(p + 1);
    a.person.email = st.text(p + 2);
    a.person.organisation_id = st.int64(p + 3);
    a.person.role = detail::enum_column(st, p + 4, domain::parse_person_role);
    constexpr int o = registration_column_count + 5;
    a.organisation.organisation_id = st.int64(o + 0);
    a.organisation.name = st.text(o + 1);
    a.organisation.kind = detail::enum_column(st, o + 2, domain::parse_org_kind);
    a.person.language = detail::enum_column(st, o + 3, domain::parse_person_language);
    return a;
}

/**
 * Figures per organisation over the active registrations `scope` selects (a WHERE clause on
 * `r` and `m`, with parameter 1), for the member organisations of network `network_sql`
 * (a scalar subquery with parameter 1) and any other organisation that has registrations.
 */
std::vector<domain::attendance_statistics> statistics(database& db, std::string_view scope,
                                                      std::string_view network_sql,
                                                      domain::id key) {
    const std::string sql =
        "WITH active AS ("
        "  SELECT r.organisation_id AS org, r.mode, r.status, r.checked_in_at, p.role"
        "  FROM registrations r JOIN persons p ON p.person_id = r.person_id"
        "  JOIN meetings m ON m.meeting_id = r.meeting_id"
        "  WHERE r.status <> 'cancelled' AND " +
        std::string(scope) +
        "), orgs AS ("
        "  SELECT organisation_id FROM memberships WHERE network_id = (" +
        std::string(network_sql) +
        ")  UNION SELECT org FROM active"
        ") "
        "SELECT o.organisation_id, COUNT(a.org),"
        " COALESCE(SUM(a.status = 'confirmed'), 0),"
        " COALESCE(SUM(a.status = 'waitlisted'), 0),"
        " COALESCE(SUM(a.status = 'confirmed' AND a.checked_in_at IS NOT NULL), 0),"
        " COALESCE(SUM(a.mode = 'in_person'), 0), COALESCE(SUM(a.mode = 'remote'), 0),"
        " COALESCE(SUM(a.role = 'official'), 0), COALESCE(SUM(a.role = 'elected'), 0) "
        "FROM orgs JOIN organisations o ON o.organisation_id = orgs.organisation_id "
        "LEFT JOIN active a ON a.org = o.organisation_id "
        "GROUP BY o.organisation_id ORDER BY o.name COLLATE SWEDISH, o.organisation_id";
    auto& st = db.cached(sql);
    st.bind_all(key);
    return detail::all_rows(st, [](const statement& row) {
        domain::attendance_statistics s;
        s.organisation_id = row.int64(0);
        s.registered = static_cast<int>(row.int64(1));
        s.confirmed = static_cast<int>(row.int64(2));
        s.waitlisted = static_cast<int>(row.int64(3));
        s.attended = static_cast<int>(row.int64(4));
        s.in_person = static_cast<int>(row.int64(5));
        s.remote = static_cast<int>(row.int64(6));
        s.officials = static_cast<int>(row.int64(7));
        s.elected = static_cast<int>(row.int64(8));
        return s;
    });
}

}  // namespace

domain::id insert_registration(database& db, const domain::registration& r) {
    db.cached(
          "INSERT INTO registrations (registration_id, meeting_id, person_id, organisation_id, "
          "mode, status, arrival, dietary_needs, accessibility_needs, checkin_code, "
          "registered_at, updated_at, checked_in_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(detail::id_or_null(r.registration_id), r.meeting_id, r.person_id,
                  r.organisation_id, domain::to_string(r.mode), domain::to_string(r.status),
                  r.arrival, r.dietary_needs, r.accessibility_needs, r.checkin_code,
                  detail::to_unix(r.registered_at), detail::to_unix(r.updated_at),
                  detail::to_unix(r.checked_in_at))
        .exec();
    return db.last_insert_rowid();
}

bool update_registration(database& db, const domain::registration& r) {
    db.cached(
          "UPDATE registrations SET mode = ?, status = ?, arrival = ?, dietary_needs = ?, "
          "accessibility_needs = ?, checkin_code = ?, updated_at = ?, checked_in_at = ? "
          "WHERE registration_id = ?")
        .bind_all(domain::to_string(r.mode), domain::to_string(r.status), r.arrival,
                  r.dietary_needs, r.accessibility_needs, r.checkin_code,
                  detail::to_unix(r.updated_at), detail::to_unix(r.checked_in_at),
                  r.registration_id)
        .exec();
    return db.changes() > 0;
}

std::optional<domain::registration> find_registration(database& db, domain::id registration_id) {
    static const std::string sql = select_registrations("FROM registrations r WHERE r.registration_id = ?");
    auto& st = db.cached(sql);
    st.bind_all(registration_id);
    return detail::single_row(st, [](const statement& row) { return read_registration(row); });
}

std::optional<domain::registration> find_active_registration(database& db, domain::id meeting_id,
                                                             domain::id person_id) {
    static const std::string sql = select_registrations(
        "FROM registrations r WHERE r.meeting_id = ? AND r.person_id = ? "
        "AND r.status <> 'cancelled'");
    auto& st = db.cached(sql);
    st.bind_all(meeting_id, person_id);
    return detail::single_row(st, [](const statement& row) { return read_registration(row); });
}

std::vector<domain::registration> list_meeting_registrations(database& db, domain::id meeting_id) {
    static const std::string sql =
        select_registrations("FROM registrations r WHERE r.meeting_id = ? ORDER BY r.arrival, r.registration_id");
    auto& st = db.cached(sql);
    st.bind_all(meeting_id);
    return detail::all_rows(st, [](const statement& row) { return read_registration(row); });
}

std::vector<domain::registration> list_person_registrations(database& db, domain::id person_id) {
    static const std::string sql = select_registrations(
        "FROM registrations r JOIN meetings m ON m.meeting_id = r.meeting_id "
        "WHERE r.person_id = ? ORDER BY m.starts_at, r.registration_id");
    auto& st = db.cached(sql);
    st.bind_all(person_id);
    return detail::all_rows(st, [](const statement& row) { return read_registration(row); });
}

domain::id max_registration_id(database& db) {
    auto& st = db.cached("SELECT COALESCE(MAX(registration_id), 0) FROM registrations");
    return detail::single_row(st, [](const statement& row) { return row.int64(0); }).value_or(0);
}

int waitlist_position(database& db, domain::id registration_id) {
    auto& st = db.cached(
        "SELECT CASE WHEN r.status = 'waitlisted' THEN 1 + ("
        "  SELECT COUNT(*) FROM registrations w"
        "  WHERE w.meeting_id = r.meeting_id AND w.mode = r.mode AND w.status = 'waitlisted'"
        "  AND (w.arrival < r.arrival"
        "       OR (w.arrival = r.arrival AND w.registration_id < r.registration_id))"
        ") ELSE 0 END "
        "FROM registrations r WHERE r.registration_id = ?");
    st.bind_all(registration_id);
    const auto n = detail::single_row(st, [](const statement& row) { return row.int64(0); });
    return static_cast<int>(n.value_or(0));
}

std::vector<attendee> list_attendees(database& db, domain::id meeting_id) {
    static const std::string sql =
        select_attendees("WHERE r.meeting_id = ? ORDER BY r.arrival, r.registration_id");
    auto& st = db.cached(sql);
    st.bind_all(meeting_id);
    return detail::all_rows(st, read_attendee);
}

std::optional<attendee> find_attendee(database& db, domain::id registration_id) {
    static const std::string sql = select_attendees("WHERE r.registration_id = ?");
    auto& st = db.cached(sql);
    st.bind_all(registration_id);
    return detail::single_row(st, read_attendee);
}

std::vector<domain::attendance_statistics> meeting_statistics(database& db, domain::id meeting_id) {
    return statistics(db, "r.meeting_id = ?1",
                      "SELECT network_id FROM meetings WHERE meeting_id = ?1", meeting_id);
}

std::vector<domain::attendance_statistics> network_statistics(database& db, domain::id network_id) {
    return statistics(db, "m.network_id = ?1 AND m.status <> 'cancelled'", "?1", network_id);
}

}  // namespace traffpunkt::store
