#include "traffpunkt/protocol/ops_session.hpp"

#include <algorithm>

#include "field_readers.hpp"

namespace traffpunkt::protocol {
namespace {

bool is_topic_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ':' || c == '.' || c == '_' ||
           c == '-';
}

std::string read_topic(args_reader& r) {
    auto topic = r.string("topic");
    // Shape only: the hub decides whether the topic exists. Refusing odd bytes here keeps them
    // out of logs and of the answer, which echoes the topic.
    if (topic.empty() || topic.size() > limits::topic_max ||
        !std::all_of(topic.begin(), topic.end(), is_topic_char)) {
        r.fail("topic", "must be 1 to 64 characters of a-z, 0-9, ':', '.', '_' and '-'");
    }
    return topic;
}

}  // namespace

auth_args decode_auth(const boost::json::object& args) {
    args_reader r(args);
    auth_args a;
    a.token = r.string("token");
    r.finish();
    return a;
}

subscribe_args decode_subscribe(const boost::json::object& args) {
    args_reader r(args);
    subscribe_args a;
    a.topic = read_topic(r);
    a.since = r.opt_integer("since", 0, limits::max_safe_integer);
    a.epoch = r.opt_string("epoch");
    if (a.epoch && a.epoch->size() > limits::epoch_max) {
        r.fail("epoch", "must be at most 64 characters");
    }
    r.finish();
    return a;
}

unsubscribe_args decode_unsubscribe(const boost::json::object& args) {
    args_reader r(args);
    unsubscribe_args a;
    a.topic = read_topic(r);
    r.finish();
    return a;
}

}  // namespace traffpunkt::protocol
