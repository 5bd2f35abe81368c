#include "process_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace traffpunkt::service {

namespace {

/** Seconds since the epoch when the machine booted (/proc/stat btime). */
std::optional<double> boot_time() {
    std::ifstream in("/proc/stat");
    std::string key;
    while (in >> key) {
        if (key == "btime") {
            double t = 0;
            in >> t;
            return t;
        }
        in.ignore(1 << 20, '\n');
    }
    return std::nullopt;
}

}  // namespace

std::optional<process_stats> read_process_stats() {
    std::ifstream stat("/proc/self/stat");
    std::string line;
    if (!std::getline(stat, line)) {
        return std::nullopt;
    }
    // Fields after the command (which may hold spaces and parentheses) start after the last ')'.
    const auto close = line.rfind(')');
    if (close == std::string::npos) {
        return std::nullopt;
    }
    std::istringstream fields(line.substr(close + 2));
    std::string f[24];
    for (auto& s : f) {
        fields >> s;
    }
    // f[0] is field 3 (state): utime 14 -> f[11], stime 15 -> f[12], starttime 22 -> f[19],
    // vsize 23 -> f[20], rss 24 -> f[21] (pages).
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
    process_stats s;
    try {
        s.cpu_seconds = (std::stod(f[11]) + std::stod(f[12])) / ticks;
        s.virtual_bytes = std::stoull(f[20]);
        s.resident_bytes = static_cast<std::uint64_t>(std::stod(f[21]) * page);
        if (const auto boot = boot_time()) {
            s.start_time_seconds = *boot + std::stod(f[19]) / ticks;
        }
    } catch (const std::exception&) {
        return std::nullopt;
    }
    std::error_code ec;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        ++s.open_fds;
    }
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0) {
        s.max_fds = lim.rlim_cur;
    }
    return s;
}

}  // namespace traffpunkt::service
