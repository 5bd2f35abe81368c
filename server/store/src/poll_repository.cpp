#include "traffpunkt/store/poll_repository.hpp"

#include <algorithm>

#include "columns.hpp"
#include "traffpunkt/store/database.hpp"

namespace traffpunkt::store {

namespace {

constexpr std::string_view poll_columns =
    "poll_id, meeting_id, agenda_item_id, kind, question, description, max_choices, scale_max, "
    "scale_min_label, scale_max_label, text_max_length, budget, currency, pb_ballot, pb_utility, "
    "points_total, anonymous, audience, visibility, status, auto_close_at, opened_at, "
    "closed_at, created_by";

std::string select_polls(std::string_view rest) {
    return "SELECT " + std::string(poll_columns) + " FROM polls " + std::string(rest);
}

int int_column(const statement& st, int column) {
    const auto v = st.int64(column);
    if (v < INT32_MIN || v > INT32_MAX) {
        detail::throw_bad_column(st, column, "number");
    }
    return static_cast<int>(v);
}

domain::poll read_poll(const statement& st) {
    domain::poll p;
    p.poll_id = st.int64(0);
    p.meeting_id = st.int64(1);
    p.agenda_item_id = st.opt_int64(2);
    p.kind = detail::enum_column(st, 3, domain::parse_poll_kind);
    p.question = st.text(4);
    p.description = st.text(5);
    p.max_choices = int_column(st, 6);
    p.scale_max = int_column(st, 7);
    p.scale_min_label = st.text(8);
    p.scale_max_label = st.text(9);
    p.text_max_length = int_column(st, 10);
    p.budget = st.int64(11);
    p.currency = st.text(12);
    p.pb_ballot = detail::enum_column(st, 13, domain::parse_pb_ballot_kind);
    p.pb_utility = detail::enum_column(st, 14, domain::parse_pb_utility);
    p.points_total = int_column(st, 15);
    p.anonymous = st.int64(16) != 0;
    p.audience = detail::enum_column(st, 17, domain::parse_poll_audience);
    p.visibility = detail::enum_column(st, 18, domain::parse_results_visibility);
    p.status = detail::enum_column(st, 19, domain::parse_poll_status);
    p.auto_close_at = st.opt_int64(20);
    p.opened_at = st.opt_int64(21);
    p.closed_at = st.opt_int64(22);
    p.created_by = st.int64(23);
    return p;
}

/** Reads the options and projects of `p` (the poll row is already read). */
void read_children(database& db, domain::poll& p) {
    auto& opts =
        db.cached("SELECT option_id, label FROM poll_options WHERE poll_id = ? ORDER BY option_id");
    opts.bind_all(p.poll_id);
    p.options = detail::all_rows(opts, [](const statement& row) {
        return domain::poll_option{row.int64(0), row.text(1)};
    });
    auto& projects = db.cached(
        "SELECT project_id, title, description, cost, organisation_id FROM pb_projects "
        "WHERE poll_id = ? ORDER BY project_id");
    projects.bind_all(p.poll_id);
    p.projects = detail::all_rows(projects, [](const statement& row) {
        domain::pb_project project;
        project.project_id = row.int64(0);
        project.title = row.text(1);
        project.description = row.text(2);
        project.cost = row.int64(3);
        project.organisation_id = row.opt_int64(4);
        return project;
    });
    if (p.kind != domain::poll_kind::pb) {
        return;
    }
    auto& settings =
        db.cached("SELECT rule, min_support, decimals FROM pb_poll_settings WHERE poll_id = ?");
    settings.bind_all(p.poll_id);
    if (settings.step()) {
        p.pb_rule = settings.text(0);
        p.pb_min_support = settings.int64(1);
        p.pb_decimals = static_cast<int>(settings.int64(2));
    }
    settings.reset();
    auto& districts =
        db.cached("SELECT name, budget FROM pb_districts WHERE poll_id = ? ORDER BY position");
    districts.bind_all(p.poll_id);
    p.pb_districts = detail::all_rows(districts, [](const statement& row) {
        return domain::pb_district{row.text(0), row.int64(1)};
    });
    auto& details = db.cached(
        "SELECT project_id, district, categories, latitude, longitude FROM pb_project_details "
        "WHERE poll_id = ?");
    details.bind_all(p.poll_id);
    while (details.step()) {
        const auto id = details.int64(0);
        for (auto& project : p.projects) {
            if (project.project_id != id) {
                continue;
            }
            project.district = details.text(1);
            const auto categories = details.text(2);
            for (std::size_t start = 0; !categories.empty() && start <= categories.size();) {
                const auto comma = std::min(categories.find(',', start), categories.size());
                project.categories.push_back(categories.substr(start, comma - start));
                start = comma + 1;
            }
            project.latitude = details.opt_text(3);
            project.longitude = details.opt_text(4);
        }
    }
    details.reset();
}

std::vector<domain::poll> read_polls(database& db, statement& st) {
    auto polls = detail::all_rows(st, read_poll);
    for (auto& p : polls) {
        read_children(db, p);
    }
    return polls;
}

void write_children(database& db, const domain::poll& p) {
    db.cached("DELETE FROM poll_options WHERE poll_id = ?").bind_all(p.poll_id).exec();
    db.cached("DELETE FROM pb_projects WHERE poll_id = ?").bind_all(p.poll_id).exec();
    for (const auto& o : p.options) {
        db.cached("INSERT INTO poll_options (poll_id, option_id, label) VALUES (?, ?, ?)")
            .bind_all(p.poll_id, o.option_id, o.label)
            .exec();
    }
    for (const auto& pr : p.projects) {
        db.cached(
              "INSERT INTO pb_projects (poll_id, project_id, title, description, cost, "
              "organisation_id) VALUES (?, ?, ?, ?, ?, ?)")
            .bind_all(p.poll_id, pr.project_id, pr.title, pr.description, pr.cost,
                      pr.organisation_id)
            .exec();
    }
    db.cached("DELETE FROM pb_poll_settings WHERE poll_id = ?").bind_all(p.poll_id).exec();
    db.cached("DELETE FROM pb_districts WHERE poll_id = ?").bind_all(p.poll_id).exec();
    db.cached("DELETE FROM pb_project_details WHERE poll_id = ?").bind_all(p.poll_id).exec();
    if (p.kind != domain::poll_kind::pb) {
        return;
    }
    // Only what differs from the defaults is stored, so plain PB polls keep no extra rows.
    if (!p.pb_rule.empty() || p.pb_min_support != 0 || p.pb_decimals != 0) {
        db.cached(
              "INSERT INTO pb_poll_settings (poll_id, rule, min_support, decimals) "
              "VALUES (?, ?, ?, ?)")
            .bind_all(p.poll_id, p.pb_rule, p.pb_min_support, p.pb_decimals)
            .exec();
    }
    for (std::size_t i = 0; i < p.pb_districts.size(); ++i) {
        db.cached("INSERT INTO pb_districts (poll_id, position, name, budget) VALUES (?, ?, ?, ?)")
            .bind_all(p.poll_id, static_cast<std::int64_t>(i), p.pb_districts[i].name,
                      p.pb_districts[i].budget)
            .exec();
    }
    for (const auto& pr : p.projects) {
        if (pr.district.empty() && pr.categories.empty() && !pr.latitude) {
            continue;
        }
        std::string categories;
        for (const auto& c : pr.categories) {
            categories += (categories.empty() ? "" : ",") + c;
        }
        db.cached(
              "INSERT INTO pb_project_details (poll_id, project_id, district, categories, "
              "latitude, longitude) VALUES (?, ?, ?, ?, ?, ?)")
            .bind_all(p.poll_id, pr.project_id, pr.district, categories, pr.latitude, pr.longitude)
            .exec();
    }
}

}  // namespace

domain::id insert_poll(database& db, const domain::poll& p, std::int64_t now) {
    db.cached(
          "INSERT INTO polls (poll_id, meeting_id, agenda_item_id, kind, question, description, "
          "max_choices, scale_max, scale_min_label, scale_max_label, text_max_length, budget, "
          "currency, pb_ballot, pb_utility, points_total, anonymous, audience, visibility, "
          "status, auto_close_at, opened_at, closed_at, created_by, created_at, updated_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind_all(detail::id_or_null(p.poll_id), p.meeting_id, p.agenda_item_id,
                  domain::to_string(p.kind), p.question, p.description, p.max_choices, p.scale_max,
                  p.scale_min_label, p.scale_max_label, p.text_max_length, p.budget, p.currency,
                  domain::to_string(p.pb_ballot), domain::to_string(p.pb_utility), p.points_total,
                  p.anonymous ? 1 : 0, domain::to_string(p.audience),
                  domain::to_string(p.visibility), domain::to_string(p.status), p.auto_close_at,
                  p.opened_at, p.closed_at, p.created_by, now, now)
        .exec();
    domain::poll stored = p;
    stored.poll_id = db.last_insert_rowid();
    write_children(db, stored);
    return stored.poll_id;
}

bool update_poll(database& db, const domain::poll& p, std::int64_t now) {
    db.cached(
          "UPDATE polls SET agenda_item_id = ?, question = ?, description = ?, max_choices = ?, "
          "scale_max = ?, scale_min_label = ?, scale_max_label = ?, text_max_length = ?, "
          "budget = ?, currency = ?, pb_ballot = ?, pb_utility = ?, points_total = ?, "
          "anonymous = ?, audience = ?, visibility = ?, status = ?, auto_close_at = ?, "
          "opened_at = ?, closed_at = ?, updated_at = ? WHERE poll_id = ?")
        .bind_all(p.agenda_item_id, p.question, p.description, p.max_choices, p.scale_max,
                  p.scale_min_label, p.scale_max_label, p.text_max_length, p.budget, p.currency,
                  domain::to_string(p.pb_ballot), domain::to_string(p.pb_utility), p.points_total,
                  p.anonymous ? 1 : 0, domain::to_string(p.audience),
                  domain::to_string(p.visibility), domain::to_string(p.status), p.auto_close_at,
                  p.opened_at, p.closed_at, now, p.poll_id)
        .exec();
    if (db.changes() == 0) {
        return false;
    }
    write_children(db, p);
    return true;
}

bool delete_poll(database& db, domain::id poll_id) {
    // The children go by ON DELETE CASCADE (foreign keys are on for every connection).
    db.cached("DELETE FROM polls WHERE poll_id = ?").bind_all(poll_id).exec();
    return db.changes() > 0;
}

std::optional<domain::poll> find_poll(database& db, domain::id poll_id) {
    auto& st = db.cached(select_polls("WHERE poll_id = ?"));
    st.bind_all(poll_id);
    auto p = detail::single_row(st, read_poll);
    if (p) {
        read_children(db, *p);
    }
    return p;
}

std::vector<domain::poll> list_meeting_polls(database& db, domain::id meeting_id) {
    auto& st = db.cached(select_polls("WHERE meeting_id = ? ORDER BY poll_id"));
    st.bind_all(meeting_id);
    return read_polls(db, st);
}

std::vector<domain::poll> list_open_polls_with_deadline(database& db) {
    auto& st = db.cached(
        select_polls("WHERE status = 'open' AND auto_close_at IS NOT NULL ORDER BY poll_id"));
    return read_polls(db, st);
}

void set_final_results(database& db, domain::id poll_id, std::string_view results) {
    db.cached("UPDATE polls SET final_results = ? WHERE poll_id = ?")
        .bind_all(results, poll_id)
        .exec();
}

std::optional<std::string> final_results(database& db, domain::id poll_id) {
    auto& st = db.cached("SELECT final_results FROM polls WHERE poll_id = ?");
    st.bind_all(poll_id);
    auto row = detail::single_row(st, [](const statement& s) { return s.opt_text(0); });
    return row ? *row : std::nullopt;
}

void insert_voter(database& db, domain::id poll_id, std::string_view voter) {
    db.cached("INSERT INTO poll_voters (poll_id, voter) VALUES (?, ?)")
        .bind_all(poll_id, voter)
        .exec();
}

std::vector<std::string> list_voters(database& db, domain::id poll_id) {
    auto& st = db.cached("SELECT voter FROM poll_voters WHERE poll_id = ? ORDER BY voter");
    st.bind_all(poll_id);
    return detail::all_rows(st, [](const statement& row) { return row.text(0); });
}

void insert_anonymous_ballot(database& db, domain::id poll_id, std::string_view key,
                             std::string_view ballot) {
    db.cached("INSERT INTO anonymous_ballots (poll_id, ballot_key, ballot) VALUES (?, ?, ?)")
        .bind_all(poll_id, key, ballot)
        .exec();
}

std::vector<std::string> list_anonymous_ballots(database& db, domain::id poll_id) {
    auto& st =
        db.cached("SELECT ballot FROM anonymous_ballots WHERE poll_id = ? ORDER BY ballot_key");
    st.bind_all(poll_id);
    return detail::all_rows(st, [](const statement& row) { return row.text(0); });
}

void rewrite_anonymous_poll(database& db, domain::id poll_id,
                            const std::function<std::string()>& new_key) {
    auto voters = list_voters(db, poll_id);  // in voter order
    const auto ballots = list_anonymous_ballots(db, poll_id);
    std::vector<std::pair<std::string, std::string>> keyed;
    keyed.reserve(ballots.size());
    for (const auto& b : ballots) {
        keyed.emplace_back(new_key(), b);
    }
    std::sort(keyed.begin(), keyed.end());
    db.cached("DELETE FROM poll_voters WHERE poll_id = ?").bind_all(poll_id).exec();
    db.cached("DELETE FROM anonymous_ballots WHERE poll_id = ?").bind_all(poll_id).exec();
    for (const auto& v : voters) {
        insert_voter(db, poll_id, v);
    }
    for (const auto& [key, ballot] : keyed) {
        insert_anonymous_ballot(db, poll_id, key, ballot);
    }
}

void put_named_ballot(database& db, domain::id poll_id, std::string_view voter,
                      std::string_view ballot, std::int64_t now) {
    db.cached(
          "INSERT INTO named_ballots (poll_id, voter, ballot, cast_at, changed_at) "
          "VALUES (?, ?, ?, ?, ?) ON CONFLICT (poll_id, voter) DO UPDATE SET "
          "ballot = excluded.ballot, changed_at = excluded.changed_at")
        .bind_all(poll_id, voter, ballot, now, now)
        .exec();
}

std::vector<named_ballot_row> list_named_ballots(database& db, domain::id poll_id) {
    auto& st = db.cached(
        "SELECT voter, ballot, cast_at, changed_at FROM named_ballots WHERE poll_id = ? "
        "ORDER BY voter");
    st.bind_all(poll_id);
    return detail::all_rows(st, [](const statement& row) {
        return named_ballot_row{row.text(0), row.text(1), row.int64(2), row.int64(3)};
    });
}

void set_poll_link(database& db, domain::id meeting_id, std::string_view code, std::int64_t now) {
    db.cached(
          "INSERT INTO poll_links (meeting_id, code, created_at) VALUES (?, ?, ?) "
          "ON CONFLICT (meeting_id) DO UPDATE SET code = excluded.code, "
          "created_at = excluded.created_at")
        .bind_all(meeting_id, code, now)
        .exec();
}

std::optional<domain::id> find_poll_link(database& db, std::string_view code) {
    auto& st = db.cached("SELECT meeting_id FROM poll_links WHERE code = ?");
    st.bind_all(code);
    return detail::single_row(st, [](const statement& s) { return s.int64(0); });
}

std::optional<std::string> poll_link_of(database& db, domain::id meeting_id) {
    auto& st = db.cached("SELECT code FROM poll_links WHERE meeting_id = ?");
    st.bind_all(meeting_id);
    return detail::single_row(st, [](const statement& s) { return s.text(0); });
}

std::int64_t count_voters(database& db, domain::id poll_id) {
    auto& st = db.cached("SELECT COUNT(*) FROM poll_voters WHERE poll_id = ?");
    st.bind_all(poll_id);
    return detail::single_row(st, [](const statement& s) { return s.int64(0); }).value_or(0);
}

domain::id insert_audience_token(database& db, std::string_view token_hash, domain::id meeting_id,
                                 std::int64_t now) {
    db.cached("INSERT INTO audience_tokens (token_hash, meeting_id, created_at) VALUES (?, ?, ?)")
        .bind_all(token_hash, meeting_id, now)
        .exec();
    return db.last_insert_rowid();
}

std::optional<audience_token_record> find_audience_token(database& db,
                                                         std::string_view token_hash) {
    // A revoked device is unknown from then on: new connections, `auth` and HTTP alike.
    auto& st = db.cached(
        "SELECT token_id, meeting_id FROM audience_tokens "
        "WHERE token_hash = ? AND revoked_at IS NULL");
    st.bind_all(token_hash);
    return detail::single_row(st, [](const statement& s) {
        return audience_token_record{s.int64(0), s.int64(1)};
    });
}

std::int64_t count_audience_tokens(database& db, domain::id meeting_id) {
    // Kept by triggers (migration 6): one row lookup instead of counting the index.
    auto& st = db.cached("SELECT n FROM audience_token_counts WHERE meeting_id = ?");
    st.bind_all(meeting_id);
    return detail::single_row(st, [](const statement& s) { return s.int64(0); }).value_or(0);
}

}  // namespace traffpunkt::store
