#include "traffpunkt/domain/question_board.hpp"

#include <algorithm>

#include "enum_names.hpp"
#include "traffpunkt/domain/text.hpp"

namespace traffpunkt::domain {
namespace {

constexpr detail::name_table<question_status, 6> status_names{{
    {question_status::pending, "pending"},
    {question_status::visible, "visible"},
    {question_status::answered, "answered"},
    {question_status::hidden, "hidden"},
    {question_status::withdrawn, "withdrawn"},
    {question_status::merged, "merged"},
}};
constexpr detail::name_table<question_origin, 2> origin_names{{
    {question_origin::room, "room"},
    {question_origin::remote, "remote"},
}};
constexpr detail::name_table<moderation_mode, 2> moderation_mode_names{{
    {moderation_mode::post, "post"},
    {moderation_mode::pre, "pre"},
}};
constexpr detail::name_table<moderation_action, 8> action_names{{
    {moderation_action::approve, "approve"},
    {moderation_action::hide, "hide"},
    {moderation_action::show, "show"},
    {moderation_action::merge, "merge"},
    {moderation_action::pin, "pin"},
    {moderation_action::unpin, "unpin"},
    {moderation_action::answer, "answer"},
    {moderation_action::reopen, "reopen"},
}};

rule_error not_now(std::string_view action, question_status s) {
    return invalid_transition("cannot " + std::string(action) + " a question that is " +
                              std::string(to_string(s)));
}

}  // namespace

std::string_view to_string(question_status s) noexcept {
    return detail::name_of(status_names, s);
}
std::string_view to_string(question_origin o) noexcept {
    return detail::name_of(origin_names, o);
}
std::string_view to_string(moderation_mode m) noexcept {
    return detail::name_of(moderation_mode_names, m);
}
std::optional<question_status> parse_question_status(std::string_view s) noexcept {
    return detail::value_of(status_names, s);
}
std::optional<question_origin> parse_question_origin(std::string_view s) noexcept {
    return detail::value_of(origin_names, s);
}
std::optional<moderation_mode> parse_moderation_mode(std::string_view s) noexcept {
    return detail::value_of(moderation_mode_names, s);
}
std::optional<moderation_action> parse_moderation_action(std::string_view s) noexcept {
    return detail::value_of(action_names, s);
}

std::string person_voter_key(id person_id) {
    return "p:" + std::to_string(person_id);
}

bool is_shown(question_status s) noexcept {
    return s == question_status::visible || s == question_status::answered;
}

check check_question_text(std::string& text, std::size_t max_chars) {
    text = trim(text);
    return check_line("text", text, 1, max_chars);
}

check board_state::can_ask(std::size_t max_per_board) const {
    if (!board.open) {
        return invalid_transition("the question board is closed");
    }
    if (questions.size() >= max_per_board) {
        return invalid_transition("the question board holds its maximum of " +
                                  std::to_string(max_per_board) + " questions");
    }
    return std::nullopt;
}

question_status board_state::new_status() const noexcept {
    return board.moderation == moderation_mode::pre ? question_status::pending
                                                    : question_status::visible;
}

void board_state::add(question q) {
    const id qid = q.question_id;
    voters[qid];
    questions[qid] = std::move(q);
}

const question* board_state::find(id question_id) const {
    auto it = questions.find(question_id);
    return it == questions.end() ? nullptr : &it->second;
}

question* board_state::find_mut(id question_id) {
    auto it = questions.find(question_id);
    return it == questions.end() ? nullptr : &it->second;
}

std::optional<rule_error> board_state::vote(id question_id, const std::string& voter, bool give,
                                            std::optional<id> voter_person, vote_change& out) {
    question* q = find_mut(question_id);
    if (!q) {
        return invalid_value("question_id", "no question " + std::to_string(question_id));
    }
    if (!board.open) {
        return invalid_transition("the question board is closed");
    }
    if (q->status != question_status::visible) {
        return not_now("vote for", q->status);
    }
    if (give && voter_person && q->asker_person_id == voter_person) {
        return invalid_transition("you cannot vote for your own question");
    }
    auto& set = voters[question_id];
    out.changed = give ? set.insert(voter).second : set.erase(voter) > 0;
    out.voted = give;
    q->votes = static_cast<std::int64_t>(set.size());
    out.votes = q->votes;
    return std::nullopt;
}

check board_state::moderate(id question_id, moderation_action action, std::string_view reason,
                            std::optional<id> into, instant now, moderation_outcome& out) {
    question* q = find_mut(question_id);
    if (!q) {
        return invalid_value("question_id", "no question " + std::to_string(question_id));
    }
    const auto s = q->status;
    switch (action) {
        case moderation_action::approve:
            if (s != question_status::pending) {
                return not_now("approve", s);
            }
            q->status = question_status::visible;
            break;
        case moderation_action::hide:
            if (s != question_status::pending && s != question_status::visible &&
                s != question_status::answered) {
                return not_now("hide", s);
            }
            q->status = question_status::hidden;
            q->pinned = false;
            q->hide_reason = std::string(reason);
            break;
        case moderation_action::show:
            if (s != question_status::hidden) {
                return not_now("show", s);
            }
            q->status = question_status::visible;
            break;
        case moderation_action::merge: {
            if (!into) {
                return invalid_value("into", "merge needs the question to merge into");
            }
            if (*into == question_id) {
                return invalid_value("into", "a question cannot be merged into itself");
            }
            question* target = find_mut(*into);
            if (!target) {
                return invalid_value(
                    "into", "no question " + std::to_string(*into) + " on this question's board");
            }
            if (s != question_status::pending && s != question_status::visible) {
                return not_now("merge", s);
            }
            if (!is_shown(target->status)) {
                return invalid_transition("cannot merge into a question that is " +
                                          std::string(to_string(target->status)));
            }
            auto& to = voters[*into];
            const std::string target_asker =
                target->asker_person_id ? person_voter_key(*target->asker_person_id) : "";
            for (const auto& v : voters[question_id]) {
                // The asker of the target does not vote for their own question through a merge.
                if (v == target_asker) {
                    continue;
                }
                if (to.insert(v).second) {
                    out.added_voters.push_back(v);
                }
            }
            target->votes = static_cast<std::int64_t>(to.size());
            q->status = question_status::merged;
            q->merged_into = *into;
            q->pinned = false;
            out.changed.push_back(*into);
            break;
        }
        case moderation_action::pin:
            if (s != question_status::visible) {
                return not_now("pin", s);
            }
            if (q->pinned) {
                return std::nullopt;  // already pinned: nothing changes
            }
            for (auto& [other_id, other] : questions) {
                if (other.pinned && other_id != question_id) {
                    other.pinned = false;
                    out.changed.push_back(other_id);
                }
            }
            q->pinned = true;
            break;
        case moderation_action::unpin:
            if (s != question_status::visible) {
                return not_now("unpin", s);
            }
            if (!q->pinned) {
                return std::nullopt;
            }
            q->pinned = false;
            break;
        case moderation_action::answer:
            if (s != question_status::visible) {
                return not_now("mark as answered", s);
            }
            q->status = question_status::answered;
            q->pinned = false;
            q->answered_at = now;
            break;
        case moderation_action::reopen:
            if (s != question_status::answered) {
                return not_now("reopen", s);
            }
            q->status = question_status::visible;
            q->answered_at.reset();
            break;
    }
    out.changed.insert(out.changed.begin(), question_id);
    return std::nullopt;
}

check board_state::withdraw(id question_id) {
    question* q = find_mut(question_id);
    if (!q) {
        return invalid_value("question_id", "no question " + std::to_string(question_id));
    }
    if (q->status == question_status::withdrawn || q->status == question_status::merged) {
        return not_now("withdraw", q->status);
    }
    q->status = question_status::withdrawn;
    q->pinned = false;
    return std::nullopt;
}

void board_state::sort_top(std::vector<const question*>& qs) {
    std::sort(qs.begin(), qs.end(), [](const question* a, const question* b) {
        if (a->pinned != b->pinned) {
            return a->pinned;
        }
        if (a->votes != b->votes) {
            return a->votes > b->votes;
        }
        if (a->asked_at != b->asked_at) {
            return a->asked_at < b->asked_at;
        }
        return a->question_id < b->question_id;
    });
}

void board_state::sort_newest(std::vector<const question*>& qs) {
    std::sort(qs.begin(), qs.end(),
              [](const question* a, const question* b) { return a->question_id > b->question_id; });
}

}  // namespace traffpunkt::domain
