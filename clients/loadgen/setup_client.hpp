#pragma once

#include <boost/asio/io_context.hpp>
#include <boost/json/object.hpp>

#include <cstdint>
#include <functional>
#include <string>

#include "traffpunkt/ws/connection.hpp"

namespace traffpunkt::loadgen {

/**
 * A blocking WebSocket client for the few setup calls of a run (meeting, poll, link): simple
 * to read, and its speed does not matter. Events that arrive meanwhile are skipped.
 */
class setup_client {
  public:
    setup_client(const std::string& host, unsigned short port, const std::string& token);

    /** Sends one request and returns its `result`; throws with the answer on an error. */
    boost::json::object call(const std::string& op, boost::json::object args = {});

  private:
    /** Runs the io_context until `done()`. */
    void run_until(const std::function<bool()>& done);

    boost::asio::io_context ioc_;
    ws::connection ws_;
    std::int64_t next_id_ = 1;
};

/** The poll a run votes in. */
struct bench_poll {
    std::int64_t meeting_id = 0;
    std::int64_t poll_id = 0;
    /** The meeting's poll-link code for audience.join. */
    std::string join_code;
};

/**
 * Creates a network, a published meeting, a single-choice link poll (opened) and the poll
 * link, as a coordinator does before a session. `anonymous` false makes ballots changeable.
 */
bench_poll create_bench_poll(setup_client& coordinator, bool anonymous);

/** Creates a network with `meetings` published meetings; returns the network id. */
std::int64_t create_calendar_network(setup_client& coordinator, int meetings);

}  // namespace traffpunkt::loadgen
