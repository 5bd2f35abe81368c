#include "traffpunkt/protocol/ops_mail.hpp"

#include "field_readers.hpp"
#include "traffpunkt/protocol/enum_values.hpp"

namespace traffpunkt::protocol {

mail_list_args decode_mail_list(const boost::json::object& args) {
    args_reader r(args);
    mail_list_args a;
    a.meeting_id = detail::read_opt_id(r, "meeting_id");
    a.person_id = detail::read_opt_id(r, "person_id");
    a.registration_id = detail::read_opt_id(r, "registration_id");
    a.status = r.opt_one_of("status", mail_status_values);
    a.before = detail::read_opt_id(r, "before");
    a.limit = r.opt_integer("limit", 1, mail_list_limit_max).value_or(50);
    r.finish();
    return a;
}

mail_resend_args decode_mail_resend(const boost::json::object& args) {
    args_reader r(args);
    mail_resend_args a;
    a.mail_id = detail::read_id(r, "mail_id");
    r.finish();
    return a;
}

person_send_link_args decode_person_send_link(const boost::json::object& args) {
    args_reader r(args);
    person_send_link_args a;
    a.email = r.string("email");
    r.finish();
    return a;
}

person_resend_link_args decode_person_resend_link(const boost::json::object& args) {
    args_reader r(args);
    person_resend_link_args a;
    a.person_id = detail::read_id(r, "person_id");
    r.finish();
    return a;
}

person_set_language_args decode_person_set_language(const boost::json::object& args) {
    args_reader r(args);
    person_set_language_args a;
    a.person_id = detail::read_opt_id(r, "person_id");
    a.language = r.one_of("language", enum_values::person_language);
    r.finish();
    return a;
}

}  // namespace traffpunkt::protocol
