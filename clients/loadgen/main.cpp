// traffpunkt-loadgen: drives a Träffpunkt server (or a reference peer) and prints one JSON
// object per run. tests/bench/README.md describes the scenarios; tests/bench/run_all.sh runs them.
#include <boost/json/serialize.hpp>

#include <cstdlib>
#include <exception>
#include <iostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "options.hpp"
#include "scenarios.hpp"

int main(int argc, char** argv) {
    namespace loadgen = traffpunkt::loadgen;
    loadgen::options opts;
    try {
        opts = loadgen::parse_options(std::vector<std::string>(argv + 1, argv + argc),
                                      std::getenv("TRAFFPUNKT_TOKEN"));
    } catch (const std::invalid_argument& e) {
        std::cerr << "traffpunkt-loadgen: " << e.what() << "\n(see traffpunkt-loadgen --help)\n";
        return 2;
    }
    if (opts.help) {
        std::cout << loadgen::usage_text();
        return 0;
    }
    try {
        const auto report = loadgen::run_scenario(opts);
        std::cout << boost::json::serialize(report) << std::endl;
        return report.contains("timed_out") && report.at("timed_out").as_bool() ? 3 : 0;
    } catch (const std::exception& e) {
        std::cerr << "traffpunkt-loadgen: " << e.what() << '\n';
        return 1;
    }
}
