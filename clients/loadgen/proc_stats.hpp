#pragma once

#include <optional>

namespace traffpunkt::loadgen {

/** A process's resource use as Linux reports it in /proc/<pid>. */
struct proc_sample {
    /** User plus system CPU time so far, seconds. */
    double cpu_s = 0;
    /** Resident set now (VmRSS) and its peak (VmHWM), KiB. */
    long rss_kib = 0;
    long rss_peak_kib = 0;
    /**
     * Time its threads were runnable but waiting for a CPU, seconds (the second field of
     * /proc/<pid>/task/<tid>/schedstat, summed): how much other load on the same core delayed
     * it. Threads that have exited are not counted.
     */
    double run_delay_s = 0;
};

/** Reads /proc/<pid>/stat and /proc/<pid>/status; nullopt when the process is gone. */
std::optional<proc_sample> read_proc(int pid);

/** The same for the calling process. */
std::optional<proc_sample> read_self();

}  // namespace traffpunkt::loadgen
