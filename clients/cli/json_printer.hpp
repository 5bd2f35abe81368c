#pragma once

#include <boost/json/value.hpp>

#include <string>

namespace traffpunkt::cli {

/**
 * Formats `value` over several lines, `indent` spaces per level, members in their order.
 * Empty objects and arrays stay `{}` and `[]`; scalars are serialised as Boost.JSON does.
 */
std::string pretty_json(const boost::json::value& value, int indent = 2);

}  // namespace traffpunkt::cli
