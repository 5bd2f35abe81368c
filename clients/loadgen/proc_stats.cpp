#include "proc_stats.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace traffpunkt::loadgen {

namespace {

std::optional<double> cpu_seconds(const std::string& dir) {
    std::ifstream in(dir + "/stat");
    std::string line;
    if (!std::getline(in, line)) {
        return std::nullopt;
    }
    // The command name (field 2) may hold spaces and parentheses: count from the last ')'.
    const auto close = line.rfind(')');
    if (close == std::string::npos) {
        return std::nullopt;
    }
    std::istringstream fields(line.substr(close + 2));
    std::string skip;
    // Fields 3..13 come before utime (14) and stime (15).
    for (int i = 3; i <= 13; ++i) {
        fields >> skip;
    }
    unsigned long long utime = 0;
    unsigned long long stime = 0;
    if (!(fields >> utime >> stime)) {
        return std::nullopt;
    }
    return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double run_delay_seconds(const std::string& dir) {
    unsigned long long total_ns = 0;
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator(dir + "/task", ec)) {
        std::ifstream in(task.path() / "schedstat");
        unsigned long long on_cpu = 0;
        unsigned long long waiting = 0;
        if (in >> on_cpu >> waiting) {
            total_ns += waiting;
        }
    }
    return static_cast<double>(total_ns) / 1e9;
}

std::optional<proc_sample> read_dir(const std::string& dir) {
    const auto cpu = cpu_seconds(dir);
    if (!cpu) {
        return std::nullopt;
    }
    proc_sample sample;
    sample.cpu_s = *cpu;
    sample.run_delay_s = run_delay_seconds(dir);
    std::ifstream in(dir + "/status");
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("VmRSS:", 0) == 0) {
            sample.rss_kib = std::stol(line.substr(6));
        } else if (line.rfind("VmHWM:", 0) == 0) {
            sample.rss_peak_kib = std::stol(line.substr(6));
        }
    }
    return sample;
}

}  // namespace

std::optional<proc_sample> read_proc(int pid) {
    return read_dir("/proc/" + std::to_string(pid));
}

std::optional<proc_sample> read_self() {
    return read_dir("/proc/self");
}

}  // namespace traffpunkt::loadgen
