#pragma once

#include <string>
#include <vector>

#include "traffpunkt/config/settings.hpp"

namespace traffpunkt {

/**
 * `traffpunkt backup DIR`, `traffpunkt restore DIR` and `traffpunkt check` on the configured
 * data directory (service/data_admin.hpp). Prints what was done and every problem found.
 * Returns the exit code: 0 ok, 1 failure or problems found, 2 usage.
 */
int run_data_command(const config::settings& settings, const std::vector<std::string>& words);

}  // namespace traffpunkt
