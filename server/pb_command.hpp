#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace traffpunkt {

/**
 * `traffpunkt pb count FILE.pb [--rule NAME] [--min-support N] [--utility cost|approval|points]
 * [--json] [--check-selected]`: counts a pabulib file, so a municipality can recount its own
 * past vote. Reads the file as pabutools does, counts it with the rule given (default: the rule
 * its META names, else equalshares/add1+greedy), and prints a summary, every project with why
 * it is or is not funded, and how the outcome compares with the file's `selected` column. No
 * database or configuration is read. Returns 0, 1 (the file cannot be read or counted, or with
 * --check-selected the outcome differs from the selected column) or 2 (usage).
 */
int run_pb_command(const std::vector<std::string>& words, std::ostream& out, std::ostream& err);

/** The usage lines of the pb commands, for --help. */
std::string pb_command_usage();

}  // namespace traffpunkt
