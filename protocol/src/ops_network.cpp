#include "traffpunkt/protocol/ops_network.hpp"

#include "field_readers.hpp"

namespace traffpunkt::protocol {

network_list_args decode_network_list(const boost::json::object& args) {
    args_reader r(args);
    r.finish();
    return {};
}

network_get_args decode_network_get(const boost::json::object& args) {
    args_reader r(args);
    network_get_args a;
    a.network_id = detail::read_id(r, "network_id");
    r.finish();
    return a;
}

network_create_args decode_network_create(const boost::json::object& args) {
    args_reader r(args);
    network_create_args a;
    a.name = r.string("name");
    a.description = r.opt_string("description").value_or("");
    a.starts_on = r.string("starts_on");
    a.ends_on = r.string("ends_on");
    a.extended_until = r.opt_string("extended_until");
    r.finish();
    return a;
}

network_update_args decode_network_update(const boost::json::object& args) {
    args_reader r(args);
    network_update_args a;
    a.network_id = detail::read_id(r, "network_id");
    a.name = detail::not_null(r, "name", r.string_patch("name"));
    a.description = r.string_patch("description");
    a.starts_on = detail::not_null(r, "starts_on", r.string_patch("starts_on"));
    a.ends_on = detail::not_null(r, "ends_on", r.string_patch("ends_on"));
    a.extended_until = r.string_patch("extended_until");
    r.finish();
    return a;
}

}  // namespace traffpunkt::protocol
