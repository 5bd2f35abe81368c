#pragma once

#include <cstdint>
#include <optional>

#include <boost/json/object.hpp>

namespace traffpunkt::protocol {

// Calendar ops.

/** calendar.link {person_id?, rotate?}: a person's own feed URL (coordinators: anyone's). */
struct calendar_link_args {
    std::optional<std::int64_t> person_id;
    bool rotate = false;
};
/** Decodes the args of `calendar.link`. */
calendar_link_args decode_calendar_link(const boost::json::object& args);

}  // namespace traffpunkt::protocol
