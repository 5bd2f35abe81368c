#include "traffpunkt/protocol/ops_personal_data.hpp"

#include "field_readers.hpp"

namespace traffpunkt::protocol {

person_export_args decode_person_export(const boost::json::object& args) {
    args_reader r(args);
    person_export_args a;
    a.person_id = detail::read_id(r, "person_id");
    r.finish();
    return a;
}

person_erase_args decode_person_erase(const boost::json::object& args) {
    args_reader r(args);
    person_erase_args a;
    a.person_id = detail::read_id(r, "person_id");
    a.confirm = r.string("confirm");
    r.finish();
    return a;
}

audit_list_args decode_audit_list(const boost::json::object& args) {
    args_reader r(args);
    audit_list_args a;
    a.before = detail::read_opt_id(r, "before").value_or(0);
    a.limit = static_cast<int>(r.opt_integer("limit", 1, 500).value_or(100));
    a.person_id = detail::read_opt_id(r, "person_id");
    r.finish();
    return a;
}

retention_run_args decode_retention_run(const boost::json::object& args) {
    args_reader r(args);
    retention_run_args a;
    a.as_of = r.opt_string("as_of");
    r.finish();
    return a;
}

}  // namespace traffpunkt::protocol
