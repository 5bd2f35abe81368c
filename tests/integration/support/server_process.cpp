#include "server_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <stdexcept>
#include <thread>

extern char** environ;

namespace traffpunkt::testing {

namespace {

using clock = std::chrono::steady_clock;

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string trim(std::string_view text) {
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = text.find_last_not_of(" \t\r\n");
    return std::string(text.substr(first, last - first + 1));
}

int decode_status(int status) {
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    if (WIFSIGNALED(status)) {
        return 128 + WTERMSIG(status);
    }
    return -1;
}

/** The last part of a log, enough to see why a start failed without flooding the output. */
std::string tail(const std::string& text, std::size_t max = 4000) {
    return text.size() <= max ? text : "..." + text.substr(text.size() - max);
}

/** posix_spawn file actions with RAII, so every error path releases them. */
class file_actions {
  public:
    file_actions() { posix_spawn_file_actions_init(&actions_); }
    ~file_actions() { posix_spawn_file_actions_destroy(&actions_); }
    file_actions(const file_actions&) = delete;
    file_actions& operator=(const file_actions&) = delete;
    posix_spawn_file_actions_t* get() { return &actions_; }

  private:
    posix_spawn_file_actions_t actions_;
};

/** Spawns `args` with `env`; `actions` redirects the standard descriptors. */
pid_t spawn(const std::vector<std::string>& args, const std::vector<std::string>& env,
            file_actions& actions) {
    std::vector<char*> argv;
    for (const auto& arg : args) {
        argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    std::vector<char*> envp;
    for (const auto& entry : env) {
        envp.push_back(const_cast<char*>(entry.c_str()));
    }
    envp.push_back(nullptr);
    pid_t pid = -1;
    const int rc =
        posix_spawn(&pid, args.front().c_str(), actions.get(), nullptr, argv.data(), envp.data());
    if (rc != 0) {
        throw std::runtime_error("cannot start " + args.front() + ": " + std::strerror(rc));
    }
    return pid;
}

/** Waits for `pid` until `deadline`; returns the raw wait status, or nullopt on timeout. */
std::optional<int> wait_until(pid_t pid, clock::time_point deadline) {
    for (;;) {
        int status = 0;
        const pid_t done = waitpid(pid, &status, WNOHANG);
        if (done == pid) {
            return status;
        }
        if (done < 0 && errno != EINTR) {
            return 0;  // not our child any more; nothing left to wait for
        }
        if (clock::now() >= deadline) {
            return std::nullopt;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
}

}  // namespace

server_process::server_process(options opts) : options_(std::move(opts)) {
    if (options_.binary.empty()) {
        throw std::invalid_argument("server_process: no binary given");
    }
    std::string pattern = (std::filesystem::temp_directory_path() / "traffpunkt-test-XXXXXX");
    if (mkdtemp(pattern.data()) == nullptr) {
        throw std::runtime_error(std::string("mkdtemp failed: ") + std::strerror(errno));
    }
    data_dir_ = pattern;
    try {
        start(0);
    } catch (...) {
        // The destructor does not run for a throwing constructor.
        if (pid_ > 0) {
            kill(pid_, SIGKILL);
            waitpid(pid_, nullptr, 0);
        }
        std::error_code ignored;
        std::filesystem::remove_all(data_dir_, ignored);
        throw;
    }
}

server_process::~server_process() {
    try {
        stop();
    } catch (...) {
        // Destructors do not throw.
    }
    if (std::getenv("TRAFFPUNKT_KEEP_TEST_DATA") != nullptr) {
        std::cerr << "server_process: keeping " << data_dir_ << '\n';
        return;
    }
    std::error_code ignored;
    std::filesystem::remove_all(data_dir_, ignored);
}

std::vector<std::string> server_process::environment() const {
    std::map<std::string, std::string> merged;
    for (char** entry = environ; entry != nullptr && *entry != nullptr; ++entry) {
        std::string_view text(*entry);
        const auto eq = text.find('=');
        if (eq != std::string_view::npos) {
            merged[std::string(text.substr(0, eq))] = std::string(text.substr(eq + 1));
        }
    }
    for (const auto& [name, value] : options_.env) {
        merged[name] = value;
    }
    std::vector<std::string> env;
    for (const auto& [name, value] : merged) {
        env.push_back(name + "=" + value);
    }
    return env;
}

void server_process::start(unsigned short port) {
    const std::string ready = data_dir_ + "/ready";
    std::filesystem::remove(ready);
    std::vector<std::string> args;
    if (options_.open_files_limit) {
        // prlimit sets the limit and then execs the server: the pid stays the server's.
        const auto n = std::to_string(*options_.open_files_limit);
        args = {"/usr/bin/prlimit", "--nofile=" + n + ":" + n, "--"};
    }
    args.insert(args.end(),
                {options_.binary, "--listen", host_ + ":" + std::to_string(port), "--data-dir",
                 data_dir_, "--ready-file", ready, "--log-format", "text"});
    if (options_.demo_data) {
        args.emplace_back("--demo-data");
    }
    args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());

    const std::string log_path = data_dir_ + "/server.log";
    file_actions actions;
    posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    // Appending keeps the log of every run of this data directory in one file.
    posix_spawn_file_actions_addopen(actions.get(), STDOUT_FILENO, log_path.c_str(),
                                     O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(actions.get(), STDOUT_FILENO, STDERR_FILENO);
    pid_ = spawn(args, environment(), actions);
    wait_ready();
}

void server_process::wait_ready() {
    const std::string ready = data_dir_ + "/ready";
    const auto deadline = clock::now() + std::chrono::seconds(20);
    for (;;) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            last_status_ = decode_status(status);
            throw std::runtime_error("server exited with status " + std::to_string(last_status_) +
                                     " before it was ready; log:\n" + tail(log()));
        }
        // The server writes HOST:PORT and a newline; without the newline it is not done yet.
        const std::string text = read_file(ready);
        if (!text.empty() && text.back() == '\n') {
            const std::string address = trim(text);
            const auto colon = address.rfind(':');
            int port = 0;
            if (colon != std::string::npos) {
                port = std::atoi(address.c_str() + colon + 1);
            }
            if (port <= 0 || port > 65535) {
                throw std::runtime_error("ready file holds no HOST:PORT: '" + address + "'");
            }
            port_ = static_cast<unsigned short>(port);
            return;
        }
        if (clock::now() >= deadline) {
            stop(SIGKILL);
            throw std::runtime_error("server not ready within 20 s; log:\n" + tail(log()));
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
}

std::string server_process::create_token(std::string role, std::optional<long long> person_id,
                                         std::string name) {
    std::vector<std::string> args = {options_.binary, "--data-dir", data_dir_, "token",
                                     "create",        "--role",     role};
    if (person_id) {
        args.emplace_back("--person");
        args.push_back(std::to_string(*person_id));
    }
    args.emplace_back("--name");
    args.push_back(name);

    int out[2];
    if (pipe2(out, O_CLOEXEC) != 0) {
        throw std::runtime_error(std::string("pipe failed: ") + std::strerror(errno));
    }
    const std::string err_path = data_dir_ + "/token-command.log";
    pid_t child = -1;
    {
        file_actions actions;
        posix_spawn_file_actions_addopen(actions.get(), STDIN_FILENO, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_adddup2(actions.get(), out[1], STDOUT_FILENO);
        posix_spawn_file_actions_addopen(actions.get(), STDERR_FILENO, err_path.c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        try {
            child = spawn(args, environment(), actions);
        } catch (...) {
            close(out[0]);
            close(out[1]);
            throw;
        }
    }
    close(out[1]);

    // Read stdout until EOF, bounded so that a hanging command fails the test instead.
    const auto deadline = clock::now() + std::chrono::seconds(20);
    std::string output;
    bool timed_out = false;
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now());
        if (left.count() <= 0) {
            timed_out = true;
            break;
        }
        pollfd pfd{out[0], POLLIN, 0};
        const int ready = poll(&pfd, 1, static_cast<int>(left.count()));
        if (ready < 0 && errno == EINTR) {
            continue;
        }
        if (ready <= 0) {
            timed_out = ready == 0;
            break;
        }
        char chunk[4096];
        const ssize_t got = read(out[0], chunk, sizeof chunk);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            break;
        }
        output.append(chunk, static_cast<std::size_t>(got));
    }
    close(out[0]);
    if (timed_out) {
        kill(child, SIGKILL);
    }
    int status = 0;
    waitpid(child, &status, 0);
    const int code = decode_status(status);
    if (timed_out || code != 0) {
        throw std::runtime_error("token create " + std::string(timed_out ? "timed out" : "failed") +
                                 " with status " + std::to_string(code) + ": " +
                                 tail(read_file(err_path)));
    }
    std::string token = trim(output);
    if (token.empty() || token.find('\n') != std::string::npos) {
        throw std::runtime_error("token create printed " + std::to_string(output.size()) +
                                 " bytes, expected one line with the token");
    }
    return token;
}

int server_process::stop(int signal, std::chrono::seconds wait) {
    if (pid_ <= 0) {
        return last_status_;
    }
    kill(pid_, signal);
    auto status = wait_until(pid_, clock::now() + wait);
    if (!status) {
        kill(pid_, SIGKILL);
        status = wait_until(pid_, clock::now() + std::chrono::seconds(10));
    }
    pid_ = -1;
    last_status_ = status ? decode_status(*status) : -1;
    return last_status_;
}

void server_process::kill9() {
    stop(SIGKILL);
}

void server_process::restart(bool keep_port) {
    stop();
    start(keep_port ? port_ : 0);
}

bool server_process::running() {
    if (pid_ <= 0) {
        return false;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        last_status_ = decode_status(status);
        return false;
    }
    return true;
}

std::string server_process::log() const {
    return read_file(data_dir_ + "/server.log");
}

}  // namespace traffpunkt::testing
