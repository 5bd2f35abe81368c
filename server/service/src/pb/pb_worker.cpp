#include "pb/pb_worker.hpp"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <exception>

#include <spdlog/spdlog.h>

namespace traffpunkt::service {

pb_worker::pb_worker(unsigned threads) {
    for (unsigned i = 0; i < std::max(1u, threads); ++i) {
        threads_.emplace_back([this] { run(); });
    }
}

pb_worker::~pb_worker() {
    stop();
}

void pb_worker::post(job j) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {
            return;
        }
        queue_.push_back(std::move(j));
    }
    wake_.notify_one();
}

void pb_worker::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) {
            return;
        }
        stopping_ = true;
        queue_.clear();
    }
    cancel_ = true;
    wake_.notify_all();
    for (auto& t : threads_) {
        if (t.joinable()) {
            t.join();
        }
    }
    std::lock_guard lock(mutex_);
    threads_.clear();
}

std::size_t pb_worker::pending() const {
    std::lock_guard lock(mutex_);
    return queue_.size() + running_;
}

void pb_worker::run() {
    // Counting yields to the I/O threads and the writer when the cores are busy. On Linux
    // setpriority on a thread id changes that thread only; failing is harmless (just slower).
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
    for (;;) {
        job j;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) {
                return;
            }
            j = std::move(queue_.front());
            queue_.pop_front();
            ++running_;
        }
        try {
            j(cancel_);
        } catch (const std::exception& e) {
            spdlog::error("participatory-budgeting count failed: {}", e.what());
        }
        std::lock_guard lock(mutex_);
        --running_;
    }
}

}  // namespace traffpunkt::service
