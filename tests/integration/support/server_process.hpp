#pragma once

#include <sys/types.h>

#include <chrono>
#include <csignal>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace traffpunkt::testing {

/**
 * The real server binary as a child process on an ephemeral loopback port, with a fresh data
 * directory of its own (removed again in the destructor unless TRAFFPUNKT_KEEP_TEST_DATA is
 * set in the environment). The server's stdout and stderr go to `<data_dir>/server.log`.
 */
class server_process {
  public:
    /** What to start. */
    struct options {
        /** Path to the `traffpunkt` executable (tests get it from TRAFFPUNKT_BINARY). */
        std::string binary;
        /** Appended after the standard arguments. */
        std::vector<std::string> extra_args;
        /** Set in the child's environment on top of ours. */
        std::map<std::string, std::string> env;
        /** Passes --demo-data. */
        bool demo_data = false;
        /**
         * RLIMIT_NOFILE of the server, soft and hard (so it cannot raise it): the server is
         * started through prlimit(1) from util-linux, which sets the limit and execs it.
         */
        std::optional<unsigned> open_files_limit = {};
    };

    /**
     * Starts `<binary> --listen 127.0.0.1:0 --data-dir <dir> --ready-file <dir>/ready
     * --log-format text [--demo-data] <extra_args>` (behind `prlimit --nofile=N:N` with
     * open_files_limit) and waits (at most 20 s) until the ready
     * file holds `HOST:PORT\n`. Throws std::runtime_error, with the server log, when the server
     * exits early or is not ready in time.
     */
    explicit server_process(options opts);

    /** SIGTERM, up to 10 s for a clean exit, then SIGKILL; removes the data directory. */
    ~server_process();

    server_process(const server_process&) = delete;
    server_process& operator=(const server_process&) = delete;

    /** Always "127.0.0.1". */
    const std::string& host() const { return host_; }

    /** The port the server listens on (it may change on restart()). */
    unsigned short port() const { return port_; }

    /** The data directory, which survives restart(). */
    const std::string& data_dir() const { return data_dir_; }

    /**
     * Runs `<binary> --data-dir <dir> token create --role <role> [--person N] --name <name>`
     * and returns its stdout trimmed. Throws std::runtime_error when the command fails or
     * prints anything but one line.
     */
    std::string create_token(std::string role, std::optional<long long> person_id = {},
                             std::string name = "test");

    /**
     * Sends `signal`, waits up to `wait` for the exit, then SIGKILLs. Returns the exit status
     * (WEXITSTATUS, or 128 + signal number when a signal ended it). When the server has already
     * stopped, returns the status it stopped with.
     */
    int stop(int signal = SIGTERM, std::chrono::seconds wait = std::chrono::seconds(10));

    /** Kills the server with SIGKILL (a crash, as far as the data is concerned). */
    void kill9();

    /**
     * Stops the server if it runs (SIGTERM) and starts it again on the same data directory.
     * With `keep_port` it listens on the previous port again, else on a new ephemeral one.
     */
    void restart(bool keep_port = false);

    /** True while the child has not exited (reaps it when it has). */
    bool running();

    /** The child's pid; -1 when it is not running. */
    pid_t pid() const { return pid_; }

    /** Everything the server wrote to stdout/stderr so far, across restarts. */
    std::string log() const;

  private:
    void start(unsigned short port);
    void wait_ready();
    std::vector<std::string> environment() const;

    options options_;
    std::string host_ = "127.0.0.1";
    std::string data_dir_;
    unsigned short port_ = 0;
    pid_t pid_ = -1;
    int last_status_ = -1;
};

}  // namespace traffpunkt::testing
