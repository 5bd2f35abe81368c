#include "traffpunkt/net/io_pool.hpp"

#include <algorithm>

namespace traffpunkt::net {

io_pool::io_pool(std::size_t threads) {
    const std::size_t n = std::max<std::size_t>(1, threads);
    contexts_.reserve(n);
    guards_.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
        // The default concurrency hint, not 1: with 1, Asio keeps what a handler posts to its own
        // context in a thread-private queue until the handler returns, so a frame posted there
        // could be overtaken by one another thread posts later. Frames for one connection must
        // run in the order they were posted (event_sink's promise).
        contexts_.push_back(std::make_unique<boost::asio::io_context>());
        guards_.push_back(boost::asio::make_work_guard(*contexts_.back()));
    }
}

io_pool::~io_pool() {
    stop();
}

boost::asio::io_context& io_pool::next() {
    return *contexts_[next_.fetch_add(1, std::memory_order_relaxed) % contexts_.size()];
}

void io_pool::run() {
    std::vector<std::thread> threads;
    threads.reserve(contexts_.size() - 1);
    for (std::size_t i = 1; i < contexts_.size(); ++i) {
        threads.emplace_back([ctx = contexts_[i].get()] { ctx->run(); });
    }
    contexts_[0]->run();
    stop();  // the main context ended: so do the others
    for (auto& t : threads) {
        t.join();
    }
}

void io_pool::stop() {
    for (auto& ctx : contexts_) {
        ctx->stop();
    }
}

}  // namespace traffpunkt::net
