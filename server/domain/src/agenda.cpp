#include "traffpunkt/domain/agenda.hpp"

#include <algorithm>
#include <set>
#include <string>

#include "enum_names.hpp"
#include "field_path.hpp"
#include "traffpunkt/domain/network.hpp"
#include "traffpunkt/domain/text.hpp"

namespace traffpunkt::domain {

namespace {

using namespace std::chrono;
using detail::name_of;
using detail::value_of;

constexpr detail::name_table<agenda_item_kind, 5> agenda_kind_names{{
    {agenda_item_kind::talk, "talk"},
    {agenda_item_kind::discussion, "discussion"},
    {agenda_item_kind::workshop, "workshop"},
    {agenda_item_kind::pause, "break"},
    {agenda_item_kind::poll, "poll"},
}};

constexpr detail::name_table<live_phase, 4> agenda_phase_names{{
    {live_phase::none, "none"},
    {live_phase::pending, "pending"},
    {live_phase::running, "running"},
    {live_phase::ended, "ended"},
}};

constexpr detail::name_table<agenda_change_action, 4> agenda_action_names{{
    {agenda_change_action::added, "added"},
    {agenda_change_action::updated, "updated"},
    {agenda_change_action::moved, "moved"},
    {agenda_change_action::removed, "removed"},
}};

constexpr detail::name_table<agenda_warning::kind, 3> agenda_warning_names{{
    {agenda_warning::kind::overlap, "overlap"},
    {agenda_warning::kind::out_of_order, "out_of_order"},
    {agenda_warning::kind::outside_meeting, "outside_meeting"},
}};

using detail::indexed;

check check_ids(std::string_view field, const std::vector<id>& ids) {
    if (ids.size() > limits::agenda_links_max) {
        return invalid_value(std::string(field), std::string(field) + " may name at most " +
                                                     std::to_string(limits::agenda_links_max) +
                                                     " ids");
    }
    std::set<id> seen;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (ids[i] <= 0) {
            return invalid_value(indexed(field, i), indexed(field, i) + " must be a positive id");
        }
        if (!seen.insert(ids[i]).second) {
            return invalid_value(indexed(field, i),
                                 indexed(field, i) + " repeats id " + std::to_string(ids[i]));
        }
    }
    return std::nullopt;
}

check check_presenters(const std::vector<presenter>& presenters) {
    if (presenters.size() > limits::presenters_max) {
        return invalid_value(
            "presenters",
            "an item may have at most " + std::to_string(limits::presenters_max) + " presenters");
    }
    for (std::size_t i = 0; i < presenters.size(); ++i) {
        const std::string base = indexed("presenters", i);
        if (auto e = check_line(base + ".name", presenters[i].name, 1, limits::name_max)) {
            return e;
        }
        if (auto e = check_line(base + ".organisation", presenters[i].organisation, 0,
                                limits::name_max)) {
            return e;
        }
    }
    return std::nullopt;
}

/** An item's title in quotes, for warning messages. */
std::string quoted(const agenda_item& item) {
    return "\"" + item.title + "\"";
}

std::string minutes_text(minutes m) {
    return std::to_string(m.count()) + (m.count() == 1 ? " minute" : " minutes");
}

/** True when `position` (1-based) is in [1, last]. */
bool in_range(std::size_t position, std::size_t last) {
    return position >= 1 && position <= last;
}

}  // namespace

std::string_view to_string(agenda_item_kind k) {
    return name_of(agenda_kind_names, k);
}

std::optional<agenda_item_kind> parse_agenda_item_kind(std::string_view s) {
    return value_of(agenda_kind_names, s);
}

std::string_view to_string(live_phase p) {
    return name_of(agenda_phase_names, p);
}

std::string_view to_string(agenda_warning::kind k) {
    return name_of(agenda_warning_names, k);
}

std::string_view to_string(agenda_change_action a) {
    return name_of(agenda_action_names, a);
}

std::optional<agenda_change_action> parse_agenda_change_action(std::string_view s) {
    return value_of(agenda_action_names, s);
}

std::vector<std::string> changed_fields(const agenda_item& before, const agenda_item& after) {
    std::vector<std::string> out;
    const auto note = [&out](bool differs, const char* field) {
        if (differs) {
            out.emplace_back(field);
        }
    };
    note(before.title != after.title, "title");
    note(before.description != after.description, "description");
    note(before.kind != after.kind, "kind");
    note(before.starts_at != after.starts_at, "starts_at");
    note(before.duration != after.duration, "duration_minutes");
    note(before.presenters != after.presenters, "presenters");
    note(before.document_ids != after.document_ids, "document_ids");
    note(before.poll_ids != after.poll_ids, "poll_ids");
    return out;
}

check validate(const agenda_item& item, const meeting& m) {
    if (auto e = check_line("title", item.title, 1, limits::name_max)) {
        return e;
    }
    if (auto e = check_text("description", item.description, limits::agenda_description_max)) {
        return e;
    }
    if (!parse_agenda_item_kind(to_string(item.kind))) {
        return invalid_value("kind", "kind must be talk, discussion, workshop, break or poll");
    }
    // Agendas are read in whole minutes; a start at 10:00:30 would print as 10:00 and overlap.
    if (item.starts_at.time_since_epoch() % minutes{1} != seconds{0}) {
        return invalid_value("starts_at", "starts_at must be on a whole minute");
    }
    if (item.duration <= minutes{0}) {
        return invalid_value("duration_minutes", "duration_minutes must be positive");
    }
    if (item.starts_at < m.starts_at) {
        return invalid_value("starts_at", "the item must not start before the meeting (" +
                                              format_instant(m.starts_at) + ")");
    }
    if (item.starts_at >= m.ends_at) {
        return invalid_value("starts_at", "the item must start before the meeting ends (" +
                                              format_instant(m.ends_at) + ")");
    }
    if (item.ends_at() > m.ends_at) {
        return invalid_value("duration_minutes", "the item must end by the meeting's end (" +
                                                     format_instant(m.ends_at) + ")");
    }
    if (auto e = check_presenters(item.presenters)) {
        return e;
    }
    if (auto e = check_ids("document_ids", item.document_ids)) {
        return e;
    }
    return check_ids("poll_ids", item.poll_ids);
}

live_phase agenda_live::phase() const {
    if (!item_id) {
        return live_phase::none;
    }
    if (!started_at) {
        return live_phase::pending;
    }
    return ended_at ? live_phase::ended : live_phase::running;
}

const agenda_item* agenda::find(id item_id) const {
    const auto it = std::find_if(items.begin(), items.end(),
                                 [&](const agenda_item& i) { return i.item_id == item_id; });
    return it == items.end() ? nullptr : &*it;
}

std::size_t agenda::position_of(id item_id) const {
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (items[i].item_id == item_id) {
            return i + 1;
        }
    }
    return 0;
}

check insert_item(agenda& a, agenda_item item, std::optional<std::size_t> position) {
    if (a.items.size() >= limits::agenda_items_max) {
        return invalid_value("meeting_id", "an agenda may have at most " +
                                               std::to_string(limits::agenda_items_max) + " items");
    }
    const std::size_t at = position.value_or(a.items.size() + 1);
    if (!in_range(at, a.items.size() + 1)) {
        return invalid_value(
            "position", "position must be between 1 and " + std::to_string(a.items.size() + 1));
    }
    a.items.insert(a.items.begin() + static_cast<std::ptrdiff_t>(at - 1), std::move(item));
    ++a.revision;
    return std::nullopt;
}

check move_item(agenda& a, id item_id, std::size_t position) {
    const std::size_t from = a.position_of(item_id);
    if (from == 0) {
        return invalid_value("item_id", "no item " + std::to_string(item_id) + " in this agenda");
    }
    if (!in_range(position, a.items.size())) {
        return invalid_value("position",
                             "position must be between 1 and " + std::to_string(a.items.size()));
    }
    agenda_item moving = std::move(a.items[from - 1]);
    a.items.erase(a.items.begin() + static_cast<std::ptrdiff_t>(from - 1));
    a.items.insert(a.items.begin() + static_cast<std::ptrdiff_t>(position - 1), std::move(moving));
    ++a.revision;
    return std::nullopt;
}

check replace_item(agenda& a, const agenda_item& item) {
    const std::size_t at = a.position_of(item.item_id);
    if (at == 0) {
        return invalid_value("item_id",
                             "no item " + std::to_string(item.item_id) + " in this agenda");
    }
    a.items[at - 1] = item;
    ++a.revision;
    return std::nullopt;
}

check remove_item(agenda& a, id item_id) {
    const std::size_t at = a.position_of(item_id);
    if (at == 0) {
        return invalid_value("item_id", "no item " + std::to_string(item_id) + " in this agenda");
    }
    a.items.erase(a.items.begin() + static_cast<std::ptrdiff_t>(at - 1));
    if (a.live.item_id == item_id) {
        a.live = {};
    }
    ++a.revision;
    return std::nullopt;
}

check set_current(agenda& a, std::optional<id> item_id, bool start, precise_instant now) {
    if (!item_id) {
        a.live = {};
        return std::nullopt;
    }
    if (a.find(*item_id) == nullptr) {
        return invalid_value("item_id", "no item " + std::to_string(*item_id) + " in this agenda");
    }
    a.live.item_id = item_id;
    a.live.started_at.reset();
    a.live.ended_at.reset();
    if (start) {
        a.live.started_at = now;
    }
    return std::nullopt;
}

check start_current(agenda& a, precise_instant now) {
    switch (a.live.phase()) {
        case live_phase::none:
            return invalid_transition("there is no current item to start");
        case live_phase::running:
            return invalid_transition("the current item is already running");
        case live_phase::ended:
            return invalid_transition(
                "the current item has ended; set it current again to start it over");
        case live_phase::pending:
            a.live.started_at = now;
            return std::nullopt;
    }
    return invalid_transition("the current item cannot be started");
}

check end_current(agenda& a, precise_instant now) {
    switch (a.live.phase()) {
        case live_phase::none:
            return invalid_transition("there is no current item to end");
        case live_phase::pending:
            return invalid_transition("the current item has not started");
        case live_phase::ended:
            return invalid_transition("the current item has already ended");
        case live_phase::running:
            // A clock step backwards must not give a negative duration.
            a.live.ended_at = std::max(now, *a.live.started_at);
            return std::nullopt;
    }
    return invalid_transition("the current item cannot be ended");
}

std::vector<agenda_warning> warnings(const agenda& a, const meeting& m) {
    std::vector<agenda_warning> out;
    const auto& items = a.items;
    for (std::size_t i = 0; i < items.size(); ++i) {
        for (std::size_t j = i + 1; j < items.size(); ++j) {
            const auto begin = std::max(items[i].starts_at, items[j].starts_at);
            const auto end = std::min(items[i].ends_at(), items[j].ends_at());
            if (begin < end) {
                out.push_back({agenda_warning::kind::overlap,
                               {items[i].item_id, items[j].item_id},
                               quoted(items[i]) + " and " + quoted(items[j]) + " overlap by " +
                                   minutes_text(duration_cast<minutes>(end - begin))});
            }
        }
    }
    for (std::size_t i = 1; i < items.size(); ++i) {
        if (items[i].starts_at < items[i - 1].starts_at) {
            out.push_back({agenda_warning::kind::out_of_order,
                           {items[i - 1].item_id, items[i].item_id},
                           quoted(items[i]) + " is listed after " + quoted(items[i - 1]) +
                               " but starts before it"});
        }
    }
    for (const auto& item : items) {
        if (item.starts_at < m.starts_at || item.ends_at() > m.ends_at) {
            out.push_back({agenda_warning::kind::outside_meeting,
                           {item.item_id},
                           quoted(item) + " is not within the meeting's time (" +
                               format_instant(m.starts_at) + " to " + format_instant(m.ends_at) +
                               ")"});
        }
    }
    return out;
}

}  // namespace traffpunkt::domain
