#pragma once

#include <boost/asio/any_io_executor.hpp>

#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <thread>

namespace traffpunkt::cli {

/**
 * Reads standard input line by line on its own thread and posts each line to an executor.
 * A thread instead of an Asio descriptor, because stdin may be a regular file, which epoll
 * refuses. The destructor stops and joins the thread, so destroy it before the io_context.
 */
class stdin_reader {
  public:
    /** Called on the executor with each line (without its newline), then once with nullopt. */
    using line_handler = std::function<void(std::optional<std::string> line)>;

    stdin_reader(boost::asio::any_io_executor executor, line_handler on_line);
    ~stdin_reader();
    stdin_reader(const stdin_reader&) = delete;
    stdin_reader& operator=(const stdin_reader&) = delete;

  private:
    void run();

    boost::asio::any_io_executor executor_;
    line_handler on_line_;
    std::atomic<bool> stop_{false};
    std::thread thread_;
};

}  // namespace traffpunkt::cli
