#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <boost/json/object.hpp>

namespace traffpunkt::protocol {

// Audience questions (PROTOCOL.md "Questions"). The codec checks shapes, types and enum values;
// text lengths, statuses and who may do what are the server's rules.

/** qa.open {meeting_id, agenda_item_id?, moderation?} */
struct qa_open_args {
    std::int64_t meeting_id = 0;
    std::optional<std::int64_t> agenda_item_id;
    std::optional<std::string> moderation;  ///< post | pre
};
qa_open_args decode_qa_open(const boost::json::object& args);

/** qa.close {board_id} */
struct qa_close_args {
    std::int64_t board_id = 0;
};
qa_close_args decode_qa_close(const boost::json::object& args);

/** qa.ask {board_id, text, anonymous?, origin?} */
struct qa_ask_args {
    std::int64_t board_id = 0;
    std::string text;
    bool anonymous = false;
    std::string origin = "room";  ///< room | remote
};
qa_ask_args decode_qa_ask(const boost::json::object& args);

/** qa.vote {question_id, vote?} */
struct qa_vote_args {
    std::int64_t question_id = 0;
    bool vote = true;
};
qa_vote_args decode_qa_vote(const boost::json::object& args);

/** qa.withdraw {question_id, withdraw_key?} */
struct qa_withdraw_args {
    std::int64_t question_id = 0;
    std::optional<std::string> withdraw_key;
};
qa_withdraw_args decode_qa_withdraw(const boost::json::object& args);

/** qa.moderate {question_id, action, reason?, into?}: reason with hide only, into with merge. */
struct qa_moderate_args {
    std::int64_t question_id = 0;
    std::string action;
    std::string reason;
    std::optional<std::int64_t> into;
};
qa_moderate_args decode_qa_moderate(const boost::json::object& args);

/** qa.mute {question_id, muted?} */
struct qa_mute_args {
    std::int64_t question_id = 0;
    bool muted = true;
};
qa_mute_args decode_qa_mute(const boost::json::object& args);

/** qa.list {meeting_id, board_id?, view?} */
struct qa_list_args {
    std::int64_t meeting_id = 0;
    std::optional<std::int64_t> board_id;
    std::string view = "top";  ///< top | newest
};
qa_list_args decode_qa_list(const boost::json::object& args);

}  // namespace traffpunkt::protocol
