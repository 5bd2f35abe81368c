#pragma once

#include <cstdint>
#include <string>

namespace traffpunkt::pb {

/**
 * An amount of `unit`-ths of a currency unit as people read it: groups of three digits
 * separated by spaces, and as many decimals as the unit has ("1 234 567", "1 234 567.50" for
 * unit 100, "12.5" for unit 10). Negative amounts get a leading '-'.
 */
std::string money_text(std::int64_t amount, std::int64_t unit);

}  // namespace traffpunkt::pb
