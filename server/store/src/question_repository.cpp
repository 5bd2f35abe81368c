#include "traffpunkt/store/question_repository.hpp"

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {
namespace {

constexpr const char* board_columns =
    "board_id, meeting_id, agenda_item_id, moderation, open, opened_at, closed_at";
constexpr const char* question_columns =
    "question_id, board_id, meeting_id, text, anonymous, asker_person_id, asker_name, origin, "
    "status, pinned, merged_into, asked_at, answered_at, hide_reason, withdraw_hash";

domain::question_board read_board(const statement& st) {
    domain::question_board b;
    b.board_id = st.int64(0);
    b.meeting_id = st.int64(1);
    b.agenda_item_id = st.opt_int64(2);
    b.moderation = detail::enum_column(st, 3, domain::parse_moderation_mode);
    b.open = st.int64(4) != 0;
    b.opened_at = detail::instant_column(st, 5);
    b.closed_at = detail::opt_instant_column(st, 6);
    return b;
}

domain::question read_question(const statement& st) {
    domain::question q;
    q.question_id = st.int64(0);
    q.board_id = st.int64(1);
    q.meeting_id = st.int64(2);
    q.text = st.text(3);
    q.anonymous = st.int64(4) != 0;
    q.asker_person_id = st.opt_int64(5);
    q.name = st.text(6);
    q.origin = detail::enum_column(st, 7, domain::parse_question_origin);
    q.status = detail::enum_column(st, 8, domain::parse_question_status);
    q.pinned = st.int64(9) != 0;
    q.merged_into = st.opt_int64(10);
    q.asked_at = detail::instant_column(st, 11);
    q.answered_at = detail::opt_instant_column(st, 12);
    q.hide_reason = st.text(13);
    q.withdraw_hash = st.text(14);
    return q;
}

domain::id max_of(database& db, const char* sql) {
    auto& st = db.cached(sql);
    return detail::single_row(st, [](const statement& row) { return row.int64(0); }).value_or(0);
}

}  // namespace

domain::id max_question_board_id(database& db) {
    return max_of(db, "SELECT IFNULL(MAX(board_id), 0) FROM question_boards");
}

domain::id max_question_id(database& db) {
    return max_of(db, "SELECT IFNULL(MAX(question_id), 0) FROM questions");
}

void store_board(database& db, const domain::question_board& b) {
    db.cached(
          "INSERT INTO question_boards (board_id, meeting_id, agenda_item_id, moderation, open, "
          "opened_at, closed_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (board_id) DO UPDATE "
          "SET moderation = excluded.moderation, open = excluded.open, "
          "opened_at = excluded.opened_at, closed_at = excluded.closed_at")
        .bind_all(b.board_id, b.meeting_id, b.agenda_item_id, domain::to_string(b.moderation),
                  b.open ? 1 : 0, detail::to_unix(b.opened_at), detail::to_unix(b.closed_at))
        .exec();
}

void insert_question(database& db, const domain::question& q) {
    const std::optional<domain::id> person = q.anonymous ? std::nullopt : q.asker_person_id;
    const std::string name = q.anonymous ? std::string() : q.name;
    db.cached(
          "INSERT INTO questions (question_id, board_id, meeting_id, text, anonymous, "
          "asker_person_id, asker_name, origin, status, pinned, merged_into, asked_at, "
          "answered_at, hide_reason, withdraw_hash) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(q.question_id, q.board_id, q.meeting_id, q.text, q.anonymous ? 1 : 0, person,
                  name, domain::to_string(q.origin), domain::to_string(q.status), q.pinned ? 1 : 0,
                  q.merged_into, detail::to_unix(q.asked_at), detail::to_unix(q.answered_at),
                  q.hide_reason, q.withdraw_hash)
        .exec();
}

void update_question(database& db, const domain::question& q) {
    db.cached(
          "UPDATE questions SET status = ?, pinned = ?, merged_into = ?, answered_at = ?, "
          "hide_reason = ? WHERE question_id = ?")
        .bind_all(domain::to_string(q.status), q.pinned ? 1 : 0, q.merged_into,
                  detail::to_unix(q.answered_at), q.hide_reason, q.question_id)
        .exec();
}

void insert_question_vote(database& db, domain::id question_id, std::string_view voter) {
    db.cached("INSERT OR IGNORE INTO question_votes (question_id, voter_key) VALUES (?, ?)")
        .bind_all(question_id, voter)
        .exec();
}

void delete_question_vote(database& db, domain::id question_id, std::string_view voter) {
    db.cached("DELETE FROM question_votes WHERE question_id = ? AND voter_key = ?")
        .bind_all(question_id, voter)
        .exec();
}

void set_question_mute(database& db, domain::id meeting_id, std::string_view voter, bool muted,
                       domain::instant at) {
    if (muted) {
        db.cached(
              "INSERT OR IGNORE INTO question_mutes (meeting_id, voter_key, muted_at) "
              "VALUES (?, ?, ?)")
            .bind_all(meeting_id, voter, detail::to_unix(at))
            .exec();
    } else {
        db.cached("DELETE FROM question_mutes WHERE meeting_id = ? AND voter_key = ?")
            .bind_all(meeting_id, voter)
            .exec();
    }
}

std::vector<domain::question_board> list_boards(database& db, domain::id meeting_id) {
    auto& st = db.cached(std::string("SELECT ") + board_columns +
                         " FROM question_boards WHERE meeting_id = ? ORDER BY board_id");
    st.bind_all(meeting_id);
    return detail::all_rows(st, read_board);
}

std::vector<domain::question> list_questions(database& db, domain::id meeting_id) {
    auto& st = db.cached(std::string("SELECT ") + question_columns +
                         " FROM questions WHERE meeting_id = ? ORDER BY question_id");
    st.bind_all(meeting_id);
    return detail::all_rows(st, read_question);
}

std::vector<std::pair<domain::id, std::string>> list_question_votes(database& db,
                                                                    domain::id meeting_id) {
    auto& st = db.cached(
        "SELECT v.question_id, v.voter_key FROM question_votes v JOIN questions q "
        "ON q.question_id = v.question_id WHERE q.meeting_id = ?");
    st.bind_all(meeting_id);
    return detail::all_rows(
        st, [](const statement& row) { return std::make_pair(row.int64(0), row.text(1)); });
}

std::vector<std::string> list_question_mutes(database& db, domain::id meeting_id) {
    auto& st = db.cached("SELECT voter_key FROM question_mutes WHERE meeting_id = ?");
    st.bind_all(meeting_id);
    return detail::all_rows(st, [](const statement& row) { return row.text(0); });
}

std::optional<domain::id> board_meeting(database& db, domain::id board_id) {
    auto& st = db.cached("SELECT meeting_id FROM question_boards WHERE board_id = ?");
    st.bind_all(board_id);
    return detail::single_row(st, [](const statement& row) { return row.int64(0); });
}

std::optional<domain::id> question_meeting(database& db, domain::id question_id) {
    auto& st = db.cached("SELECT meeting_id FROM questions WHERE question_id = ?");
    st.bind_all(question_id);
    return detail::single_row(st, [](const statement& row) { return row.int64(0); });
}

int pseudonymise_questions_ended_before(database& db, domain::instant ended_before) {
    std::vector<domain::id> meetings;
    {
        auto st = db.prepare(
            "SELECT DISTINCT m.meeting_id FROM meetings m JOIN questions q ON q.meeting_id = "
            "m.meeting_id WHERE m.ends_at < ?");
        st.bind_all(detail::to_unix(ended_before));
        while (st.step()) {
            meetings.push_back(st.int64(0));
        }
    }
    int named = 0;
    for (const auto meeting_id : meetings) {
        db.prepare(
              "UPDATE questions SET asker_person_id = NULL, asker_name = '' WHERE meeting_id = ? "
              "AND asker_person_id IS NOT NULL")
            .bind_all(meeting_id)
            .exec();
        named += db.changes();
        // Every vote of a person under a new random key of its own: counts stay, nobody's.
        db.prepare(
              "UPDATE question_votes SET voter_key = 'e:' || lower(hex(randomblob(16))) WHERE "
              "voter_key LIKE 'p:%' AND question_id IN (SELECT question_id FROM questions WHERE "
              "meeting_id = ?)")
            .bind_all(meeting_id)
            .exec();
        db.prepare("DELETE FROM question_mutes WHERE meeting_id = ? AND voter_key LIKE 'p:%'")
            .bind_all(meeting_id)
            .exec();
    }
    return named;
}

}  // namespace traffpunkt::store
