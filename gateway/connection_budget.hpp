#pragma once
// How many client connections the gateway may hold: a share of the process's descriptors that leaves
// enough for the workers, the vendors' own threads, the database and the callbacks.

#include <cstddef>
#include <cstdint>

#include "gateway/config.hpp"

namespace tg::gateway {

/// Raises the soft RLIMIT_NOFILE to the hard limit; returns the soft limit now in force.
uint64_t raise_open_file_limit();

/// Descriptors kept for everything but client connections under `config`: a base for the process
/// (standard streams, database files, listener, event loop, libraries) plus a few for every worker and
/// vendor thread (input, output file, origin or resolver sockets) and one per input a vendor keeps open.
uint64_t reserved_descriptors(const Config& config, const adapters::VendorList& vendors);

/// config.max_connections when set; otherwise half of what the reserve leaves of `open_files` (an
/// answer from /outputs holds a file as well as its socket), between 1 and 10000.
std::size_t connection_cap(uint64_t open_files, const Config& config, const adapters::VendorList& vendors);

}  // namespace tg::gateway
