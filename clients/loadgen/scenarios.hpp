#pragma once

#include <boost/json/object.hpp>

#include "options.hpp"

namespace traffpunkt::loadgen {

/**
 * Runs the scenario the options name and returns its report (one JSON object). Each run is
 * bounded by options.timeout: when it passes, the report so far comes back with
 * "timed_out": true. Throws when the setup fails (no server, a refused token).
 */
boost::json::object run_scenario(const options& opts);

}  // namespace traffpunkt::loadgen
