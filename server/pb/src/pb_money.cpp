#include "traffpunkt/pb/pb_money.hpp"

namespace traffpunkt::pb {

std::string money_text(std::int64_t amount, std::int64_t unit) {
    const bool negative = amount < 0;
    // Unsigned, so the most negative amount does not overflow.
    const auto magnitude =
        negative ? 0 - static_cast<std::uint64_t>(amount) : static_cast<std::uint64_t>(amount);
    const auto u = static_cast<std::uint64_t>(unit > 0 ? unit : 1);
    const std::string whole = std::to_string(magnitude / u);
    std::string out;
    for (std::size_t i = 0; i < whole.size(); ++i) {
        if (i > 0 && (whole.size() - i) % 3 == 0) {
            out += ' ';
        }
        out += whole[i];
    }
    if (u > 1) {
        std::string fraction = std::to_string(magnitude % u);
        const auto digits = std::to_string(u).size() - 1;
        fraction.insert(0, digits - fraction.size(), '0');
        out += '.' + fraction;
    }
    return negative ? "-" + out : out;
}

}  // namespace traffpunkt::pb
