#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "command_line.hpp"
#include "connection.hpp"

namespace traffpunkt::cli {

/**
 * What every command shares: the io_context, the connection, the end of the run (graceful
 * close, then stop), an optional deadline and Ctrl-C handling. A command plugs in what to do
 * once the connection is open and with each frame, then calls run().
 */
class command_session {
  public:
    /** Throws usage_error when the URL is invalid. */
    explicit command_session(const command_line& options);

    /**
     * Opens the connection and runs until finish() or the end of the connection; returns the
     * exit status. With `stop_on_signal`, SIGINT/SIGTERM end the run with exit_ok.
     */
    int run(std::function<void()> on_open, std::function<void(std::string)> on_frame,
            bool stop_on_signal);

    /** Ends the run with `status` after closing the connection (bounded to 2 s). */
    void finish(int status);

    /** Calls `on_expire` after `seconds` unless the run ended before. */
    void set_deadline(double seconds, std::function<void()> on_expire);

    /** Sends `{"id":id,"op":op,"args":args[,"idem":idem]}`. */
    void send_request(std::uint64_t id, std::string_view op, boost::json::object args,
                      const std::optional<std::string>& idem = std::nullopt);

    /** Sends `text` unchanged as one text frame. */
    void send_raw(std::string text) { connection_.send(std::move(text)); }

    boost::asio::io_context& io_context() { return ioc_; }
    bool finished() const { return finished_; }

  private:
    boost::asio::io_context ioc_{1};
    connection connection_;
    boost::asio::signal_set signals_;
    boost::asio::steady_timer deadline_;
    boost::asio::steady_timer grace_;
    int status_ = 0;
    bool finished_ = false;
};

/** Parses the frame as a JSON object; nullopt when it is not one. */
std::optional<boost::json::object> parse_frame(const std::string& frame);

/** True when `frame` is the answer to request `id` (`re` equal to it). */
bool is_answer_to(const boost::json::object& frame, std::uint64_t id);

/** Prints an error answer to stderr as `traffpunkt-cli: [context: ]CODE: MESSAGE [details]`. */
void print_error_answer(const boost::json::object& answer, const std::string& context = {});

}  // namespace traffpunkt::cli
