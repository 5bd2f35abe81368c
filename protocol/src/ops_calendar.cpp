#include "traffpunkt/protocol/ops_calendar.hpp"

#include "field_readers.hpp"

namespace traffpunkt::protocol {

calendar_link_args decode_calendar_link(const boost::json::object& args) {
    args_reader r(args);
    calendar_link_args a;
    a.person_id = r.opt_integer("person_id", 1, limits::max_safe_integer);
    a.rotate = r.opt_boolean("rotate").value_or(false);
    r.finish();
    return a;
}

}  // namespace traffpunkt::protocol
