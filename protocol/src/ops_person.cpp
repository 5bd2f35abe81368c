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

person_list_args decode_person_list(const boost::json::object& args) {
    args_reader r(args);
    person_list_args a;
    a.organisation_id = detail::read_opt_id(r, "organisation_id");
    a.query = r.opt_string("query").value_or("");
    if (a.query.size() > 254 * 4) {  // an e-mail address is the longest thing worth searching
        r.fail("query", "is too long");
    }
    a.limit = r.opt_integer("limit", 1, person_list_limit_max).value_or(person_list_limit_default);
    a.offset = r.opt_integer("offset", 0, limits::max_safe_integer).value_or(0);
    r.finish();
    return a;
}

person_update_args decode_person_update(const boost::json::object& args) {
    args_reader r(args);
    person_update_args a;
    a.person_id = detail::read_id(r, "person_id");
    a.name = detail::not_null(r, "name", r.string_patch("name"));
    a.email = detail::not_null(r, "email", r.string_patch("email"));
    a.organisation_id = detail::not_null(
        r, "organisation_id", r.integer_patch("organisation_id", 1, limits::max_safe_integer));
    a.role = detail::not_null(r, "role", r.one_of_patch("role", enum_values::person_role));
    r.finish();
    if (!a.name.present && !a.email.present && !a.organisation_id.present && !a.role.present) {
        r.fail("name", "or another field to change is required");
    }
    return a;
}

person_link_args decode_person_link(const boost::json::object& args) {
    args_reader r(args);
    person_link_args a;
    a.person_id = detail::read_id(r, "person_id");
    r.finish();
    return a;
}

}  // namespace traffpunkt::protocol
