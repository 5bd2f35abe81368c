#pragma once

// Wire shapes of boards and questions (PROTOCOL.md "Questions", Objects).

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "traffpunkt/domain/question_board.hpp"

namespace traffpunkt::service {

boost::json::object board_json(const domain::question_board& b);

/** A question as participants (`staff` false) or staff see it; `votes` as committed. */
boost::json::object question_json(const domain::question& q, std::int64_t votes, bool staff);

/** The boards of a meeting as read from the database, with votes counted from their rows. */
struct meeting_questions {
    std::int64_t meeting_id = 0;
    std::map<std::int64_t, domain::board_state> boards;
};

/**
 * {meeting_id, boards, questions} as `staff` or participants see them, in the top view (or
 * newest first), board by board. `viewer` (a voter key) adds `voted` and `mine`; `viewer_person`
 * marks the caller's named questions; `board_id` picks one board.
 */
boost::json::object questions_listing(const meeting_questions& mq, bool staff, bool newest,
                                      std::optional<std::int64_t> board_id,
                                      const std::optional<std::string>& viewer,
                                      std::optional<std::int64_t> viewer_person);

}  // namespace traffpunkt::service
