#pragma once

// Audience questions (PROTOCOL.md "Questions"): a board's questions, their moderation, votes and
// order. Pure rules: no clock (times are passed in), no ids made here, no storage.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/rule_error.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::domain {

enum class question_status { pending, visible, answered, hidden, withdrawn, merged };
enum class question_origin { room, remote };
enum class moderation_mode { post, pre };
enum class moderation_action { approve, hide, show, merge, pin, unpin, answer, reopen };

std::string_view to_string(question_status s) noexcept;
std::string_view to_string(question_origin o) noexcept;
std::string_view to_string(moderation_mode m) noexcept;
std::optional<question_status> parse_question_status(std::string_view s) noexcept;
std::optional<question_origin> parse_question_origin(std::string_view s) noexcept;
std::optional<moderation_mode> parse_moderation_mode(std::string_view s) noexcept;
std::optional<moderation_action> parse_moderation_action(std::string_view s) noexcept;

/** The voter key of a person ('p:<id>', as poll voters); devices are 'a:<token id>'. */
std::string person_voter_key(id person_id);

/** What participants see: visible and answered questions (plus their own pending ones). */
bool is_shown(question_status s) noexcept;

struct question_board {
    id board_id = 0;
    id meeting_id = 0;
    std::optional<id> agenda_item_id;  ///< empty: the meeting-wide board
    moderation_mode moderation = moderation_mode::post;
    bool open = true;
    instant opened_at{};
    std::optional<instant> closed_at;
};

struct question {
    id question_id = 0;
    id board_id = 0;
    id meeting_id = 0;
    std::string text;
    bool anonymous = false;
    std::optional<id> asker_person_id;  ///< named questions of a person only; empty once erased
    std::string name;                   ///< the named asker's name; "" when anonymous or erased
    question_origin origin = question_origin::room;
    question_status status = question_status::visible;
    bool pinned = false;
    std::optional<id> merged_into;
    instant asked_at{};
    std::optional<instant> answered_at;
    std::string hide_reason;
    std::string withdraw_hash;  ///< hex SHA-256 of the withdraw key
    std::int64_t votes = 0;     ///< distinct voters (kept equal to the voter set's size)
};

/** Checks and normalises question text: trimmed, one line, 1..max_chars code points. */
check check_question_text(std::string& text, std::size_t max_chars);

/** The change a moderation step made, for storing and publishing. */
struct moderation_outcome {
    std::vector<id> changed;  ///< every question whose row changed (the target first)
    /// merge: the voters moved to the target (those it did not have yet)
    std::vector<std::string> added_voters;
};

/**
 * A board with its questions and each question's voters. The service keeps one per board in the
 * meeting's room and decides every change on the room's strand.
 */
class board_state {
  public:
    question_board board;
    std::map<id, question> questions;
    std::map<id, std::set<std::string>> voters;  ///< question -> voter keys ("person:1")

    /** Whether a new question may be added now (open, not full). */
    check can_ask(std::size_t max_per_board) const;
    /** Adds a question decided elsewhere (status pending or visible by the board's mode). */
    void add(question q);
    /** The status a new question gets on this board. */
    question_status new_status() const noexcept;

    /**
     * A vote (`vote` true) or its withdrawal by `voter`. Refused: not visible, closed board,
     * own named question (`own_person`). Returns whether the voter set changed.
     */
    struct vote_change {
        bool changed = false;
        bool voted = false;
        std::int64_t votes = 0;
    };
    std::optional<rule_error> vote(id question_id, const std::string& voter, bool vote,
                                   std::optional<id> voter_person, vote_change& out);

    /** A moderation action (PROTOCOL.md's table); `into` for merge, `reason` for hide. */
    check moderate(id question_id, moderation_action action, std::string_view reason,
                   std::optional<id> into, instant now, moderation_outcome& out);
    /** Withdraws a question (who may is decided by the caller). */
    check withdraw(id question_id);

    /** The questions in the top view: pinned, votes, oldest. `filter` picks which. */
    template <class Filter>
    std::vector<const question*> top(Filter filter) const {
        std::vector<const question*> out;
        for (const auto& [qid, q] : questions) {
            if (filter(q)) {
                out.push_back(&q);
            }
        }
        sort_top(out);
        return out;
    }
    static void sort_top(std::vector<const question*>& qs);
    static void sort_newest(std::vector<const question*>& qs);

    const question* find(id question_id) const;

  private:
    question* find_mut(id question_id);
};

}  // namespace traffpunkt::domain
