#pragma once

// Where participatory-budgeting counts run: threads of their own, at a lower scheduling
// priority, so a count that takes seconds never runs on an I/O thread (which would stall every
// connection it serves, /healthz included) nor on the writer (which would hold up every
// meeting's writes). Private to the service.

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace traffpunkt::service {

/**
 * A queue of counting jobs and the threads that run them, in the order they were posted. A job
 * gets a cancel flag that becomes true when the service stops; the PB rules read it between
 * counts (pb::count's `cancel`) and give up.
 */
class pb_worker {
  public:
    /** Starts `threads` threads (at least one) with nice value +10 (Linux: per thread). */
    explicit pb_worker(unsigned threads = 1);
    ~pb_worker();
    pb_worker(const pb_worker&) = delete;
    pb_worker& operator=(const pb_worker&) = delete;

    using job = std::function<void(const std::atomic<bool>& cancel)>;

    /** Queues `j`. After stop() it is dropped. Jobs must not throw (they are logged if they do). */
    void post(job j);

    /** Cancels running jobs, drops queued ones and joins the threads. Idempotent. */
    void stop();

    /** Jobs queued or running (for /metrics and tests). */
    std::size_t pending() const;

  private:
    void run();

    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<job> queue_;
    std::size_t running_ = 0;
    bool stopping_ = false;
    std::atomic<bool> cancel_{false};
    std::vector<std::thread> threads_;
};

}  // namespace traffpunkt::service
