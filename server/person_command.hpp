#pragma once

#include <string>
#include <vector>

#include "traffpunkt/config/settings.hpp"

namespace traffpunkt {

/**
 * `traffpunkt person export ID`: the person's register extract (PROTOCOL.md "Register
 * extract") as JSON on stdout, from the database in the configured data dir; the read is
 * recorded in the access log. Returns the exit code (0 ok, 1 failure or no such person, 2 usage).
 */
int run_person_command(const config::settings& settings, const std::vector<std::string>& words);

}  // namespace traffpunkt
