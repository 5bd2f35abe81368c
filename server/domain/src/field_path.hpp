#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace traffpunkt::domain::detail {

/** The path of element `i` of the list field `list` in an error ("options[2]"). */
inline std::string indexed(std::string_view list, std::size_t i) {
    return std::string(list) + "[" + std::to_string(i) + "]";
}

}  // namespace traffpunkt::domain::detail
