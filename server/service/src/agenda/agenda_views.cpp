#include "agenda/agenda_views.hpp"

#include <cstdio>

#include <boost/json/parse.hpp>

#include "traffpunkt/protocol/agenda_views.hpp"

namespace traffpunkt::service {

namespace json = boost::json;
using namespace std::chrono;

namespace {

std::optional<std::string> opt_precise(const std::optional<domain::precise_instant>& t) {
    if (!t) {
        return std::nullopt;
    }
    return format_precise(*t);
}

/** A stored item snapshot; anything unreadable (it never should be) shows as null. */
std::optional<json::object> snapshot_of(const std::optional<std::string>& text) {
    if (!text) {
        return std::nullopt;
    }
    boost::system::error_code ec;
    auto v = json::parse(*text, ec);
    if (ec || !v.is_object()) {
        return std::nullopt;
    }
    return v.as_object();
}

protocol::actor_view actor(const std::optional<domain::id>& person_id, const std::string& name) {
    return {person_id, name};
}

}  // namespace

std::string actor_name(const principal& p) {
    // Coordinator tokens may have been created without a name; the record still says what.
    if (!p.name.empty()) {
        return p.name;
    }
    return p.is_coordinator() ? "coordinator" : "participant";
}

std::string format_precise(domain::precise_instant t) {
    const auto whole = floor<seconds>(t);
    std::string text = domain::format_instant(whole);  // ends in 'Z'
    char millis[8];
    std::snprintf(millis, sizeof millis, ".%03d", static_cast<int>((t - whole).count()));
    text.insert(text.size() - 1, millis);
    return text;
}

json::object item_json(const domain::agenda_item& item, std::size_t position) {
    protocol::agenda_item_view v;
    v.item_id = item.item_id;
    v.meeting_id = item.meeting_id;
    v.position = static_cast<std::int64_t>(position);
    v.title = item.title;
    v.description = item.description;
    v.kind = std::string(domain::to_string(item.kind));
    v.starts_at = domain::format_instant(item.starts_at);
    v.ends_at = domain::format_instant(item.ends_at());
    v.duration_minutes = item.duration.count();
    for (const auto& p : item.presenters) {
        v.presenters.push_back({p.name, p.organisation});
    }
    v.document_ids = item.document_ids;
    v.poll_ids = item.poll_ids;
    v.updated_at = domain::format_instant(item.updated_at);
    return protocol::to_json(v);
}

json::object agenda_json(const domain::agenda& a, const domain::meeting& m) {
    json::array items;
    for (std::size_t i = 0; i < a.items.size(); ++i) {
        items.push_back(item_json(a.items[i], i + 1));
    }
    json::array warnings;
    for (const auto& w : domain::warnings(a, m)) {
        warnings.push_back(protocol::to_json(protocol::agenda_warning_view{
            std::string(domain::to_string(w.what)), w.item_ids, w.message}));
    }
    return {{"meeting_id", a.meeting_id},
            {"revision", a.revision},
            {"items", std::move(items)},
            {"warnings", std::move(warnings)}};
}

json::object now_json(const domain::agenda& a, domain::precise_instant server_time) {
    protocol::agenda_now_view v;
    v.meeting_id = a.meeting_id;
    v.item_id = a.live.item_id;
    v.state = std::string(domain::to_string(a.live.phase()));
    v.started_at = opt_precise(a.live.started_at);
    v.ended_at = opt_precise(a.live.ended_at);
    v.server_time = format_precise(server_time);
    return protocol::to_json(v);
}

json::object change_json(const store::agenda_change& c) {
    protocol::agenda_change_view v;
    v.change_id = c.change_id;
    v.revision = c.revision;
    v.changed_at = domain::format_instant(c.changed_at);
    v.changed_by = actor(c.person_id, c.changed_by);
    v.action = std::string(domain::to_string(c.action));
    v.item_id = c.item_id;
    v.summary = c.summary;
    v.before = snapshot_of(c.item_before);
    v.after = snapshot_of(c.item_after);
    if (c.sequence) {
        v.sequence = *c.sequence;
    }
    return protocol::to_json(v);
}

json::object minutes_json(domain::id meeting_id, const std::optional<domain::meeting_minutes>& m,
                          bool with_text, const std::optional<previous_meeting>& previous) {
    protocol::minutes_view v;
    v.meeting_id = meeting_id;
    v.version = m ? m->version : 0;
    v.status = std::string(domain::to_string(m ? m->status : domain::minutes_status::draft));
    if (with_text) {
        v.text = m ? m->text : std::string();
    }
    if (m && m->updated_at) {
        v.updated_at = domain::format_instant(*m->updated_at);
    }
    if (previous) {
        protocol::minutes_link_view link;
        link.meeting_id = previous->meeting.meeting_id;
        link.title = previous->meeting.title;
        link.starts_at = domain::format_instant(previous->meeting.starts_at);
        if (previous->minutes) {
            link.minutes_version = previous->minutes->version;
            link.minutes_status = std::string(domain::to_string(previous->minutes->status));
        }
        v.previous = link;
    }
    return protocol::to_json(v);
}

json::object minutes_version_json(const store::minutes_version& v, bool with_text) {
    protocol::minutes_version_view out;
    out.version = v.version;
    out.action = std::string(domain::to_string(v.action));
    out.status = std::string(domain::to_string(v.status));
    out.changed_at = domain::format_instant(v.changed_at);
    out.changed_by = actor(v.person_id, v.changed_by);
    out.length = v.text_length;
    if (with_text) {
        out.text = v.text;
    }
    return protocol::to_json(out);
}

}  // namespace traffpunkt::service
