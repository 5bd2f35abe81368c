#include "traffpunkt/protocol/ops_person.hpp"

#include "field_readers.hpp"
#include "traffpunkt/protocol/enum_values.hpp"

namespace traffpunkt::protocol {

person_create_args decode_person_create(const boost::json::object& args) {
    args_reader r(args);
    person_create_args a;
    a.name = r.string("name");
    a.email = r.string("email");
    a.organisation_id = detail::read_id(r, "organisation_id");
    a.role = r.one_of("role", enum_values::person_role);
    a.language = r.opt_one_of("language", enum_values::person_language);
    a.send_link = r.opt_boolean("send_link").value_or(true);
    r.finish();
    return a;
}

person_get_args decode_person_get(const boost::json::object& args) {
    args_reader r(args);
    person_get_args a;
    a.person_id = detail::read_id(r, "person_id");
    r.finish();
    return a;
}

}  // namespace traffpunkt::protocol
