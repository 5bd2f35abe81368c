#include "display_name.hpp"

namespace traffpunkt::protocol::detail {

std::string display_name(std::string_view name) {
    constexpr std::size_t max_chars = 64;
    std::string out;
    out.reserve(name.size() < max_chars ? name.size() : max_chars + 3);
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (i == max_chars) {
            out += "...";
            break;
        }
        const auto c = static_cast<unsigned char>(name[i]);
        // Quotes and backslashes are replaced too, so the name cannot break out of '...'.
        const bool plain = c >= 0x20 && c < 0x7f && c != '\'' && c != '"' && c != '\\';
        out += plain ? static_cast<char>(c) : '?';
    }
    return out;
}

}  // namespace traffpunkt::protocol::detail
