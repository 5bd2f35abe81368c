#include "traffpunkt/net/connection_limits.hpp"

#include <algorithm>

namespace traffpunkt::net {

connection_limits derive_connection_limits(std::uint64_t open_files,
                                           const config::connection_settings& connections,
                                           std::size_t read_connections) {
    connection_limits out;
    const std::uint64_t wanted = fixed_descriptor_reserve + document_descriptor_reserve +
                                 descriptors_per_database_connection * (read_connections + 1);
    out.reserved = static_cast<std::size_t>(std::min<std::uint64_t>(wanted, open_files / 2));
    const std::uint64_t budget = std::max<std::uint64_t>(1, open_files - out.reserved);
    out.total =
        static_cast<std::size_t>(std::min<std::uint64_t>(connections.max_connections, budget));
    const std::size_t per_address =
        connections.max_per_address != 0
            ? connections.max_per_address
            : std::max<std::size_t>(1, out.total / auto_per_address_divisor);
    out.per_address = std::min(per_address, out.total);
    return out;
}

}  // namespace traffpunkt::net
