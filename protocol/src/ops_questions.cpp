#include "traffpunkt/protocol/ops_questions.hpp"

#include "field_readers.hpp"
#include "traffpunkt/protocol/args_reader.hpp"
#include "traffpunkt/protocol/enum_values.hpp"

namespace traffpunkt::protocol {

namespace json = boost::json;

qa_open_args decode_qa_open(const json::object& args) {
    args_reader r(args);
    qa_open_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    a.agenda_item_id = detail::read_opt_id(r, "agenda_item_id");
    a.moderation = r.opt_one_of("moderation", enum_values::question_moderation);
    r.finish();
    return a;
}

qa_close_args decode_qa_close(const json::object& args) {
    args_reader r(args);
    qa_close_args a;
    a.board_id = detail::read_id(r, "board_id");
    r.finish();
    return a;
}

qa_ask_args decode_qa_ask(const json::object& args) {
    args_reader r(args);
    qa_ask_args a;
    a.board_id = detail::read_id(r, "board_id");
    a.text = r.string("text");
    a.anonymous = r.opt_boolean("anonymous").value_or(false);
    a.origin = r.opt_one_of("origin", enum_values::question_origin).value_or("room");
    r.finish();
    return a;
}

qa_vote_args decode_qa_vote(const json::object& args) {
    args_reader r(args);
    qa_vote_args a;
    a.question_id = detail::read_id(r, "question_id");
    a.vote = r.opt_boolean("vote").value_or(true);
    r.finish();
    return a;
}

qa_withdraw_args decode_qa_withdraw(const json::object& args) {
    args_reader r(args);
    qa_withdraw_args a;
    a.question_id = detail::read_id(r, "question_id");
    a.withdraw_key = r.opt_string("withdraw_key");
    r.finish();
    if (a.withdraw_key && a.withdraw_key->size() > 128) {
        r.fail("withdraw_key", "is not a withdraw key");
    }
    return a;
}

qa_moderate_args decode_qa_moderate(const json::object& args) {
    args_reader r(args);
    qa_moderate_args a;
    a.question_id = detail::read_id(r, "question_id");
    a.action = r.one_of("action", enum_values::question_action);
    const auto reason = r.opt_string("reason");
    a.into = detail::read_opt_id(r, "into");
    r.finish();
    if (reason && a.action != "hide") {
        r.fail("reason", "is given with action 'hide' only");
    }
    if (a.into && a.action != "merge") {
        r.fail("into", "is given with action 'merge' only");
    }
    if (!a.into && a.action == "merge") {
        r.fail("into", "is required with action 'merge'");
    }
    a.reason = reason.value_or("");
    return a;
}

qa_mute_args decode_qa_mute(const json::object& args) {
    args_reader r(args);
    qa_mute_args a;
    a.question_id = detail::read_id(r, "question_id");
    a.muted = r.opt_boolean("muted").value_or(true);
    r.finish();
    return a;
}

qa_list_args decode_qa_list(const json::object& args) {
    args_reader r(args);
    qa_list_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    a.board_id = detail::read_opt_id(r, "board_id");
    a.view = r.opt_one_of("view", enum_values::question_view).value_or("top");
    r.finish();
    return a;
}

}  // namespace traffpunkt::protocol
