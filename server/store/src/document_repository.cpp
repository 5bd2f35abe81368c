#include "traffpunkt/store/document_repository.hpp"

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

namespace {

constexpr std::string_view document_columns =
    "d.document_id, d.meeting_id, d.agenda_item_id, d.title, d.visibility, d.created_at, "
    "d.updated_at, d.removed_at";
constexpr int document_column_count = 8;

constexpr std::string_view version_columns =
    "v.document_id, v.version, v.sha256, v.size, v.content_type, v.filename, v.uploaded_by, "
    "v.uploaded_by_name, v.uploaded_at";

/** Reads the document columns starting at `first`. */
domain::document read_document(const statement& st, int first = 0) {
    domain::document d;
    d.document_id = st.int64(first);
    d.meeting_id = st.int64(first + 1);
    d.agenda_item_id = st.opt_int64(first + 2);
    d.title = st.text(first + 3);
    d.visibility = detail::enum_column(st, first + 4, domain::parse_document_visibility);
    d.created_at = detail::instant_column(st, first + 5);
    d.updated_at = detail::instant_column(st, first + 6);
    d.removed_at = detail::opt_instant_column(st, first + 7);
    return d;
}

/** Reads the version columns starting at `first`. */
domain::document_version read_version(const statement& st, int first = 0) {
    domain::document_version v;
    v.document_id = st.int64(first);
    const auto number = st.int64(first + 1);
    if (number < 1 || number > INT32_MAX) {
        detail::throw_bad_column(st, first + 1, "version number");
    }
    v.version = static_cast<int>(number);
    v.sha256 = st.text(first + 2);
    const auto size = st.int64(first + 3);
    if (size < 0) {
        detail::throw_bad_column(st, first + 3, "size");
    }
    v.size = static_cast<std::uint64_t>(size);
    v.content_type = st.text(first + 4);
    v.filename = st.text(first + 5);
    v.uploaded_by = st.opt_int64(first + 6);
    v.uploaded_by_name = st.text(first + 7);
    v.uploaded_at = detail::instant_column(st, first + 8);
    return v;
}

std::string select_versions(std::string_view rest) {
    return "SELECT " + std::string(version_columns) + " FROM document_versions v " +
           std::string(rest);
}

}  // namespace

domain::id insert_document(database& db, const domain::document& d) {
    db.cached(
          "INSERT INTO documents (meeting_id, agenda_item_id, title, visibility, created_at, "
          "updated_at, removed_at, document_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(d.meeting_id, d.agenda_item_id, d.title, domain::to_string(d.visibility),
                  detail::to_unix(d.created_at), detail::to_unix(d.updated_at),
                  detail::to_unix(d.removed_at), detail::id_or_null(d.document_id))
        .exec();
    return db.last_insert_rowid();
}

bool update_document(database& db, const domain::document& d) {
    db.cached(
          "UPDATE documents SET agenda_item_id = ?, title = ?, visibility = ?, created_at = ?, "
          "updated_at = ?, removed_at = ? WHERE document_id = ?")
        .bind_all(d.agenda_item_id, d.title, domain::to_string(d.visibility),
                  detail::to_unix(d.created_at), detail::to_unix(d.updated_at),
                  detail::to_unix(d.removed_at), d.document_id)
        .exec();
    return db.changes() > 0;
}

std::optional<domain::document> find_document(database& db, domain::id document_id) {
    static const std::string sql =
        "SELECT " + std::string(document_columns) + " FROM documents d WHERE d.document_id = ?";
    auto& st = db.cached(sql);
    st.bind_all(document_id);
    return detail::single_row(st, [](const statement& row) { return read_document(row); });
}

int insert_document_version(database& db, const domain::document_version& v) {
    // The number is chosen by the same statement that inserts it: the writer runs one write at a
    // time, so two uploads to one document can never pick the same number.
    db.cached(
          "INSERT INTO document_versions (document_id, version, sha256, size, content_type, "
          "filename, uploaded_by, uploaded_by_name, uploaded_at) "
          "SELECT ?1, COALESCE(MAX(version), 0) + 1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 "
          "FROM document_versions WHERE document_id = ?1")
        .bind_all(v.document_id, v.sha256, v.size, v.content_type, v.filename, v.uploaded_by,
                  v.uploaded_by_name, detail::to_unix(v.uploaded_at))
        .exec();
    auto& st = db.cached("SELECT MAX(version) FROM document_versions WHERE document_id = ?");
    st.bind_all(v.document_id);
    const auto number =
        detail::single_row(st, [](const statement& row) { return row.int64(0); }).value_or(0);
    return static_cast<int>(number);
}

std::optional<domain::document_version> find_document_version(database& db, domain::id document_id,
                                                              int version) {
    static const std::string sql = select_versions("WHERE v.document_id = ? AND v.version = ?");
    auto& st = db.cached(sql);
    st.bind_all(document_id, version);
    return detail::single_row(st, [](const statement& row) { return read_version(row); });
}

std::optional<domain::document_version> latest_document_version(database& db,
                                                                domain::id document_id) {
    static const std::string sql =
        select_versions("WHERE v.document_id = ? ORDER BY v.version DESC LIMIT 1");
    auto& st = db.cached(sql);
    st.bind_all(document_id);
    return detail::single_row(st, [](const statement& row) { return read_version(row); });
}

std::vector<domain::document_version> list_document_versions(database& db, domain::id document_id) {
    static const std::string sql = select_versions("WHERE v.document_id = ? ORDER BY v.version");
    auto& st = db.cached(sql);
    st.bind_all(document_id);
    return detail::all_rows(st, [](const statement& row) { return read_version(row); });
}

std::vector<domain::document_with_latest> list_meeting_documents(database& db,
                                                                 domain::id meeting_id) {
    static const std::string sql =
        "SELECT " + std::string(document_columns) + ", " + std::string(version_columns) +
        " FROM documents d JOIN document_versions v ON v.document_id = d.document_id"
        " AND v.version = (SELECT MAX(version) FROM document_versions"
        " WHERE document_id = d.document_id)"
        " WHERE d.meeting_id = ? AND d.removed_at IS NULL ORDER BY d.document_id";
    auto& st = db.cached(sql);
    st.bind_all(meeting_id);
    return detail::all_rows(st, [](const statement& row) {
        return domain::document_with_latest{read_document(row),
                                            read_version(row, document_column_count)};
    });
}

bool agenda_item_in_meeting(database& db, domain::id item_id, domain::id meeting_id) {
    auto& st = db.cached("SELECT 1 FROM agenda_items WHERE item_id = ? AND meeting_id = ?");
    st.bind_all(item_id, meeting_id);
    return detail::single_row(st, [](const statement&) { return true; }).value_or(false);
}

}  // namespace traffpunkt::store
