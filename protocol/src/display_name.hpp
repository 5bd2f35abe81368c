#pragma once

#include <string>
#include <string_view>

namespace traffpunkt::protocol::detail {

/**
 * A member or field name made safe to quote in an error message: printable ASCII only (other
 * bytes become '?'), at most 64 characters. Names come from the client, so an error must not
 * reflect arbitrary bytes or a payload-sized string back.
 */
std::string display_name(std::string_view name);

}  // namespace traffpunkt::protocol::detail
