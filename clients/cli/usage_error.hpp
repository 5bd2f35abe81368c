#pragma once

#include <stdexcept>

namespace traffpunkt::cli {

/** A command line the CLI cannot run; main() prints it with the usage hint and exits 2. */
class usage_error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

}  // namespace traffpunkt::cli
