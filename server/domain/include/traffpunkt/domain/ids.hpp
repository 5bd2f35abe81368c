#pragma once

#include <cstdint>

namespace traffpunkt::domain {

/** Row ids as SQLite gives them; 0 means "not stored yet". */
using id = std::int64_t;

}  // namespace traffpunkt::domain
