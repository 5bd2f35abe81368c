#include "traffpunkt/store/membership_repository.hpp"

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

namespace {

/** The membership SELECT with `rest` (FROM, WHERE, ORDER BY) appended. */
std::string select_memberships(std::string_view rest) {
    return "SELECT network_id, organisation_id, deciding_body, diary_number, decided_on, "
           "admitted_at " +
           std::string(rest);
}

domain::membership read_membership(const statement& st) {
    domain::membership m;
    m.network_id = st.int64(0);
    m.organisation_id = st.int64(1);
    m.basis.deciding_body = st.text(2);
    m.basis.diary_number = st.text(3);
    m.basis.decided_on = detail::date_column(st, 4);
    m.admitted_at = detail::instant_column(st, 5);
    return m;
}

}  // namespace

void upsert_membership(database& db, const domain::membership& m) {
    db.cached(
          "INSERT INTO memberships (network_id, organisation_id, deciding_body, diary_number, "
          "decided_on, admitted_at) VALUES (?, ?, ?, ?, ?, ?) "
          "ON CONFLICT (network_id, organisation_id) DO UPDATE SET "
          "deciding_body = excluded.deciding_body, diary_number = excluded.diary_number, "
          "decided_on = excluded.decided_on, admitted_at = excluded.admitted_at")
        .bind_all(m.network_id, m.organisation_id, m.basis.deciding_body, m.basis.diary_number,
                  domain::format_date(m.basis.decided_on), detail::to_unix(m.admitted_at))
        .exec();
}

std::optional<domain::membership> find_membership(database& db, domain::id network_id,
                                                  domain::id organisation_id) {
    static const std::string sql =
        select_memberships("FROM memberships WHERE network_id = ? AND organisation_id = ?");
    auto& st = db.cached(sql);
    st.bind_all(network_id, organisation_id);
    return detail::single_row(st, read_membership);
}

std::vector<domain::membership> list_memberships(database& db,
                                                 std::optional<domain::id> network_id) {
    if (network_id) {
        static const std::string sql =
            select_memberships("FROM memberships WHERE network_id = ? ORDER BY organisation_id");
        auto& st = db.cached(sql);
        st.bind_all(*network_id);
        return detail::all_rows(st, read_membership);
    }
    static const std::string sql = select_memberships("FROM memberships ORDER BY network_id, organisation_id");
    return detail::all_rows(db.cached(sql), read_membership);
}

std::vector<domain::membership> memberships_of(database& db, domain::id organisation_id) {
    static const std::string sql =
        select_memberships("FROM memberships WHERE organisation_id = ? ORDER BY network_id");
    auto& st = db.cached(sql);
    st.bind_all(organisation_id);
    return detail::all_rows(st, read_membership);
}

}  // namespace traffpunkt::store
