#include "traffpunkt/store/agenda_repository.hpp"

#include <algorithm>
#include <map>

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

namespace {

using namespace std::chrono;

std::optional<std::int64_t> to_unix_ms(const std::optional<domain::precise_instant>& t) {
    if (!t) {
        return std::nullopt;
    }
    return t->time_since_epoch().count();
}

std::optional<domain::precise_instant> opt_ms_column(const statement& st, int column) {
    const auto value = st.opt_int64(column);
    if (!value) {
        return std::nullopt;
    }
    return domain::precise_instant{milliseconds{*value}};
}

domain::agenda_item read_item(const statement& st) {
    domain::agenda_item i;
    i.item_id = st.int64(0);
    i.meeting_id = st.int64(1);
    i.title = st.text(2);
    i.description = st.text(3);
    i.kind = detail::enum_column(st, 4, domain::parse_agenda_item_kind);
    i.starts_at = detail::instant_column(st, 5);
    i.duration = minutes{st.int64(6)};
    i.updated_at = detail::instant_column(st, 7);
    return i;
}

constexpr std::string_view link_document = "document";
constexpr std::string_view link_poll = "poll";

/** Replaces the presenters and links of `item` by the ones it carries. */
void store_item_parts(database& db, const domain::agenda_item& item) {
    db.cached("DELETE FROM agenda_item_presenters WHERE item_id = ?").bind_all(item.item_id).exec();
    db.cached("DELETE FROM agenda_item_links WHERE item_id = ?").bind_all(item.item_id).exec();
    auto& presenter = db.cached(
        "INSERT INTO agenda_item_presenters (item_id, ordinal, name, organisation) "
        "VALUES (?, ?, ?, ?)");
    for (std::size_t i = 0; i < item.presenters.size(); ++i) {
        presenter
            .bind_all(item.item_id, i + 1, item.presenters[i].name, item.presenters[i].organisation)
            .exec();
    }
    auto& link = db.cached(
        "INSERT INTO agenda_item_links (item_id, kind, ordinal, target_id) VALUES (?, ?, ?, ?)");
    for (std::size_t i = 0; i < item.document_ids.size(); ++i) {
        link.bind_all(item.item_id, link_document, i + 1, item.document_ids[i]).exec();
    }
    for (std::size_t i = 0; i < item.poll_ids.size(); ++i) {
        link.bind_all(item.item_id, link_poll, i + 1, item.poll_ids[i]).exec();
    }
}

agenda_change read_change(const statement& st) {
    agenda_change c;
    c.change_id = st.int64(0);
    c.meeting_id = st.int64(1);
    c.revision = st.int64(2);
    c.changed_at = detail::instant_column(st, 3);
    c.person_id = st.opt_int64(4);
    c.changed_by = st.text(5);
    c.action = detail::enum_column(st, 6, domain::parse_agenda_change_action);
    c.item_id = st.int64(7);
    c.summary = st.text(8);
    c.item_before = st.opt_text(9);
    c.item_after = st.opt_text(10);
    c.sequence = detail::opt_int_column(st, 11);
    return c;
}

}  // namespace

std::vector<domain::agenda_item> list_agenda_items(database& db, domain::id meeting_id) {
    auto& st = db.cached(
        "SELECT item_id, meeting_id, title, description, kind, starts_at, duration_minutes, "
        "updated_at FROM agenda_items WHERE meeting_id = ? ORDER BY position, item_id");
    st.bind_all(meeting_id);
    auto items = detail::all_rows(st, read_item);
    std::map<domain::id, domain::agenda_item*> by_id;
    for (auto& i : items) {
        by_id[i.item_id] = &i;
    }
    auto& presenters = db.cached(
        "SELECT p.item_id, p.name, p.organisation FROM agenda_item_presenters p "
        "JOIN agenda_items i ON i.item_id = p.item_id WHERE i.meeting_id = ? "
        "ORDER BY p.item_id, p.ordinal");
    presenters.bind_all(meeting_id);
    while (presenters.step()) {
        if (auto it = by_id.find(presenters.int64(0)); it != by_id.end()) {
            it->second->presenters.push_back({presenters.text(1), presenters.text(2)});
        }
    }
    auto& links = db.cached(
        "SELECT l.item_id, l.kind, l.target_id FROM agenda_item_links l "
        "JOIN agenda_items i ON i.item_id = l.item_id WHERE i.meeting_id = ? "
        "ORDER BY l.item_id, l.kind, l.ordinal");
    links.bind_all(meeting_id);
    while (links.step()) {
        auto it = by_id.find(links.int64(0));
        if (it == by_id.end()) {
            continue;
        }
        const auto kind = links.text(1);
        if (kind == link_document) {
            it->second->document_ids.push_back(links.int64(2));
        } else if (kind == link_poll) {
            it->second->poll_ids.push_back(links.int64(2));
        } else {
            detail::throw_bad_column(links, 1, "link kind");
        }
    }
    // A document or poll can also name its agenda item itself (document.update, poll.create):
    // those belong to the item too, after the ones the agenda lists, so both ways agree.
    const auto add_missing = [](std::vector<domain::id>& ids, domain::id id) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
            ids.push_back(id);
        }
    };
    auto& documents = db.cached(
        "SELECT agenda_item_id, document_id FROM documents "
        "WHERE meeting_id = ? AND agenda_item_id IS NOT NULL AND removed_at IS NULL "
        "ORDER BY agenda_item_id, document_id");
    documents.bind_all(meeting_id);
    while (documents.step()) {
        if (auto it = by_id.find(documents.int64(0)); it != by_id.end()) {
            add_missing(it->second->document_ids, documents.int64(1));
        }
    }
    auto& polls = db.cached(
        "SELECT agenda_item_id, poll_id FROM polls "
        "WHERE meeting_id = ? AND agenda_item_id IS NOT NULL ORDER BY agenda_item_id, poll_id");
    polls.bind_all(meeting_id);
    while (polls.step()) {
        if (auto it = by_id.find(polls.int64(0)); it != by_id.end()) {
            add_missing(it->second->poll_ids, polls.int64(1));
        }
    }
    return items;
}

domain::agenda load_agenda(database& db, domain::id meeting_id) {
    domain::agenda a;
    a.meeting_id = meeting_id;
    a.items = list_agenda_items(db, meeting_id);
    auto& st = db.cached(
        "SELECT revision, current_item_id, started_at_ms, ended_at_ms FROM agenda_state "
        "WHERE meeting_id = ?");
    st.bind_all(meeting_id);
    detail::single_row(st, [&a](const statement& row) {
        a.revision = row.int64(0);
        a.live.item_id = row.opt_int64(1);
        a.live.started_at = opt_ms_column(row, 2);
        a.live.ended_at = opt_ms_column(row, 3);
        return true;
    });
    return a;
}

std::optional<domain::id> agenda_item_meeting(database& db, domain::id item_id) {
    auto& st = db.cached("SELECT meeting_id FROM agenda_items WHERE item_id = ?");
    st.bind_all(item_id);
    return detail::single_row(st, [](const statement& row) { return row.int64(0); });
}

domain::id max_agenda_item_id(database& db) {
    auto& st = db.cached("SELECT COALESCE(MAX(item_id), 0) FROM agenda_items");
    return detail::single_row(st, [](const statement& row) { return row.int64(0); }).value_or(0);
}

domain::id insert_agenda_item(database& db, const domain::agenda_item& item, std::size_t position) {
    db.cached(
          "INSERT INTO agenda_items (item_id, meeting_id, position, title, description, kind, "
          "starts_at, duration_minutes, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(detail::id_or_null(item.item_id), item.meeting_id, position, item.title,
                  item.description, domain::to_string(item.kind), detail::to_unix(item.starts_at),
                  item.duration.count(), detail::to_unix(item.updated_at))
        .exec();
    domain::agenda_item stored = item;
    stored.item_id = db.last_insert_rowid();
    store_item_parts(db, stored);
    return stored.item_id;
}

bool update_agenda_item(database& db, const domain::agenda_item& item) {
    db.cached(
          "UPDATE agenda_items SET title = ?, description = ?, kind = ?, starts_at = ?, "
          "duration_minutes = ?, updated_at = ? WHERE item_id = ?")
        .bind_all(item.title, item.description, domain::to_string(item.kind),
                  detail::to_unix(item.starts_at), item.duration.count(),
                  detail::to_unix(item.updated_at), item.item_id)
        .exec();
    if (db.changes() == 0) {
        return false;
    }
    store_item_parts(db, item);
    return true;
}

bool delete_agenda_item(database& db, domain::id item_id) {
    // The live marker refers to the item (foreign key): let go of it first.
    db.cached(
          "UPDATE agenda_state SET current_item_id = NULL, started_at_ms = NULL, "
          "ended_at_ms = NULL WHERE current_item_id = ?")
        .bind_all(item_id)
        .exec();
    db.cached("DELETE FROM agenda_items WHERE item_id = ?").bind_all(item_id).exec();
    return db.changes() > 0;
}

void store_agenda_order(database& db, const domain::agenda& a) {
    auto& st = db.cached(
        "UPDATE agenda_items SET position = ? WHERE item_id = ? AND meeting_id = ? "
        "AND position <> ?");
    for (std::size_t i = 0; i < a.items.size(); ++i) {
        st.bind_all(i + 1, a.items[i].item_id, a.meeting_id, i + 1).exec();
    }
}

void store_agenda_state(database& db, const domain::agenda& a) {
    db.cached(
          "INSERT INTO agenda_state (meeting_id, revision, current_item_id, started_at_ms, "
          "ended_at_ms) VALUES (?, ?, ?, ?, ?) ON CONFLICT (meeting_id) DO UPDATE SET "
          "revision = excluded.revision, current_item_id = excluded.current_item_id, "
          "started_at_ms = excluded.started_at_ms, ended_at_ms = excluded.ended_at_ms")
        .bind_all(a.meeting_id, a.revision, a.live.item_id, to_unix_ms(a.live.started_at),
                  to_unix_ms(a.live.ended_at))
        .exec();
}

domain::id insert_agenda_change(database& db, const agenda_change& c) {
    db.cached(
          "INSERT INTO agenda_changes (meeting_id, revision, changed_at, person_id, changed_by, "
          "action, item_id, summary, item_before, item_after, sequence) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(c.meeting_id, c.revision, detail::to_unix(c.changed_at), c.person_id,
                  c.changed_by, domain::to_string(c.action), c.item_id, c.summary, c.item_before,
                  c.item_after, c.sequence)
        .exec();
    return db.last_insert_rowid();
}

std::vector<agenda_change> list_agenda_changes(database& db, domain::id meeting_id) {
    auto& st = db.cached(
        "SELECT change_id, meeting_id, revision, changed_at, person_id, changed_by, action, "
        "item_id, summary, item_before, item_after, sequence FROM agenda_changes "
        "WHERE meeting_id = ? ORDER BY change_id");
    st.bind_all(meeting_id);
    return detail::all_rows(st, read_change);
}

std::optional<domain::id> meeting_of_poll(database& db, domain::id poll_id) {
    auto& st = db.cached("SELECT meeting_id FROM polls WHERE poll_id = ?");
    st.bind_all(poll_id);
    return detail::single_row(st, [](const statement& row) { return row.int64(0); });
}

std::optional<domain::id> meeting_of_document(database& db, domain::id document_id) {
    auto& st =
        db.cached("SELECT meeting_id FROM documents WHERE document_id = ? AND removed_at IS NULL");
    st.bind_all(document_id);
    return detail::single_row(st, [](const statement& row) { return row.int64(0); });
}

}  // namespace traffpunkt::store
