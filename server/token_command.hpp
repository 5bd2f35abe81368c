#pragma once

#include <string>
#include <vector>

#include "traffpunkt/config/settings.hpp"

namespace traffpunkt {

/**
 * `traffpunkt token create|revoke|list ...`: token administration on the database in the
 * configured data dir. Prints the new token alone on stdout (for scripts), details on stderr.
 * Returns the process exit code (0 ok, 1 failure, 2 usage error).
 */
int run_token_command(const config::settings& settings, const std::vector<std::string>& words);

}  // namespace traffpunkt
