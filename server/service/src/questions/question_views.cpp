#include "question_views.hpp"

#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::service {

namespace json = boost::json;

namespace {

json::value opt_instant(const std::optional<domain::instant>& t) {
    return t ? json::value(domain::format_instant(*t)) : json::value(nullptr);
}

}  // namespace

json::object board_json(const domain::question_board& b) {
    return json::object{
        {"board_id", b.board_id},
        {"meeting_id", b.meeting_id},
        {"agenda_item_id", b.agenda_item_id ? json::value(*b.agenda_item_id) : json::value()},
        {"moderation", domain::to_string(b.moderation)},
        {"status", b.open ? "open" : "closed"},
        {"opened_at", domain::format_instant(b.opened_at)},
        {"closed_at", opt_instant(b.closed_at)},
    };
}

json::object question_json(const domain::question& q, std::int64_t votes, bool staff) {
    json::object o{
        {"question_id", q.question_id},
        {"board_id", q.board_id},
        {"meeting_id", q.meeting_id},
        {"text", q.text},
        {"anonymous", q.anonymous},
        {"name", q.anonymous || q.name.empty() ? json::value() : json::value(q.name)},
        {"origin", domain::to_string(q.origin)},
        {"status", domain::to_string(q.status)},
        {"pinned", q.pinned},
        {"votes", votes},
        {"merged_into", q.merged_into ? json::value(*q.merged_into) : json::value()},
        {"asked_at", domain::format_instant(q.asked_at)},
        {"answered_at", opt_instant(q.answered_at)},
    };
    if (staff) {
        o["hide_reason"] = q.hide_reason;
    }
    return o;
}

json::object questions_listing(const meeting_questions& mq, bool staff, bool newest,
                               std::optional<std::int64_t> board_id,
                               const std::optional<std::string>& viewer,
                               std::optional<std::int64_t> viewer_person) {
    json::array boards;
    json::array questions;
    for (const auto& [id, b] : mq.boards) {
        if (board_id && *board_id != id) {
            continue;
        }
        boards.push_back(board_json(b.board));
        auto picked = b.top([&](const domain::question& q) {
            if (staff) {
                return true;
            }
            const bool own = viewer_person && q.asker_person_id == viewer_person;
            return domain::is_shown(q.status) ||
                   (own && q.status == domain::question_status::pending);
        });
        if (newest) {
            domain::board_state::sort_newest(picked);
        }
        for (const auto* q : picked) {
            auto o = question_json(*q, q->votes, staff);
            if (viewer) {
                const auto v = b.voters.find(q->question_id);
                o["voted"] = v != b.voters.end() && v->second.count(*viewer) > 0;
                o["mine"] = viewer_person.has_value() && q->asker_person_id == viewer_person;
            }
            questions.push_back(std::move(o));
        }
    }
    return json::object{{"meeting_id", mq.meeting_id},
                        {"boards", std::move(boards)},
                        {"questions", std::move(questions)}};
}

}  // namespace traffpunkt::service
