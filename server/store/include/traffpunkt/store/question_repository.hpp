#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "traffpunkt/domain/ids.hpp"
#include "traffpunkt/domain/question_board.hpp"
#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::store {

class database;

// Audience questions (PROTOCOL.md "Questions"): boards, questions, votes and mutes. Ids are
// given by the caller (decided on the meeting's strand before the insert).

domain::id max_question_board_id(database& db);
domain::id max_question_id(database& db);

/** Inserts or updates a board (its row is the board as it now stands). */
void store_board(database& db, const domain::question_board& b);
/** Inserts a question. An anonymous one gets no person and no name (the schema checks it). */
void insert_question(database& db, const domain::question& q);
/** Stores a question's status, pin, merge, answer time and hide reason. */
void update_question(database& db, const domain::question& q);
void insert_question_vote(database& db, domain::id question_id, std::string_view voter);
void delete_question_vote(database& db, domain::id question_id, std::string_view voter);
void set_question_mute(database& db, domain::id meeting_id, std::string_view voter, bool muted,
                       domain::instant at);

/** A meeting's boards, by id. */
std::vector<domain::question_board> list_boards(database& db, domain::id meeting_id);
/** A meeting's questions, by id (votes 0: count them from `list_question_votes`). */
std::vector<domain::question> list_questions(database& db, domain::id meeting_id);
/** (question_id, voter) of every vote for the meeting's questions. */
std::vector<std::pair<domain::id, std::string>> list_question_votes(database& db,
                                                                    domain::id meeting_id);
/** The voter keys muted on a meeting. */
std::vector<std::string> list_question_mutes(database& db, domain::id meeting_id);
/** The meeting of a board, if there is one. */
std::optional<domain::id> board_meeting(database& db, domain::id board_id);
/** The meeting of a question, if there is one. */
std::optional<domain::id> question_meeting(database& db, domain::id question_id);

/**
 * Retention: the named questions and the votes of meetings that ended before `ended_before`
 * no longer name their person (askers' links and names go, each person's vote moves to a random
 * key of its own, mutes of persons go); returns how many questions lost their asker.
 */
int pseudonymise_questions_ended_before(database& db, domain::instant ended_before);

}  // namespace traffpunkt::store
