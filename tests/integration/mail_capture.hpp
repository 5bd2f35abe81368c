#pragma once

// Pieces of the mail tests (mail_*_test.cpp): a capturing SMTP server on loopback
// (tests/mail/smtp_capture.py, Debian's python3-aiosmtpd) as a child process, and the captured
// mails read by tests/mail/read_mail.py (Python's email package, python3-icalendar and ical.js).
// Nothing here knows the server's internals: mail is what arrives at the SMTP server.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "integration_fixture.hpp"

extern char** environ;

namespace traffpunkt::integration::mail {

namespace fs = std::filesystem;

/** Debian's Python: python3-aiosmtpd and python3-icalendar are installed for it. */
inline const char* python() {
    return "/usr/bin/python3";
}

inline fs::path tools() {
    return fs::path(TRAFFPUNKT_MAIL_TOOLS);
}

inline std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/** A self-signed certificate for 127.0.0.1 and localhost, made with the openssl command. */
struct certificate {
    fs::path cert;
    fs::path key;
};

inline certificate make_certificate(const fs::path& dir) {
    fs::create_directories(dir);
    certificate c{dir / "smtp.crt", dir / "smtp.key"};
    const std::string command =
        "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2"
        " -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1 -keyout '" +
        c.key.string() + "' -out '" + c.cert.string() + "' >'" + (dir / "openssl.log").string() +
        "' 2>&1";
    if (std::system(command.c_str()) != 0) {
        throw std::runtime_error("openssl could not make a certificate: " + command);
    }
    return c;
}

/** One captured mail: its file and the envelope the capture recorded. */
struct captured {
    fs::path file;
    std::string mail_from;
    std::vector<std::string> rcpt_tos;
    bool tls = false;
    std::string auth_user;
};

/** How a capture server answers (smtp_capture::options). */
struct capture_options {
    std::vector<std::string> reject;    ///< 550 to RCPT TO these
    std::vector<std::string> tempfail;  ///< 451 to RCPT TO these
    std::optional<certificate> starttls;
    std::string auth;  ///< "user:password": AUTH required
    int delay_ms = 0;  ///< wait this long after the data before taking a message
};

/**
 * The capturing SMTP server. Mails land in `dir` as NNNNNN.eml and .json, numbered in the order
 * they arrived; `stop()` and `start()` take it down and bring it back on the same port.
 */
class smtp_capture {
  public:
    using options = capture_options;

    explicit smtp_capture(options o = {})
        : options_(std::move(o)), dir_(fs::temp_directory_path() / unique_name("traffpunkt-smtp")) {
        fs::create_directories(dir_ / "mail");
        start();
    }

    ~smtp_capture() {
        stop();
        if (std::getenv("TRAFFPUNKT_KEEP_TEST_DATA") == nullptr) {
            std::error_code ec;
            fs::remove_all(dir_, ec);
        }
    }

    smtp_capture(const smtp_capture&) = delete;
    smtp_capture& operator=(const smtp_capture&) = delete;

    /** Starts the server (on its earlier port once it had one) and waits until it listens. */
    void start() {
        const auto ready = dir_ / "ready";
        fs::remove(ready);
        std::vector<std::string> args{python(),  (tools() / "smtp_capture.py").string(),
                                      "--dir",   (dir_ / "mail").string(),
                                      "--ready", ready.string(),
                                      "--port",  std::to_string(port_)};
        for (const auto& a : options_.reject) {
            args.insert(args.end(), {"--reject", a});
        }
        for (const auto& a : options_.tempfail) {
            args.insert(args.end(), {"--tempfail", a});
        }
        if (options_.starttls) {
            args.insert(args.end(), {"--starttls", options_.starttls->cert.string(),
                                     options_.starttls->key.string()});
        }
        if (!options_.auth.empty()) {
            args.insert(args.end(), {"--auth", options_.auth});
        }
        if (options_.delay_ms > 0) {
            args.insert(args.end(), {"--delay-ms", std::to_string(options_.delay_ms)});
        }
        std::vector<char*> argv;
        for (auto& a : args) {
            argv.push_back(a.data());
        }
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        const auto log = (dir_ / "capture.log").string();
        posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_APPEND,
                                         0644);
        posix_spawn_file_actions_adddup2(&actions, 1, 2);
        const int rc = posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
        posix_spawn_file_actions_destroy(&actions);
        if (rc != 0) {
            throw std::runtime_error("cannot start smtp_capture.py");
        }
        if (!eventually([&] { return fs::exists(ready); }, std::chrono::seconds(20))) {
            stop();
            throw std::runtime_error("smtp_capture.py did not start: " + read_text(log));
        }
        port_ = static_cast<unsigned short>(std::stoi(read_text(ready)));
    }

    /** Stops the server: from now on connections to its port are refused. */
    void stop() {
        if (pid_ <= 0) {
            return;
        }
        ::kill(pid_, SIGTERM);
        int status = 0;
        for (int i = 0; i < 100 && ::waitpid(pid_, &status, WNOHANG) == 0; ++i) {
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        if (::waitpid(pid_, &status, WNOHANG) == 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, &status, 0);
        }
        pid_ = -1;
    }

    unsigned short port() const { return port_; }
    std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

    /** Every mail so far, in arrival order. */
    std::vector<captured> mails() const {
        std::vector<fs::path> files;
        for (const auto& entry : fs::directory_iterator(dir_ / "mail")) {
            const auto name = entry.path().filename().string();
            if (name.ends_with(".eml") && !name.starts_with(".")) {
                files.push_back(entry.path());
            }
        }
        std::sort(files.begin(), files.end());
        std::vector<captured> out;
        for (const auto& f : files) {
            captured c;
            c.file = f;
            auto meta = f;
            meta.replace_extension(".json");
            const auto text = read_text(meta);
            if (text.empty()) {
                continue;  // written just now: its envelope follows
            }
            const auto o = json::parse(text).as_object();
            c.mail_from = std::string(o.at("mail_from").as_string());
            for (const auto& r : o.at("rcpt_tos").as_array()) {
                c.rcpt_tos.emplace_back(r.as_string());
            }
            c.tls = o.at("tls").as_bool();
            if (o.at("auth_user").is_string()) {
                c.auth_user = std::string(o.at("auth_user").as_string());
            }
            out.push_back(std::move(c));
        }
        return out;
    }

    /** The mails to `address`, in arrival order. */
    std::vector<captured> mails_to(const std::string& address) const {
        std::vector<captured> out;
        for (auto& m : mails()) {
            if (std::find(m.rcpt_tos.begin(), m.rcpt_tos.end(), address) != m.rcpt_tos.end()) {
                out.push_back(std::move(m));
            }
        }
        return out;
    }

    const fs::path& dir() const { return dir_; }

  private:
    options options_;
    fs::path dir_;
    unsigned short port_ = 0;
    pid_t pid_ = -1;
};

/**
 * The mails as read_mail.py reads them: one JSON object per file (see that script), with the
 * calendar part as python3-icalendar (`calendar.icalendar`) and ical.js (`calendar.icaljs`)
 * parse it.
 */
inline std::vector<json::object> read_mails(const std::vector<fs::path>& files) {
    if (files.empty()) {
        return {};
    }
    std::string command = std::string(python()) + " '" + (tools() / "read_mail.py").string() + "'";
    for (const auto& f : files) {
        command += " '" + f.string() + "'";
    }
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) {
        throw std::runtime_error("cannot run read_mail.py");
    }
    std::string out;
    char buffer[65536];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
        out.append(buffer, n);
    }
    if (::pclose(pipe) != 0) {
        throw std::runtime_error("read_mail.py failed on " + command);
    }
    std::vector<json::object> mails;
    const auto parsed = json::parse(out);
    for (const auto& v : parsed.as_array()) {
        mails.push_back(v.as_object());
    }
    return mails;
}

inline std::vector<json::object> read_mails(const std::vector<captured>& mails) {
    std::vector<fs::path> files;
    for (const auto& m : mails) {
        files.push_back(m.file);
    }
    return read_mails(files);
}

/** `{uid: sequence}` of an iCalendar feed, as python3-icalendar reads it. */
inline std::map<std::string, std::int64_t> feed_sequences(const std::string& ics,
                                                          const fs::path& scratch) {
    const auto file = scratch / (unique_name("feed") + ".ics");
    std::ofstream(file, std::ios::binary) << ics;
    const std::string command = std::string(python()) + " '" + (tools() / "read_mail.py").string() +
                                "' --feed '" + file.string() + "'";
    FILE* pipe = ::popen(command.c_str(), "r");
    std::string out;
    char buffer[4096];
    for (std::size_t n; pipe != nullptr && (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
        out.append(buffer, n);
    }
    if (pipe == nullptr || ::pclose(pipe) != 0) {
        throw std::runtime_error("read_mail.py --feed failed");
    }
    std::map<std::string, std::int64_t> seq;
    const auto parsed = json::parse(out);
    for (const auto& [uid, s] : parsed.as_object()) {
        seq[std::string(uid)] = s.as_int64();
    }
    return seq;
}

/** The environment that points a server at `capture` with short retry settings. */
inline std::map<std::string, std::string> smtp_env(const smtp_capture& capture) {
    return {{"TRAFFPUNKT_MAIL_TRANSPORT", "smtp"},
            {"TRAFFPUNKT_MAIL_URL", capture.url()},
            {"TRAFFPUNKT_MAIL_REQUIRE_TLS", "false"},
            {"TRAFFPUNKT_MAIL_FROM", "traffpunkt@skr.example"},
            {"TRAFFPUNKT_MAIL_FROM_NAME", "SKR:s nätverk för medborgarbudget"},
            {"TRAFFPUNKT_MAIL_POLL_INTERVAL_MS", "100"},
            {"TRAFFPUNKT_MAIL_RETRY_INITIAL_MS", "300"},
            {"TRAFFPUNKT_MAIL_RETRY_MAX_MS", "1000"},
            {"TRAFFPUNKT_MAIL_TIMEOUT_MS", "3000"},
            {"TRAFFPUNKT_WEBSOCKET_RATE_PER_S", "10000"},
            {"TRAFFPUNKT_WEBSOCKET_RATE_BURST", "10000"}};
}

/** A string member of a JSON object read by read_mail.py (dotted `key`), or "". */
inline std::string text_at(const json::object& o, std::string_view key) {
    const auto* v = find_path(o, key);
    return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string();
}

}  // namespace traffpunkt::integration::mail
