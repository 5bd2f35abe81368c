#include "traffpunkt/protocol/ops_org.hpp"

#include "field_readers.hpp"
#include "traffpunkt/protocol/enum_values.hpp"

namespace traffpunkt::protocol {

org_list_args decode_org_list(const boost::json::object& args) {
    args_reader r(args);
    org_list_args a;
    a.network_id = detail::read_opt_id(r, "network_id");
    r.finish();
    return a;
}

org_admit_args decode_org_admit(const boost::json::object& args) {
    args_reader r(args);
    org_admit_args a;
    a.network_id = detail::read_id(r, "network_id");
    a.organisation_id = detail::read_opt_id(r, "organisation_id");
    if (const auto* org = r.opt_object("organisation")) {
        args_reader o(*org, "organisation.");
        organisation_input input;
        input.name = o.string("name");
        input.kind = o.one_of("kind", enum_values::org_kind);
        o.finish();
        a.organisation = std::move(input);
    }
    if (a.organisation_id.has_value() == a.organisation.has_value()) {
        throw invalid_field("organisation_id",
                            "exactly one of 'organisation_id' and 'organisation' must be given");
    }
    a.decision = detail::read_decision(r.object("decision"), "decision.");
    r.finish();
    return a;
}

org_update_args decode_org_update(const boost::json::object& args) {
    args_reader r(args);
    org_update_args a;
    a.organisation_id = detail::read_id(r, "organisation_id");
    a.name = detail::not_null(r, "name", r.string_patch("name"));
    a.kind = detail::not_null(r, "kind", r.one_of_patch("kind", enum_values::org_kind));
    r.finish();
    return a;
}

}  // namespace traffpunkt::protocol
