#pragma once

#include <chrono>

#include "traffpunkt/domain/time.hpp"

namespace traffpunkt::service {

/** The current instant, whole seconds. */
inline domain::instant now() {
    return std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now());
}

}  // namespace traffpunkt::service
