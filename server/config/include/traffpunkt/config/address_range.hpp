#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

namespace traffpunkt::config {

/**
 * An IP address range written as CIDR: `127.0.0.0/8`, `10.1.2.3` (one address), `::1/128`,
 * `fd00::/8`. IPv4 addresses seen through a dual-stack socket (`::ffff:127.0.0.1`) are matched as
 * the IPv4 address they are.
 */
class address_range {
  public:
    /** The range, or nullopt when `text` is not an address with an optional /prefix. */
    static std::optional<address_range> parse(std::string_view text);

    /**
     * Whether the peer is in the range. `remote` is an address as the server logs it:
     * `127.0.0.1:5123`, `[::1]:5123`, `::1` or `127.0.0.1`; anything else is not in any range.
     */
    bool contains_remote(std::string_view remote) const;

  private:
    bool v4_ = true;
    std::array<std::uint8_t, 16> bytes_{};  // v4 in the first 4
    int prefix_ = 32;
};

}  // namespace traffpunkt::config
