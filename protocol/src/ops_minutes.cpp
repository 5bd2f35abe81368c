#include "traffpunkt/protocol/ops_minutes.hpp"

#include "field_readers.hpp"

namespace traffpunkt::protocol {
namespace {

namespace json = boost::json;

minutes_meeting_args read_minutes_meeting(const json::object& args) {
    args_reader r(args);
    minutes_meeting_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    r.finish();
    return a;
}

minutes_version_args read_version_ref(const json::object& args) {
    args_reader r(args);
    minutes_version_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    a.version = r.integer("version", 1, limits::max_safe_integer);
    r.finish();
    return a;
}

}  // namespace

minutes_meeting_args decode_minutes_get(const json::object& args) {
    return read_minutes_meeting(args);
}

minutes_meeting_args decode_minutes_history(const json::object& args) {
    return read_minutes_meeting(args);
}

minutes_edit_args decode_minutes_edit(const json::object& args) {
    args_reader r(args);
    minutes_edit_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    a.base_version = r.integer("base_version", 0, limits::max_safe_integer);
    a.text = r.string("text");
    r.finish();
    return a;
}

minutes_version_args decode_minutes_submit(const json::object& args) {
    return read_version_ref(args);
}

minutes_version_args decode_minutes_reopen(const json::object& args) {
    return read_version_ref(args);
}

minutes_version_args decode_minutes_approve(const json::object& args) {
    return read_version_ref(args);
}

minutes_version_args decode_minutes_version(const json::object& args) {
    return read_version_ref(args);
}

}  // namespace traffpunkt::protocol
