#include "traffpunkt/protocol/ops_meeting.hpp"

#include "field_readers.hpp"
#include "traffpunkt/protocol/enum_values.hpp"

namespace traffpunkt::protocol {
namespace {

meeting_ref_args read_meeting_ref(const boost::json::object& args) {
    args_reader r(args);
    meeting_ref_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    r.finish();
    return a;
}

meeting_facilitator_args read_facilitator(const boost::json::object& args) {
    args_reader r(args);
    meeting_facilitator_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    a.person_id = detail::read_id(r, "person_id");
    r.finish();
    return a;
}

}  // namespace

meeting_list_args decode_meeting_list(const boost::json::object& args) {
    args_reader r(args);
    meeting_list_args a;
    a.network_id = detail::read_id(r, "network_id");
    a.status = r.opt_one_of("status", enum_values::meeting_status);
    r.finish();
    return a;
}

meeting_get_args decode_meeting_get(const boost::json::object& args) {
    return read_meeting_ref(args);
}

meeting_publish_args decode_meeting_publish(const boost::json::object& args) {
    return read_meeting_ref(args);
}

meeting_cancel_args decode_meeting_cancel(const boost::json::object& args) {
    return read_meeting_ref(args);
}

meeting_create_args decode_meeting_create(const boost::json::object& args) {
    args_reader r(args);
    meeting_create_args a;
    a.network_id = detail::read_id(r, "network_id");
    a.title = r.string("title");
    a.description = r.opt_string("description").value_or("");
    a.starts_at = r.string("starts_at");
    a.ends_at = r.string("ends_at");
    a.zone = r.opt_string("zone");
    a.format = r.one_of("format", enum_values::meeting_format);
    a.venue = r.opt_string("venue").value_or("");
    a.address = r.opt_string("address").value_or("");
    a.online_url = r.opt_string("online_url").value_or("");
    a.capacity_in_person = r.opt_integer("capacity_in_person", 0, limits::capacity_max);
    a.capacity_remote = r.opt_integer("capacity_remote", 0, limits::capacity_max);
    a.in_person_quota_per_org = r.opt_integer("in_person_quota_per_org", 1, limits::capacity_max);
    a.registration_opens = r.opt_string("registration_opens");
    a.registration_closes = r.opt_string("registration_closes");
    a.cost_note = r.opt_string("cost_note").value_or("");
    a.contact_name = r.opt_string("contact_name").value_or("");
    a.contact_email = r.opt_string("contact_email").value_or("");
    r.finish();
    return a;
}

meeting_update_args decode_meeting_update(const boost::json::object& args) {
    using detail::not_null;
    args_reader r(args);
    meeting_update_args a;
    a.meeting_id = detail::read_id(r, "meeting_id");
    a.title = not_null(r, "title", r.string_patch("title"));
    a.description = r.string_patch("description");
    a.starts_at = not_null(r, "starts_at", r.string_patch("starts_at"));
    a.ends_at = not_null(r, "ends_at", r.string_patch("ends_at"));
    a.zone = r.string_patch("zone");
    a.format = not_null(r, "format", r.one_of_patch("format", enum_values::meeting_format));
    a.venue = r.string_patch("venue");
    a.address = r.string_patch("address");
    a.online_url = r.string_patch("online_url");
    a.capacity_in_person = r.integer_patch("capacity_in_person", 0, limits::capacity_max);
    a.capacity_remote = r.integer_patch("capacity_remote", 0, limits::capacity_max);
    a.in_person_quota_per_org = r.integer_patch("in_person_quota_per_org", 1, limits::capacity_max);
    a.registration_opens = r.string_patch("registration_opens");
    a.registration_closes = r.string_patch("registration_closes");
    a.cost_note = r.string_patch("cost_note");
    a.contact_name = r.string_patch("contact_name");
    a.contact_email = r.string_patch("contact_email");
    r.finish();
    return a;
}

meeting_facilitator_args decode_meeting_add_facilitator(const boost::json::object& args) {
    return read_facilitator(args);
}

meeting_facilitator_args decode_meeting_remove_facilitator(const boost::json::object& args) {
    return read_facilitator(args);
}

}  // namespace traffpunkt::protocol
