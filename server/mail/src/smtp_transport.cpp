#include "traffpunkt/mail/smtp_transport.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <vector>

namespace traffpunkt::mail {

namespace {

/** curl_global_init is not thread-safe: once, before the first handle. */
void init_curl() {
    static std::once_flag once;
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
            throw std::runtime_error("libcurl could not be initialised");
        }
    });
}

/** The SMTP commands whose replies we keep; anything else the client sends is not recorded. */
constexpr std::string_view known_commands[] = {"EHLO", "HELO", "STARTTLS", "AUTH", "MAIL",
                                               "RCPT", "DATA", "QUIT",     "RSET", "NOOP"};

/** The first word of what curl sent, if it is one of the commands above (never its arguments). */
std::string command_of(std::string_view line) {
    const auto word = line.substr(0, line.find_first_of(" \r\n"));
    std::string upper;
    for (const char c : word) {
        upper += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
    for (const auto known : known_commands) {
        if (upper == known) {
            return upper;
        }
    }
    // AUTH's continuation lines (base64 credentials), the end of the data: the command before.
    return {};
}

/** The reply text without CR/LF, its lines joined by " / ", at most 1000 characters. */
std::string tidy(std::string text) {
    std::string out;
    for (const char c : text) {
        if (c == '\r') {
            continue;
        }
        if (c == '\n') {
            if (!out.empty() && out.back() != ' ') {
                out += " / ";
            }
            continue;
        }
        out += (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) ? ' ' : c;
    }
    while (out.size() >= 3 && out.ends_with(" / ")) {
        out.resize(out.size() - 3);
    }
    if (out.size() > 1000) {
        out.resize(1000);
    }
    return out;
}

}  // namespace

/** The curl handle (kept between messages, and with it the connection) and one send's record. */
struct smtp_transport::state {
    CURL* curl = nullptr;
    // One send: the message being uploaded, and what the server answered to each command.
    std::string_view body;
    std::size_t body_sent = 0;
    std::string command;         ///< the last command sent (or "DATA-END" once the body went)
    std::string reply;           ///< the server's reply to it, so far
    std::string failed_command;  ///< the command whose reply was kept last
    std::string failed_reply;
    std::string data_reply;  ///< the reply to the end of the data
    char error[CURL_ERROR_SIZE] = {};

    ~state() {
        if (curl != nullptr) {
            curl_easy_cleanup(curl);
        }
    }

    /** The reply to the command before: kept, unless it was QUIT's (closing says nothing). */
    void close_reply() {
        if (!command.empty() && command != "QUIT" && !reply.empty()) {
            failed_command = command;
            failed_reply = reply;
            if (command == "DATA-END") {
                data_reply = reply;
            }
        }
        reply.clear();
    }
};

namespace {

size_t read_body(char* buffer, size_t size, size_t count, void* user) {
    auto* s = static_cast<smtp_transport::state*>(user);
    const std::size_t n = std::min(size * count, s->body.size() - s->body_sent);
    std::memcpy(buffer, s->body.data() + s->body_sent, n);
    s->body_sent += n;
    return n;
}

int on_debug(CURL*, curl_infotype type, char* data, size_t size, void* user) {
    auto* s = static_cast<smtp_transport::state*>(user);
    const std::string_view text(data, size);
    switch (type) {
        case CURLINFO_HEADER_OUT: {
            s->close_reply();
            if (auto command = command_of(text); !command.empty()) {
                s->command = std::move(command);
            }
            break;
        }
        case CURLINFO_DATA_OUT:
            // The message itself: what the server says next answers its end.
            if (s->command != "DATA-END") {
                s->close_reply();
                s->command = "DATA-END";
            }
            break;
        case CURLINFO_HEADER_IN:
            if (s->reply.size() < 4000) {
                s->reply.append(text);
            }
            break;
        default:
            break;
    }
    return 0;
}

int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    // Non-zero aborts the transfer (CURLE_ABORTED_BY_CALLBACK).
    return static_cast<std::atomic<bool>*>(user)->load() ? 1 : 0;
}

struct slist_free {
    void operator()(curl_slist* l) const noexcept { curl_slist_free_all(l); }
};

int reply_code(const std::string& reply) {
    if (reply.size() >= 3 && reply[0] >= '1' && reply[0] <= '5' && reply[1] >= '0' &&
        reply[1] <= '9' && reply[2] >= '0' && reply[2] <= '9') {
        return (reply[0] - '0') * 100 + (reply[1] - '0') * 10 + (reply[2] - '0');
    }
    return 0;
}

}  // namespace

smtp_transport::smtp_transport(smtp_options options)
    : options_(std::move(options)), state_(std::make_unique<state>()) {
    init_curl();
    state_->curl = curl_easy_init();
    if (state_->curl == nullptr) {
        throw std::runtime_error("libcurl could not make a handle");
    }
}

smtp_transport::~smtp_transport() = default;

void smtp_transport::cancel() noexcept {
    cancelled_ = true;
}

std::string smtp_transport::describe() const {
    std::string text = options_.url;
    if (text.starts_with("smtp://")) {
        text += options_.require_tls ? " (STARTTLS required)" : " (plain text allowed)";
    }
    if (!options_.username.empty()) {
        text += ", AUTH as " + options_.username;
    }
    return text;
}

send_result smtp_transport::send(const envelope& env, std::string_view message) {
    using outcome = send_result::outcome;
    if (cancelled_) {
        return {outcome::temporary, 0, "the server is shutting down"};
    }
    state& s = *state_;
    CURL* c = s.curl;
    s.body = message;
    s.body_sent = 0;
    s.command.clear();
    s.reply.clear();
    s.failed_command.clear();
    s.failed_reply.clear();
    s.data_reply.clear();
    s.error[0] = '\0';

    // Options are set again each time: curl_easy_reset would drop the live connection's settings
    // too, but every value here is ours and the same from one message to the next.
    const std::string from = "<" + env.from + ">";
    std::unique_ptr<curl_slist, slist_free> rcpt(
        curl_slist_append(nullptr, ("<" + env.to + ">").c_str()));
    curl_easy_setopt(c, CURLOPT_URL, options_.url.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_body);
    curl_easy_setopt(c, CURLOPT_READDATA, &s);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, s.error);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.timeout.count()));
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
    // STARTTLS is not optional: without it the message and the password would go in clear.
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     options_.require_tls ? static_cast<long>(CURLUSESSL_ALL)
                                          : static_cast<long>(CURLUSESSL_NONE));
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (!options_.ca_file.empty()) {
        curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
    }
    if (!options_.username.empty()) {
        curl_easy_setopt(c, CURLOPT_USERNAME, options_.username.c_str());
        curl_easy_setopt(c, CURLOPT_PASSWORD, options_.password.c_str());
    }
    // The replies are read from the protocol trace; verbose mode only feeds on_debug, which
    // keeps server replies and the names of our commands, never their arguments.
    curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
    curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
    curl_easy_setopt(c, CURLOPT_DEBUGDATA, &s);
    curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, on_progress);
    curl_easy_setopt(c, CURLOPT_XFERINFODATA, &cancelled_);

    const CURLcode rc = curl_easy_perform(c);
    s.close_reply();
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, nullptr);  // the list dies with this call

    send_result result;
    if (rc == CURLE_OK) {
        result.result = outcome::sent;
        result.reply = tidy(s.data_reply.empty() ? s.failed_reply : s.data_reply);
        result.code = reply_code(result.reply);
        return result;
    }
    const std::string what = s.error[0] != '\0' ? std::string(s.error) : curl_easy_strerror(rc);
    // A reply to the recipient or to the data is about this message; anything else (no
    // connection, TLS, AUTH, MAIL FROM) is the way to the server, the same for every message.
    result.about_message =
        s.failed_command == "RCPT" || s.failed_command == "DATA" || s.failed_command == "DATA-END";
    result.code = reply_code(s.failed_reply);
    if (result.code >= 400 && rc != CURLE_ABORTED_BY_CALLBACK) {
        const std::string command = s.failed_command.empty()         ? "greeting"
                                    : s.failed_command == "DATA-END" ? "end of data"
                                                                     : s.failed_command;
        result.reply = command + ": " + tidy(s.failed_reply);
    } else {
        result.code = 0;
        result.about_message = false;
        result.reply = rc == CURLE_ABORTED_BY_CALLBACK ? "interrupted: the server is shutting down"
                                                       : tidy(what);
    }
    result.result =
        result.code >= 500 && result.about_message ? outcome::permanent : outcome::temporary;
    return result;
}

}  // namespace traffpunkt::mail
