#include "traffpunkt/protocol/ops_calendar.hpp"

#include "field_readers.hpp"

namespace traffpunkt::protocol {

calendar_link_args decode_calendar_link(const boost::json::object& args) {
    args_reader r(args);
    calendar_link_args a;
    a.person_id = detail::read_opt_id(r, "person_id");
    a.rotate = r.opt_boolean("rotate").value_or(false);
    r.finish();
    return a;
}

}  // namespace traffpunkt::protocol
