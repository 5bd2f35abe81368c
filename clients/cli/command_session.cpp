#include "command_session.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <csignal>
#include <iostream>
#include <stdexcept>

#include "exit_status.hpp"
#include "usage_error.hpp"

namespace traffpunkt::cli {

namespace json = boost::json;

namespace {

connection::settings make_settings(const command_line& options) {
    connection::settings settings;
    try {
        settings.url = parse_ws_url(options.url);
    } catch (const std::invalid_argument& e) {
        throw usage_error(std::string("--url: ") + e.what());
    }
    settings.token = options.token;
    settings.origin = options.origin;
    return settings;
}

}  // namespace

command_session::command_session(const command_line& options)
    : connection_(ioc_, make_settings(options)), signals_(ioc_), deadline_(ioc_), grace_(ioc_) {}

int command_session::run(std::function<void()> on_open, std::function<void(std::string)> on_frame,
                         bool stop_on_signal) {
    if (stop_on_signal) {
        signals_.add(SIGINT);
        signals_.add(SIGTERM);
        signals_.async_wait([this](boost::system::error_code ec, int) {
            if (!ec) {
                finish(exit_ok);
            }
        });
    }
    connection_.open(
        [this, on_open = std::move(on_open)](std::optional<std::string> error) {
            if (error) {
                if (!finished_) {
                    std::cerr << "traffpunkt-cli: " << *error << '\n';
                    status_ = exit_connection;
                }
                finished_ = true;
                ioc_.stop();
                return;
            }
            if (!finished_) {
                on_open();
            }
        },
        std::move(on_frame),
        [this](int code, std::string reason) {
            if (!finished_) {
                std::cerr << "traffpunkt-cli: connection closed by the server (" << code
                          << (reason.empty() ? "" : " " + reason) << ")\n";
                status_ = exit_connection;
                finished_ = true;
            }
            ioc_.stop();
        });
    ioc_.run();
    return status_;
}

void command_session::finish(int status) {
    if (finished_) {
        return;
    }
    finished_ = true;
    status_ = status;
    std::cout.flush();
    connection_.close();
    // The closing handshake is a courtesy to the server; never hang on it.
    grace_.expires_after(std::chrono::seconds(2));
    grace_.async_wait([this](boost::system::error_code ec) {
        if (!ec) {
            ioc_.stop();
        }
    });
}

void command_session::set_deadline(double seconds, std::function<void()> on_expire) {
    deadline_.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double>(seconds)));
    deadline_.async_wait([this, on_expire = std::move(on_expire)](boost::system::error_code ec) {
        if (!ec && !finished_) {
            on_expire();
        }
    });
}

void command_session::send_request(std::uint64_t id, std::string_view op, json::object args,
                                   const std::optional<std::string>& idem) {
    json::object request;
    request["id"] = id;
    request["op"] = op;
    request["args"] = std::move(args);
    if (idem) {
        request["idem"] = *idem;
    }
    connection_.send(json::serialize(request));
}

std::optional<json::object> parse_frame(const std::string& frame) {
    boost::system::error_code ec;
    json::value value = json::parse(frame, ec);
    if (ec || !value.is_object()) {
        return std::nullopt;
    }
    return std::move(value.as_object());
}

bool is_answer_to(const json::object& frame, std::uint64_t id) {
    const auto* re = frame.if_contains("re");
    if (re == nullptr) {
        return false;
    }
    if (const auto* i = re->if_int64()) {
        return *i >= 0 && static_cast<std::uint64_t>(*i) == id;
    }
    if (const auto* u = re->if_uint64()) {
        return *u == id;
    }
    return false;
}

void print_error_answer(const json::object& answer, const std::string& context) {
    std::cerr << "traffpunkt-cli: ";
    if (!context.empty()) {
        std::cerr << context << ": ";
    }
    const auto* error = answer.if_contains("error");
    if (error == nullptr || !error->is_object()) {
        std::cerr << "unexpected answer: " << json::serialize(answer) << '\n';
        return;
    }
    const auto& object = error->as_object();
    const auto text = [&](const char* key) -> std::string {
        const auto* v = object.if_contains(key);
        return v != nullptr && v->is_string() ? std::string(v->as_string()) : std::string("?");
    };
    std::cerr << text("code") << ": " << text("message");
    if (const auto* details = object.if_contains("details")) {
        std::cerr << " " << json::serialize(*details);
    }
    std::cerr << '\n';
}

}  // namespace traffpunkt::cli
