#pragma once

// Characters of host names and IPv6 literals, as the configuration's address checks allow them
// (load.cpp validates listen addresses, settings.cpp origins).

#include <cctype>

namespace traffpunkt::config::detail {

inline bool host_name_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-' || c == '_';
}

inline bool ipv6_char(char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0 || c == ':' || c == '.';
}

}  // namespace traffpunkt::config::detail
