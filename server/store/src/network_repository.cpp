#include "traffpunkt/store/network_repository.hpp"

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

namespace {

constexpr std::string_view network_columns =
    "network_id, name, description, starts_on, ends_on, extended_until";

domain::network read_network(const statement& st) {
    domain::network n;
    n.network_id = st.int64(0);
    n.name = st.text(1);
    n.description = st.text(2);
    n.starts_on = detail::date_column(st, 3);
    n.ends_on = detail::date_column(st, 4);
    n.extended_until = detail::opt_date_column(st, 5);
    return n;
}

}  // namespace

domain::id insert_network(database& db, const domain::network& n) {
    db.cached(
          "INSERT INTO networks (network_id, name, description, starts_on, ends_on, "
          "extended_until) VALUES (?, ?, ?, ?, ?, ?)")
        .bind_all(detail::id_or_null(n.network_id), n.name, n.description,
                  domain::format_date(n.starts_on), domain::format_date(n.ends_on),
                  detail::to_text(n.extended_until))
        .exec();
    return db.last_insert_rowid();
}

bool update_network(database& db, const domain::network& n) {
    db.cached(
          "UPDATE networks SET name = ?, description = ?, starts_on = ?, ends_on = ?, "
          "extended_until = ? WHERE network_id = ?")
        .bind_all(n.name, n.description, domain::format_date(n.starts_on),
                  domain::format_date(n.ends_on), detail::to_text(n.extended_until), n.network_id)
        .exec();
    return db.changes() > 0;
}

std::optional<domain::network> find_network(database& db, domain::id network_id) {
    static const std::string sql =
        "SELECT " + std::string(network_columns) + " FROM networks WHERE network_id = ?";
    auto& st = db.cached(sql);
    st.bind_all(network_id);
    return detail::single_row(st, read_network);
}

std::vector<domain::network> list_networks(database& db) {
    static const std::string sql =
        "SELECT " + std::string(network_columns) + " FROM networks ORDER BY network_id";
    return detail::all_rows(db.cached(sql), read_network);
}

}  // namespace traffpunkt::store
