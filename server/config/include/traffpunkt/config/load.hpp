#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "traffpunkt/config/settings.hpp"

namespace traffpunkt::config {

/**
 * A setting that cannot be used. what() reads `config error: <key>: <reason>`, e.g.
 * `config error: store.synchronous: must be one of FULL, NORMAL, OFF`.
 */
class config_error : public std::runtime_error {
  public:
    /** `key` is the dotted setting name, an unknown TRAFFPUNKT_* variable, or "(file)". */
    config_error(std::string key, const std::string& reason);

    /** The setting the error is about. */
    const std::string& key() const { return key_; }

  private:
    std::string key_;
};

/**
 * Defaults, overridden by the TOML file, overridden by the TRAFFPUNKT_* entries of `env`; then
 * validated. `file` is the --config argument; without it, env's TRAFFPUNKT_CONFIG names the
 * file; without either, only defaults and env apply. Unknown keys in the file and unknown
 * TRAFFPUNKT_* entries are errors, so a typo is never silently ignored. Entries of `env` that
 * do not start with TRAFFPUNKT_ are ignored, and so are the variables of our other programs
 * (TRAFFPUNKT_TOKEN and TRAFFPUNKT_URL of traffpunkt-cli, TRAFFPUNKT_BINARY and
 * TRAFFPUNKT_KEEP_TEST_DATA of the tests).
 * @throws config_error naming the offending key.
 */
settings load_settings(const std::optional<std::string>& file,
                       const std::map<std::string, std::string>& env);

/** The TRAFFPUNKT_* variables of this process's environment. */
std::map<std::string, std::string> traffpunkt_environment();

/**
 * Checks every rule load_settings checks (ranges, formats, enumerations). For use after
 * applying command-line overrides to loaded settings.
 * @throws config_error naming the first offending key.
 */
void validate(const settings& s);

/** Every setting's dotted key ("listen", "store.synchronous", ...), in declaration order. */
std::vector<std::string> setting_keys();

/** The environment variable that sets `key`: "store.group_commit" -> TRAFFPUNKT_STORE_GROUP_COMMIT.
 */
std::string environment_name(std::string_view key);

/** One line `key=value ...` of every setting, for the startup log. Settings hold no secrets. */
std::string describe(const settings& s);

/** A `listen` value taken apart. IPv6 hosts are given without brackets. */
struct listen_address {
    std::string host;
    std::uint16_t port = 0;
};

/**
 * Parses `host:port` (IPv6 as `[::1]:8080`), port 0..65535 (0 = any free port).
 * @throws config_error with key "listen".
 */
listen_address parse_listen(std::string_view text);

}  // namespace traffpunkt::config
