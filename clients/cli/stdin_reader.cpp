#include "stdin_reader.hpp"

#include <poll.h>
#include <unistd.h>

#include <boost/asio/post.hpp>

#include <cerrno>

namespace traffpunkt::cli {

stdin_reader::stdin_reader(boost::asio::any_io_executor executor, line_handler on_line)
    : executor_(std::move(executor)), on_line_(std::move(on_line)) {
    thread_ = std::thread([this] { run(); });
}

stdin_reader::~stdin_reader() {
    stop_ = true;
    thread_.join();
}

void stdin_reader::run() {
    std::string pending;
    auto deliver = [this](std::optional<std::string> line) {
        boost::asio::post(executor_, [handler = on_line_, line = std::move(line)]() mutable {
            handler(std::move(line));
        });
    };
    while (!stop_) {
        // A short poll timeout lets the destructor stop us without closing stdin under us.
        pollfd pfd{STDIN_FILENO, POLLIN, 0};
        const int ready = poll(&pfd, 1, 100);
        if (ready < 0 && errno != EINTR) {
            break;
        }
        if (ready <= 0) {
            continue;
        }
        char chunk[4096];
        const ssize_t got = read(STDIN_FILENO, chunk, sizeof chunk);
        if (got < 0 && (errno == EINTR || errno == EAGAIN)) {
            continue;
        }
        if (got <= 0) {
            break;
        }
        pending.append(chunk, static_cast<std::size_t>(got));
        std::size_t start = 0;
        for (auto newline = pending.find('\n'); newline != std::string::npos;
             newline = pending.find('\n', start)) {
            deliver(pending.substr(start, newline - start));
            start = newline + 1;
        }
        pending.erase(0, start);
    }
    if (stop_) {
        return;
    }
    if (!pending.empty()) {
        deliver(std::move(pending));
    }
    deliver(std::nullopt);
}

}  // namespace traffpunkt::cli
