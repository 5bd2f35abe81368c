#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

namespace traffpunkt::net {

/**
 * The server's I/O threads: one io_context per thread, each run by exactly one thread.
 *
 * Why not one io_context shared by all threads with a strand per connection: a connection's
 * handlers then each go through its strand (a lock, a queue and one more scheduler post per
 * handler), and a live event sent to 10,000 connections paid that 10,000 times. With a context
 * per thread a connection is pinned to one thread for its life, its handlers are serialised by
 * construction (the context has one thread), and nothing else is needed. The cost: a connection
 * cannot move to an idle thread, so a handler that blocks stalls the connections of its
 * thread (none may block; the database work runs on the store's own threads).
 *
 * Context 0 (`main`) also runs the acceptor, the signal handler and the service's room strands.
 */
class io_pool {
  public:
    explicit io_pool(std::size_t threads);
    ~io_pool();

    io_pool(const io_pool&) = delete;
    io_pool& operator=(const io_pool&) = delete;

    /** The context of the calling thread of `run` (acceptor, signals, service timers). */
    boost::asio::io_context& main() { return *contexts_[0]; }

    /** The context for the next connection (round robin over all threads). */
    boost::asio::io_context& next();

    /** Runs every context, `main` on the calling thread, until `stop`; then joins the rest. */
    void run();

    /** Stops every context (their threads return from `run`); callable from any thread. */
    void stop();

  private:
    using guard = boost::asio::executor_work_guard<boost::asio::io_context::executor_type>;
    std::vector<std::unique_ptr<boost::asio::io_context>> contexts_;
    std::vector<guard> guards_;  ///< keep a context without pending work running
    std::atomic<std::size_t> next_{0};
};

}  // namespace traffpunkt::net
