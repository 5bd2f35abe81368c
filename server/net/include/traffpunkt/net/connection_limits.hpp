#pragma once

// How many connections the listener takes, derived from the process's descriptor limit. Pure,
// so the rule is tested without changing a real limit.

#include <cstddef>
#include <cstdint>

#include "traffpunkt/config/settings.hpp"

namespace traffpunkt::net {

/** The limits the listener enforces, and what they were derived from. */
struct connection_limits {
    /** Connections in all. */
    std::size_t total = 0;
    /** Connections from one source address (an IPv6 /64 counts as one address). */
    std::size_t per_address = 0;
    /** Descriptors kept out of the connections' reach (database, documents, accept, logs). */
    std::size_t reserved = 0;
};

/** Descriptors every server needs besides connections: listener, epoll, timers, logs, mail. */
inline constexpr std::size_t fixed_descriptor_reserve = 64;
/** Descriptors for documents being uploaded or downloaded at the same time. */
inline constexpr std::size_t document_descriptor_reserve = 256;
/** Descriptors per SQLite connection in WAL mode: the database, its -wal and its -shm. */
inline constexpr std::size_t descriptors_per_database_connection = 3;
/** The automatic per-address limit is this fraction of the total (1/16). */
inline constexpr std::size_t auto_per_address_divisor = 16;

/**
 * The limits for a process that may open `open_files` descriptors (RLIMIT_NOFILE's soft limit):
 *
 * - reserved: fixed_descriptor_reserve + document_descriptor_reserve + 3 per database
 *   connection (the writer and `store.read_connections` readers), but at most half of
 *   `open_files`, so that a small limit still leaves room for connections;
 * - total: `connections.max_connections`, lowered to `open_files - reserved` (at least 1), so
 *   that accepting never runs into EMFILE while everything else still gets its descriptors;
 * - per_address: `connections.max_per_address`, or when that is 0 (the default) a sixteenth of
 *   the total (at least 1), so that one machine never holds more than a small share; never more
 *   than the total.
 */
connection_limits derive_connection_limits(std::uint64_t open_files,
                                           const config::connection_settings& connections,
                                           std::size_t read_connections);

}  // namespace traffpunkt::net
